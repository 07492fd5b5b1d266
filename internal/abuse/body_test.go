package abuse_test

import (
	"net/http"
	"strings"
	"testing"
)

// Request bodies: the size limit (CRM_MAX_BODY_BYTES, 1 MiB) is enforced before the body is
// read in full, declared or chunked; transports other than JSON POST are refused with a code.
func TestAbuseBody(t *testing.T) {
	big := `{"query":"{ me { id } }","x":"` + strings.Repeat("a", 2<<20) + `"}`
	run(t, []Case{
		{Name: "body over the limit", Body: big, Status: http.StatusRequestEntityTooLarge, Code: "REQUEST_TOO_LARGE", Contains: "1 MiB"},
		{Name: "body not JSON", Body: "{{{{", Status: http.StatusBadRequest, Code: "VALIDATION"},
		{Name: "GET is not served", Request: func(e *Env) *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.Srv.URL+"/query?query=%7Bme%7Bid%7D%7D", nil)
			return r
		}, Status: http.StatusMethodNotAllowed, Code: "VALIDATION"},
		{Name: "form post is refused", Request: func(e *Env) *http.Request {
			return post(e, "/query", "application/x-www-form-urlencoded", []byte("query=%7Bme%7Bid%7D%7D"))
		}, Status: http.StatusUnsupportedMediaType, Code: "VALIDATION"},
	})
}
