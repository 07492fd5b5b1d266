package billing_test

// Issue 18 item 2: licences as seats (SB-6, SB-7).

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/auditevent"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/license"
	"github.com/crmadmin/crmadmin/internal/accounts"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/store"
)

// seats counts an org's seats of kind in state ("" = any).
func seats(t *testing.T, f *fixture, orgID int, kind license.Kind, state license.State) int {
	t.Helper()
	q := f.client.License.Query().Where(license.OrgID(orgID), license.KindEQ(kind))
	if state != "" {
		q.Where(license.StateEQ(state))
	}
	return q.CountX(store.AllOrgs(context.Background()))
}

// countersMatchRows checks the one source of truth: the subscription's counters equal its rows.
func countersMatchRows(t *testing.T, f *fixture, orgID int) *ent.BillingSubscription {
	t.Helper()
	sub := f.client.BillingSubscription.Query().Where(billingsubscription.OrgID(orgID)).OnlyX(store.AllOrgs(context.Background()))
	if r, tm := seats(t, f, orgID, license.KindREGULAR, ""), seats(t, f, orgID, license.KindTEAM, ""); sub.RegularLicenses != r || sub.TeamLicenses != tm {
		t.Fatalf("counters %d+%d, rows %d+%d", sub.RegularLicenses, sub.TeamLicenses, r, tm)
	}
	return sub
}

// Invite takes a free seat of its kind (LICENSE_LIMIT when none); deactivating keeps it and it
// is still billed; deleting frees it; each assignment and release is audited.
func TestSeatsAssignDeactivateDelete_Issue18Item2_SB7(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Seats", 1, 0)
	if _, err := f.svc.Overview(ctx); err != nil { // FREE: 3 regular seats, the admin holds one
		t.Fatal(err)
	}
	if got := seats(t, f, orgID, license.KindREGULAR, license.StateASSIGNED); got != 1 || seats(t, f, orgID, license.KindREGULAR, license.StateFREE) != 2 {
		t.Fatalf("assigned %d; want 1 of 3", got)
	}
	inv, err := f.acc.InviteUser(ctx, accounts.InviteInput{Email: "b@seats.test", Name: "B"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.acc.InviteUser(ctx, accounts.InviteInput{Email: "t@seats.test", Name: "T", LicenseKind: billing.Team}); !apperr.Is(err, apperr.LicenseLimit) {
		t.Fatalf("no team seat: %v", err)
	}
	seat := f.client.License.Query().Where(license.HolderID(inv.User.ID)).OnlyX(store.AllOrgs(ctx))
	if seat.State != license.StateASSIGNED || seat.AssignedAt == nil || seat.Kind != license.KindREGULAR {
		t.Fatalf("invited user's seat: %+v", seat)
	}
	if _, err := f.acc.DeactivateUser(ctx, inv.User.ID); err != nil {
		t.Fatal(err)
	}
	if f.client.License.Query().Where(license.HolderID(inv.User.ID)).CountX(store.AllOrgs(ctx)) != 1 {
		t.Fatal("a deactivated user keeps their seat (SB-7)")
	}
	if _, err := f.acc.ActivateUser(ctx, inv.User.ID); err != nil {
		t.Fatalf("activating a user who kept a seat: %v", err)
	}
	if err := f.acc.DeleteUser(ctx, inv.User.ID); err != nil {
		t.Fatal(err)
	}
	freed := f.client.License.GetX(store.AllOrgs(ctx), seat.ID)
	if freed.State != license.StateFREE || freed.HolderID != nil || freed.ReleasedAt == nil {
		t.Fatalf("deleting the user frees the seat: %+v", freed)
	}
	if sub := countersMatchRows(t, f, orgID); sub.RegularLicenses != 3 {
		t.Fatalf("a freed seat is still bought: %d", sub.RegularLicenses)
	}
	actions := f.client.AuditEvent.Query().Where(auditevent.TargetType("License")).Order(ent.Asc(auditevent.FieldID)).
		Select(auditevent.FieldAction).StringsX(store.AllOrgs(ctx))
	want := []string{"license.assigned", "license.assigned", "license.released"} // the admin's, B's, B's release
	if len(actions) != len(want) || actions[1] != want[1] || actions[2] != want[2] {
		t.Fatalf("audit of seats: %v; want %v", actions, want)
	}
}

// Reducing licences removes free seats only, and otherwise refuses naming how many users to
// delete; buying adds free seats; the counters always equal the rows.
func TestSeatsReduceAndBuy_Issue18Item2_SB6_SB7(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Reduce", 3, 1)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2030, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std, five, two := billing.PlanStandard, 5, 2
	if _, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std, Regular: &five, Team: &two}, "buy-1"); err != nil {
		t.Fatal(err)
	}
	if seats(t, f, orgID, license.KindREGULAR, license.StateFREE) != 2 || seats(t, f, orgID, license.KindTEAM, license.StateFREE) != 1 {
		t.Fatal("buying adds FREE seats: 5 regular for 3 holders, 2 team for 1")
	}
	countersMatchRows(t, f, orgID)
	one := 1
	_, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Regular: &one}, "reduce-1")
	if !apperr.Is(err, apperr.LicenseLimit) {
		t.Fatalf("reducing below the holders: %v", err)
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Details["usersToDelete"].(map[string]int)["REGULAR"] != 2 {
		t.Fatalf("the refusal names 2 regular users to delete: %#v", err)
	}
	three := 3
	if _, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Regular: &three}, "reduce-2"); err != nil {
		t.Fatal(err)
	}
	if seats(t, f, orgID, license.KindREGULAR, "") != 3 || seats(t, f, orgID, license.KindREGULAR, license.StateASSIGNED) != 3 {
		t.Fatal("reducing removed the 2 free seats and kept the 3 held")
	}
	ov, err := f.svc.Overview(ctx)
	if err != nil || ov.State.Regular != 3 || ov.State.Team != 2 || ov.NextRenewal.Lines[0].Quantity != 3 {
		t.Fatalf("quotes count the rows: %+v %v", ov, err)
	}
	countersMatchRows(t, f, orgID)
}

// Two invitations racing for the last free seat: exactly one wins, the other is LICENSE_LIMIT,
// and the seats stay one per holder — on SQLite and on PostgreSQL.
func TestLastSeatRace_Issue18Item2_SB7(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, f *fixture) {
		ctx, orgID := f.org(t, "LastSeat", 2, 0) // FREE: 3 regular seats, 2 held
		acc := &accounts.Service{Client: f.client, Billing: f.svc}
		errs := race(2, func(i int) error {
			_, err := acc.InviteUser(ctx, accounts.InviteInput{Email: fmt.Sprintf("last%d@seat.test", i), Name: "Last"})
			return err
		})
		ok, refused := tally(t, errs, apperr.LicenseLimit)
		if ok != 1 || refused != 1 {
			t.Fatalf("%d invited, %d refused; want 1 and 1", ok, refused)
		}
		if a := seats(t, f, orgID, license.KindREGULAR, license.StateASSIGNED); a != 3 || seats(t, f, orgID, license.KindREGULAR, "") != 3 {
			t.Fatalf("%d seats assigned; want all 3", a)
		}
		countersMatchRows(t, f, orgID)
	})
}
