package dropbox

// The listener's connection cap (issue 13 hardening): at most MaxConns sessions at once, at
// most MaxConnsPerIP from one client address. A connection over either cap is answered
// "421 4.7.0" at once and closed, before go-smtp sees it, so that slow clients holding their
// sessions open cannot keep another client out. A read that times out (a command line, or a
// DATA, slower than the timeout) is answered "421 4.4.2" and the connection closed here:
// go-smtp alone would take the partial line for a command (bufio.Reader.ReadLine drops the
// error of a partial line) and keep a dribbling client for several timeouts.

import (
	"errors"
	"net"
	"sync"
	"time"
)

// cappedListener counts the open connections, in all and per client address.
type cappedListener struct {
	net.Listener
	domain       string
	total, perIP int // 0: no cap

	mu   sync.Mutex
	open int
	byIP map[string]int
}

func newCappedListener(ln net.Listener, domain string, total, perIP int) *cappedListener {
	return &cappedListener{Listener: ln, domain: domain, total: total, perIP: perIP, byIP: map[string]int{}}
}

// Accept returns the next connection within the caps; the others are refused here.
func (l *cappedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := hostOf(c.RemoteAddr())
		if l.take(ip) {
			return &cappedConn{Conn: c, release: func() { l.release(ip) },
				timeoutReply: []byte("421 4.4.2 " + l.domain + " Timeout, closing connection\r\n")}, nil
		}
		// A short line in a fresh socket's buffer: the write does not wait for the client.
		_ = c.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = c.Write([]byte("421 4.7.0 " + l.domain + " Too many connections, try again later\r\n"))
		_ = c.Close()
	}
}

func (l *cappedListener) take(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total > 0 && l.open >= l.total || l.perIP > 0 && l.byIP[ip] >= l.perIP {
		return false
	}
	l.open++
	l.byIP[ip]++
	return true
}

func (l *cappedListener) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if l.byIP[ip]--; l.byIP[ip] <= 0 {
		delete(l.byIP, ip)
	}
}

// Open is how many connections are counted now (tests poll it).
func (l *cappedListener) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// cappedConn gives its place back once, on the first Close, and ends the session on a read
// timeout.
type cappedConn struct {
	net.Conn
	once         sync.Once
	release      func()
	timeoutReply []byte
	tls          bool // the session went TLS (only Read touches it)
}

func (c *cappedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 && b[0] == 0x16 { // a TLS handshake record (STARTTLS): replies now go inside TLS
		c.tls = true
	}
	if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
		if !c.tls { // a plain-text reply inside a TLS session would only garble it
			_ = c.Conn.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = c.Conn.Write(c.timeoutReply)
		}
		_ = c.Close()
	}
	return n, err
}

func (c *cappedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

func hostOf(a net.Addr) string {
	s := a.String()
	if h, _, err := net.SplitHostPort(s); err == nil {
		return h
	}
	return s
}
