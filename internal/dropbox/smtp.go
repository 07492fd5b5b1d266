package dropbox

// The SMTP listener (emersion/go-smtp): mail for dropbox addresses only. RCPT for another
// domain or an unknown token: 550; a message over the size limit: 552 (the SIZE declared at
// MAIL FROM, and while reading DATA); over a rate limit: 451 (per token, at RCPT) or 421 (per
// client address, at MAIL); a message that cannot be read: 554. 250 comes only once the
// message is durable (Accept). STARTTLS when a certificate is configured.

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/time/rate"
)

// Rate is at most N events per Per for one key (a token bucket of N, refilled over Per).
type Rate struct {
	N   int
	Per time.Duration
}

// Listener is the dropbox's SMTP server.
type Listener struct {
	Service  *Service
	Hostname string      // the greeting's name (default: the dropbox domain)
	MaxBytes int64       // largest message (CRM_SMTP_MAX_BYTES)
	TLS      *tls.Config // nil: no STARTTLS
	PerIP    Rate        // messages per client address
	PerToken Rate        // messages per dropbox
	// MaxConns and MaxConnsPerIP cap the sessions open at once, in all and from one client
	// address (CRM_SMTP_MAX_CONNS, CRM_SMTP_MAX_CONNS_PER_IP; 421 above; 0: no cap).
	MaxConns, MaxConnsPerIP int
	// Timeout bounds each read (one command line; the whole DATA from its command) and each
	// write (CRM_SMTP_TIMEOUT; 0: DefaultTimeout). A client slower than that is answered 421.
	Timeout time.Duration
	Log     *slog.Logger

	srv      *smtp.Server
	ln       *cappedListener
	byIP     limiters
	byToken  limiters
	inFlight chan struct{} // messages being read and stored at once
}

// DefaultTimeout is the read and write timeout when Timeout is 0.
const DefaultTimeout = time.Minute

// MaxInFlight bounds the messages held in memory at once (each at most MaxBytes).
const MaxInFlight = 16

// Listen binds addr and serves until Close.
func (l *Listener) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("SMTP listener on %s: %w", addr, err)
	}
	l.ln = newCappedListener(ln, l.Service.Domain, l.MaxConns, l.MaxConnsPerIP)
	l.byIP = limiters{rate: l.PerIP}
	l.byToken = limiters{rate: l.PerToken}
	l.inFlight = make(chan struct{}, MaxInFlight)
	s := smtp.NewServer(l)
	s.Domain = l.Hostname
	if s.Domain == "" {
		s.Domain = l.Service.Domain
	}
	s.MaxMessageBytes = l.MaxBytes
	s.MaxRecipients = 10
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	s.ReadTimeout, s.WriteTimeout = timeout, timeout
	s.TLSConfig = l.TLS
	s.ErrorLog = slogPrinter{l.Log}
	l.srv = s
	go func() {
		if err := s.Serve(l.ln); err != nil {
			l.Log.Error("SMTP listener stopped", "err", err)
		}
	}()
	l.Log.Info("SMTP dropbox listening", "addr", ln.Addr().String(), "domain", l.Service.Domain, "starttls", l.TLS != nil)
	return nil
}

// Addr is the bound address (tests listen on port 0).
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

// OpenConns is how many sessions are open now (counted by the connection cap).
func (l *Listener) OpenConns() int { return l.ln.Open() }

// Close stops accepting and waits up to ctx for sessions under way.
func (l *Listener) Close(ctx context.Context) error {
	if l.srv == nil {
		return nil
	}
	return l.srv.Shutdown(ctx)
}

// NewSession is go-smtp's Backend.
func (l *Listener) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{l: l, ip: hostOf(c.Conn().RemoteAddr())}, nil
}

var (
	errUnknownRcpt = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such dropbox address"}
	errIPRate      = &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Too many messages from your address, try again later"}
	errTokenRate   = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Too many messages for this dropbox, try again later"}
	errBusy        = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Cannot store the message now, try again later"}
	errMalformed   = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "The message cannot be read"}
	errNoRcpt      = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 5, 1}, Message: "No valid recipients"}
)

type session struct {
	l     *Listener
	ip    string
	boxes []Box
}

func (s *session) Reset()        { s.boxes = nil }
func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	// go-smtp has refused a declared SIZE over MaxMessageBytes with 552 already.
	if !s.l.byIP.allow(s.ip) {
		return errIPRate
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	token, ok := RecipientToken(to, s.l.Service.Domain)
	if !ok {
		return errUnknownRcpt
	}
	box, found, err := s.l.Service.Lookup(context.Background(), token)
	if err != nil {
		s.l.Log.Warn("dropbox look-up", "err", err)
		return errBusy
	}
	if !found {
		return errUnknownRcpt
	}
	for _, b := range s.boxes {
		if b.ID == box.ID {
			return nil // the same box twice in one message: once
		}
	}
	if !s.l.byToken.allow(token) {
		return errTokenRate
	}
	s.boxes = append(s.boxes, box)
	return nil
}

func (s *session) Data(r io.Reader) error {
	if len(s.boxes) == 0 {
		_, _ = io.Copy(io.Discard, r)
		return errNoRcpt
	}
	select {
	case s.l.inFlight <- struct{}{}:
		defer func() { <-s.l.inFlight }()
	default:
		_, _ = io.Copy(io.Discard, r)
		return errBusy
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err // smtp.ErrDataTooLarge (552) or a broken connection
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, box := range s.boxes {
		if _, err := s.l.Service.Accept(ctx, box, buf.Bytes()); err != nil {
			if errors.Is(err, ErrMalformed) {
				return errMalformed
			}
			s.l.Log.Warn("dropbox message not stored", "org", box.OrgID, "err", err)
			return errBusy // the client retries; what was stored for other boxes is found again by Message-ID
		}
	}
	return nil
}

// limiters keeps one token bucket per key; idle keys are forgotten.
type limiters struct {
	rate Rate
	mu   sync.Mutex
	m    map[string]*limiterEntry
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func (l *limiters) allow(key string) bool {
	if l.rate.N <= 0 {
		return true
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]*limiterEntry{}
	}
	if len(l.m) > 10000 { // forget keys whose bucket is full again
		for k, e := range l.m {
			if now.Sub(e.seen) > l.rate.Per {
				delete(l.m, k)
			}
		}
	}
	e, ok := l.m[key]
	if !ok {
		e = &limiterEntry{lim: rate.NewLimiter(rate.Every(l.rate.Per/time.Duration(l.rate.N)), l.rate.N)}
		l.m[key] = e
	}
	e.seen = now
	return e.lim.AllowN(now, 1)
}

type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Printf(format string, v ...any) {
	p.l.Debug(fmt.Sprintf(format, v...), "component", "smtp")
}
func (p slogPrinter) Println(v ...any) { p.l.Debug(fmt.Sprint(v...), "component", "smtp") }
