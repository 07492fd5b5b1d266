package notify

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/pubsub"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

func newTestService(t *testing.T) *Service {
	t.Helper()
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := pubsub.New(ctx, rdb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return &Service{Broker: b, Clock: clock.Real{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// next returns the next notification of ch, or nil after a short wait when none comes.
func next(t *testing.T, ch <-chan *ent.Notification, wait time.Duration) *ent.Notification {
	t.Helper()
	select {
	case n := <-ch:
		return n
	case <-time.After(wait):
		return nil
	}
}

// Issue 16 item 3: a message is decoded once for all its subscribers, and each subscriber still
// gets only what its own viewer may see (audience, org, types), in a Notification of its own.
func TestSubscribersShareOneDecodeKeepTheirOwnVisibility_Issue16Item3(t *testing.T) {
	s := newTestService(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	admin := &auth.Viewer{UserID: 1, OrgID: 1, Role: auth.RoleAdmin}
	member := &auth.Viewer{UserID: 2, OrgID: 1, Role: auth.RoleStandard}
	other := &auth.Viewer{UserID: 3, OrgID: 2, Role: auth.RoleAdmin}
	var admins []<-chan *ent.Notification
	for range 50 {
		admins = append(admins, s.Subscribe(ctx, admin, nil))
	}
	members := s.Subscribe(ctx, member, nil)
	onlyBackup := s.Subscribe(ctx, admin, []string{event.TypeBackupScheduled})
	otherOrg := s.Subscribe(ctx, other, nil)
	if !wait.Until(10*time.Second, 5*time.Millisecond, func() bool { return s.Broker.Subscribers() == 53 }) {
		t.Fatalf("%d subscribers registered, want 53", s.Broker.Subscribers())
	}

	if err := s.Ephemeral(ctx, 1, Message{Title: "for admins", Event: event.Test{RequestedBy: "a"}, Audience: ForAdmins}); err != nil {
		t.Fatal(err)
	}
	if err := s.Ephemeral(ctx, 1, Message{Title: "for all", Event: event.Test{RequestedBy: "b"}, Audience: ForAll}); err != nil {
		t.Fatal(err)
	}
	seen := map[*ent.Notification]bool{}
	for i, ch := range admins {
		for _, want := range []string{"for admins", "for all"} {
			n := next(t, ch, 10*time.Second)
			if n == nil || n.Title != want || n.OrgID != 1 || n.Type != event.TypeTest {
				t.Fatalf("admin subscriber %d: got %+v, want %q of org 1", i, n, want)
			}
			if seen[n] {
				t.Fatalf("admin subscriber %d got a Notification another subscriber got too", i)
			}
			seen[n] = true
		}
	}
	if n := next(t, members, 10*time.Second); n == nil || n.Title != "for all" {
		t.Fatalf("member: got %+v, want only %q (the ADMINS one is not theirs)", n, "for all")
	}
	if n := next(t, onlyBackup, 200*time.Millisecond); n != nil {
		t.Fatalf("a subscriber of backup events only got %q", n.Title)
	}
	if n := next(t, otherOrg, 200*time.Millisecond); n != nil {
		t.Fatalf("org 2 got org 1's %q", n.Title)
	}
	if err := s.Ephemeral(ctx, 2, Message{Title: "org 2", Event: event.Test{}, Audience: ForAll}); err != nil {
		t.Fatal(err)
	}
	if n := next(t, otherOrg, 10*time.Second); n == nil || n.Title != "org 2" || n.OrgID != 2 {
		t.Fatalf("org 2: got %+v", n)
	}
	if n := next(t, members, 200*time.Millisecond); n != nil {
		t.Fatalf("org 1 got org 2's %q", n.Title)
	}
}

// Issue 16 item 3: the decode cache gives each distinct message its own decoding, whoever asks
// first and however many ask at once (run with -race), and refuses an empty one.
func TestDecodeCacheOneDecodingPerMessage_Issue16Item3(t *testing.T) {
	var c decodeCache
	msgs := make([][]byte, 20)
	for i := range msgs {
		msgs[i] = fmt.Appendf(nil, `{"id":%d,"type":"test","title":"t%d","audience":"ALL","createdAt":"2026-12-03T00:00:00Z"}`, i+1, i)
	}
	same := append([]byte(nil), msgs[0]...) // equal bytes, another message
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for g := range 10 {
		wg.Go(func() {
			for i, m := range msgs {
				if g%2 == 1 {
					m = msgs[len(msgs)-1-i]
				}
				w, err := c.get(m)
				if err != nil {
					errs <- err
					return
				}
				if want := fmt.Sprintf(`"id":%d,`, w.ID); !bytes.Contains(m, []byte(want)) {
					errs <- fmt.Errorf("message %s decoded as id %d", m, w.ID)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	a, _ := c.get(msgs[0])
	b, _ := c.get(same)
	if a == b || a.ID != b.ID || a.Title != b.Title {
		t.Fatalf("equal bytes of two messages: got %p %+v and %p %+v, want two equal decodings", a, a, b, b)
	}
	if _, err := c.get(nil); err == nil {
		t.Fatal("an empty message was accepted")
	}
	if _, err := c.get([]byte(`{"id":`)); err == nil {
		t.Fatal("a truncated message was accepted")
	}
}
