package abuse_test

// Hostile SMTP sessions against the dropbox listener (issue 13 item 7): rate limits per client
// address and per dropbox address, too many recipients, and messages whose structure is over
// the parser's limits. Each is refused with its SMTP code and stores nothing.

import (
	"context"
	"errors"
	"fmt"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/dropbox"
	"github.com/crmadmin/crmadmin/internal/store"
)

func smtpServer(t *testing.T, env map[string]string) (*apptest.Server, string) {
	t.Helper()
	e := map[string]string{"CRM_SMTP_LISTEN": "127.0.0.1:0", "CRM_SMTP_DROPBOX_DOMAIN": "dropbox.abuse.test"}
	for k, v := range env {
		e[k] = v
	}
	srv := apptest.Start(t, apptest.Options{NoWorker: true, Env: e})
	org := srv.SignUp(t, "SMTP Abuse", "ann@abuse.test")
	var out struct{ RotateEmailDropbox struct{ Address string } }
	org.Admin.MustDo(t, `mutation { rotateEmailDropbox { address } }`, nil, &out)
	return srv, out.RotateEmailDropbox.Address
}

func smtpCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	if err == nil {
		return 250
	}
	return -1
}

func dial(t *testing.T, srv *apptest.Server) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(srv.App.SMTP.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Hello("client.test"); err != nil {
		t.Fatal(err)
	}
	return c
}

func inboundRows(t *testing.T, srv *apptest.Server) int {
	n, err := srv.App.DB.Client.InboundEmail.Query().Count(store.AllOrgs(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSMTPRateLimitPerAddress_Issue13Item7(t *testing.T) {
	srv, addr := smtpServer(t, map[string]string{"CRM_SMTP_RATE_PER_IP": "2/1h"})
	c := dial(t, srv)
	for i, want := range []int{250, 250, 421} {
		if got := smtpCode(c.Mail("x@client.test")); got != want {
			t.Fatalf("MAIL %d: %d, want %d", i+1, got, want)
		}
		_ = c.Reset()
	}
	_ = addr
	if inboundRows(t, srv) != 0 {
		t.Error("a refused session stored something")
	}
}

func TestSMTPRateLimitPerDropbox_Issue13Item7(t *testing.T) {
	srv, addr := smtpServer(t, map[string]string{"CRM_SMTP_RATE_PER_TOKEN": "2/1h", "CRM_SMTP_RATE_PER_IP": "0"})
	c := dial(t, srv)
	for i, want := range []int{250, 250, 451} {
		if err := c.Mail("x@client.test"); err != nil {
			t.Fatal(err)
		}
		if got := smtpCode(c.Rcpt(addr)); got != want {
			t.Fatalf("RCPT %d: %d, want %d", i+1, got, want)
		}
		_ = c.Reset()
	}
}

func TestSMTPHostileMessages_Issue13Item7(t *testing.T) {
	srv, addr := smtpServer(t, nil)
	deep := "From: x@client.test\r\nMessage-ID: <deep@client.test>\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
	for i := 1; i <= dropbox.MaxDepth+2; i++ {
		deep += fmt.Sprintf("--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i-1, i)
	}
	var parts strings.Builder
	parts.WriteString("From: x@client.test\r\nMessage-ID: <parts@client.test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n")
	for i := 0; i <= dropbox.MaxParts; i++ {
		parts.WriteString("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n")
	}
	parts.WriteString("--b--\r\n")
	for name, msg := range map[string]string{
		"multiparts nested deeper than the limit": deep,
		"more MIME parts than the limit":          parts.String(),
		"no From":                                 "To: y@client.test\r\nSubject: x\r\n\r\nbody\r\n",
	} {
		c := dial(t, srv)
		if err := c.Mail("x@client.test"); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt(addr); err != nil {
			t.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(msg))
		if got := smtpCode(w.Close()); got != 554 {
			t.Errorf("%s: DATA answered %d, want 554", name, got)
		}
	}
	// More recipients than a message may have.
	c := dial(t, srv)
	_ = c.Mail("x@client.test")
	var last int
	for i := 0; i < 11; i++ {
		last = smtpCode(c.Rcpt(addr))
	}
	if last != 452 {
		t.Errorf("11th RCPT answered %d, want 452", last)
	}
	if inboundRows(t, srv) != 0 {
		t.Error("a refused message was stored")
	}
}
