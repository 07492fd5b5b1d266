package billing_test

import (
	"testing"

	"github.com/crmadmin/crmadmin/internal/billing"
)

// BU-5 and SB-11: once the suite bundle is paid for, its contract pays for the CRM until the
// contract's period end: the CRM's renewal charges nothing (its unused time was already
// credited to the upgrade), and its period runs on to the contract's end.
func TestBundleContractCoversCRMRenewal_BU5_SB11(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Covered", 1, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std := billing.PlanStandard
	res, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std}, "std")
	if err != nil {
		t.Fatal(err)
	}
	crmEnd := res.Overview.State.PeriodEnd
	in := billing.BundleUpgradeInput{Cycle: billing.Yearly, Users: 1}
	q, err := f.svc.QuoteBundleUpgrade(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := f.svc.UpgradeBundle(ctx, in, "up", q.Token)
	if err != nil {
		t.Fatal(err)
	}
	if b.Contract == nil || !b.Contract.PeriodEnd.After(crmEnd) {
		t.Fatalf("a yearly contract outlasts the CRM's monthly period: %+v (CRM ends %s)", b.Contract, crmEnd)
	}
	charges := len(f.gw.Charges())
	f.clk.Set(crmEnd.Add(1))
	if err := f.svc.RunDue(ctx, orgID); err != nil {
		t.Fatal(err)
	}
	if n := len(f.gw.Charges()); n != charges {
		t.Fatalf("the CRM renewal charged the card although the bundle pays for it: %d charges, want %d", n, charges)
	}
	ov, err := f.svc.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ov.State.Status != billing.StatusActive || !ov.State.PeriodEnd.Equal(b.Contract.PeriodEnd) {
		t.Fatalf("the CRM runs on to the contract's end %s: %+v", b.Contract.PeriodEnd, ov.State)
	}
}
