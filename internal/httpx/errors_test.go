package httpx

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Issue 10 move 5 (PL-6): every code of the closed set has its HTTP status in the one table,
// and plain handlers answer {"error":{"code","message"}} with it; an unknown error is a 500
// INTERNAL that does not show its details.
func TestIssue10Move5_ErrorStatusTable(t *testing.T) {
	for _, c := range apperr.Codes {
		if _, ok := statusCodes[c]; !ok {
			t.Errorf("code %s has no HTTP status", c)
		}
	}
	for _, c := range []struct {
		err    error
		status int
		code   apperr.Code
		msg    string
	}{
		{apperr.New(apperr.NotFound, "no such record"), http.StatusNotFound, apperr.NotFound, "no such record"},
		{apperr.Invalid("record", "record must be an ID"), http.StatusBadRequest, apperr.Validation, "record must be an ID"},
		{apperr.New(apperr.RequestTooLarge, "too large"), http.StatusRequestEntityTooLarge, apperr.RequestTooLarge, "too large"},
		{apperr.New(apperr.Unavailable, "store down"), http.StatusServiceUnavailable, apperr.Unavailable, "store down"},
		{errors.New("disk I/O error at /secret/path"), http.StatusInternalServerError, apperr.Internal, "an internal error occurred"},
	} {
		rec := httptest.NewRecorder()
		Error(rec, c.err)
		var b ErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
			t.Fatalf("%v: body %q is not JSON: %v", c.err, rec.Body, err)
		}
		if rec.Code != c.status || b.Error.Code != c.code || b.Error.Message != c.msg || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%v: answered %d %+v (%s); want %d %s %q", c.err, rec.Code, b, rec.Header().Get("Content-Type"), c.status, c.code, c.msg)
		}
		rec = httptest.NewRecorder()
		TextError(rec, c.err)
		if rec.Code != c.status || rec.Body.String() != c.msg+"\n" {
			t.Errorf("%v: as text answered %d %q; want %d %q", c.err, rec.Code, rec.Body, c.status, c.msg)
		}
	}
}
