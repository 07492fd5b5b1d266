package billing

// The suite bundle's part of the catalogue (BU-1, BU-3, BU-4, BU-5; issue 14 §2): the member
// services with their per-user prices and free edition, and the bundle with its price, trial,
// extension and add-ons. Data, like the plans: catalogue.json's "services" and "bundle", seeded
// into CataloguePlan rows (product = the service's code, or BUNDLE) with versioned PlanPrice
// rows (SeedCatalogue). A catalogue without them (an older CRM_PLAN_CATALOGUE) has no bundle.

import (
	"fmt"
	"slices"
	"strings"
)

// ServiceEntry is one member service of the suite in the catalogue. CRM is listed for its
// names only: its prices are the plans'.
type ServiceEntry struct {
	Code           BundleService     `json:"code"`
	Names          map[string]string `json:"names"`
	HasFreeEdition bool              `json:"hasFreeEdition"`
	// Prices per currency: per user per month, billed monthly (Monthly) or yearly, 12 × up
	// front (Yearly), in minor units.
	Prices map[string]CyclePrice `json:"prices,omitempty"`
}

// CyclePrice is a per-month price under each cycle (yearly: 12 × it, billed up front).
type CyclePrice struct {
	Monthly int64 `json:"monthly"`
	Yearly  int64 `json:"yearly"`
}

// of is the per-month price under cycle.
func (p CyclePrice) of(c Cycle) int64 {
	if c == Yearly {
		return p.Yearly
	}
	return p.Monthly
}

// BundleEntry is the suite bundle in the catalogue.
type BundleEntry struct {
	Code          string                `json:"code"` // BUNDLE
	Names         map[string]string     `json:"names"`
	TrialDays     int                   `json:"trialDays"`
	ExtensionDays int                   `json:"extensionDays"`
	NoticeDays    []int                 `json:"noticeDays"`
	Prices        map[string]CyclePrice `json:"prices"` // per user per month
	AddOns        []BundleAddOn         `json:"addOns"`
}

// BundleAddOn is an add-on of the bundle contract (BU-5): one unit per contract, priced per
// month under each cycle.
type BundleAddOn struct {
	Code   string                `json:"code"`
	Names  map[string]string     `json:"names"`
	Prices map[string]CyclePrice `json:"prices"`
}

// Service returns the catalogue's member service code, or nil.
func (c *Catalogue) Service(code BundleService) *ServiceEntry {
	for i := range c.Services {
		if c.Services[i].Code == code {
			return &c.Services[i]
		}
	}
	return nil
}

// LocalName is the service's name in lang, or its English one, or its code.
func (e *ServiceEntry) LocalName(lang string) string { return localName(e.Names, lang, string(e.Code)) }

// LocalName is the bundle's name in lang.
func (b *BundleEntry) LocalName(lang string) string { return localName(b.Names, lang, b.Code) }

// LocalName is the add-on's name in lang.
func (a *BundleAddOn) LocalName(lang string) string { return localName(a.Names, lang, a.Code) }

func localName(names map[string]string, lang, fallback string) string {
	if n := names[lang]; n != "" {
		return n
	}
	if n := names["en"]; n != "" {
		return n
	}
	return fallback
}

// Policy is the bundle's trial policy (BU-3, BU-4).
func (b *BundleEntry) Policy() BundlePolicy {
	return BundlePolicy{TrialDays: b.TrialDays, ExtensionDays: b.ExtensionDays, NoticeDays: slices.Clone(b.NoticeDays)}
}

// BundlePriceIn is the bundle's current price in currency for QuoteBundleUpgrade: per user and
// per add-on for a whole period of each cycle (a year is 12 × the yearly per-month price), from
// the current price versions (SetCurrent) or the catalogue's own prices.
func (c *Catalogue) BundlePriceIn(currency string) (BundlePrice, bool) {
	if c.Bundle == nil {
		return BundlePrice{}, false
	}
	out := BundlePrice{Currency: currency, PerUser: map[Cycle]int64{}, AddOns: map[string]map[Cycle]int64{}}
	for _, cy := range []Cycle{Monthly, Yearly} {
		pv := c.CurrentPrice(c.Bundle.Code, cy, currency)
		if pv.Regular <= 0 {
			return BundlePrice{}, false
		}
		out.PerUser[cy] = pv.Regular * cy.Months()
		for _, a := range c.Bundle.AddOns {
			if out.AddOns[a.Code] == nil {
				out.AddOns[a.Code] = map[Cycle]int64{}
			}
			if v, ok := pv.AddOns[a.Code]; ok && v > 0 {
				out.AddOns[a.Code][cy] = v * cy.Months()
			}
		}
	}
	return out, true
}

// MemberPrice is the current price version of a member service per user per month in cycle
// and currency (ID 0 before seeding).
func (c *Catalogue) MemberPrice(svc BundleService, cycle Cycle, currency string) (PriceVersion, bool) {
	pv := c.CurrentPrice(string(svc), cycle, currency)
	return pv, pv.Regular > 0
}

// productPrices are the per-month prices by currency of a product code that is not a CRM plan:
// a member service, the bundle (its add-ons in addOns), or nothing.
func (c *Catalogue) productPrices(code string) (prices map[string]CyclePrice, addOns []BundleAddOn, ok bool) {
	if c.Bundle != nil && c.Bundle.Code == code {
		return c.Bundle.Prices, c.Bundle.AddOns, true
	}
	if e := c.Service(BundleService(code)); e != nil && e.Code != ServiceCRM {
		return e.Prices, nil, true
	}
	return nil, nil, false
}

// validateBundle returns every problem of the catalogue's services and bundle.
func (c *Catalogue) validateBundle() []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	prices := func(where string, m map[string]CyclePrice) {
		for _, cur := range c.Currencies {
			pr, ok := m[cur]
			switch {
			case !ok:
				add("%s: prices.%s: missing", where, cur)
			case pr.Monthly <= 0 || pr.Yearly <= 0:
				add("%s: prices.%s: must be above 0", where, cur)
			case pr.Yearly > pr.Monthly:
				add("%s: prices.%s: the yearly price per month must not exceed the monthly price", where, cur)
			}
		}
		for cur := range m {
			if !slices.Contains(c.Currencies, cur) {
				add("%s: prices.%s: currency not in the currencies list", where, cur)
			}
		}
	}
	names := func(where string, m map[string]string) {
		for _, lang := range PlanLanguages {
			if n := strings.TrimSpace(m[lang]); n == "" || len(n) > 120 {
				add("%s: names.%s: a name of 1-120 bytes", where, lang)
			}
		}
	}
	seen := map[BundleService]bool{}
	for _, e := range c.Services {
		where := fmt.Sprintf("services[%s]", e.Code)
		if !slices.Contains(BundleServices, e.Code) {
			add("%s: not a service of the suite (%v)", where, BundleServices)
		}
		if seen[e.Code] {
			add("%s: listed twice", where)
		}
		seen[e.Code] = true
		if c.Plan(string(e.Code)) != nil {
			add("%s: the code is a plan's", where)
		}
		names(where, e.Names)
		if e.Code == ServiceCRM {
			if len(e.Prices) > 0 {
				add("%s: the CRM is priced by its plans, not here", where)
			}
			continue
		}
		prices(where, e.Prices)
	}
	if c.Bundle == nil {
		return p
	}
	b := c.Bundle
	if len(c.Services) > 0 {
		for _, s := range BundleServices {
			if !seen[s] {
				add("services: %s is missing", s)
			}
		}
	}
	if b.Code == "" || !codeRE.MatchString(b.Code) || c.Plan(b.Code) != nil || seen[BundleService(b.Code)] {
		add("bundle: code must be upper-case letters, digits and _, and not a plan's or a service's")
	}
	names("bundle", b.Names)
	if b.TrialDays < 1 || b.TrialDays > 365 || b.ExtensionDays < 0 || b.ExtensionDays > 365 {
		add("bundle: trialDays 1-365, extensionDays 0-365")
	}
	for i, d := range b.NoticeDays {
		if d < 1 || d > 60 || (i > 0 && d >= b.NoticeDays[i-1]) {
			add("bundle: noticeDays must be 1-60 days, decreasing")
		}
	}
	prices("bundle", b.Prices)
	codes := map[string]bool{}
	for _, a := range b.AddOns {
		where := fmt.Sprintf("bundle.addOns[%s]", a.Code)
		if !codeRE.MatchString(a.Code) || codes[a.Code] {
			add("%s: code must be upper-case letters, digits and _, used once", where)
		}
		codes[a.Code] = true
		names(where, a.Names)
		prices(where, a.Prices)
	}
	return p
}

// productPlans are the member services (CRM excepted) and the bundle as plan rows for
// SeedCatalogue: product = code, per-user prices versioned like the plans'.
func (c *Catalogue) productPlans() []Plan {
	var out []Plan
	for _, e := range c.Services {
		if e.Code != ServiceCRM {
			out = append(out, Plan{Code: string(e.Code), Name: e.LocalName("en"), Names: e.Names, Product: string(e.Code)})
		}
	}
	if c.Bundle != nil {
		out = append(out, Plan{Code: c.Bundle.Code, Name: c.Bundle.LocalName("en"), Names: c.Bundle.Names, Product: c.Bundle.Code})
	}
	return out
}
