package abuse_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/datasync/dav"
)

// The CardDAV/CalDAV door (issue 12 item 4): every input is bounded before work starts — the
// PUT body (one object), the REPORT/PROPFIND body, the hrefs of a multiget, the Depth — and
// refused without writing; credentials are checked before anything else; another org's
// paths answer 404 like missing ones (PL-1).

// davPrincipal finds a user's principal path the way clients do (no write: the redirect is
// answered before the device's sync client is registered).
func davPrincipal(e *Env, email, token string) string {
	req, _ := http.NewRequest("PROPFIND", e.Srv.URL+"/.well-known/caldav", nil)
	req.SetBasicAuth(email, token)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return "/dav/0/"
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func davReq(e *Env, method, path string, body io.Reader, hdr map[string]string, email, token string) *http.Request {
	req, _ := http.NewRequest(method, e.Srv.URL+path, body)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if email != "" {
		req.SetBasicAuth(email, token)
	}
	return req
}

// chunked hides a body's length: the server learns the size only by reading.
type chunked struct{ io.Reader }

func TestAbuseDAV(t *testing.T) {
	a := func(e *Env) (string, string) { return e.A.Email, e.AdminA }
	vcard := func(n int) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:x\r\nN:x;;;;\r\nNOTE:" + strings.Repeat("n", n) + "\r\nEND:VCARD\r\n"
	}
	multiget := func(n int) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><C:addressbook-multiget xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><prop><getetag/></prop>`)
		for i := range n {
			fmt.Fprintf(&b, "<href>/dav/1/contacts/default/%d.vcf</href>", i)
		}
		b.WriteString(`</C:addressbook-multiget>`)
		return b.String()
	}
	run(t, []Case{
		{Name: "no credentials: 401", Status: http.StatusUnauthorized, Request: func(e *Env) *http.Request {
			return davReq(e, "PROPFIND", "/dav/", nil, nil, "", "")
		}},
		{Name: "a 4 KB password is refused unhashed: 401", Status: http.StatusUnauthorized, Request: func(e *Env) *http.Request {
			return davReq(e, "PROPFIND", "/dav/", nil, nil, e.A.Email, strings.Repeat("p", 4<<10))
		}},
		{Name: "a session secret is not a DAV password: 401", Status: http.StatusUnauthorized, Request: func(e *Env) *http.Request {
			return davReq(e, "PROPFIND", "/dav/", nil, nil, e.A.Email, "crm_sess_nope")
		}},
		{Name: "another org's principal: 404 like a missing one", Status: http.StatusNotFound, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.B.Email, e.AdminB)
			email, tok := a(e)
			return davReq(e, "PROPFIND", p+"contacts/default/", nil, map[string]string{"Depth": "1"}, email, tok)
		}},
		{Name: "another org's object by a guessed name: 404", Status: http.StatusNotFound, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.B.Email, e.AdminB)
			email, tok := a(e)
			return davReq(e, "GET", p+"contacts/default/crm-1.vcf", nil, nil, email, tok)
		}},
		{Name: "PUT body over the object limit (Content-Length): 413", Status: http.StatusRequestEntityTooLarge, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.A.Email, e.AdminA)
			email, tok := a(e)
			return davReq(e, "PUT", p+"contacts/default/big.vcf", strings.NewReader(vcard(dav.MaxObjectBytes)), map[string]string{"Content-Type": "text/vcard"}, email, tok)
		}},
		{Name: "PUT body over the object limit (chunked): 413", Status: http.StatusRequestEntityTooLarge, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.A.Email, e.AdminA)
			email, tok := a(e)
			return davReq(e, "PUT", p+"contacts/default/big.vcf", chunked{strings.NewReader(vcard(4 * dav.MaxObjectBytes))}, map[string]string{"Content-Type": "text/vcard"}, email, tok)
		}},
		{Name: "REPORT body over its limit: 413", Status: http.StatusRequestEntityTooLarge, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.A.Email, e.AdminA)
			email, tok := a(e)
			return davReq(e, "REPORT", p+"contacts/default/", chunked{strings.NewReader(strings.Repeat(" ", dav.MaxReportBytes+1))}, map[string]string{"Content-Type": "application/xml"}, email, tok)
		}},
		{Name: "multiget over the href limit: 403", Status: http.StatusForbidden, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.A.Email, e.AdminA)
			email, tok := a(e)
			return davReq(e, "REPORT", p+"contacts/default/", strings.NewReader(multiget(dav.MaxMultigetHref+1)), map[string]string{"Content-Type": "application/xml"}, email, tok)
		}},
		{Name: "PROPFIND Depth: infinity: 403 propfind-finite-depth", Status: http.StatusForbidden, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.A.Email, e.AdminA)
			email, tok := a(e)
			return davReq(e, "PROPFIND", p, nil, map[string]string{"Depth": "infinity"}, email, tok)
		}},
		{Name: "a field over its SY-3 limit within the body limit: 403, recorded as ignored (SY-4)", Status: http.StatusForbidden, MayWrite: true, Request: func(e *Env) *http.Request {
			p := davPrincipal(e, e.A.Email, e.AdminA)
			email, tok := a(e)
			return davReq(e, "PUT", p+"contacts/default/long-note.vcf", strings.NewReader(vcard(32001)), map[string]string{"Content-Type": "text/vcard"}, email, tok)
		}},
	})
}
