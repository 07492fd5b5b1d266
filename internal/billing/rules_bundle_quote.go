package billing

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// ---------------------------------------------------------------------------------------
// The bundle upgrade's quote (BU-5): the bundle's price for the chosen cycle, users and add-ons,
// and one credit line per member subscription for its unused, already-paid part.

// Products of bundle quote lines.
const (
	ProductBundle  Product = "BUNDLE"  // the bundle's per-user price
	ProductService Product = "SERVICE" // a credit for a member service's unused paid time
)

// BundlePrice is the bundle's catalogue price in one currency: per user for a whole period of
// each cycle, and each add-on's unit price per cycle.
type BundlePrice struct {
	Currency string
	PerUser  map[Cycle]int64
	AddOns   map[string]map[Cycle]int64
}

// BundleUpgrade is what the org chooses (BU-5).
type BundleUpgrade struct {
	Cycle  Cycle
	Users  int
	AddOns map[string]int
}

// Maximum users and add-on units of one bundle upgrade (inputs are bounded before pricing).
const (
	MaxBundleUsers      = 100_000
	MaxBundleAddOnUnits = 1_000_000
)

// BundleQuoteResult is an upgrade's price before anything is paid.
type BundleQuoteResult struct {
	Lines         []Line
	Subtotal      Money // charges − credits; negative when credits exceed the price
	CreditApplied Money // taken from the account balance
	TotalDue      Money // charged to the card; never negative
	NewBalance    Money // the balance once paid: a credit larger than the price lands here
	PeriodStart   time.Time
	PeriodEnd     time.Time
	// CreditedUntil is, per member credited, the instant up to which its paid time is now
	// credited: stored on payment so no later upgrade credits the same time again.
	CreditedUntil map[BundleService]time.Time
}

// QuoteBundleUpgrade prices the upgrade at now (BU-5). The bundle contract starts now for a
// whole period of the chosen cycle. Every member subscription still running is credited for
// its paid time from now (or from where an earlier upgrade stopped crediting it) to its end,
// prorated by seconds from what was actually paid and rounded half-up on its own line (SB-4).
// The account balance pays first; a net credit goes to the balance.
func QuoteBundleUpgrade(price BundlePrice, up BundleUpgrade, members []Member, balance int64, now time.Time) (*BundleQuoteResult, error) {
	if err := validateBundleUpgrade(price, up); err != nil {
		return nil, err
	}
	cur := price.Currency
	q := &BundleQuoteResult{PeriodStart: now, PeriodEnd: PeriodEnd(now, up.Cycle), CreditedUntil: map[BundleService]time.Time{}}
	full := seconds(q.PeriodStart, q.PeriodEnd)
	unit := price.PerUser[up.Cycle]
	q.Lines = append(q.Lines, Line{Kind: Charge, Product: ProductBundle, Code: "BUNDLE",
		Description: fmt.Sprintf("Suite bundle, %d users, %s", up.Users, strings.ToLower(string(up.Cycle))),
		Quantity:    up.Users, UnitPrice: Money{unit, cur}, Seconds: full, PeriodSeconds: full,
		Amount: Money{unit * int64(up.Users), cur}})
	codes := make([]string, 0, len(up.AddOns))
	for code, n := range up.AddOns {
		if n > 0 {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	for _, code := range codes {
		n, p := up.AddOns[code], price.AddOns[code][up.Cycle]
		q.Lines = append(q.Lines, Line{Kind: Charge, Product: ProductAddOn, Code: code,
			Description: fmt.Sprintf("%s × %d, %s", code, n, strings.ToLower(string(up.Cycle))),
			Quantity:    n, UnitPrice: Money{p, cur}, Seconds: full, PeriodSeconds: full, Amount: Money{p * int64(n), cur}})
	}

	ms := slices.Clone(members)
	slices.SortStableFunc(ms, func(a, b Member) int { return serviceRank(a.Service) - serviceRank(b.Service) })
	for _, m := range ms {
		from := latest(now, m.CreditedUntil, m.PeriodStart)
		if m.Ended || m.Paid.Amount <= 0 || !from.Before(m.PeriodEnd) {
			continue
		}
		if m.Paid.Currency != cur {
			return nil, apperr.New(apperr.Conflict, "%s is paid in %s, the bundle is priced in %s", m.Service, m.Paid.Currency, cur).
				With("reason", "CURRENCY_MISMATCH")
		}
		left, period := seconds(from, m.PeriodEnd), seconds(m.PeriodStart, m.PeriodEnd)
		amount := Prorate(m.Paid.Amount, left, period)
		q.CreditedUntil[m.Service] = m.PeriodEnd
		if amount == 0 {
			continue
		}
		q.Lines = append(q.Lines, Line{Kind: Credit, Product: ProductService, Code: string(m.Service),
			Description: fmt.Sprintf("Unused %s until %s", m.Service, m.PeriodEnd.UTC().Format("2006-01-02")),
			Quantity:    1, UnitPrice: m.Paid, Seconds: left, PeriodSeconds: period, Amount: Money{amount, cur}})
	}

	var sub int64
	for _, l := range q.Lines {
		sub += l.Signed()
	}
	q.Subtotal = Money{sub, cur}
	switch {
	case sub <= 0:
		q.TotalDue, q.CreditApplied, q.NewBalance = Money{0, cur}, Money{0, cur}, Money{balance - sub, cur}
	default:
		applied := min(balance, sub)
		q.CreditApplied, q.TotalDue, q.NewBalance = Money{applied, cur}, Money{sub - applied, cur}, Money{balance - applied, cur}
	}
	return q, nil
}

func validateBundleUpgrade(price BundlePrice, up BundleUpgrade) error {
	unit, ok := price.PerUser[up.Cycle]
	switch {
	case !ok || unit <= 0:
		return apperr.Invalid("cycle", "the bundle has no %s price in %s", up.Cycle, price.Currency)
	case up.Users < 1 || up.Users > MaxBundleUsers:
		return apperr.Invalid("users", "must be between 1 and %d", MaxBundleUsers)
	}
	for code, n := range up.AddOns {
		if _, ok := price.AddOns[code][up.Cycle]; !ok {
			return apperr.Invalid("addOns", "unknown add-on %q", code)
		}
		if n < 0 || n > MaxBundleAddOnUnits {
			return apperr.Invalid("addOns", "%s: must be between 0 and %d", code, MaxBundleAddOnUnits)
		}
	}
	return nil
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
