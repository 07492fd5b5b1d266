package billing_test

// Issue 18 item 3: the data step of the seats migration on a database whose rows were written
// by the schema before seats — the state right after the versioned migration ran on it: the
// new tables empty, price_id NULL, the counters and users as they were.

import (
	"context"
	"fmt"
	"testing"

	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/license"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/store"
)

func TestMigrateSeatsKeepsEveryBill_Issue18Item3(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, f *fixture) {
		all := store.AllOrgs(context.Background())
		// An org on PROFESSIONAL yearly in JPY with 6 regular licences (4 held: 3 active, 1
		// deactivated) and 2 team licences (1 held), written as the code before seats did.
		o := f.client.Organization.Create().SetName("Before").SetRegion("EU").SetTimeZone("Asia/Tokyo").SetCurrency("JPY").SaveX(all)
		for i, k := range []user.LicenseKind{user.LicenseKindREGULAR, user.LicenseKindREGULAR, user.LicenseKindREGULAR, user.LicenseKindREGULAR, user.LicenseKindTEAM} {
			c := f.client.User.Create().SetOrgID(o.ID).SetEmail(fmt.Sprintf("u%d@before.test", i)).SetName(fmt.Sprintf("U%d", i)).SetLicenseKind(k)
			if i == 0 {
				c.SetRole(user.RoleSUPER_ADMIN)
			}
			if i == 3 {
				c.SetStatus(user.StatusDEACTIVATED)
			}
			c.SaveX(all)
		}
		start := may1.AddDate(0, -3, 0)
		f.client.BillingSubscription.Create().SetOrgID(o.ID).SetPlan(billing.PlanProfessional).SetCycle(billingsubscription.CycleYEARLY).
			SetCurrency("JPY").SetPeriodStart(start).SetPeriodEnd(start.AddDate(1, 0, 0)).SetRegularLicenses(6).SetTeamLicenses(2).
			SetAddOns(map[string]int{billing.AddOnExtraStorage: 5}).SetNextAction("RENEW").SetNextActionAt(start.AddDate(1, 0, 0)).ExecX(all)
		ctx := auth.SystemContext(context.Background(), o.ID)
		before, err := f.svc.Overview(ctx) // what the org was billed before (the catalogue's prices)
		if err != nil {
			t.Fatal(err)
		}

		if _, err := f.svc.SeedCatalogue(context.Background()); err != nil {
			t.Fatal(err)
		}
		n, err := f.svc.MigrateSeats(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("migrated %d orgs: %v", n, err)
		}
		count := func(k license.Kind, s license.State) int {
			return f.client.License.Query().Where(license.OrgID(o.ID), license.KindEQ(k), license.StateEQ(s)).CountX(all)
		}
		if a, fr := count(license.KindREGULAR, license.StateASSIGNED), count(license.KindREGULAR, license.StateFREE); a != 4 || fr != 2 {
			t.Fatalf("regular seats: %d assigned, %d free; want 4 and 2", a, fr)
		}
		if a, fr := count(license.KindTEAM, license.StateASSIGNED), count(license.KindTEAM, license.StateFREE); a != 1 || fr != 1 {
			t.Fatalf("team seats: %d assigned, %d free; want 1 and 1", a, fr)
		}
		after, err := f.svc.Overview(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after.Price.ID == 0 || after.Price.Version != 1 || after.NextPrice != nil {
			t.Fatalf("points at version 1: %+v next %+v", after.Price, after.NextPrice)
		}
		if before.NextRenewal.Subtotal != after.NextRenewal.Subtotal || len(before.NextRenewal.Lines) != len(after.NextRenewal.Lines) ||
			after.State.Regular != 6 || after.State.Team != 2 {
			t.Fatalf("the bill changed: %+v → %+v", before.NextRenewal.Subtotal, after.NextRenewal.Subtotal)
		}
		if n, err := f.svc.MigrateSeats(context.Background()); err != nil || n != 0 {
			t.Fatalf("a second run migrated %d orgs: %v", n, err)
		}
	})
}
