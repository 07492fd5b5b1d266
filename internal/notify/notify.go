// Package notify sends live notifications: it keeps them in the org's notification list (so
// clients load what they missed) and publishes them through pubsub to every subscriber of the
// org on every API process.
package notify

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/notification"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/pubsub"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/textcheck"
)

// Audiences.
const (
	ForAll    = notification.AudienceALL
	ForAdmins = notification.AudienceADMINS
)

// Message is what a service sends: a typed event (internal/kind/event; its EventType is the
// notification's type, its JSON the stored payload) and a title for people.
type Message struct {
	Title    string
	Event    event.Event
	Audience notification.Audience // default ADMINS
}

// Type is the notification type of m's event ("" without one).
func (m Message) Type() string {
	if m.Event == nil {
		return ""
	}
	return m.Event.EventType()
}

// Service sends and subscribes.
type Service struct {
	Client *ent.Client
	Broker *pubsub.Broker
	Clock  clock.Clock
	Log    *slog.Logger
	Queue  Enqueuer // the job queue (worker.Enqueuer); SendTest needs it

	decoded decodeCache // the latest message received, decoded once for its subscribers
}

// TestTaskType is the job that publishes a stored test notification (worker registers its
// handler under this name).
const TestTaskType = "notify:test"

// Enqueuer puts the notify:test job on the job queue (implemented by worker.Enqueuer). An
// error means nothing was queued.
type Enqueuer interface {
	EnqueueNotifyTest(ctx context.Context, orgID, notificationID int, taskID string) error
}

// MaxTestTitle bounds the title of a test notification, in characters.
const MaxTestTitle = 200

// SendTest sends a test notification to orgID through the whole path: it is stored first,
// then the notify:test job publishes it. A task lost with Redis is redelivered from the
// database (Redeliver); when the task cannot be queued the notification is discarded and the
// error is UNAVAILABLE (issue 9 item 8). defaultTitle says the caller chose the title (the
// default, worded in the sender's language): the SPA words it again in each reader's (issue 17 item 6).
func (s *Service) SendTest(ctx context.Context, orgID int, requestedBy, title string, defaultTitle bool) error {
	if n := len([]rune(title)); n > MaxTestTitle {
		return apperr.Invalid("title", "%s is %d characters long; the limit is %d", "title", n, MaxTestTitle)
	}
	if err := textcheck.Line(title); err != nil {
		return apperr.OnField("title", err)
	}
	taskID := TestTaskType + ":" + rand.Text()
	n, err := s.Create(ctx, s.Client, orgID, Message{Title: title, Audience: ForAll,
		Event: event.Test{RequestedBy: requestedBy, TaskID: taskID, DefaultTitle: defaultTitle}})
	if err != nil {
		return err
	}
	if err := s.Queue.EnqueueNotifyTest(ctx, orgID, n.ID, taskID); err != nil {
		return errors.Join(QueueUnavailable(err), s.Discard(ctx, n))
	}
	return nil
}

// QueueUnavailable is the error of an operation that needs the job queue while its Redis
// cannot be reached: UNAVAILABLE, nothing was changed, retry later (issue 9 item 8).
func QueueUnavailable(err error) error {
	return apperr.Wrap(apperr.Unavailable, err, "the job queue is unavailable; nothing was changed, try again in a minute").
		With("retryAfterSeconds", 60)
}

// wire is the published form.
type wire struct {
	ID        int                   `json:"id"`
	Type      string                `json:"type"`
	Title     string                `json:"title"`
	Payload   map[string]any        `json:"payload,omitempty"`
	Audience  notification.Audience `json:"audience"`
	CreatedAt time.Time             `json:"createdAt"`
}

// Send keeps m in orgID's list and publishes it. If publishing fails the row stays
// unpublished and Redeliver sends it later; the error is logged, not returned.
func (s *Service) Send(ctx context.Context, orgID int, m Message) (*ent.Notification, error) {
	n, err := s.Create(ctx, s.Client, orgID, m)
	if err != nil {
		return nil, err
	}
	s.Publish(ctx, n)
	return n, nil
}

// Create keeps m in orgID's list through c — a service's transaction, so that the
// notification exists exactly when the change it tells of committed — without publishing it.
// Call Publish after the commit; if the process dies first, Redeliver publishes it (at start
// and every minute), so a committed change is notified once.
func (s *Service) Create(ctx context.Context, c *ent.Client, orgID int, m Message) (*ent.Notification, error) {
	if m.Audience == "" {
		m.Audience = ForAdmins
	}
	payload, err := event.Payload(m.Event)
	if err != nil {
		return nil, err
	}
	return c.Notification.Create().SetType(m.Type()).SetTitle(m.Title).SetPayload(payload).
		SetAudience(m.Audience).SetCreatedAt(s.Clock.Now()).Save(auth.SystemContext(ctx, orgID))
}

// Publish publishes a notification made by Create and marks it published. Failures are
// logged: the row stays unpublished and Redeliver sends it later.
func (s *Service) Publish(ctx context.Context, n *ent.Notification) {
	if err := s.publish(ctx, n.OrgID, n); err != nil {
		s.Log.Warn("notification not published; will be redelivered", "org", n.OrgID, "type", n.Type, "err", err)
		return
	}
	sctx := auth.SystemContext(ctx, n.OrgID)
	if err := s.Client.Notification.UpdateOneID(n.ID).SetPublishedAt(s.Clock.Now()).Exec(sctx); err != nil {
		s.Log.Warn("marking notification published", "org", n.OrgID, "err", err)
	}
}

// PublishStored publishes the notification id of orgID made by Create, unless it was published
// already (by Redeliver, or an earlier run of the same job). A failure is logged and the row
// stays for Redeliver, as in Publish.
func (s *Service) PublishStored(ctx context.Context, orgID, id int) error {
	n, err := s.Client.Notification.Get(auth.SystemContext(ctx, orgID), id)
	if ent.IsNotFound(err) {
		return nil // discarded: its job could not be queued
	}
	if err != nil {
		return err
	}
	if n.PublishedAt == nil {
		s.Publish(ctx, n)
	}
	return nil
}

// Discard deletes a notification made by Create that will never be sent (the job that was
// to send it could not be queued).
func (s *Service) Discard(ctx context.Context, n *ent.Notification) error {
	return s.Client.Notification.DeleteOneID(n.ID).Exec(auth.SystemContext(ctx, n.OrgID))
}

// Ephemeral publishes m without keeping it (progress updates: only the latest matters).
func (s *Service) Ephemeral(ctx context.Context, orgID int, m Message) error {
	if m.Audience == "" {
		m.Audience = ForAdmins
	}
	payload, err := event.Payload(m.Event)
	if err != nil {
		return err
	}
	return s.publish(ctx, orgID, &ent.Notification{Type: m.Type(), Title: m.Title, Payload: payload,
		Audience: m.Audience, CreatedAt: s.Clock.Now(), OrgID: orgID})
}

func (s *Service) publish(ctx context.Context, orgID int, n *ent.Notification) error {
	b, err := json.Marshal(wire{ID: n.ID, Type: n.Type, Title: n.Title, Payload: n.Payload, Audience: n.Audience, CreatedAt: n.CreatedAt})
	if err != nil {
		return err
	}
	return s.Broker.Publish(ctx, orgID, b)
}

// Redeliver publishes notifications whose publishing failed, between minAge and maxAge old.
// It runs on start (the reconciler, minAge 0), when Redis comes back after an outage (minAge
// 0) and periodically (minAge lets a Publish that is under way finish rather than race it into
// a duplicate). Each notification is claimed before it is published, so processes
// redelivering at the same moment send it once; a failed publication gives the claim back.
func (s *Service) Redeliver(ctx context.Context, minAge, maxAge time.Duration) (int, error) {
	all := store.AllOrgs(ctx)
	now := s.Clock.Now()
	pending, err := s.Client.Notification.Query().
		Where(notification.PublishedAtIsNil(), notification.CreatedAtGT(now.Add(-maxAge)), notification.CreatedAtLTE(now.Add(-minAge))).
		Order(ent.Asc(notification.FieldID)).Limit(1000).All(all)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, n := range pending {
		claimed, err := s.Client.Notification.Update().
			Where(notification.ID(n.ID), notification.PublishedAtIsNil()).SetPublishedAt(s.Clock.Now()).Save(all)
		if err != nil {
			return sent, err
		}
		if claimed == 0 {
			continue // another process has it
		}
		if err := s.publish(ctx, n.OrgID, n); err != nil {
			return sent, errors.Join(err, s.Client.Notification.UpdateOneID(n.ID).ClearPublishedAt().Exec(all))
		}
		sent++
	}
	return sent, nil
}

// Subscribe streams the notifications of v's org that v's role may see, optionally only of
// the given types, until ctx ends. If the subscriber falls behind it is dropped and the
// channel closes: the client reconnects and loads what it missed with the notifications query.
//
// The message is decoded once for all the subscribers it reaches in this process (the broker
// hands them the same bytes): each subscriber still checks the audience against its own
// viewer and gets a Notification of its own, whose Payload map is shared with the others and
// must not be modified (issue 16 item 3).
func (s *Service) Subscribe(ctx context.Context, v *auth.Viewer, types []string) <-chan *ent.Notification {
	sub := s.Broker.Subscribe(v.OrgID)
	out := make(chan *ent.Notification, 16)
	go func() {
		defer close(out)
		defer sub.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case b, ok := <-sub.C:
				if !ok {
					return
				}
				w, err := s.decoded.get(b)
				if err != nil {
					s.Log.Error("bad notification on the wire", "err", err)
					continue
				}
				if w.Audience == ForAdmins && !v.IsAdmin() {
					continue
				}
				if len(types) > 0 && !slices.Contains(types, w.Type) {
					continue
				}
				n := &ent.Notification{ID: w.ID, OrgID: v.OrgID, Type: w.Type, Title: w.Title,
					Payload: w.Payload, Audience: w.Audience, CreatedAt: w.CreatedAt}
				select {
				case out <- n:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// decodeCache decodes each message once for all the subscribers that receive the same
// bytes. It keeps the latest message only: the broker delivers the messages of an org in
// order, so the subscribers of one message ask for it together; a subscriber that asks for
// an older one decodes it itself.
type decodeCache struct {
	last atomic.Pointer[decodedWire]
}

type decodedWire struct {
	key  *byte // the first byte of the shared message
	n    int
	once sync.Once
	w    wire
	err  error
}

func (c *decodeCache) get(b []byte) (*wire, error) {
	if len(b) == 0 {
		return nil, errors.New("empty message")
	}
	d := c.last.Load()
	if d == nil || d.key != &b[0] || d.n != len(b) {
		nd := &decodedWire{key: &b[0], n: len(b)}
		if c.last.CompareAndSwap(d, nd) {
			d = nd
		} else if d = c.last.Load(); d == nil || d.key != &b[0] || d.n != len(b) {
			d = nd // another message won the slot: decode this one alone
		}
	}
	d.once.Do(func() { d.err = json.Unmarshal(b, &d.w) })
	if d.err != nil {
		return nil, d.err
	}
	return &d.w, nil
}
