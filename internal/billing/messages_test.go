package billing_test

import (
	"context"
	"testing"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Issue 9 item 12: messages are proofread — the refusals to manage the super admin read
// "cannot be deactivated", not "cannot be deactivatd" (the participle was made by cutting
// the verb's "e" and adding "d").
func TestSuperAdminRefusalsWorded_Issue9Item12(t *testing.T) {
	f := newFixture(t, nil)
	superCtx, orgID := f.org(t, "Words", 2, 0)
	all := store.AllOrgs(context.Background())
	super := f.client.User.Query().Where(user.OrgID(orgID), user.RoleEQ(user.RoleSUPER_ADMIN)).OnlyX(all)
	other := f.client.User.Query().Where(user.OrgID(orgID), user.RoleNEQ(user.RoleSUPER_ADMIN)).OnlyX(all)
	f.client.User.UpdateOne(other).SetRole(user.RoleADMIN).ExecX(all)
	admin := auth.WithViewer(context.Background(), &auth.Viewer{UserID: other.ID, OrgID: orgID, Role: auth.RoleAdmin, Name: "Admin"})
	for _, c := range []struct {
		run  func() error
		want string
	}{
		{func() error { _, err := f.svc.DeactivateUser(admin, super.ID); return err }, "the super admin cannot be deactivated"},
		{func() error { _, err := f.svc.ActivateUser(admin, super.ID); return err }, "the super admin cannot be activated"},
		{func() error { return f.svc.DeleteUser(admin, super.ID) }, "the super admin cannot be deleted"},
		{func() error { _, err := f.svc.DeactivateUser(superCtx, super.ID); return err }, "you cannot deactivate yourself"},
	} {
		if err := c.run(); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
