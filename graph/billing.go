package graph

// Shapes the billing service's answers for the API (graph/billing.graphqls).

import (
	"errors"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/kind/receipt"
)

func toMoney(m billing.Money) *model.Money {
	return &model.Money{Amount: int(m.Amount), Currency: m.Currency, Formatted: billing.Format(m)}
}

func toPlan(p *billing.Plan, currency string, cat *billing.Catalogue) *model.Plan {
	price := func(c billing.Cycle, k billing.LicenseKind) *model.Money {
		m, _ := p.UserPrice(c, k, currency)
		m.Currency = currency
		return toMoney(m)
	}
	return &model.Plan{Code: p.Code, Name: p.Name, Rank: p.Rank, MaxUsers: p.MaxUsers, RecordLimit: p.RecordLimit,
		StorageGb: p.StorageGB, FreeBackupsPerMonth: p.FreeBackupsPerMonth, Features: append([]string{}, p.Features...),
		MonthlyPrice: price(billing.Monthly, billing.Regular), YearlyPrice: price(billing.Yearly, billing.Regular),
		TeamMonthlyPrice: price(billing.Monthly, billing.Team), TeamYearlyPrice: price(billing.Yearly, billing.Team),
		Product: p.ProductCode(), Names: &model.PlanNames{En: p.LocalName("en"), Ja: p.LocalName("ja"), Fr: p.LocalName("fr")},
		CurrentPrices: planPrices(p, currency, cat)}
}

func toAddOn(a *billing.AddOn, currency string) *model.AddOn {
	m, _ := a.UnitPrice(currency)
	m.Currency = currency
	return &model.AddOn{Code: a.Code, Name: a.Name, Kind: string(a.Kind), Unit: a.Unit, MaxQuantity: a.MaxQuantity,
		PaidPlansOnly: a.PaidPlansOnly, Price: toMoney(m)}
}

func toAddOnQuantities(m map[string]int, cat *billing.Catalogue) []*model.AddOnQuantity {
	out := []*model.AddOnQuantity{}
	for _, a := range cat.AddOns { // catalogue order
		if n := m[a.Code]; n > 0 {
			out = append(out, &model.AddOnQuantity{Code: a.Code, Quantity: n})
		}
	}
	return out
}

func toOverview(ov *billing.Overview, cat *billing.Catalogue) *model.SubscriptionOverview {
	st := ov.State
	out := &model.SubscriptionOverview{
		Plan: toPlan(ov.Plan, st.Currency, cat), EffectivePlan: toPlan(ov.EffectivePlan, st.Currency, cat),
		Price: toPriceVersion(ov.Price, cat), NextPriceAnnounced: ov.NextPriceAnnounced,
		Status: model.SubscriptionStatus(st.Status), Cycle: model.BillingCycle(st.Cycle), Currency: st.Currency,
		PeriodStart: st.PeriodStart, PeriodEnd: st.PeriodEnd, NextRenewalAt: ov.NextRenewalAt,
		Balance: toMoney(billing.Money{Amount: st.Balance, Currency: st.Currency}),
		AddOns:  toAddOnQuantities(st.AddOns, cat), BackupUnits: ov.BackupUnits,
		TriedPlans: append([]string{}, ov.TriedPlans...), GraceEndsAt: ov.GraceEndsAt, RetriesDone: st.RetriesDone,
		DowngradeAt: ov.DowngradeAt, Records: ov.Records,
	}
	if out.Cycle == "" {
		out.Cycle = model.BillingCycleMonthly
	}
	if ov.NextPrice != nil {
		out.NextPrice = toPriceVersion(*ov.NextPrice, cat)
	}
	if ov.NextRenewal != nil {
		out.NextRenewalAmount = toMoney(ov.NextRenewal.Subtotal)
	}
	for _, l := range ov.Licenses {
		out.Licenses = append(out.Licenses, &model.LicenseUsage{Kind: user.LicenseKind(l.Kind), Purchased: l.Purchased,
			Held: l.Held, Active: l.Active, Free: l.Purchased - l.Held})
	}
	if st.Trial != nil {
		out.Trial = &model.Trial{Plan: st.Trial.Plan, StartedAt: st.Trial.StartedAt, EndsAt: st.Trial.EndsAt}
	}
	if ov.LastFailure != "" {
		out.LastFailure = &ov.LastFailure
	}
	if !st.LockedAt.IsZero() {
		t := st.LockedAt
		out.LockedAt = &t
	}
	if ov.Card != nil {
		out.Card = toCard(ov.Card)
	}
	return out
}

func toCard(c *billing.Card) *model.CardOnFile {
	return &model.CardOnFile{Brand: string(c.Brand), Last4: c.Last4, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear, AddedAt: c.AddedAt}
}

func toQuote(q *billing.QuoteResult, cat *billing.Catalogue) *model.Quote {
	lines := billing.ReceiptLines(q.Lines)
	out := &model.Quote{Lines: make([]*receipt.Line, len(lines)),
		Subtotal: toMoney(q.Subtotal), CreditApplied: toMoney(q.CreditApplied), TotalDue: toMoney(q.TotalDue),
		NewBalance: toMoney(q.NewBalance), Plan: q.Next.Plan, Cycle: model.BillingCycle(q.Next.Cycle),
		RegularLicenses: q.Next.Regular, TeamLicenses: q.Next.Team, AddOns: toAddOnQuantities(q.Next.AddOns, cat),
		PeriodStart: q.Next.PeriodStart, PeriodEnd: q.Next.PeriodEnd, QuotedAt: q.QuotedAt}
	if q.Token != "" {
		token, until := q.Token, q.QuotedAt.Add(billing.QuoteValidity)
		out.Token, out.ValidUntil = &token, &until
	}
	for i := range lines {
		out.Lines[i] = &lines[i]
		if l := q.Lines[i]; l.Code == billing.AddOnBackupUnit && l.Kind == billing.Charge {
			out.BackupUnits += l.Quantity
		}
	}
	if out.Cycle == "" {
		out.Cycle = model.BillingCycleMonthly
	}
	return out
}

func toResult(r *billing.Result, cat *billing.Catalogue) *model.BillingResult {
	return &model.BillingResult{Subscription: toOverview(r.Overview, cat), Quote: toQuote(r.Quote, cat), Payment: r.Payment}
}

func toChangeInput(in model.SubscriptionChangeInput) billing.ChangeInput {
	out := billing.ChangeInput{Plan: in.Plan, Regular: in.RegularLicenses, Team: in.TeamLicenses}
	if in.Cycle != nil {
		c := billing.Cycle(*in.Cycle)
		out.Cycle = &c
	}
	if len(in.AddOns) > 0 {
		out.AddOns = map[string]int{}
		for _, a := range in.AddOns {
			out.AddOns[a.Code] = a.Quantity
		}
	}
	if in.BackupUnits != nil {
		out.BackupUnits = *in.BackupUnits
	}
	return out
}

// staleQuote gives a refused quote's CONFLICT the new quote in the API's shape
// (extensions.quote, as quoteChange answers it); other errors are returned as they are.
func staleQuote(err error, cat *billing.Catalogue) error {
	var sq *billing.StaleQuoteError
	if !errors.As(err, &sq) {
		return err
	}
	return sq.Err.With("quote", toQuote(sq.Fresh, cat))
}
