// Package apperr is the closed set of error codes clients see in extensions.code (PL-6) and
// the constructors services use. graph/errors.go maps these (and ent's errors) in one table.
package apperr

import (
	"errors"
	"fmt"
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
)

// Codes lists every code, for documentation and tests.
var Codes = []Code{Unauthenticated, Forbidden, NotFound, Validation, Conflict, QuotaExceeded,
	NeedsPurchase, LicenseLimit, RecordLimit, PaymentFailed, AccountLocked, RateLimited,
	QueryTooComplex, RequestTooLarge, Unavailable, Internal}

// Error is a domain error with a code and a message a person can act on.
type Error struct {
	Code    Code
	Message string
	// Field is the input field at fault (VALIDATION), in GraphQL naming.
	Field string
	// Details are extra machine-readable facts (limit, retryAfterSeconds, usersToDelete…).
	Details map[string]any
	cause   error
}

func (e *Error) Error() string { return e.Message }
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
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with code whose cause is err (kept for the log, not shown).
func Wrap(code Code, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), cause: err}
}

// Invalid is a VALIDATION error on one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: Validation, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Missing is the NOT_FOUND error for what, worded the same whether it never existed or
// belongs to another org (PL-1).
func Missing(what string) *Error {
	return &Error{Code: NotFound, Message: what + " not found"}
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
