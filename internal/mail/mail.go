// Package mail sends the product's emails (BK-16). A service queues a message inside its own
// transaction (Queue), enqueues a mail:send job after the commit, and the job delivers it
// (Deliver): through SMTP when CRM_SMTP_URL is set, otherwise by keeping it in the org's
// outbox, which admins read in the API and the UI. Delivery is idempotent: a message that is
// no longer PENDING is not sent again; Reconcile (at start and from mail:tick) re-enqueues
// the PENDING ones whose job was lost.
//
// "Outbox" here means only this: the mail_messages an org's admins read (Query.outbox), the
// status OUTBOX of a message kept because no SMTP server is configured. What a change must
// do after its commit (publish notifications, enqueue jobs) is internal/change's after-commit
// step, not an outbox.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/mailmessage"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Message is what a service queues.
type Message struct {
	To      string
	Subject string
	Body    string // plain text, UTF-8
	Kind    string // what it is about, e.g. "backup.ready"
}

// Queue stores m as PENDING through c (the caller's transaction).
func Queue(ctx context.Context, c *ent.Client, orgID int, m Message) (*ent.MailMessage, error) {
	return c.MailMessage.Create().SetTo(m.To).SetSubject(m.Subject).SetBody(m.Body).SetKind(m.Kind).
		Save(auth.SystemContext(ctx, orgID))
}

// Config is where mail goes, parsed from CRM_SMTP_URL:
//
//	smtp://user:pass@host:587?from=backups@example.com   STARTTLS (required unless the host is loopback)
//	smtp://host:25?starttls=false                        plain SMTP to a trusted relay, no credentials
//	smtps://user:pass@host:465?from=…                    TLS from the first byte
//
// Credentials are never sent over an unencrypted connection to a host other than loopback.
type Config struct {
	Addr     string // host:port
	TLS      bool   // implicit TLS (smtps)
	StartTLS bool   // upgrade with STARTTLS (smtp); default: unless the host is loopback
	Username string
	Password string
	From     string
}

// ParseURL reads CRM_SMTP_URL. "" means no SMTP: messages stay in the outbox.
func ParseURL(raw string) (*Config, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("CRM_SMTP_URL is not a URL (smtp://user:pass@host:port?from=…)")
	}
	c := &Config{From: u.Query().Get("from")}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		c.TLS = true
	default:
		return nil, fmt.Errorf("CRM_SMTP_URL: scheme must be smtp or smtps, not %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("CRM_SMTP_URL: no host")
	}
	port := u.Port()
	if port == "" {
		port = map[bool]string{false: "587", true: "465"}[c.TLS]
	}
	c.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	c.StartTLS = !c.TLS && !isLoopback(u.Hostname())
	switch v := u.Query().Get("starttls"); v {
	case "":
	case "true", "false":
		c.StartTLS = !c.TLS && v == "true"
	default:
		return nil, fmt.Errorf("CRM_SMTP_URL: starttls must be true or false, not %q", v)
	}
	if c.Username != "" && !c.TLS && !c.StartTLS && !isLoopback(u.Hostname()) {
		return nil, errors.New("CRM_SMTP_URL: credentials need TLS (smtps:// or STARTTLS) unless the server is on loopback")
	}
	if c.From == "" {
		c.From = "crmadmin@" + u.Hostname()
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("CRM_SMTP_URL: from=%q is not an email address", c.From)
	}
	return c, nil
}

// Service delivers queued messages.
type Service struct {
	Client *ent.Client
	SMTP   *Config  // nil: keep messages in the outbox
	Queue  Enqueuer // Reconcile re-enqueues PENDING messages through it
	Clock  clock.Clock
	Log    *slog.Logger
}

// Deliver sends one queued message (the mail:send job). A message that is not PENDING any
// more was delivered already: nothing happens. An SMTP failure is returned so the job retries;
// final reports whether this is the last attempt, which marks the message FAILED.
func (s *Service) Deliver(ctx context.Context, orgID, id int, final bool) error {
	sctx := auth.SystemContext(ctx, orgID)
	m, err := s.Client.MailMessage.Get(sctx, id)
	if ent.IsNotFound(err) {
		return nil // deleted with its org
	}
	if err != nil {
		return err
	}
	if m.Status != mailmessage.StatusPENDING {
		return nil
	}
	upd := s.Client.MailMessage.Update().Where(mailmessage.ID(id), mailmessage.StatusEQ(mailmessage.StatusPENDING)).AddAttempts(1)
	if s.SMTP == nil {
		return upd.SetStatus(mailmessage.StatusOUTBOX).Exec(sctx)
	}
	if err := s.send(ctx, m); err != nil {
		s.Log.Warn("email not sent", "org", orgID, "message", id, "smtp", s.SMTP.Addr, "err", err)
		upd.SetError(truncate(err.Error(), 500))
		if final {
			upd.SetStatus(mailmessage.StatusFAILED)
		}
		if uerr := upd.Exec(sctx); uerr != nil {
			return errors.Join(err, uerr)
		}
		return err
	}
	return upd.SetStatus(mailmessage.StatusSENT).SetSentAt(s.Clock.Now()).ClearError().Exec(sctx)
}

func (s *Service) send(ctx context.Context, m *ent.MailMessage) error {
	cfg := s.SMTP
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(dctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(cfg.Addr)
	tlsCfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	var c *smtp.Client
	switch {
	case cfg.TLS:
		c = smtp.NewClient(tls.Client(conn, tlsCfg))
	case cfg.StartTLS:
		if c, err = smtp.NewClientStartTLS(conn, tlsCfg); err != nil {
			conn.Close()
			return fmt.Errorf("STARTTLS with %s: %w", cfg.Addr, err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	if d, ok := dctx.Deadline(); ok {
		_ = conn.SetDeadline(d)
	}
	if cfg.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", cfg.Username, cfg.Password)); err != nil {
			return err
		}
	}
	if err := c.SendMail(cfg.From, []string{m.To}, bytes.NewReader(compose(cfg.From, m))); err != nil {
		return err
	}
	return c.Quit()
}

// compose writes an RFC 5322 message: UTF-8 text, quoted-printable, encoded subject.
func compose(from string, m *ent.MailMessage) []byte {
	var b bytes.Buffer
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := "crmadmin.local"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = from[at+1:]
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n",
		from, m.To, mime.QEncoding.Encode("utf-8", m.Subject), m.CreatedAt.UTC().Format(time.RFC1123Z),
		hex.EncodeToString(id[:]), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	_ = qp.Close()
	return b.Bytes()
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// Pending lists the PENDING messages of every org (the reconciler re-enqueues them).
func (s *Service) Pending(ctx context.Context, limit int) ([]*ent.MailMessage, error) {
	return s.Client.MailMessage.Query().Where(mailmessage.StatusEQ(mailmessage.StatusPENDING)).
		Order(ent.Asc(mailmessage.FieldID)).Limit(limit).All(store.AllOrgs(ctx))
}
