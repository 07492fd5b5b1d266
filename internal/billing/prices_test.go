package billing_test

// Issue 18 item 1: plans and prices as data, price versions.

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/auditevent"
	"github.com/crmadmin/crmadmin/ent/planprice"
	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/store"
)

// standardAt returns the default catalogue with STANDARD's monthly EUR price per regular user set to eur.
func standardAt(eur int64) *billing.Catalogue {
	cat := billing.DefaultCatalogue()
	p := cat.Plan(billing.PlanStandard)
	pr := p.Prices["EUR"]
	pr.Monthly = eur
	p.Prices["EUR"] = pr
	return cat
}

// restart is a new process on the same database with catalogue cat: it seeds it.
func (f *fixture) restart(t *testing.T, cat *billing.Catalogue) (*billing.Service, billing.SeedResult) {
	t.Helper()
	svc := billing.NewService(f.client, cat, f.gw, nil, f.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
	res, err := svc.SeedCatalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return svc, res
}

// An unchanged catalogue creates nothing; a changed price creates a new version and leaves the
// version in use as it was; plans and prices are read-only to orgs.
func TestSeedCatalogueVersions_Issue18Item1_SB1(t *testing.T) {
	f := newFixture(t, nil)
	_, first := f.restart(t, billing.DefaultCatalogue())
	cat := billing.DefaultCatalogue()
	wantPrices := 0
	for _, p := range cat.Plans {
		n := 2
		if !p.Paid() {
			n = 1
		}
		wantPrices += n * len(cat.Currencies)
	}
	// The suite bundle's member services (CRM excepted) and the bundle: plan rows with a
	// monthly and a yearly price in every currency (issue 14 §2).
	products := len(cat.Services) - 1 + 1
	wantPrices += products * 2 * len(cat.Currencies)
	wantPlans := len(cat.Plans) + products
	if first.PlansCreated != wantPlans || first.PricesCreated != wantPrices {
		t.Fatalf("first seeding: %+v; want %d plans, %d prices", first, wantPlans, wantPrices)
	}
	if _, again := f.restart(t, billing.DefaultCatalogue()); again != (billing.SeedResult{}) {
		t.Fatalf("an unchanged catalogue created or changed %+v", again)
	}
	all := store.AllOrgs(context.Background())
	v1 := f.client.PlanPrice.Query().Where(planprice.Currency("EUR"), planprice.CycleEQ(planprice.CycleMONTHLY),
		planprice.RegularAmount(1400), planprice.Version(1)).OnlyX(all)
	svc, changed := f.restart(t, standardAt(1600))
	if changed.PricesCreated != 1 || changed.PlansUpdated != 0 {
		t.Fatalf("one changed price: %+v", changed)
	}
	if again := f.client.PlanPrice.GetX(all, v1.ID); again.RegularAmount != 1400 || again.Version != 1 {
		t.Fatalf("the version in use was edited: %+v", again)
	}
	cur := svc.Catalogue.CurrentPrice(billing.PlanStandard, billing.Monthly, "EUR")
	if cur.Version != 2 || cur.Regular != 1600 || cur.ID == v1.ID {
		t.Fatalf("current version: %+v", cur)
	}
	// Read-only to orgs: an org admin can read but not write a price.
	ctx, _ := f.org(t, "ReadOnly", 1, 0)
	if n := f.client.PlanPrice.Query().CountX(ctx); n != wantPrices+1 {
		t.Fatalf("an admin reads %d prices", n)
	}
	if err := f.client.PlanPrice.DeleteOneID(v1.ID).Exec(ctx); !privacyDenied(err) {
		t.Fatalf("an org deleted a price version: %v", err)
	}
	if err := f.client.CataloguePlan.Update().SetNameEn("Mine").Exec(ctx); !privacyDenied(err) {
		t.Fatalf("an org renamed plans: %v", err)
	}
}

func privacyDenied(err error) bool { return err != nil && errors.Is(err, privacy.Deny) }

// A price change leaves a current subscriber's quotes and renewal at the old price until the
// renewal announced PriceNoticeLead before, with the new amount; from then on the new one.
func TestPriceChangeWaitsForRenewal_Issue18Item1_SB11(t *testing.T) {
	f := newFixture(t, nil)
	f.svc, _ = f.restart(t, billing.DefaultCatalogue())
	ctx, orgID := f.org(t, "Subscriber", 2, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std, two := billing.PlanStandard, 2
	res, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std, Regular: &two}, "std")
	if err != nil {
		t.Fatal(err)
	}
	end := res.Overview.State.PeriodEnd
	if res.Overview.Price.Version != 1 || res.Overview.NextPrice != nil {
		t.Fatalf("pays version 1: %+v", res.Overview.Price)
	}

	// The operator raises STANDARD (EUR, monthly) from 14.00 to 16.00 and restarts.
	svc, _ := f.restart(t, standardAt(1600))
	f.svc = svc
	ov, err := svc.Overview(ctx)
	if err != nil || ov.Price.Version != 1 || ov.NextPrice == nil || ov.NextPrice.Version != 2 || ov.NextPriceAnnounced {
		t.Fatalf("after the change: pays %+v, next %+v announced %v (%v)", ov.Price, ov.NextPrice, ov.NextPriceAnnounced, err)
	}
	if got := ov.NextRenewal.Subtotal.Amount; got != 2*1400 {
		t.Fatalf("not announced yet: the renewal is at the old price, got %d", got)
	}
	three := 3
	q, err := svc.QuoteChange(ctx, billing.ChangeInput{Regular: &three})
	if err != nil || q.Lines[len(q.Lines)-1].UnitPrice.Amount != 1400 {
		t.Fatalf("a mid-period quote at the version paid: %+v %v", q, err)
	}

	// billing:tick reschedules the subscriber: the announcement 7 days before the renewal.
	if err := svc.RunDue(context.Background(), orgID); err != nil {
		t.Fatal(err)
	}
	f.clk.Set(end.Add(-billing.PriceNoticeLead))
	due, err := svc.Due(context.Background(), 10)
	if err != nil || len(due) != 1 || due[0].Action != billing.ActionPriceNotice {
		t.Fatalf("due: %+v %v", due, err)
	}
	if err := svc.RunDue(context.Background(), orgID); err != nil {
		t.Fatal(err)
	}
	all := store.AllOrgs(context.Background())
	notice := f.client.AuditEvent.Query().Where(auditevent.Action("billing.price_announced")).OnlyX(all)
	if notice.Details["newAmount"].(float64) != 2*1600 || notice.Details["oldAmount"].(float64) != 2*1400 {
		t.Fatalf("the notice names the new amount: %v", notice.Details)
	}
	ov, _ = svc.Overview(ctx)
	if !ov.NextPriceAnnounced || ov.Price.Version != 1 || ov.NextRenewal.Subtotal.Amount != 2*1600 {
		t.Fatalf("announced: %+v", ov)
	}
	if q, err := svc.QuoteChange(ctx, billing.ChangeInput{Regular: &three}); err != nil || q.Lines[len(q.Lines)-1].UnitPrice.Amount != 1400 {
		t.Fatalf("until the renewal, quotes stay at the old price: %+v %v", q, err)
	}

	// The renewal charges the new price and moves the subscription to version 2.
	f.clk.Set(end)
	if err := svc.RunDue(context.Background(), orgID); err != nil {
		t.Fatal(err)
	}
	last := f.client.Payment.Query().Order(ent.Desc("id")).FirstX(all)
	if last.Amount != 2*1600 {
		t.Fatalf("the renewal charged %d; want %d", last.Amount, 2*1600)
	}
	ov, _ = svc.Overview(ctx)
	if ov.Price.Version != 2 || ov.NextPrice != nil || !ov.State.PeriodStart.Equal(end) {
		t.Fatalf("after the renewal: %+v next %+v", ov.Price, ov.NextPrice)
	}
	if q, err := svc.QuoteChange(ctx, billing.ChangeInput{Regular: &three}); err != nil || q.Lines[len(q.Lines)-1].UnitPrice.Amount != 1600 {
		t.Fatalf("after the renewal, quotes are at the new price: %+v %v", q, err)
	}
}

// A version that appears less than PriceNoticeLead before the renewal waits for the next one:
// nobody pays a new price without the notice.
func TestLatePriceChangeWaitsOneMoreRenewal_Issue18Item1(t *testing.T) {
	f := newFixture(t, nil)
	f.svc, _ = f.restart(t, billing.DefaultCatalogue())
	ctx, orgID := f.org(t, "Late", 1, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std, one := billing.PlanStandard, 1
	res, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std, Regular: &one}, "std")
	if err != nil {
		t.Fatal(err)
	}
	end := res.Overview.State.PeriodEnd
	f.clk.Set(end.Add(-billing.PriceNoticeLead / 2))
	svc, _ := f.restart(t, standardAt(1600))
	f.clk.Set(end)
	if err := svc.RunDue(context.Background(), orgID); err != nil {
		t.Fatal(err)
	}
	all := store.AllOrgs(context.Background())
	if last := f.client.Payment.Query().Order(ent.Desc("id")).FirstX(all); last.Amount != 1400 {
		t.Fatalf("a renewal without notice charged %d; want the old 1400", last.Amount)
	}
	due, _ := svc.Due(context.Background(), 10)
	ov, _ := svc.Overview(ctx)
	if ov.Price.Version != 1 || ov.NextPrice == nil || ov.NextPrice.Version != 2 || len(due) != 0 {
		t.Fatalf("still version 1, version 2 next: %+v %+v %+v", ov.Price, ov.NextPrice, due)
	}
}
