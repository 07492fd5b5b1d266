package billing

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Quote prices changing cur into ch at now (SB-3, SB-4, SB-5).
//
// Within the current period (same cycle, paid plan to paid plan) each recurring item is
// prorated by the remaining whole seconds of the period and the period end stays: every item
// whose price or quantity changes — plan, regular or team licenses, add-ons, any mix — gets a
// credit line for the unused part of the old item and a charge line for the remaining part of
// the new one (10 → 15 licenses: a credit for 10 and a charge for 15, see diffLines); an item
// unchanged in price and quantity gets no line.
//
// A new period starts now — the unused part of the old one credited, the full new one
// charged — when the billing cycle changes, when the current period is over (a renewal due,
// or PAST_DUE/LOCKED), when buying a paid plan from FREE, and when switching to FREE (the paid
// period ends now; nothing is charged and the credit goes to the balance).
//
// Each line is rounded half-up to the minor unit on its own (RoundHalfUp). The balance pays
// first; a net credit is added to it. Invalid changes are VALIDATION errors naming the field.
// CheckLicenseReduction must be checked too: Quote does not know how many users hold licenses.
func Quote(cat *Catalogue, cur State, ch Change, now time.Time) (*QuoteResult, error) {
	oldPlan, err := currentPlan(cat, cur)
	if err != nil {
		return nil, err
	}
	newPlan, ch, err := validateChange(cat, ch)
	if err != nil {
		return nil, err
	}
	left, period := remainingSeconds(cur, now)
	fresh := ch.Cycle != cur.Cycle || left == 0 || oldPlan.Paid() != newPlan.Paid()
	if !fresh && ch.BackupUnits == 0 && sameTarget(cur, ch) {
		return nil, apperr.New(apperr.Validation, "nothing to change: the subscription is already %s", describeTarget(newPlan, ch))
	}

	// Prices (issue 18): the old items at the version paid; the new ones at the same version
	// while the plan and cycle stay within the period, at the version the renewal pays when a
	// new period of the same plan and cycle starts, else at the current version.
	oldPrice, newPrice := PaidPrice(cat, cur), cat.CurrentPrice(ch.Plan, ch.Cycle, cur.Currency)
	samePlan := ch.Plan == cur.Plan && priceCycle(ch.Plan, ch.Cycle) == priceCycle(cur.Plan, cur.Cycle)
	switch {
	case samePlan && !fresh:
		newPrice = oldPrice
	case samePlan && left == 0:
		newPrice = RenewalPrice(cat, cur)
	}
	oldItems := itemsOf(cat, oldPlan, cur.Cycle, cur.Regular, cur.Team, cur.AddOns, oldPrice)
	newItems := itemsOf(cat, newPlan, ch.Cycle, ch.Regular, ch.Team, ch.AddOns, newPrice)

	next := cur.Clone()
	next.Plan, next.Cycle, next.Regular, next.Team = ch.Plan, ch.Cycle, ch.Regular, ch.Team
	next.AddOns = nonZero(ch.AddOns)
	next.Price = &newPrice
	if !samePlan || fresh {
		next.NextPrice = nil
	}

	var lines []Line
	if fresh {
		next.PeriodStart, next.PeriodEnd = now, PeriodEnd(now, ch.Cycle)
		full := seconds(next.PeriodStart, next.PeriodEnd)
		for _, it := range oldItems {
			lines = appendLine(lines, Credit, "Unused", it, it.qty, left, period, cur.Cycle)
		}
		for _, it := range newItems {
			lines = appendLine(lines, Charge, "", it, it.qty, full, full, ch.Cycle)
		}
	} else {
		lines = diffLines(oldItems, newItems, left, period, cur.Cycle)
	}
	lines = appendBackupUnits(lines, cat, ch.BackupUnits, cur.Currency)

	keepTrial := ch.Plan == cur.Plan && cur.Status == StatusTrialing && cur.Trial != nil && now.Before(cur.Trial.EndsAt)
	paidUp(&next, keepTrial)
	q := settle(cur, next, lines)
	q.QuotedAt = now
	return q, nil
}

// RenewalQuote prices the next period of s at the current catalogue prices (SB-11): due once
// now ≥ PeriodEnd. The new period follows the old one without a gap — PAST_DUE grace is fully
// usable, so it is paid for — except when LOCKED or when the old period ended more than a
// whole period ago: then it starts now. A trial still running carries over.
func RenewalQuote(cat *Catalogue, s State, now time.Time) (*QuoteResult, error) {
	plan, err := currentPlan(cat, s)
	if err != nil {
		return nil, err
	}
	if now.Before(s.PeriodEnd) {
		return nil, apperr.New(apperr.Conflict, "the renewal is not due before %s", s.PeriodEnd.Format(time.RFC3339))
	}
	next := s.Clone()
	next.PeriodStart = s.PeriodEnd
	if s.Status == StatusLocked || s.PeriodEnd.IsZero() || !PeriodEnd(s.PeriodEnd, s.Cycle).After(now) {
		next.PeriodStart = now
	}
	next.PeriodEnd = PeriodEnd(next.PeriodStart, s.Cycle)
	full := seconds(next.PeriodStart, next.PeriodEnd)

	price := RenewalPrice(cat, s) // the version announced, else the one paid (issue 18)
	next.Price, next.NextPrice = &price, nil

	var lines []Line
	for _, it := range itemsOf(cat, plan, s.Cycle, s.Regular, s.Team, s.AddOns, price) {
		lines = appendLine(lines, Charge, "Renewal:", it, it.qty, full, full, s.Cycle)
	}
	keepTrial := s.Status == StatusTrialing && s.Trial != nil && now.Before(s.Trial.EndsAt)
	paidUp(&next, keepTrial)
	q := settle(s, next, lines)
	q.QuotedAt = now
	return q, nil
}

// OnPaymentSucceeded returns the subscription once q's TotalDue is paid (SB-3, SB-12: paying
// unlocks). It refuses with CONFLICT when cur is no longer the state q was made from, so a
// stale quote is never applied. A failed payment changes nothing (SB-3): just keep cur.
func OnPaymentSucceeded(cur State, q *QuoteResult) (State, error) {
	if q == nil {
		return cur, apperr.New(apperr.Internal, "billing: no quote to apply")
	}
	if !sameState(cur, q.From) {
		return cur, apperr.New(apperr.Conflict, "the subscription changed since this quote was made; ask for a new quote")
	}
	return q.Next.Clone(), nil
}

// currentPlan checks the stored state against the catalogue. A FREE state may leave its
// cycle empty (it bills nothing); a paid one may not.
func currentPlan(cat *Catalogue, s State) (*Plan, error) {
	if cat == nil {
		return nil, apperr.New(apperr.Internal, "billing: no plan catalogue")
	}
	plan := cat.Plan(s.Plan)
	if plan == nil {
		return nil, apperr.New(apperr.Internal, "billing: the current plan %q is not in the catalogue", s.Plan)
	}
	if !cat.HasCurrency(s.Currency) {
		return nil, apperr.Invalid("currency", "prices are not available in %q; the catalogue has %s",
			s.Currency, strings.Join(cat.Currencies, ", "))
	}
	if s.Balance < 0 {
		return nil, apperr.New(apperr.Internal, "billing: negative account balance %d", s.Balance)
	}
	if plan.Paid() && !s.Cycle.Valid() {
		return nil, apperr.New(apperr.Internal, "billing: unknown billing cycle %q", s.Cycle)
	}
	return plan, nil
}

// validateChange refuses what no plan allows (SB-3) and normalises FREE's cycle.
func validateChange(cat *Catalogue, ch Change) (*Plan, Change, error) {
	plan := cat.Plan(ch.Plan)
	if plan == nil {
		return nil, ch, apperr.Invalid("plan", "unknown plan %q; choose one of %s", ch.Plan, strings.Join(planCodes(cat), ", "))
	}
	if !plan.Paid() {
		ch.Cycle = Monthly // FREE bills nothing; its period only marks the month
	}
	if !ch.Cycle.Valid() {
		return nil, ch, apperr.Invalid("cycle", "billing cycle must be %s or %s", Monthly, Yearly)
	}
	switch {
	case ch.Regular < 1:
		return nil, ch, apperr.Invalid("regularLicenses", "at least 1 regular user license is needed (the super admin holds one)")
	case ch.Regular > maxQuantity:
		return nil, ch, apperr.Invalid("regularLicenses", "at most %d licenses can be bought", maxQuantity)
	case ch.Team < 0:
		return nil, ch, apperr.Invalid("teamLicenses", "team user licenses must not be negative")
	case ch.Team > maxQuantity:
		return nil, ch, apperr.Invalid("teamLicenses", "at most %d licenses can be bought", maxQuantity)
	case plan.MaxUsers > 0 && ch.Regular+ch.Team > plan.MaxUsers:
		return nil, ch, apperr.Invalid("regularLicenses", "the %s plan allows at most %d users; %d requested (%d regular + %d team)",
			plan.Name, plan.MaxUsers, ch.Regular+ch.Team, ch.Regular, ch.Team)
	case ch.BackupUnits < 0 || ch.BackupUnits > maxQuantity:
		return nil, ch, apperr.Invalid("backupUnits", "backup units must be between 0 and %d", maxQuantity)
	}
	for _, code := range slices.Sorted(maps.Keys(ch.AddOns)) {
		if err := validateAddOn(cat, plan, code, ch.AddOns[code]); err != nil {
			return nil, ch, err
		}
	}
	return plan, ch, nil
}

func validateAddOn(cat *Catalogue, plan *Plan, code string, qty int) error {
	a := cat.AddOn(code)
	switch {
	case a == nil:
		return apperr.Invalid("addOns", "unknown add-on %q", code)
	case a.Kind != Recurring:
		return apperr.Invalid("addOns", "%s is a one-time purchase, not a recurring add-on (use backupUnits)", a.Name)
	case qty < 0 || qty > maxQuantity:
		return apperr.Invalid("addOns", "%s: quantity must be between 0 and %d", a.Name, maxQuantity)
	case a.MaxQuantity > 0 && qty > a.MaxQuantity:
		return apperr.Invalid("addOns", "%s: at most %d %s", a.Name, a.MaxQuantity, a.Unit)
	case a.PaidPlansOnly && !plan.Paid() && qty > 0:
		return apperr.Invalid("addOns", "%s is not available on the %s plan; choose a paid plan", a.Name, plan.Name)
	}
	return nil
}

func planCodes(cat *Catalogue) []string {
	codes := make([]string, len(cat.Plans))
	for i, p := range cat.Plans {
		codes[i] = p.Code
	}
	return codes
}

// remainingSeconds returns the whole seconds left in the current period at now and the
// period's length; left is clamped to [0, period] and is 0 for a missing period.
func remainingSeconds(s State, now time.Time) (left, period int64) {
	period = seconds(s.PeriodStart, s.PeriodEnd)
	if period <= 0 {
		return 0, 0
	}
	left = s.PeriodEnd.Unix() - now.Unix()
	return min(max(left, 0), period), period
}

// seconds is b − a in whole seconds.
func seconds(a, b time.Time) int64 { return b.Unix() - a.Unix() }

func sameTarget(cur State, ch Change) bool {
	return cur.Plan == ch.Plan && cur.Cycle == ch.Cycle && cur.Regular == ch.Regular &&
		cur.Team == ch.Team && maps.Equal(nonZero(cur.AddOns), nonZero(ch.AddOns))
}

func describeTarget(plan *Plan, ch Change) string {
	return fmt.Sprintf("%s, %s, %d regular + %d team licenses", plan.Name, strings.ToLower(string(ch.Cycle)), ch.Regular, ch.Team)
}

// nonZero copies m without zero quantities (nil when nothing is left).
func nonZero(m map[string]int) map[string]int {
	var out map[string]int
	for k, v := range m {
		if v != 0 {
			if out == nil {
				out = map[string]int{}
			}
			out[k] = v
		}
	}
	return out
}

// item is one recurring thing billed per period: a plan's licenses of one kind or an add-on.
type item struct {
	product   Product
	code      string
	license   LicenseKind
	label     string
	qty       int
	unitPrice int64 // one unit for one whole period of the cycle
}

func (it item) key() string { return string(it.product) + "/" + it.code + "/" + string(it.license) }

// itemsOf lists the priced recurring items of a subscription at the price version pv, in a
// stable order: licenses, then add-ons in catalogue order. Free items (FREE's licenses) are
// left out. An add-on the version does not price (added to the catalogue after it) is at the
// catalogue's price.
func itemsOf(cat *Catalogue, plan *Plan, cycle Cycle, regular, team int, addOns map[string]int, pv PriceVersion) []item {
	currency := pv.Currency
	var items []item
	for _, k := range []struct {
		kind LicenseKind
		qty  int
		name string
	}{{Regular, regular, "regular user licenses"}, {Team, team, "team user licenses"}} {
		if price := pv.userPrice(k.kind); k.qty > 0 && price > 0 {
			items = append(items, item{ProductPlan, plan.Code, k.kind, plan.Name + " plan, " + k.name, k.qty, price * cycle.Months()})
		}
	}
	for _, a := range cat.AddOns {
		qty := addOns[a.Code]
		if a.Kind != Recurring || qty <= 0 {
			continue
		}
		price, ok := pv.AddOns[a.Code]
		if !ok {
			m, _ := a.UnitPrice(currency)
			price = m.Amount
		}
		items = append(items, item{ProductAddOn, a.Code, "", a.Name + " (" + a.Unit + ")", qty, price * cycle.Months()})
	}
	return items
}

// diffLines prorates a change within one period (SB-4, as Stripe invoices it): every item
// whose unit price or quantity changes gets a credit for the unused part of the old item (all
// its units) and a charge for the remaining part of the new one (all its units), each rounded
// on its own; an item unchanged in price and quantity gets no line. 10 → 15 licenses are a
// credit for 10 and a charge for 15, never one line for the 5 added: rounding the difference
// instead of each line would leave the net a minor unit off the sum of the lines. Credits
// come first, then charges, each in item order.
func diffLines(old, new []item, left, period int64, cycle Cycle) []Line {
	unchanged := map[string]bool{}
	newByKey := map[string]item{}
	for _, it := range new {
		newByKey[it.key()] = it
	}
	for _, o := range old {
		if n, ok := newByKey[o.key()]; ok && n.unitPrice == o.unitPrice && n.qty == o.qty {
			unchanged[o.key()] = true
		}
	}
	var lines []Line
	for _, o := range old {
		if !unchanged[o.key()] {
			lines = appendLine(lines, Credit, "Unused", o, o.qty, left, period, cycle)
		}
	}
	for _, n := range new {
		if !unchanged[n.key()] {
			lines = appendLine(lines, Charge, "", n, n.qty, left, period, cycle)
		}
	}
	return lines
}

// appendLine adds a line for qty units of it over part of whole seconds; a line that rounds
// to nothing is left out.
func appendLine(lines []Line, kind LineKind, verb string, it item, qty int, part, whole int64, cycle Cycle) []Line {
	amount := Prorate(it.unitPrice*int64(qty), part, whole)
	if amount == 0 {
		return lines
	}
	desc := fmt.Sprintf("%s × %d, %s (%s)", it.label, qty, strings.ToLower(string(cycle)), describeShare(part, whole))
	if verb != "" {
		desc = verb + " " + desc
	}
	return append(lines, Line{ // settle fills in the currency
		Kind: kind, Product: it.product, Code: it.code, License: it.license,
		Description: desc, Quantity: qty,
		UnitPrice: Money{Amount: it.unitPrice}, Seconds: part, PeriodSeconds: whole,
		Amount: Money{Amount: amount},
	})
}

// describeShare says which share of a period a line covers: "full period", "15 of 30 days".
func describeShare(part, whole int64) string {
	if part == whole {
		return "full period"
	}
	return days(part) + " of " + days(whole) + " days"
}

// days renders seconds as days with at most one decimal, rounded down: "15", "15.5". Down,
// so that a share a few minutes short of the period never reads as the whole period ("364.9
// of 365 days", not "365 of 365 days" for a line a few yen under the full price).
func days(sec int64) string {
	const day = 24 * 60 * 60
	tenths := sec * 10 / day
	if tenths == 0 && sec > 0 {
		return "<0.1"
	}
	if tenths%10 == 0 {
		return fmt.Sprint(tenths / 10)
	}
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}

// appendBackupUnits charges one-time backup units (BK-11): never prorated.
func appendBackupUnits(lines []Line, cat *Catalogue, units int, currency string) []Line {
	if units <= 0 {
		return lines
	}
	a := cat.AddOn(AddOnBackupUnit)
	price, _ := a.UnitPrice(currency)
	return append(lines, Line{
		Kind: Charge, Product: ProductAddOn, Code: a.Code,
		Description: fmt.Sprintf("%s × %d (one-time)", a.Name, units), Quantity: units,
		UnitPrice: price, Amount: Money{price.Amount * int64(units), currency},
	})
}

// BackupUnitRefund prices giving back units of the org's unused prepaid backup units
// (BK-11): each unit's catalogue price is credited to the account balance; nothing is charged
// and the subscription does not otherwise change. owned is how many unused units the org holds.
func BackupUnitRefund(cat *Catalogue, s State, units, owned int) (*QuoteResult, error) {
	if _, err := currentPlan(cat, s); err != nil {
		return nil, err
	}
	switch {
	case units < 1 || units > maxQuantity:
		return nil, apperr.Invalid("units", "give back between 1 and %d backup units", maxQuantity)
	case owned <= 0:
		return nil, apperr.Invalid("units", "there is no unused backup unit to give back")
	case units > owned:
		return nil, apperr.Invalid("units", "only %s left to give back", plural(owned, "unused backup unit"))
	}
	a := cat.AddOn(AddOnBackupUnit)
	price, err := a.UnitPrice(s.Currency)
	if err != nil {
		return nil, err
	}
	lines := []Line{{
		Kind: Credit, Product: ProductAddOn, Code: a.Code,
		Description: fmt.Sprintf("Returned %s × %d (unused, one-time)", a.Name, units), Quantity: units,
		UnitPrice: price, Amount: Money{price.Amount * int64(units), s.Currency},
	}}
	return settle(s, s.Clone(), lines), nil
}

// paidUp marks next as paid: ACTIVE (or still TRIALING), dunning cleared (SB-12: paying
// unlocks). A purchase of another plan ends a trial (SB-2 "without a purchase").
func paidUp(next *State, keepTrial bool) {
	next.Status, next.RetriesDone, next.LockedAt = StatusActive, 0, time.Time{}
	if keepTrial {
		next.Status = StatusTrialing
	} else {
		next.Trial = nil
	}
}

// settle totals lines, uses the balance and fills in the currency (SB-4).
func settle(cur, next State, lines []Line) *QuoteResult {
	var subtotal int64
	for i := range lines {
		lines[i].Amount.Currency = cur.Currency
		lines[i].UnitPrice.Currency = cur.Currency
		subtotal += lines[i].Signed()
	}
	due := max(subtotal, 0)
	applied := min(cur.Balance, due)
	next.Balance = cur.Balance - applied + max(-subtotal, 0)
	money := func(v int64) Money { return Money{v, cur.Currency} }
	return &QuoteResult{
		Lines:         lines,
		Subtotal:      money(subtotal),
		CreditApplied: money(applied),
		TotalDue:      money(due - applied),
		NewBalance:    money(next.Balance),
		From:          cur.Clone(),
		Next:          next,
	}
}

func sameState(a, b State) bool {
	sameTrial := (a.Trial == nil) == (b.Trial == nil) &&
		(a.Trial == nil || a.Trial.Plan == b.Trial.Plan && a.Trial.StartedAt.Equal(b.Trial.StartedAt) && a.Trial.EndsAt.Equal(b.Trial.EndsAt))
	return a.Plan == b.Plan && a.Cycle == b.Cycle && a.Currency == b.Currency &&
		a.PeriodStart.Equal(b.PeriodStart) && a.PeriodEnd.Equal(b.PeriodEnd) &&
		a.Regular == b.Regular && a.Team == b.Team && maps.Equal(nonZero(a.AddOns), nonZero(b.AddOns)) &&
		a.Balance == b.Balance && a.Status == b.Status && sameTrial &&
		a.RetriesDone == b.RetriesDone && a.LockedAt.Equal(b.LockedAt) &&
		samePrice(a.Price, b.Price) && samePrice(a.NextPrice, b.NextPrice)
}
