// Package apperr is the closed set of error codes clients see in extensions.code (PL-6) and
// the constructors services use. graph/errors.go maps these (and ent's errors) in one table.
package apperr

import (
	"errors"

	"github.com/crmadmin/crmadmin/internal/i18n"
)

// Code is one of a documented, closed set.
type Code string

const (
	Unauthenticated Code = "UNAUTHENTICATED" // no or bad credentials
	Forbidden       Code = "FORBIDDEN"       // signed in, but the role does not allow it
	NotFound        Code = "NOT_FOUND"       // missing, or another org's (PL-1: indistinguishable)
	Validation      Code = "VALIDATION"      // bad input; Field names the input field
	Conflict        Code = "CONFLICT"        // state does not allow it (duplicate, already running…)
	QuotaExceeded   Code = "QUOTA_EXCEEDED"
	NeedsPurchase   Code = "NEEDS_PURCHASE"
	LicenseLimit    Code = "LICENSE_LIMIT"
	RecordLimit     Code = "RECORD_LIMIT"
	PaymentFailed   Code = "PAYMENT_FAILED"
	AccountLocked   Code = "ACCOUNT_LOCKED"
	RateLimited     Code = "RATE_LIMITED"      // too many attempts; RetryAfter says when to retry
	QueryTooComplex Code = "QUERY_TOO_COMPLEX" // depth, complexity or page size over the limit
	RequestTooLarge Code = "REQUEST_TOO_LARGE" // body over the configured limit
	// Unavailable: a dependency (the job queue's Redis, a busy database) cannot serve now; the
	// request changed nothing and may be retried (RetryAfter in retryAfterSeconds when known).
	Unavailable Code = "UNAVAILABLE"
	Internal    Code = "INTERNAL" // anything unexpected; details only in the log
	// ResyncRequired: a sync token older than the change history kept (issue 11): the client
	// must sync in full again (from an empty token); nothing partial is ever answered.
	ResyncRequired Code = "RESYNC_REQUIRED"
	// NoMatchingRecord: an email added by address (EM-1) matched no lead or contact of the
	// user: nothing was stored; choose the records (EM-2) or create one (EM-5).
	NoMatchingRecord Code = "NO_MATCHING_RECORD"
	// NoMatchingContact: an email becomes a case only for an existing contact (EM-4).
	NoMatchingContact Code = "NO_MATCHING_CONTACT"
)

// Codes lists every code, for documentation and tests.
var Codes = []Code{Unauthenticated, Forbidden, NotFound, Validation, Conflict, QuotaExceeded,
	NeedsPurchase, LicenseLimit, RecordLimit, PaymentFailed, AccountLocked, RateLimited,
	QueryTooComplex, RequestTooLarge, Unavailable, Internal, ResyncRequired, NoMatchingRecord, NoMatchingContact}

// Error is a domain error with a code and a message a person can act on.
type Error struct {
	Code    Code
	Message string
	// Field is the input field at fault (VALIDATION), in GraphQL naming.
	Field string
	// Details are extra machine-readable facts (limit, retryAfterSeconds, usersToDelete…).
	Details map[string]any
	cause   error
	// format and args are the message before formatting: Localize words it in another
	// language through the i18n catalogue (the English format is the key).
	format string
	args   []any
}

func (e *Error) Error() string { return e.Message }

// Localize is the message in locale (en, ja, fr): its translation, else the general message
// of its code in that language (UNAVAILABLE, NOT_FOUND…), else English.
func (e *Error) Localize(locale string) string {
	switch {
	case locale == "" || locale == i18n.English:
		return e.Message
	case e.format != "" && i18n.Translated(locale, e.format):
		return i18n.Sprintf(locale, e.format, e.args...)
	case i18n.ForCode(locale, string(e.Code)) != "":
		return i18n.ForCode(locale, string(e.Code))
	}
	return e.Message
}

// Prefixed returns a copy of e about field, its message preceded by the field's name: how a
// validator's "must not be empty" becomes "lastName must not be empty".
func (e *Error) Prefixed(field string) *Error {
	c := *e
	c.Field = field
	c.format = "%s " + e.format
	c.args = append([]any{field}, e.args...)
	c.Message = field + " " + e.Message
	return &c
}
func (e *Error) Unwrap() error { return e.cause }

// With returns a copy of e with one more detail.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Details = make(map[string]any, len(e.Details)+1)
	for k, v := range e.Details {
		c.Details[k] = v
	}
	c.Details[key] = value
	return &c
}

// New returns an error with code and a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: i18n.Sprintf(i18n.English, format, args...), format: format, args: args}
}

// Wrap returns an error with code whose cause is err (kept for the log, not shown).
func Wrap(code Code, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: i18n.Sprintf(i18n.English, format, args...), cause: err, format: format, args: args}
}

// Invalid is a VALIDATION error on one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: Validation, Field: field, Message: i18n.Sprintf(i18n.English, format, args...), format: format, args: args}
}

// Missing is the NOT_FOUND error for what, worded the same whether it never existed or
// belongs to another org (PL-1).
func Missing(what string) *Error {
	return New(NotFound, "%s not found", i18n.Phrase(what))
}

// OnField names field in err when err is a VALIDATION error about no field yet (a validator's
// "must not be empty" becomes "password must not be empty"); other errors are returned as they are.
func OnField(field string, err error) error {
	var e *Error
	if errors.As(err, &e) && e.Field == "" && e.Code == Validation {
		return e.Prefixed(field)
	}
	return err
}

// CodeOf returns err's code, or "" when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
