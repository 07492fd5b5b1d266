package abuse_test

// A slow DAV client (issue 12 hardening): a PUT whose body is dribbled slower than
// CRM_DAV_BODY_TIMEOUT is answered 408 and its connection closed, without writing anything,
// while other clients are served as usual meanwhile.

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

func TestDAVSlowBodyTimesOut_Issue12Hardening(t *testing.T) {
	const timeout = 2 * time.Second
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_DAV_BODY_TIMEOUT": timeout.String()}})
	org := srv.SignUp(t, "Slow DAV", "sam@slowdav.test")
	e := &Env{Srv: srv}
	book := davPrincipal(e, org.Email, org.Admin.Token) + "contacts/default/"
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:slow\r\nFN:Slow Poke\r\nN:Poke;Slow;;;\r\nEND:VCARD\r\n"
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(org.Email+":"+org.Admin.Token))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	t.Cleanup(func() { close(stop); wg.Wait() })

	for _, framing := range []string{fmt.Sprintf("Content-Length: %d", len(card)), "Transfer-Encoding: chunked"} {
		t.Run(framing, func(t *testing.T) {
			c, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			body := card
			if strings.HasPrefix(framing, "Transfer") {
				body = fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(card), card)
			}
			fmt.Fprintf(c, "PUT %sslow.vcf HTTP/1.1\r\nHost: crm.test\r\nAuthorization: %s\r\nContent-Type: text/vcard\r\n%s\r\n\r\n", book, auth, framing)
			began := time.Now()
			dribble(c, body, 300*time.Millisecond, stop, &wg)

			// Meanwhile another client is served as usual.
			req, _ := http.NewRequest("PROPFIND", srv.URL+book, nil)
			req.SetBasicAuth(org.Email, org.Admin.Token)
			req.Header.Set("Depth", "0")
			hc := &http.Client{Timeout: 5 * time.Second}
			resp, err := hc.Do(req)
			if err != nil || resp.StatusCode != http.StatusMultiStatus {
				t.Fatalf("another client during the slow PUT: %v %v", resp, err)
			}
			resp.Body.Close()

			_ = c.SetReadDeadline(time.Now().Add(4 * timeout))
			br := bufio.NewReader(c)
			status, err := br.ReadString('\n')
			if !strings.HasPrefix(status, "HTTP/1.1 408") {
				t.Fatalf("a body slower than the timeout: 408, got %q %v after %v", status, err, time.Since(began))
			}
			if took := time.Since(began); took > 3*timeout {
				t.Errorf("answered after %v, want about the timeout (%v)", took, timeout)
			}
			closed := false
			for !closed {
				if _, err := br.ReadString('\n'); err != nil {
					if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
						t.Fatal("the connection of a timed-out body stays open")
					}
					closed = true
				}
			}
		})
	}
	var got struct {
		Contacts struct{ TotalCount int }
	}
	org.Admin.MustDo(t, `{ contacts { totalCount } }`, nil, &got)
	if got.Contacts.TotalCount != 0 {
		t.Fatalf("a timed-out PUT created %d contacts", got.Contacts.TotalCount)
	}
}
