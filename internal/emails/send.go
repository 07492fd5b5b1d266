package emails

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
	"github.com/crmadmin/crmadmin/internal/mail"
)

// MaxSendBody is the longest body "send and add" sends (internal/mail's messages).
const MaxSendBody = 20000

// SendInput is "send and add" (EM-3): a plain-text message from the signed-in user.
type SendInput struct {
	To, Cc  []mailmsg.Address
	Subject string
	Body    string
}

// SendAndAdd is EM-3's "send and add": the message is sent through internal/mail (SMTP, or the
// outbox when none is configured; one message per recipient, To then Cc) and added, as sent
// mail from the user, to the contacts matching its recipients — in one change: the email is
// stored and the mails queued together, the mail:send jobs enqueued after the commit. The
// email is kept even when no contact matches (addEmailTo with its messageId links it later).
func (s *Service) SendAndAdd(ctx context.Context, in SendInput) (*Result, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if len(in.To) == 0 {
		return nil, apperr.Invalid("to", "to must name at least one recipient")
	}
	if n := utf8.RuneCountInString(in.Body); n > MaxSendBody {
		return nil, apperr.Invalid("body", "body is %d characters long; the limit is %d", n, MaxSendBody)
	}
	if strings.TrimSpace(in.Subject) == "" {
		return nil, apperr.Invalid("subject", "subject must not be empty")
	}
	me, err := s.db(ctx).User.Query().Where(user.ID(v.UserID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	_, domain, _ := strings.Cut(me.Email, "@")
	m := mailmsg.Message{MessageID: "crm-" + hex.EncodeToString(rnd[:]) + "@" + domain, Direction: mailmsg.Outgoing,
		From: mailmsg.Address{Name: me.Name, Address: me.Email}, To: in.To, Cc: in.Cc, Date: s.now().Now(),
		Subject: in.Subject, Text: in.Body}
	if err := CheckMessage(m); err != nil {
		return nil, err
	}
	st, err := settingsOf(ctx, s.db(ctx), v.UserID)
	if err != nil {
		return nil, err
	}
	p := plan{scope: MatchScope(st, true), addresses: MatchAddresses(m, me.Email), how: "sent",
		also: func(tx *change.Tx, _ *Result) error {
			for _, to := range append(append([]mailmsg.Address(nil), m.To...), m.Cc...) {
				mm, err := mail.Queue(ctx, tx.Client(), v.OrgID, mail.Message{To: to.Address, Subject: m.Subject, Body: m.Text,
					Kind: "email.sent"})
				if err != nil {
					return err
				}
				if s.Mail != nil {
					id := mm.ID
					tx.AfterCommit(func(ctx context.Context) {
						if err := s.Mail.EnqueueMail(ctx, v.OrgID, id); err != nil {
							s.Log.Warn("email not enqueued; mail:tick re-enqueues it", "org", v.OrgID, "message", id, "err", err)
						}
					})
				}
			}
			return nil
		}}
	return s.add(ctx, m, p)
}
