// Package billing holds the billing engine of SPEC section SB: the plan catalogue (SB-1),
// quotes and proration (SB-3, SB-4, SB-5), license and record limits (SB-7, SB-8), trials
// (SB-2), the dunning state machine (SB-11, SB-12) and card validation (SB-10).
//
// This file and catalogue.go, money.go and card.go are pure: no database, no HTTP, no clock
// reads — every rule takes the time as an argument. They import only the standard library
// and apperr (DESIGN "rules.go files import only the standard library, apperr and clock"), and
// i18n to mark the words of a message that are translated.
//
// Times are compared as instants; calendar math (months, days) happens in the location of the
// time passed in, which the service keeps in UTC.
package billing

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/i18n"
)

// Status is where a subscription stands in its payment life cycle (SB-2, SB-11, SB-12).
type Status string

const (
	StatusActive   Status = "ACTIVE"   // paid up
	StatusTrialing Status = "TRIALING" // paid up and trying a higher plan (State.Trial set)
	StatusPastDue  Status = "PAST_DUE" // renewal failed; grace period, fully usable (SB-11)
	StatusLocked   Status = "LOCKED"   // grace over unpaid; only the super admin may pay (SB-12)
)

// TrialDays is the length of a plan trial (SB-2).
const TrialDays = 15

// maxQuantity bounds licenses and add-on units in a change, which also keeps every
// price × quantity far inside int64.
const maxQuantity = 1_000_000

// Trial is a running trial of a higher plan (SB-2).
type Trial struct {
	Plan      string
	StartedAt time.Time
	EndsAt    time.Time // StartedAt + TrialDays
}

// State is an org's subscription as the rules see it.
type State struct {
	// Plan is the plan paid for. During a trial it is the plan the org returns to.
	Plan     string
	Cycle    Cycle
	Currency string // the org's currency (PL-3); every amount is in it
	// PeriodStart and PeriodEnd bound the paid period. While PAST_DUE or LOCKED, PeriodEnd
	// is the unpaid renewal date that dunning times count from.
	PeriodStart time.Time
	PeriodEnd   time.Time
	Regular     int            // regular user licenses purchased (SB-6)
	Team        int            // team user licenses purchased (SB-6)
	AddOns      map[string]int // recurring add-on units by code; absent = 0
	Balance     int64          // account credit in minor units of Currency, ≥ 0 (SB-4)
	Status      Status
	Trial       *Trial    // set while TRIALING
	RetriesDone int       // scheduled renewal retries already made while PAST_DUE (SB-11)
	LockedAt    time.Time // when the org was LOCKED (SB-12)
}

// Clone returns a deep copy of s.
func (s State) Clone() State {
	c := s
	c.AddOns = maps.Clone(s.AddOns)
	if s.Trial != nil {
		t := *s.Trial
		c.Trial = &t
	}
	return c
}

// EffectivePlan is the plan whose features and limits apply at now: the trial plan while a
// trial runs (SB-2), otherwise the plan paid for.
func (s State) EffectivePlan(now time.Time) string {
	if s.Status == StatusTrialing && s.Trial != nil && now.Before(s.Trial.EndsAt) {
		return s.Trial.Plan
	}
	return s.Plan
}

// Licenses is the number of purchased licenses of kind.
func (s State) Licenses(kind LicenseKind) int {
	if kind == Team {
		return s.Team
	}
	return s.Regular
}

// AsChange is the current subscription as a Change: a starting point to edit.
func (s State) AsChange() Change {
	return Change{Plan: s.Plan, Cycle: s.Cycle, Regular: s.Regular, Team: s.Team, AddOns: maps.Clone(s.AddOns)}
}

// Change is the subscription wanted (SB-3): the complete target, not a delta — an add-on
// missing from AddOns is cancelled. BackupUnits are bought once, on top.
type Change struct {
	Plan        string
	Cycle       Cycle // ignored for FREE, which is always MONTHLY
	Regular     int
	Team        int
	AddOns      map[string]int // recurring add-on units by code
	BackupUnits int            // one-time BACKUP_UNIT purchases (BK-11)
}

// LineKind says whether a quote line is paid or given back.
type LineKind string

const (
	Charge LineKind = "CHARGE"
	Credit LineKind = "CREDIT"
)

// Product is what a line is for.
type Product string

const (
	ProductPlan  Product = "PLAN"
	ProductAddOn Product = "ADDON"
)

// Line is one itemised line of a quote (SB-3, SB-13).
type Line struct {
	Kind        LineKind
	Product     Product
	Code        string      // plan or add-on code
	License     LicenseKind // for plan lines: which licenses
	Description string
	Quantity    int
	// UnitPrice is one unit for a whole period of the line's cycle (recurring) or once
	// (one-time).
	UnitPrice Money
	// Seconds of PeriodSeconds are charged or credited; equal when not prorated, both 0
	// for one-time lines.
	Seconds       int64
	PeriodSeconds int64
	Amount        Money // ≥ 0; Kind gives the sign
}

// Signed is the line's amount with credits negative.
func (l Line) Signed() int64 {
	if l.Kind == Credit {
		return -l.Amount.Amount
	}
	return l.Amount.Amount
}

// QuoteResult is what a change or a renewal costs, before anything is paid (SB-3).
type QuoteResult struct {
	Lines []Line
	// Subtotal is charges − credits; negative when the change gives money back.
	Subtotal Money
	// CreditApplied is taken from the account balance towards the subtotal.
	CreditApplied Money
	// TotalDue is what the card is charged: never negative, tax-free. When 0, apply Next
	// without charging.
	TotalDue Money
	// NewBalance is the balance once paid: old − CreditApplied + any net credit (SB-4).
	NewBalance Money
	// From is the subscription the quote was made from; Next is the subscription once
	// TotalDue is paid (see OnPaymentSucceeded).
	From State
	Next State
	// QuotedAt is the instant the quote was priced at (whole seconds): paying its token
	// within QuoteValidity prices the change at this instant again (issue 17 item 3).
	QuotedAt time.Time
	// Token identifies the quote for paying it (QuoteToken); the service's QuoteChange sets
	// it, other quotes have none.
	Token string
}

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

	oldItems := itemsOf(cat, oldPlan, cur.Cycle, cur.Regular, cur.Team, cur.AddOns, cur.Currency)
	newItems := itemsOf(cat, newPlan, ch.Cycle, ch.Regular, ch.Team, ch.AddOns, cur.Currency)

	next := cur.Clone()
	next.Plan, next.Cycle, next.Regular, next.Team = ch.Plan, ch.Cycle, ch.Regular, ch.Team
	next.AddOns = nonZero(ch.AddOns)

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

	var lines []Line
	for _, it := range itemsOf(cat, plan, s.Cycle, s.Regular, s.Team, s.AddOns, s.Currency) {
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

// itemsOf lists the priced recurring items of a subscription, in a stable order: licenses,
// then add-ons in catalogue order. Free items (FREE's licenses) are left out. Prices exist:
// the catalogue is validated and the currency checked.
func itemsOf(cat *Catalogue, plan *Plan, cycle Cycle, regular, team int, addOns map[string]int, currency string) []item {
	var items []item
	for _, k := range []struct {
		kind LicenseKind
		qty  int
		name string
	}{{Regular, regular, "regular user licenses"}, {Team, team, "team user licenses"}} {
		price, _ := plan.UserPrice(cycle, k.kind, currency)
		if k.qty > 0 && price.Amount > 0 {
			items = append(items, item{ProductPlan, plan.Code, k.kind, plan.Name + " plan, " + k.name, k.qty, price.Amount * cycle.Months()})
		}
	}
	for _, a := range cat.AddOns {
		qty := addOns[a.Code]
		if a.Kind != Recurring || qty <= 0 {
			continue
		}
		price, _ := a.UnitPrice(currency)
		items = append(items, item{ProductAddOn, a.Code, "", a.Name + " (" + a.Unit + ")", qty, price.Amount * cycle.Months()})
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
		a.RetriesDone == b.RetriesDone && a.LockedAt.Equal(b.LockedAt)
}

// ---------------------------------------------------------------------------------------
// Licenses and limits (SB-7, SB-8)

// CheckLicenseReduction refuses a change that leaves fewer licenses of a kind than the users
// holding them — active and deactivated alike (SB-7) — with LICENSE_LIMIT saying how many
// users of which kind to delete first (Details "usersToDelete": {"REGULAR": n, "TEAM": m}).
func CheckLicenseReduction(regularHeld, teamHeld int, ch Change) error {
	regular := max(regularHeld-ch.Regular, 0)
	team := max(teamHeld-ch.Team, 0)
	if regular == 0 && team == 0 {
		return nil
	}
	var parts []string
	if regular > 0 {
		parts = append(parts, plural(regular, "regular user"))
	}
	if team > 0 {
		parts = append(parts, plural(team, "team user"))
	}
	return apperr.New(apperr.LicenseLimit,
		"licenses cannot go below the users holding them (deactivated users hold one too): delete %s first",
		strings.Join(parts, " and ")).
		With("usersToDelete", map[string]int{string(Regular): regular, string(Team): team})
}

// CanActivate refuses activating or adding a user of kind when no license of that kind is
// free (SB-7): usersHolding counts the other users of that kind holding one, active or
// deactivated (a deactivated user keeps its license).
func CanActivate(kind LicenseKind, licensesOwned, usersHolding int) error {
	if usersHolding < licensesOwned {
		return nil
	}
	name := strings.ToLower(string(kind))
	return apperr.New(apperr.LicenseLimit,
		"no free %s user license: all %d are held by users (deactivated users keep theirs); buy more %s licenses or delete a %s user",
		i18n.Phrase(name), licensesOwned, i18n.Phrase(name), i18n.Phrase(name)).
		With("licenseKind", string(kind)).With("limit", licensesOwned).With("held", usersHolding)
}

// CheckRecordLimit refuses creating a record when the org is at or over plan's record limit
// (SB-8) with RECORD_LIMIT; reading, editing and deleting are never checked. A limit of 0
// means no limit.
func CheckRecordLimit(plan *Plan, currentRecords int) error {
	if plan == nil {
		return apperr.New(apperr.Internal, "billing: no plan to check the record limit against")
	}
	if plan.RecordLimit == 0 || currentRecords < plan.RecordLimit {
		return nil
	}
	return apperr.New(apperr.RecordLimit,
		"the %s plan allows %d records and the org has %d: new records cannot be created, existing ones can still be read, edited and deleted; upgrade or delete records",
		plan.Name, plan.RecordLimit, currentRecords).
		With("limit", plan.RecordLimit).With("records", currentRecords)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// ---------------------------------------------------------------------------------------
// Trials (SB-2)

// StartTrial starts a TrialDays trial of plan: only a paid plan ranked above the one paid
// for, once per plan (triedBefore, kept by the caller), from an ACTIVE subscription.
func StartTrial(cat *Catalogue, s State, plan string, now time.Time, triedBefore map[string]bool) (State, error) {
	cur, err := currentPlan(cat, s)
	if err != nil {
		return s, err
	}
	target := cat.Plan(plan)
	switch {
	case target == nil:
		return s, apperr.Invalid("plan", "unknown plan %q", plan)
	case s.Status == StatusTrialing && s.Trial != nil:
		return s, apperr.New(apperr.Conflict, "a trial of %s is already running until %s", s.Trial.Plan, s.Trial.EndsAt.Format(time.DateOnly))
	case s.Status != StatusActive:
		return s, apperr.New(apperr.Conflict, "pay the outstanding renewal before trying another plan")
	case !target.Paid() || target.Rank <= cur.Rank:
		return s, apperr.Invalid("plan", "only a paid plan above %s can be tried", cur.Name)
	case triedBefore[plan]:
		return s, apperr.New(apperr.Conflict, "the %s plan was already tried; each plan can be tried once", target.Name)
	}
	next := s.Clone()
	next.Status = StatusTrialing
	next.Trial = &Trial{Plan: plan, StartedAt: now, EndsAt: now.AddDate(0, 0, TrialDays)}
	return next, nil
}

// TrialExpired ends a trial whose time is up: the org is back on the plan it pays for
// (SB-2). It reports whether anything changed.
func TrialExpired(s State, now time.Time) (State, bool) {
	if s.Trial == nil || now.Before(s.Trial.EndsAt) {
		return s, false
	}
	next := s.Clone()
	next.Trial = nil
	if next.Status == StatusTrialing {
		next.Status = StatusActive
	}
	return next, true
}

// ---------------------------------------------------------------------------------------
// Periods

// PeriodEnd is the end of a period starting at start: one calendar month (MONTHLY) or year
// (YEARLY) later, same clock time. A day that does not exist in the target month is clamped
// to its last day — Jan 31 → Feb 28 (29 in leap years), Mar 31 → Apr 30, Feb 29 + 1 year →
// Feb 28 — where time.AddDate would overflow into the next month (Jan 31 → Mar 3). Each period
// starts where the last ended, so after a clamp the day stays (Feb 28 → Mar 28).
func PeriodEnd(start time.Time, c Cycle) time.Time {
	return addMonths(start, int(c.Months()))
}

// addMonths adds n calendar months, clamping the day to the target month's last day.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	target := time.Month(int(m) + n)
	last := time.Date(y, target+1, 0, 0, 0, 0, 0, t.Location()).Day()
	return time.Date(y, target, min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// RenewalDue reports whether s must be renewed (charged for its next period) at now (SB-11).
func RenewalDue(s State, now time.Time) bool {
	return (s.Status == StatusActive || s.Status == StatusTrialing) && !now.Before(s.PeriodEnd)
}

// ---------------------------------------------------------------------------------------
// Dunning (SB-11, SB-12)

// Action is the next thing the billing worker does for a subscription.
type Action string

const (
	ActionNone            Action = "NONE"
	ActionRenew           Action = "RENEW"     // charge the next period (RenewalQuote)
	ActionEndTrial        Action = "END_TRIAL" // TrialExpired
	ActionRetry           Action = "RETRY"     // retry the renewal charge while PAST_DUE
	ActionLock            Action = "LOCK"      // Dunning.Lock
	ActionDowngradeToFree Action = "DOWNGRADE_TO_FREE"
)

// Dunning is the configuration of what happens after a failed renewal. Every time counts
// from the unpaid period end, so a late worker does not shift the schedule.
type Dunning struct {
	GraceDays  int   // PAST_DUE this many days, then LOCKED (SB-11: 15)
	RetryDays  []int // retry the charge this many days after the period end (ascending, < GraceDays)
	LockMonths int   // LOCKED this many calendar months, then FREE (SB-12: 2)
}

// DefaultDunning is the shipped schedule: 15 days of grace with retries on days 1, 3, 7 and
// 14, locked for 2 months, then FREE.
func DefaultDunning() Dunning {
	return Dunning{GraceDays: 15, RetryDays: []int{1, 3, 7, 14}, LockMonths: 2}
}

// Validate checks a configured schedule.
func (d Dunning) Validate() error {
	if d.GraceDays < 1 {
		return apperr.Invalid("graceDays", "grace must last at least 1 day")
	}
	if d.LockMonths < 1 {
		return apperr.Invalid("lockMonths", "the lock must last at least 1 month")
	}
	for i, day := range d.RetryDays {
		if day < 1 || day >= d.GraceDays || (i > 0 && day <= d.RetryDays[i-1]) {
			return apperr.Invalid("retryDays", "retry days must ascend, each between 1 and %d", d.GraceDays-1)
		}
	}
	return nil
}

// GraceEnds is when a PAST_DUE subscription is locked: the unpaid period end + GraceDays.
func (d Dunning) GraceEnds(s State) time.Time { return s.PeriodEnd.AddDate(0, 0, d.GraceDays) }

// DowngradeAt is when a LOCKED subscription goes to FREE: LockMonths calendar months after it
// was locked, clamped at month ends like PeriodEnd (Dec 31 + 2 months → Feb 28).
func (d Dunning) DowngradeAt(s State) time.Time { return addMonths(s.LockedAt, d.LockMonths) }

// retriesDue counts the retry times at or before now.
func (d Dunning) retriesDue(s State, now time.Time) int {
	n := 0
	for _, day := range d.RetryDays {
		if !now.Before(s.PeriodEnd.AddDate(0, 0, day)) {
			n++
		}
	}
	return n
}

// NextDunningStep says what to do next for s and when (SB-11, SB-12); a time at or before now
// means "now". ACTIVE: RENEW at the period end. TRIALING: END_TRIAL or RENEW, whichever comes
// first (the trial on a tie). PAST_DUE: RETRY at the next retry day not yet made, LOCK at the end of grace.
// LOCKED: DOWNGRADE_TO_FREE LockMonths after locking.
func (d Dunning) NextDunningStep(s State, now time.Time) (Action, time.Time) {
	switch s.Status {
	case StatusActive:
		return ActionRenew, s.PeriodEnd
	case StatusTrialing:
		if s.Trial != nil && !s.Trial.EndsAt.After(s.PeriodEnd) { // trial first when both are due
			return ActionEndTrial, s.Trial.EndsAt
		}
		return ActionRenew, s.PeriodEnd
	case StatusPastDue:
		graceEnds := d.GraceEnds(s)
		if !now.Before(graceEnds) || s.RetriesDone >= len(d.RetryDays) {
			return ActionLock, graceEnds
		}
		return ActionRetry, s.PeriodEnd.AddDate(0, 0, d.RetryDays[s.RetriesDone])
	case StatusLocked:
		return ActionDowngradeToFree, d.DowngradeAt(s)
	}
	return ActionNone, time.Time{}
}

// OnRenewalFailed records a failed renewal charge (SB-11). From ACTIVE or TRIALING the org
// enters PAST_DUE (a trial ends: the org returns to the plan it failed to pay for). While
// PAST_DUE, a failed retry marks every retry due by now as made, so missed retries are not
// fired back to back. While LOCKED nothing changes.
func (d Dunning) OnRenewalFailed(s State, now time.Time) (State, error) {
	next := s.Clone()
	switch s.Status {
	case StatusActive, StatusTrialing:
		if now.Before(s.PeriodEnd) {
			return s, apperr.New(apperr.Conflict, "the renewal is not due before %s", s.PeriodEnd.Format(time.RFC3339))
		}
		next.Status, next.Trial = StatusPastDue, nil
		next.RetriesDone = d.retriesDue(s, now)
	case StatusPastDue:
		next.RetriesDone = max(s.RetriesDone, d.retriesDue(s, now))
	case StatusLocked:
	default:
		return s, apperr.New(apperr.Internal, "billing: unknown subscription status %q", s.Status)
	}
	return next, nil
}

// Lock locks a PAST_DUE subscription whose grace is over (SB-12). LockedAt is the end of
// grace, so the 2 months count from there whenever the worker runs.
func (d Dunning) Lock(s State, now time.Time) (State, error) {
	if s.Status != StatusPastDue {
		return s, apperr.New(apperr.Conflict, "only a past-due subscription can be locked (it is %s)", s.Status)
	}
	graceEnds := d.GraceEnds(s)
	if now.Before(graceEnds) {
		return s, apperr.New(apperr.Conflict, "the grace period runs until %s", graceEnds.Format(time.RFC3339))
	}
	next := s.Clone()
	next.Status, next.LockedAt = StatusLocked, graceEnds
	return next, nil
}

// DowngradeToFree moves a subscription locked for LockMonths to FREE and unlocks it (SB-12).
// Nothing is charged or credited (the locked period was never paid). Licenses are cut to
// FREE's user limit — users beyond it stay, but no user can be added or activated until there
// is a free license (CanActivate) — and recurring add-ons end. The balance is kept.
func (d Dunning) DowngradeToFree(cat *Catalogue, s State, now time.Time) (State, error) {
	if _, err := currentPlan(cat, s); err != nil {
		return s, err
	}
	if s.Status != StatusLocked {
		return s, apperr.New(apperr.Conflict, "only a locked subscription is downgraded automatically (it is %s)", s.Status)
	}
	if at := d.DowngradeAt(s); now.Before(at) {
		return s, apperr.New(apperr.Conflict, "the subscription stays locked until %s", at.Format(time.RFC3339))
	}
	free := cat.Plan(PlanFree)
	next := s.Clone()
	next.Plan, next.Cycle, next.AddOns = PlanFree, Monthly, nil
	next.PeriodStart, next.PeriodEnd = now, PeriodEnd(now, Monthly)
	if free.MaxUsers > 0 {
		next.Regular = min(max(s.Regular, 1), free.MaxUsers)
		next.Team = min(s.Team, free.MaxUsers-next.Regular)
	}
	paidUp(&next, false)
	return next, nil
}
