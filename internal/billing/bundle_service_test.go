package billing_test

import (
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/membersubscription"
	"github.com/crmadmin/crmadmin/ent/payment"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
)

// BU-5 with a fixed clock: a credit larger than the bundle's price goes to the account balance
// (a REFUND payment to the balance, nothing charged); the member subscription ends with its
// paid time credited up to its end, and the upgraded bundle cannot be upgraded (credited) again.
func TestBundleUpgrade_BU5_SB4_CreditAboveThePriceGoesToBalance(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Credit", 1, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	desk, err := f.svc.SubscribeMemberService(ctx, billing.MemberInput{Service: billing.ServiceDesk, Cycle: billing.Yearly, Users: 50}, "desk")
	if err != nil {
		t.Fatal(err)
	}
	// EUR: DESK yearly is €14.00 per user per month: 50 × 12 × €14.00, paid now.
	if desk.Paid.Amount != 840000 || desk.Paid.Currency != "EUR" || !desk.PeriodEnd.Equal(may1.AddDate(1, 0, 0)) {
		t.Fatalf("BU-1 member: %+v", desk)
	}
	f.clk.Set(may1.AddDate(0, 0, 1)) // one day of 365 used
	in := billing.BundleUpgradeInput{Cycle: billing.Monthly, Users: 1}
	q, err := f.svc.QuoteBundleUpgrade(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// SB-4: 840000 × 364/365 = 837698.63… → 837699; the bundle: 1 × €45.00.
	if len(q.Lines) != 2 || q.Lines[0].Amount.Amount != 4500 || q.Lines[1].Amount.Amount != 837699 ||
		q.Subtotal.Amount != 4500-837699 || q.TotalDue.Amount != 0 || q.NewBalance.Amount != 837699-4500 {
		t.Fatalf("BU-5 quote: %+v", q.BundleQuoteResult)
	}
	b, pay, err := f.svc.UpgradeBundle(ctx, in, "up-1", q.Token)
	if err != nil {
		t.Fatal(err)
	}
	if b.State != billing.BundleViewUpgraded || b.Contract == nil || b.Contract.Price.Amount != 4500 ||
		pay.Kind != payment.KindREFUND || pay.Amount != 837699-4500 || pay.Status != payment.StatusSUCCEEDED {
		t.Fatalf("BU-5 upgrade: %+v %+v", b, pay)
	}
	ov, err := f.svc.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ov.State.Balance != 837699-4500 {
		t.Fatalf("the credit above the price is on the balance: %d", ov.State.Balance)
	}
	m := f.client.MemberSubscription.Query().Where(membersubscription.OrgID(orgID)).OnlyX(auth.SystemContext(ctx, orgID))
	if m.EndedAt == nil || m.CreditedUntil == nil || !m.CreditedUntil.Equal(may1.AddDate(1, 0, 0)) {
		t.Fatalf("BU-5 member ended, credited to its end: %+v", m)
	}
	if _, _, err := f.svc.UpgradeBundle(ctx, in, "up-2", ""); err == nil {
		t.Fatal("a second upgrade would credit the same paid time again")
	}
}

// BU-4 with a fixed clock: a tick that runs late sends only the latest notice due, each notice
// once however often the step runs, and expiry ends the trial as if cancelled.
func TestBundleJob_BU4_NoticesOnceAndExpiry(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Notices", 1, 0)
	b, err := f.svc.StartBundleTrial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	end := *b.TrialEndsAt
	// Europe/Paris: started 1 May 11:00 local, expires at midnight Paris on 31 May (30 days).
	if want := time.Date(2026, 5, 30, 22, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Fatalf("BU-3 end: %s, want %s", end, want)
	}
	step := func() int {
		due, err := f.svc.BundleDueOrgs(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range due {
			for range 2 {
				if err := f.svc.RunBundleDue(ctx, d.OrgID); err != nil {
					t.Fatal(err)
				}
			}
		}
		return len(due)
	}
	if step() != 0 {
		t.Fatal("nothing due at the start")
	}
	f.clk.Set(end.AddDate(0, 0, -2)) // the 7- and 3-day notices were missed: one step, then nothing
	if step() != 1 || step() != 0 {
		t.Fatal("a late tick sends one notice, once")
	}
	f.clk.Set(end)
	if step() != 1 || step() != 0 {
		t.Fatal("the expiry runs once")
	}
	after, err := f.svc.SuiteBundle(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.State != billing.BundleViewExpired || orgID == 0 {
		t.Fatalf("BU-4 expired as if cancelled: %+v", after)
	}
	if _, err := f.svc.ExtendBundleTrial(ctx); err == nil {
		t.Fatal("an expired trial cannot be extended")
	}
}
