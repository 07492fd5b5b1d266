package abuse_test

// Slow and hostile SMTP clients (issue 13 hardening): a slowloris holding connections open
// cannot stall the dropbox listener for a real client; connections over the caps (in all, per
// client address) are answered 421 at once; a command line or a DATA slower than
// CRM_SMTP_TIMEOUT is answered 421 and stores nothing. Loopback addresses other than
// 127.0.0.1 stand for other clients (Linux routes all of 127/8 to lo).

import (
	"bufio"
	"errors"
	"net"
	"net/smtp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// rawConn is a client that speaks SMTP by hand, from a chosen loopback address.
type rawConn struct {
	c net.Conn
	r *bufio.Reader
}

func rawDial(t *testing.T, srv *apptest.Server, from string) *rawConn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", srv.App.SMTP.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &rawConn{c: c, r: bufio.NewReader(c)}
}

// line reads one reply line within d ("" and the error at EOF or timeout).
func (r *rawConn) line(d time.Duration) (string, error) {
	_ = r.c.SetReadDeadline(time.Now().Add(d))
	s, err := r.r.ReadString('\n')
	return strings.TrimRight(s, "\r\n"), err
}

// closedWithin reads until EOF within d, returning the reply lines seen.
func (r *rawConn) closedWithin(d time.Duration) ([]string, bool) {
	var lines []string
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		s, err := r.line(time.Until(deadline))
		if s != "" {
			lines = append(lines, s)
		}
		if err != nil {
			if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
				return lines, false
			}
			return lines, true // EOF or reset: closed
		}
	}
	return lines, false
}

// dribble writes one byte of s every period until s is written, the connection fails or stop
// is closed (the pace of a slowloris, not a wait).
func dribble(c net.Conn, s string, period time.Duration, stop <-chan struct{}, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(period)
		defer tick.Stop()
		for i := 0; i < len(s); i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			_ = c.SetWriteDeadline(time.Now().Add(time.Second))
			if _, err := c.Write([]byte{s[i]}); err != nil {
				return
			}
		}
	}()
}

func dropboxMessage(id string) string {
	return "From: Real Client <real@client.test>\r\nTo: x@client.test\r\nSubject: real\r\nMessage-ID: <" + id +
		"@client.test>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nDelivered past a slowloris.\r\n"
}

// sendReal delivers one message with Go's net/smtp client from 127.0.0.1 within d.
func sendReal(t *testing.T, srv *apptest.Server, rcpt, id string, d time.Duration) error {
	t.Helper()
	conn, err := net.DialTimeout("tcp", srv.App.SMTP.Addr().String(), d)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(d))
	c, err := smtp.NewClient(conn, "client.test")
	if err != nil {
		return err
	}
	if err := c.Hello("client.test"); err != nil {
		return err
	}
	if err := c.Mail("real@client.test"); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(dropboxMessage(id))); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// Issue 13 hardening: four slowloris connections from one address (its whole share) and a
// fifth refused with 421; a real client from another address still delivers within 10 s;
// each slow connection is answered 421 4.4.2 and closed once CRM_SMTP_TIMEOUT has passed
// (its partial command never runs), and the places it held are free again.
func TestSMTPSlowlorisCannotStallRealClient_Issue13Hardening(t *testing.T) {
	const timeout = 2 * time.Second
	srv, rcpt := smtpServer(t, map[string]string{"CRM_SMTP_MAX_CONNS": "8", "CRM_SMTP_MAX_CONNS_PER_IP": "4",
		"CRM_SMTP_TIMEOUT": timeout.String(), "CRM_SMTP_RATE_PER_IP": "0"})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	t.Cleanup(func() { close(stop); wg.Wait() })

	var slow []*rawConn
	for i := 0; i < 4; i++ {
		c := rawDial(t, srv, "127.0.0.2")
		if g, err := c.line(5 * time.Second); !strings.HasPrefix(g, "220 ") {
			t.Fatalf("slow connection %d: greeting %q %v", i+1, g, err)
		}
		// A command that never ends: one byte every 300 ms, no line end for a minute.
		dribble(c.c, "EHLO "+strings.Repeat("s", 200), 300*time.Millisecond, stop, &wg)
		slow = append(slow, c)
	}
	over := rawDial(t, srv, "127.0.0.2")
	lines, closed := over.closedWithin(5 * time.Second)
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "421 4.7.0 ") || !closed {
		t.Fatalf("a fifth connection from the slowloris's address: 421 and closed, got %q (closed %v)", lines, closed)
	}

	began := time.Now()
	if err := sendReal(t, srv, rcpt, "real-1", 10*time.Second); err != nil {
		t.Fatalf("a real client could not deliver past the slowloris: %v (after %v)", err, time.Since(began))
	}
	t.Logf("real client delivered in %v with %d slow connections open", time.Since(began).Round(time.Millisecond), srv.App.SMTP.OpenConns())
	if n := inboundRows(t, srv); n != 1 {
		t.Fatalf("the real client's message: %d rows, want 1", n)
	}

	for i, c := range slow {
		lines, closed := c.closedWithin(4 * timeout)
		if !closed || len(lines) != 1 || !strings.HasPrefix(lines[0], "421 4.4.2 ") {
			t.Errorf("slow connection %d: after the timeout it is answered 421 and closed, got %q (closed %v)", i+1, lines, closed)
		}
	}
	wait.Eventually(t, 10*time.Second, 20*time.Millisecond, func() bool { return srv.App.SMTP.OpenConns() == 0 },
		"the slow connections' places are given back: %d still counted", srv.App.SMTP.OpenConns())
	again := rawDial(t, srv, "127.0.0.2")
	if g, _ := again.line(5 * time.Second); !strings.HasPrefix(g, "220 ") {
		t.Fatalf("after the slow ones are gone the address may connect again: %q", g)
	}
}

// Issue 13 hardening: the total cap counts every address: with CRM_SMTP_MAX_CONNS open from
// three addresses a fourth address is refused with 421; once one closes, it is let in.
func TestSMTPTotalConnectionCap_Issue13Hardening(t *testing.T) {
	srv, _ := smtpServer(t, map[string]string{"CRM_SMTP_MAX_CONNS": "3", "CRM_SMTP_MAX_CONNS_PER_IP": "0", "CRM_SMTP_TIMEOUT": "30s"})
	var held []*rawConn
	for _, ip := range []string{"127.0.0.2", "127.0.0.3", "127.0.0.4"} {
		c := rawDial(t, srv, ip)
		if g, err := c.line(5 * time.Second); !strings.HasPrefix(g, "220 ") {
			t.Fatalf("%s: greeting %q %v", ip, g, err)
		}
		held = append(held, c)
	}
	c := rawDial(t, srv, "127.0.0.5")
	if lines, closed := c.closedWithin(5 * time.Second); len(lines) != 1 || !strings.HasPrefix(lines[0], "421 4.7.0 ") || !closed {
		t.Fatalf("over the total cap: 421 and closed, got %q (closed %v)", lines, closed)
	}
	_ = held[0].c.Close()
	wait.Eventually(t, 10*time.Second, 20*time.Millisecond, func() bool { return srv.App.SMTP.OpenConns() == 2 },
		"a closed session gives its place back: %d counted", srv.App.SMTP.OpenConns())
	c = rawDial(t, srv, "127.0.0.5")
	if g, _ := c.line(5 * time.Second); !strings.HasPrefix(g, "220 ") {
		t.Fatalf("under the cap again: greeting, got %q", g)
	}
}

// Issue 13 hardening: a DATA dribbled slower than CRM_SMTP_TIMEOUT is answered 421 4.4.2 (try
// again later, not a permanent 554), the connection is closed and nothing is stored.
func TestSMTPSlowDataTimesOut_Issue13Hardening(t *testing.T) {
	const timeout = 2 * time.Second
	srv, rcpt := smtpServer(t, map[string]string{"CRM_SMTP_TIMEOUT": timeout.String(), "CRM_SMTP_RATE_PER_IP": "0"})
	c := rawDial(t, srv, "127.0.0.2")
	if g, _ := c.line(5 * time.Second); !strings.HasPrefix(g, "220 ") {
		t.Fatalf("greeting %q", g)
	}
	for _, cmd := range []struct{ send, want string }{{"HELO slow.test", "250"}, {"MAIL FROM:<x@client.test>", "250"},
		{"RCPT TO:<" + rcpt + ">", "250"}, {"DATA", "354"}} {
		_, _ = c.c.Write([]byte(cmd.send + "\r\n"))
		if g, err := c.line(5 * time.Second); !strings.HasPrefix(g, cmd.want) {
			t.Fatalf("%s: %q %v", cmd.send, g, err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	t.Cleanup(func() { close(stop); wg.Wait() })
	began := time.Now()
	dribble(c.c, dropboxMessage("slow-data"), 300*time.Millisecond, stop, &wg)
	lines, closed := c.closedWithin(4 * timeout)
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "421 4.4.2") || !closed {
		t.Fatalf("a DATA slower than the timeout: 421 4.4.2 and closed, got %q (closed %v) after %v", lines, closed, time.Since(began))
	}
	if took := time.Since(began); took > 3*timeout {
		t.Errorf("answered after %v, want about the timeout (%v)", took, timeout)
	}
	if inboundRows(t, srv) != 0 {
		t.Error("a message cut by the timeout was stored")
	}
}
