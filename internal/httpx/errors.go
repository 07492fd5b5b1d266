package httpx

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// statusCodes is the one table from error code to HTTP status for the plain HTTP handlers
// (uploads, downloads, the transport's own refusals), as benbjohnson/wtf's http.go keeps it.
// GraphQL answers 200 with extensions.code (graph/errors.go); a code missing here is 500.
var statusCodes = map[apperr.Code]int{
	apperr.Unauthenticated:   http.StatusUnauthorized,
	apperr.Forbidden:         http.StatusForbidden,
	apperr.NotFound:          http.StatusNotFound,
	apperr.Validation:        http.StatusBadRequest,
	apperr.Conflict:          http.StatusConflict,
	apperr.QuotaExceeded:     http.StatusForbidden,
	apperr.NeedsPurchase:     http.StatusPaymentRequired,
	apperr.LicenseLimit:      http.StatusForbidden,
	apperr.RecordLimit:       http.StatusForbidden,
	apperr.PaymentFailed:     http.StatusPaymentRequired,
	apperr.AccountLocked:     http.StatusForbidden,
	apperr.RateLimited:       http.StatusTooManyRequests,
	apperr.QueryTooComplex:   http.StatusBadRequest,
	apperr.RequestTooLarge:   http.StatusRequestEntityTooLarge,
	apperr.Unavailable:       http.StatusServiceUnavailable,
	apperr.Internal:          http.StatusInternalServerError,
	apperr.ResyncRequired:    http.StatusGone,                // the sync token is older than the history kept: start over
	apperr.NoMatchingRecord:  http.StatusUnprocessableEntity, // EM-1: no record has the address
	apperr.NoMatchingContact: http.StatusUnprocessableEntity, // EM-4: a case needs an existing contact
}

// ErrorStatusCode is the HTTP status of code.
func ErrorStatusCode(code apperr.Code) int {
	if s, ok := statusCodes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorCode is err's code and message a person can read: an *apperr.Error's own, INTERNAL
// with a generic message for anything else (the details belong in the log only).
func ErrorCode(err error) (apperr.Code, string) {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Code, ae.Message
	}
	return apperr.Internal, "an internal error occurred"
}

// ErrorBody is the JSON body of a plain handler's error: {"error":{"code":…,"message":…}}.
type ErrorBody struct {
	Error struct {
		Code    apperr.Code `json:"code"`
		Message string      `json:"message"`
	} `json:"error"`
}

// Error answers err with its code's status and an ErrorBody.
func Error(w http.ResponseWriter, err error) {
	var b ErrorBody
	b.Error.Code, b.Error.Message = ErrorCode(err)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(ErrorStatusCode(b.Error.Code))
	_ = json.NewEncoder(w).Encode(b)
}

// TextError answers err with its code's status and its message as plain text: for links a
// person opens in a browser (downloads from emails, the operator's job console), where a
// sentence reads better than JSON.
func TextError(w http.ResponseWriter, err error) {
	code, msg := ErrorCode(err)
	http.Error(w, msg, ErrorStatusCode(code))
}
