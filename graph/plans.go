package graph

// Shapes plans' price versions and licence seats for the API (graph/plans.graphqls, issue 18).

import (
	"context"
	"strconv"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/auditevent"
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/billing"
)

// licenseHistoryLimit bounds a seat's history in one answer.
const licenseHistoryLimit = 100

func toPriceVersion(pv billing.PriceVersion, cat *billing.Catalogue) *model.PriceVersion {
	money := func(v int64) *model.Money { return toMoney(billing.Money{Amount: v, Currency: pv.Currency}) }
	out := &model.PriceVersion{Version: pv.Version, Plan: pv.Plan, Cycle: model.BillingCycle(pv.Cycle), Currency: pv.Currency,
		RegularPrice: money(pv.Regular), TeamPrice: money(pv.Team), ActiveFrom: pv.ActiveFrom, AddOnPrices: []*model.AddOnPrice{}}
	for _, a := range cat.AddOns { // catalogue order
		if v, ok := pv.AddOns[a.Code]; ok {
			out.AddOnPrices = append(out.AddOnPrices, &model.AddOnPrice{Code: a.Code, Price: money(v)})
		}
	}
	return out
}

// planPrices are the current versions of p in currency: MONTHLY, then YEARLY for paid plans.
func planPrices(p *billing.Plan, currency string, cat *billing.Catalogue) []*model.PriceVersion {
	cycles := []billing.Cycle{billing.Monthly, billing.Yearly}
	if !p.Paid() {
		cycles = cycles[:1]
	}
	out := make([]*model.PriceVersion, len(cycles))
	for i, c := range cycles {
		out[i] = toPriceVersion(cat.CurrentPrice(p.Code, c, currency), cat)
	}
	return out
}

// licenseHistory reads a seat's assignments and releases from the audit log, oldest first.
func licenseHistory(ctx context.Context, c *ent.Client, id int) ([]*model.LicenseHistoryEntry, error) {
	evs, err := c.AuditEvent.Query().
		Where(auditevent.TargetType("License"), auditevent.TargetID(strconv.Itoa(id))).
		Order(ent.Desc(auditevent.FieldCreatedAt), ent.Desc(auditevent.FieldID)).Limit(licenseHistoryLimit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*model.LicenseHistoryEntry, 0, len(evs))
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		h := &model.LicenseHistoryEntry{At: e.CreatedAt, Action: e.Action}
		h.Name, _ = e.Details["name"].(string)
		h.Email, _ = e.Details["email"].(string)
		if uid, ok := e.Details["userId"].(float64); ok { // JSON numbers
			id := int(uid)
			h.UserID = &id
		} else if uid, ok := e.Details["userId"].(int); ok {
			h.UserID = &uid
		}
		out = append(out, h)
	}
	return out, nil
}
