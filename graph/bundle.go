package graph

// The suite bundle's API (SPEC BU, graph/bundle.graphqls): conversions between the billing
// service's bundle types and the GraphQL models. The rules and the service are in
// internal/billing (rules_bundle*.go, bundle*.go).

import (
	"context"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/membersubscription"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
)

// viewerLang is the signed-in user's language among the catalogue's (en, ja, fr).
func viewerLang(ctx context.Context) string {
	if v := auth.FromContext(ctx); v != nil && len(v.Locale) >= 2 {
		switch l := strings.ToLower(v.Locale[:2]); l {
		case "ja", "fr":
			return l
		}
	}
	return "en"
}

// toMemberSubscription shows a member subscription as the ent row the GraphQL type binds to
// (the CRM's is the billing subscription seen the same way: never saved).
func toMemberSubscription(m *billing.MemberSub) *ent.MemberSubscription {
	if m == nil {
		return nil
	}
	return &ent.MemberSubscription{ID: m.ID, Service: membersubscription.Service(m.Service), SuperAdminID: m.SuperAdminID,
		Cycle: membersubscription.Cycle(m.Cycle), Users: m.Users, PeriodStart: m.PeriodStart, PeriodEnd: m.PeriodEnd,
		Paid: m.Paid.Amount, Currency: m.Paid.Currency, EndedAt: m.EndedAt, CreditedUntil: m.CreditedUntil}
}

// orgUsers loads the users named by ids in the viewer's org, by ID.
func orgUsers(ctx context.Context, c *ent.Client, ids []int) (map[int]*ent.User, error) {
	v := auth.FromContext(ctx)
	out := map[int]*ent.User{}
	if v == nil || len(ids) == 0 {
		return out, nil
	}
	us, err := c.User.Query().Where(user.OrgID(v.OrgID), user.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}

func toSuiteBundle(ctx context.Context, c *ent.Client, b *billing.SuiteBundle, cat *billing.Catalogue) (*model.SuiteBundle, error) {
	lang := viewerLang(ctx)
	out := &model.SuiteBundle{State: model.BundleState(b.State), TrialStartedAt: b.TrialStartedAt, TrialEndsAt: b.TrialEndsAt,
		DaysLeft: b.DaysLeft, CanExtend: b.CanExtend, ExtensionDays: b.ExtensionDays, CanStartTrial: b.CanStartTrial,
		Members: []*model.BundleMember{}, Blockers: []*model.BundleBlocker{}}
	for _, m := range b.Members {
		name := string(m.Service)
		if m.Entry != nil {
			name = m.Entry.LocalName(lang)
		}
		out.Members = append(out.Members, &model.BundleMember{Service: model.BundleService(m.Service), Name: name,
			HasFreeEdition: m.HasFreeEdition, Subscription: toMemberSubscription(m.Sub), Access: model.BundleAccess(m.Access)})
	}
	ids := make([]int, 0, len(b.Blockers))
	for _, bl := range b.Blockers {
		ids = append(ids, bl.SuperAdminID)
	}
	users, err := orgUsers(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	for _, bl := range b.Blockers {
		if u := users[bl.SuperAdminID]; u != nil {
			out.Blockers = append(out.Blockers, &model.BundleBlocker{Service: model.BundleService(bl.Service), SuperAdmin: u})
		}
	}
	if k := b.Contract; k != nil {
		out.Contract = &model.BundleContract{ID: k.ID, Cycle: model.BillingCycle(k.Cycle), Users: k.Users, AddOns: k.AddOns,
			StartedAt: k.StartedAt, PeriodEnd: k.PeriodEnd, Price: toMoney(k.Price)}
	}
	return out, nil
}

func toBundleQuote(q *billing.BundleQuote, cat *billing.Catalogue) *model.BundleQuote {
	out := &model.BundleQuote{Token: q.Token, ExpiresAt: q.ExpiresAt, TotalDue: toMoney(q.TotalDue), Lines: []*model.BundleQuoteLine{},
		ToBalance: toMoney(billing.Money{Amount: max(-q.Subtotal.Amount, 0), Currency: q.Subtotal.Currency})}
	for _, l := range q.Lines {
		ml := &model.BundleQuoteLine{Description: l.Description, Amount: toMoney(billing.Money{Amount: l.Signed(), Currency: l.Amount.Currency})}
		switch {
		case l.Product == billing.ProductService:
			ml.Kind = model.BundleQuoteLineKindCredit
			svc := model.BundleService(l.Code)
			ml.Service = &svc
			from := q.QuotedAt
			if l.PeriodSeconds > 0 {
				to := q.CreditedUntil[billing.BundleService(l.Code)]
				from = to.Add(-time.Duration(l.Seconds) * time.Second)
				ml.From, ml.To = &from, &to
			}
		case l.Product == billing.ProductAddOn:
			ml.Kind = model.BundleQuoteLineKindAddOn
		default:
			ml.Kind = model.BundleQuoteLineKindBundle
		}
		out.Lines = append(out.Lines, ml)
	}
	if q.CreditApplied.Amount > 0 {
		out.Lines = append(out.Lines, &model.BundleQuoteLine{Kind: model.BundleQuoteLineKindBalance,
			Description: "Account balance applied", Amount: toMoney(billing.Money{Amount: -q.CreditApplied.Amount, Currency: q.CreditApplied.Currency})})
	}
	return out
}

func toUpgradeInput(in model.BundleUpgradeInput) billing.BundleUpgradeInput {
	return billing.BundleUpgradeInput{Cycle: billing.Cycle(in.Cycle), Users: in.Users, AddOns: in.AddOns}
}
