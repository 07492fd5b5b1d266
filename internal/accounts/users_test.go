package accounts_test

// User management on real SQLite (in memory).

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/enttest"
	_ "github.com/crmadmin/crmadmin/ent/runtime"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/accounts"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

type fixture struct {
	client *ent.Client
	acc    *accounts.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dsn := fmt.Sprintf("file:accounts-%s?mode=memory&cache=shared&_fk=1", strings.ReplaceAll(t.Name(), "/", "-"))
	var client *ent.Client
	if pgtest.Enabled() { // the suite on PostgreSQL (make test-pg)
		client = pgtest.Client(t)
	} else {
		client = enttest.Open(t, "sqlite3", dsn)
		t.Cleanup(func() { client.Close() })
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	bill := billing.NewService(client, nil, nil, nil, nil, log)
	return &fixture{client: client, acc: &accounts.Service{Client: client, Billing: bill, Log: log}}
}

// org creates an org with n regular users, the first its super admin, and returns the super
// admin's context.
func (f *fixture) org(t *testing.T, name string, n int) (context.Context, int) {
	t.Helper()
	all := store.AllOrgs(context.Background())
	o := f.client.Organization.Create().SetName(name).SetRegion("EU").SetTimeZone("Europe/Paris").SetCurrency("EUR").SaveX(all)
	var super *ent.User
	for i := range n {
		role := user.RoleSTANDARD
		if i == 0 {
			role = user.RoleSUPER_ADMIN
		}
		u := f.client.User.Create().SetOrgID(o.ID).SetEmail(fmt.Sprintf("u%d@%s.test", i, strings.ToLower(name))).SetName("U").
			SetRole(role).SaveX(all)
		if i == 0 {
			super = u
		}
	}
	return auth.WithViewer(context.Background(), &auth.Viewer{UserID: super.ID, OrgID: o.ID, Role: auth.RoleSuperAdmin, Name: "Admin"}), o.ID
}

// Issue 9 item 12: messages are proofread — the refusals to manage the super admin read
// "cannot be deactivated", not "cannot be deactivatd" (the participle was made by cutting
// the verb's "e" and adding "d").
func TestSuperAdminRefusalsWorded_Issue9Item12(t *testing.T) {
	f := newFixture(t)
	superCtx, orgID := f.org(t, "Words", 2)
	all := store.AllOrgs(context.Background())
	super := f.client.User.Query().Where(user.OrgID(orgID), user.RoleEQ(user.RoleSUPER_ADMIN)).OnlyX(all)
	other := f.client.User.Query().Where(user.OrgID(orgID), user.RoleNEQ(user.RoleSUPER_ADMIN)).OnlyX(all)
	f.client.User.UpdateOne(other).SetRole(user.RoleADMIN).ExecX(all)
	admin := auth.WithViewer(context.Background(), &auth.Viewer{UserID: other.ID, OrgID: orgID, Role: auth.RoleAdmin, Name: "Admin"})
	for _, c := range []struct {
		run  func() error
		want string
	}{
		{func() error { _, err := f.acc.DeactivateUser(admin, super.ID); return err }, "the super admin cannot be deactivated"},
		{func() error { _, err := f.acc.ActivateUser(admin, super.ID); return err }, "the super admin cannot be activated"},
		{func() error { return f.acc.DeleteUser(admin, super.ID) }, "the super admin cannot be deleted"},
		{func() error { _, err := f.acc.DeactivateUser(superCtx, super.ID); return err }, "you cannot deactivate yourself"},
	} {
		if err := c.run(); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
