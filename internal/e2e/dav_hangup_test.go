package e2e

// Issue 11: the vdirsyncer flake's server side, made deterministic. vdirsyncer closes its
// connections when another collection fails, so a PUT or DELETE can lose its client after the
// server has received it. The write is then carried out at once, as if the client had stayed
// (before: the request context's cancellation cut the write in the middle, answered 500, and
// the push — when it had been recorded — was applied later by the sync:apply job, or never
// when it had not: the outcome depended on the moment the client left).

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// hangUpBody cancels the request's context when its body has been read to the end: the client
// going away right after sending its request, deterministically.
type hangUpBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b hangUpBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.cancel()
	}
	return n, err
}

func TestDAVWriteCompletesWhenTheClientHangsUp_Issue11(t *testing.T) {
	// No worker: a write the request did not finish is not applied behind the test's back.
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	o := srv.SignUp(t, "Hang Co", "hang@hangup.test")
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	next := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodPut || r.Method == http.MethodDelete) && strings.HasPrefix(r.URL.Path, "/dav/") {
			ctx, cancel := context.WithCancel(r.Context())
			defer cancel()
			r = r.WithContext(ctx)
			r.Body = hangUpBody{ReadCloser: r.Body, cancel: cancel}
		}
		next.ServeHTTP(w, r)
	})
	subjects := func() []string {
		var out struct {
			Events struct {
				Edges []struct{ Node struct{ Subject string } }
			}
		}
		o.Admin.MustDo(t, `{ events { edges { node { subject } } } }`, nil, &out)
		var s []string
		for _, e := range out.Events.Edges {
			s = append(s, e.Node.Subject)
		}
		return s
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:gone\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261210T090000Z\r\nDTEND:20261210T100000Z\r\nSUMMARY:Left early\r\nATTENDEE:mailto:someone@else.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	r := davDo(t, srv, "PUT", p+"calendars/events/gone.ics", ics, map[string]string{"Content-Type": "text/calendar", "If-None-Match": "*"}, o.Email, o.Admin.Token)
	if r.status != http.StatusCreated {
		t.Errorf("PUT whose client hung up after sending it: %d %s, want 201", r.status, r.body)
	}
	if got := subjects(); len(got) != 1 || got[0] != "Left early" {
		t.Fatalf("the event is in the CRM at once: %v", got)
	}
	r = davDo(t, srv, "DELETE", p+"calendars/events/gone.ics", "", map[string]string{"If-Match": r.header.Get("ETag")}, o.Email, o.Admin.Token)
	if r.status != http.StatusNoContent {
		t.Errorf("DELETE whose client hung up after sending it: %d %s, want 204", r.status, r.body)
	}
	if got := subjects(); len(got) != 0 {
		t.Fatalf("the client's delete reaches the CRM at once: %v", got)
	}
}
