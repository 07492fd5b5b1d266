package billing

import (
	"time"
)

// ---------------------------------------------------------------------------------------
// Price versions (issue 18): a subscription pays one version of its plan's price until its
// renewal; a newer version is announced PriceNoticeLead before the renewal that moves to it.

// PriceNoticeLead is how long before a renewal the org's admins are told that it moves to a
// new price version, with the new amount. A version that appears later than that (less than
// PriceNoticeLead before the renewal) waits for the renewal after: nobody pays a new price
// without that much notice.
const PriceNoticeLead = 7 * 24 * time.Hour

// ActionPriceNotice announces the current price version before the renewal that moves to it.
const ActionPriceNotice Action = "PRICE_NOTICE"

// PriceVersion is one version of a plan's price in one cycle and currency (a PlanPrice row):
// per-user amounts and add-on prices, per month, in minor units. ID 0 is a version the
// database does not hold (the catalogue's own prices in pure tests).
type PriceVersion struct {
	ID       int
	Version  int
	Plan     string
	Cycle    Cycle
	Currency string
	Regular  int64            // per regular user per month
	Team     int64            // per team user per month
	AddOns   map[string]int64 // add-on code → per unit per month (RECURRING) or per unit (ONE_TIME)
	// ActiveFrom is when the version became current.
	ActiveFrom time.Time
}

// matches reports whether p prices plan in cycle and currency.
func (p *PriceVersion) matches(plan string, cycle Cycle, currency string) bool {
	return p != nil && p.Plan == plan && p.Cycle == cycle && p.Currency == currency
}

// userPrice is one licence of kind per month.
func (p PriceVersion) userPrice(kind LicenseKind) int64 {
	if kind == Team {
		return p.Team
	}
	return p.Regular
}

// priceKey names a plan's price in one cycle and currency.
type priceKey struct {
	plan, currency string
	cycle          Cycle
}

// priceCycle is the cycle a plan is priced in: FREE bills nothing and is always MONTHLY.
func priceCycle(plan string, cycle Cycle) Cycle {
	if plan == PlanFree || cycle == "" {
		return Monthly
	}
	return cycle
}

// CurrentPrice is the current version of plan's price in cycle and currency: the stored
// version when the catalogue was seeded into the database (SetCurrent), else the catalogue's
// own prices with ID 0. The catalogue's prices are always the current version's amounts.
func (c *Catalogue) CurrentPrice(plan string, cycle Cycle, currency string) PriceVersion {
	cycle = priceCycle(plan, cycle)
	if pv, ok := c.current[priceKey{plan, currency, cycle}]; ok {
		return pv
	}
	pv := PriceVersion{Plan: plan, Cycle: cycle, Currency: currency, AddOns: map[string]int64{}}
	if pl := c.Plan(plan); pl != nil {
		r, _ := pl.UserPrice(cycle, Regular, currency)
		t, _ := pl.UserPrice(cycle, Team, currency)
		pv.Regular, pv.Team = r.Amount, t.Amount
	} else if prices, addOns, ok := c.productPrices(plan); ok {
		// A member service or the bundle (catalogue_bundle.go): per user; the bundle's add-ons.
		pv.Regular = prices[currency].of(cycle)
		pv.Team = pv.Regular
		for _, a := range addOns {
			if v := a.Prices[currency].of(cycle); v > 0 {
				pv.AddOns[a.Code] = v
			}
		}
		return pv
	}
	for _, a := range c.AddOns {
		if v, ok := a.Prices[currency]; ok {
			pv.AddOns[a.Code] = v
		}
	}
	return pv
}

// SetCurrent records the stored current versions (the seeder's result).
func (c *Catalogue) SetCurrent(versions []PriceVersion) {
	c.current = make(map[priceKey]PriceVersion, len(versions))
	for _, pv := range versions {
		c.current[priceKey{pv.Plan, pv.Currency, pv.Cycle}] = pv
	}
}

// PaidPrice is the version s pays now: its own while it prices s's plan, cycle and currency,
// otherwise (no version recorded yet, or the plan changed without one) the current one.
func PaidPrice(cat *Catalogue, s State) PriceVersion {
	cycle := priceCycle(s.Plan, s.Cycle)
	if s.Price.matches(s.Plan, cycle, s.Currency) {
		return *s.Price
	}
	return cat.CurrentPrice(s.Plan, cycle, s.Currency)
}

// RenewalPrice is the version s's next renewal pays: the one announced to it (NextPrice),
// else the one it pays now.
func RenewalPrice(cat *Catalogue, s State) PriceVersion {
	if s.NextPrice.matches(s.Plan, priceCycle(s.Plan, s.Cycle), s.Currency) {
		return *s.NextPrice
	}
	return PaidPrice(cat, s)
}

// PriceNoticeStep turns the worker's next step (a, at) of s into the announcement of a newer
// price version when one is due first: s renews next (RENEW at at), pays an older stored
// version than current, has had nothing announced, and at least PriceNoticeLead is left
// before the renewal at now. The announcement is due PriceNoticeLead before the renewal.
func PriceNoticeStep(s State, current PriceVersion, a Action, at, now time.Time) (Action, time.Time) {
	if a != ActionRenew || s.NextPrice != nil || s.Price == nil || s.Price.ID == 0 || current.ID == 0 ||
		current.ID == s.Price.ID || !s.Price.matches(current.Plan, current.Cycle, current.Currency) {
		return a, at
	}
	noticeAt := at.Add(-PriceNoticeLead)
	if now.After(noticeAt) {
		return a, at // too late for this renewal: announced after it, for the next one
	}
	return ActionPriceNotice, noticeAt
}

func samePrice(a, b *PriceVersion) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.Regular == b.Regular && a.Team == b.Team
}
