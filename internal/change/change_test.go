package change_test

// The change helper on real SQLite (in memory): what a change writes, its audit entry and its
// notification commit together, and notifications are published only after the commit.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/enttest"
	_ "github.com/crmadmin/crmadmin/ent/runtime"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// recorder keeps notifications through notify.Service.Create and records each publication
// with what the database outside the transaction said at that moment.
type recorder struct {
	svc       *notify.Service
	client    *ent.Client
	published []string // titles
	visible   []bool   // the row was committed when Publish ran
}

func (r *recorder) Create(ctx context.Context, c *ent.Client, orgID int, m notify.Message) (*ent.Notification, error) {
	return r.svc.Create(ctx, c, orgID, m)
}

func (r *recorder) Publish(ctx context.Context, n *ent.Notification) {
	_, err := r.client.Notification.Get(store.AllOrgs(ctx), n.ID)
	r.published = append(r.published, n.Title)
	r.visible = append(r.visible, err == nil)
}

func setup(t *testing.T) (*ent.Client, *recorder, context.Context, int) {
	t.Helper()
	dsn := fmt.Sprintf("file:change-%s?mode=memory&cache=shared&_fk=1", strings.ReplaceAll(t.Name(), "/", "-"))
	var client *ent.Client
	if pgtest.Enabled() { // the suite on PostgreSQL (make test-pg)
		client = pgtest.Client(t)
	} else {
		client = enttest.Open(t, "sqlite3", dsn)
		t.Cleanup(func() { client.Close() })
	}
	all := store.AllOrgs(context.Background())
	o := client.Organization.Create().SetName("Change Co").SetRegion("EU").SetTimeZone("Europe/Paris").SetCurrency("EUR").SaveX(all)
	rec := &recorder{svc: &notify.Service{Client: client, Clock: clock.Real{}}, client: client}
	ctx := auth.WithViewer(context.Background(), &auth.Viewer{OrgID: o.ID, Role: auth.RoleAdmin, Name: "Ann"})
	return client, rec, ctx, o.ID
}

func counts(t *testing.T, c *ent.Client) (audits, notes int) {
	t.Helper()
	all := store.AllOrgs(context.Background())
	return c.AuditEvent.Query().CountX(all), c.Notification.Query().CountX(all)
}

// Issue 10 move 4: a committed change has its audit entry and notification; the notification
// is published once, after the commit, then the after-commit work runs.
func TestIssue10Move4_CommittedChangeIsPublishedAfterCommit(t *testing.T) {
	client, rec, ctx, orgID := setup(t)
	var order []string
	err := (&change.Runner{Client: client, Notify: rec}).Do(ctx, func(tx *change.Tx) error {
		if err := tx.Audit(audit.Entry{Action: "thing.changed", TargetType: "Thing", Summary: "Ann changed a thing"}); err != nil {
			return err
		}
		tx.AfterCommit(func(context.Context) { order = append(order, fmt.Sprint("after, published ", len(rec.published))) })
		return tx.Notify(orgID, notify.Message{Event: event.Test{}, Title: "A thing changed"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if a, n := counts(t, client); a != 1 || n != 1 {
		t.Fatalf("committed change: %d audit entries, %d notifications; want 1 and 1", a, n)
	}
	if len(rec.published) != 1 || !rec.visible[0] {
		t.Fatalf("published %v (committed when published: %v); want the notification once, after the commit", rec.published, rec.visible)
	}
	if len(order) != 1 || order[0] != "after, published 1" {
		t.Fatalf("after-commit work: %v; want it run once, after the publication", order)
	}
}

// Issue 10 move 4: a change that fails leaves nothing: no audit entry, no notification, nothing
// published, no after-commit work.
func TestIssue10Move4_FailedChangeLeavesNothing(t *testing.T) {
	client, rec, ctx, orgID := setup(t)
	ran := false
	boom := errors.New("boom")
	err := (&change.Runner{Client: client, Notify: rec}).Do(ctx, func(tx *change.Tx) error {
		if err := tx.Audit(audit.Entry{Action: "thing.changed", TargetType: "Thing", Summary: "x"}); err != nil {
			return err
		}
		if err := tx.Notify(orgID, notify.Message{Event: event.Test{}, Title: "never"}); err != nil {
			return err
		}
		tx.AfterCommit(func(context.Context) { ran = true })
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Do returned %v, want fn's error", err)
	}
	if a, n := counts(t, client); a != 0 || n != 0 || len(rec.published) != 0 || ran {
		t.Fatalf("failed change left %d audit entries, %d notifications, published %v, after-commit ran %v; want nothing", a, n, rec.published, ran)
	}
}

// Issue 10 move 4: inside a caller's transaction (a GraphQL mutation's) the change joins it;
// its notification is published when the caller commits, and never if the caller rolls back.
func TestIssue10Move4_JoinedChangePublishesOnCallerCommit(t *testing.T) {
	for _, commit := range []bool{true, false} {
		t.Run(fmt.Sprint("commit=", commit), func(t *testing.T) {
			client, rec, ctx, orgID := setup(t)
			etx, err := client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tctx := ent.NewTxContext(ctx, etx)
			err = (&change.Runner{Client: client, Notify: rec}).Do(tctx, func(tx *change.Tx) error {
				return tx.Notify(orgID, notify.Message{Event: event.Test{}, Title: "joined"})
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.published) != 0 {
				t.Fatalf("published %v before the caller's transaction ended", rec.published)
			}
			if commit {
				err = etx.Commit()
			} else {
				err = etx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			_, n := counts(t, client)
			want := map[bool]int{true: 1, false: 0}[commit]
			if n != want || len(rec.published) != want || (want == 1 && !rec.visible[0]) {
				t.Fatalf("after the caller's commit=%v: %d notifications stored, published %v (visible %v); want %d",
					commit, n, rec.published, rec.visible, want)
			}
		})
	}
}
