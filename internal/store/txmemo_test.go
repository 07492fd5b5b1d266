package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
)

// PL-1 and SY-2 (issue 11, the tenant edge guard's lookups kept per transaction): in a
// transaction carrying its memo, a bulk of contacts owned by one user reads that user once,
// not once per row; what one viewer was found to see is never trusted for another viewer in
// the same transaction (org B's viewer naming org A's user is refused); another transaction
// given the same context looks again; and an update in the transaction forgets what was seen.
func TestEdgeGuardMemoPerTransactionAndViewer_PL1_SY2(t *testing.T) {
	var userReads atomic.Int64
	dsn := "file:" + filepath.Join(t.TempDir(), "memo.db") + "?_fk=1&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate"
	db, err := store.Open(context.Background(), dsn, func(d dialect.Driver) dialect.Driver {
		return dialect.DebugWithContext(d, func(_ context.Context, v ...any) {
			if q := fmt.Sprint(v...); strings.Contains(q, `FROM "users"`) || strings.Contains(q, "FROM `users`") {
				userReads.Add(1)
			}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := db.Client
	all := store.AllOrgs(context.Background())
	viewerOf := func(name string) (context.Context, int) {
		o := c.Organization.Create().SetName(name).SetRegion("EU").SetTimeZone("Europe/Paris").SetCurrency("EUR").SaveX(all)
		u := c.User.Create().SetOrgID(o.ID).SetEmail("admin@" + strings.ToLower(name) + ".test").SetName("Admin").
			SetRole(user.RoleSUPER_ADMIN).SaveX(all)
		return auth.WithViewer(context.Background(), &auth.Viewer{UserID: u.ID, OrgID: o.ID, Role: auth.RoleSuperAdmin, Name: "Admin"}), u.ID
	}
	a, userA := viewerOf("Alpha")
	b, userB := viewerOf("Beta")
	bulk := func(ctx context.Context, tc *ent.Client, owner, n int) error {
		cs := make([]*ent.ContactCreate, n)
		for i := range cs {
			cs[i] = tc.Contact.Create().SetLastName(fmt.Sprint("C", i)).SetOwnerID(owner)
		}
		return tc.Contact.CreateBulk(cs...).Exec(ctx)
	}

	tx, err := c.Tx(a)
	if err != nil {
		t.Fatal(err)
	}
	ma := store.WithTxMemo(a, tx.Client())
	userReads.Store(0)
	if err := bulk(ma, tx.Client(), userA, 50); err != nil {
		t.Fatal(err)
	}
	if n := userReads.Load(); n != 1 {
		t.Errorf("a bulk of 50 contacts owned by one user read the user %d times, want 1", n)
	}
	// org B's viewer, same transaction, same memo: A's user is not B's to name
	mb := auth.WithViewer(ma, auth.FromContext(b))
	if err := bulk(mb, tx.Client(), userA, 2); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("org B's viewer naming org A's user, in the transaction where A's viewer saw it: %v, want NOT_FOUND", err)
	}
	if err := bulk(ma, tx.Client(), userB, 1); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("org A's viewer naming org B's user: %v, want NOT_FOUND", err)
	}
	// an update in the transaction: the next create looks again
	tx.Client().User.UpdateOneID(userA).SetName("Renamed").ExecX(ma)
	userReads.Store(0)
	if err := bulk(ma, tx.Client(), userA, 3); err != nil {
		t.Fatal(err)
	}
	if n := userReads.Load(); n != 1 {
		t.Errorf("after an update, a bulk read the user %d times, want 1", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// another transaction with the first one's context: looked up again, per row (no memo of its own)
	tx2, err := c.Tx(a)
	if err != nil {
		t.Fatal(err)
	}
	userReads.Store(0)
	if err := bulk(ma, tx2.Client(), userA, 3); err != nil {
		t.Fatal(err)
	}
	if n := userReads.Load(); n != 3 {
		t.Errorf("another transaction, the first one's memo in its context: %d user reads, want 3", n)
	}
	if err := tx2.Rollback(); err != nil {
		t.Fatal(err)
	}
}
