// Package billing holds the billing engine of SPEC section SB: the plan catalogue (SB-1),
// quotes and proration (SB-3, SB-4, SB-5), license and record limits (SB-7, SB-8), trials
// (SB-2), the dunning state machine (SB-11, SB-12) and card validation (SB-10).
//
// This file (the subscription state), rules_quote.go, rules_licenses.go, rules_trial.go,
// rules_dunning.go (periods, renewal, dunning) and catalogue.go, money.go and card.go are
// pure: no database, no HTTP, no clock reads — every rule takes the time as an argument. They import only the standard library
// and apperr (DESIGN "rules.go files import only the standard library, apperr and clock"), and
// i18n to mark the words of a message that are translated.
//
// Times are compared as instants; calendar math (months, days) happens in the location of the
// time passed in, which the service keeps in UTC.
package billing

import (
	"maps"
	"time"
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
	// Price is the price version paid (issue 18): kept until the renewal; nil or another
	// plan's: the current version (PaidPrice). NextPrice is the version announced for the
	// next renewal (RenewalPrice). Versions are never edited: the pointers are shared.
	Price     *PriceVersion
	NextPrice *PriceVersion
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
