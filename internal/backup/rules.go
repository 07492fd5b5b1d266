// Package backup schedules, runs, stores and expires an org's data backups (SPEC BK).
//
// This file holds the pure rules: schedule math in the org's time zone, quota cover order,
// cost preview, the run state machine, stop rules, link expiry, idempotency keys, the duration
// estimate and log wording. It imports only the standard library, apperr and the leaf
// vocabulary (internal/kind/backupkind: repeat types, weekdays, run states, covers), never calls
// time.Now, and every function takes the time it needs as an argument. Instants returned are
// UTC; calendar reasoning happens in the org's *time.Location.
package backup

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"time"
	"unicode"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

// ---------------------------------------------------------------------------------------------
// Civil dates

// Date is a calendar date without a time or a zone (a schedule's start date, the local day of a
// run). The zero Date is invalid.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in loc (nil loc means UTC).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate reads "2006-01-02". A malformed date is a VALIDATION error on field startDate,
// the only date a client sends to these rules.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, apperr.Invalid("startDate", "startDate %q is not a date like 2026-11-02", s)
	}
	return DateOf(t, time.UTC), nil
}

// Valid reports whether d is a real calendar day in years 1–9999.
func (d Date) Valid() bool {
	return d.Year >= 1 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// String formats d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday { return d.midnightUTC().Weekday() }

// AddDays returns d moved by n days (n may be negative).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC), time.UTC)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// DaysSince returns the number of days from o to d (negative when d is before o).
func (d Date) DaysSince(o Date) int {
	return int((d.midnightUTC().Unix() - o.midnightUTC().Unix()) / 86400) // both exact multiples
}

// At returns the instant (UTC) of hour:00 local time on d in loc — the instant a run slot on d
// fires. The rules for the two daylight-saving edge cases (BK-6):
//
//   - The hour does not exist (spring forward, e.g. 02:00 on 2026-03-08 in New York): the run
//     fires at the next valid instant, the moment the clocks jump (03:00 EDT). We do NOT rely
//     on time.Date here: for a wall time inside a gap Go documents only that the result is
//     "correct in one of the two zones involved in the transition, but it does not guarantee
//     which" — in practice time.Date(2026,3,8,2,0,0,0,NewYork) gives 01:00 EST (an hour early,
//     on the previous wall hour) while time.Date(2026,3,29,2,0,0,0,Paris) gives 03:00 CEST.
//   - The hour exists twice (fall back, e.g. 01:00 on 2026-11-01 in New York): the run fires
//     once, at the first occurrence (01:00 EDT). time.Date again picks either occurrence
//     (New York: the first; Paris 2026-10-25 02:00: the second), so the choice is made here.
//
// A nil loc means UTC.
func (d Date) At(hour int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	w := time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, time.UTC).Unix() // the wall clock as if UTC
	offsetAt := func(u int64) int64 {
		_, off := time.Unix(u, 0).In(loc).Zone()
		return int64(off)
	}
	// Offsets in force around w: well before, well after (a transition lies between them, if
	// any), and the one time.Date chose.
	_, goOff := time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, loc).Zone()
	first, found := int64(math.MaxInt64), false
	for _, off := range []int64{offsetAt(w - 2*86400), offsetAt(w + 2*86400), int64(goOff)} {
		if u := w - off; offsetAt(u) == off && u < first { // u shows wall clock w in loc
			first, found = u, true
		}
	}
	if found {
		return time.Unix(first, 0).UTC()
	}
	// The wall time falls in a gap: find the first instant whose wall clock is at or past w.
	// Offsets lie within [-12h, +14h], so the answer is inside (w-26h, w+26h], where the wall
	// clock only moves forward (one transition).
	lo, hi := w-26*3600, w+26*3600 // wall(lo) < w <= wall(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if mid+offsetAt(mid) >= w {
			hi = mid
		} else {
			lo = mid
		}
	}
	return time.Unix(hi, 0).UTC()
}

func (d Date) midnightUTC() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ---------------------------------------------------------------------------------------------
// BK-6 Schedules

// RepeatType is how often a backup runs (BK-6); the vocabulary lives in backupkind, spelled
// once for ent, these rules and the API.
type RepeatType = backupkind.RepeatType

const (
	Immediate      = backupkind.Immediate      // one-off, now; no next run
	Weekly         = backupkind.Weekly         // every week on Weekday
	TwiceAMonth    = backupkind.TwiceAMonth    // every 14 days on Weekday from the start date
	MonthlyDate    = backupkind.MonthlyDate    // day DayOfMonth, or the month's last day if shorter
	MonthlyWeekday = backupkind.MonthlyWeekday // the WeekOfMonth-th Weekday of every month
)

// RepeatTypes lists every repeat type.
var RepeatTypes = backupkind.RepeatTypes

// LastWeek is the WeekOfMonth value meaning "the last such weekday of the month" (which is the
// 4th or the 5th). It is the only representation of "last": 5 is refused, so that a schedule
// made for "the 5th Monday" cannot silently skip months that have four.
const LastWeek = backupkind.LastWeek

// Schedule is when an org's backups run. Fields a repeat type does not use are ignored.
type Schedule struct {
	Repeat RepeatType
	// Weekday is the run day for WEEKLY, TWICE_A_MONTH and MONTHLY_WEEKDAY.
	Weekday time.Weekday
	// DayOfMonth (1–31) is the run day for MONTHLY_DATE; months shorter than it run on their
	// last day (31 → 30 April, 28/29 February).
	DayOfMonth int
	// WeekOfMonth is 1, 2, 3, 4 or LastWeek (-1) for MONTHLY_WEEKDAY.
	WeekOfMonth int
	// StartDate is the first day (org's zone) a run may happen on; TWICE_A_MONTH counts its
	// 14-day rhythm from the first Weekday on or after it.
	StartDate Date
	// Hour (0–23) is the local hour, in Location, at which runs fire.
	Hour int
	// Location is the org's time zone (PL-3). Required.
	Location *time.Location
}

// ValidateSchedule checks s before it is stored (PL-7). Errors are VALIDATION on the GraphQL
// input field: repeat, weekday, dayOfMonth, weekOfMonth, startDate, hour, timeZone.
// IMMEDIATE needs only a time zone (its quota month is counted in it, BK-9).
func ValidateSchedule(s Schedule) error {
	if !s.Repeat.Valid() {
		return apperr.Invalid("repeatType", "repeatType must be one of IMMEDIATE, WEEKLY, TWICE_A_MONTH, MONTHLY_DATE or MONTHLY_WEEKDAY")
	}
	if s.Location == nil {
		return apperr.Invalid("timeZone", "the organization has no time zone; set one before scheduling backups")
	}
	if s.Repeat == Immediate {
		return nil
	}
	if !s.StartDate.Valid() {
		return apperr.Invalid("startDate", "startDate %s is not a calendar date", s.StartDate)
	}
	if s.Hour < 0 || s.Hour > 23 {
		return apperr.Invalid("hour", "hour must be between 0 and 23 (local time); got %d", s.Hour)
	}
	switch s.Repeat {
	case Weekly, TwiceAMonth, MonthlyWeekday:
		if s.Weekday < time.Sunday || s.Weekday > time.Saturday {
			return apperr.Invalid("weekday", "weekday must be Sunday to Saturday")
		}
	}
	switch s.Repeat {
	case MonthlyDate:
		if s.DayOfMonth < 1 || s.DayOfMonth > 31 {
			return apperr.Invalid("dayOfMonth", "dayOfMonth must be between 1 and 31; got %d", s.DayOfMonth)
		}
	case MonthlyWeekday:
		if s.WeekOfMonth != LastWeek && (s.WeekOfMonth < 1 || s.WeekOfMonth > 4) {
			return apperr.Invalid("weekOfMonth", "weekOfMonth must be 1, 2, 3, 4 or -1 for the last; got %d", s.WeekOfMonth)
		}
	}
	return nil
}

// ValidateStartDate refuses a start date before today in the org's zone (a schedule cannot
// start in the past). Today itself is allowed; NextRun then skips today's slot if its hour
// has passed.
func ValidateStartDate(start Date, now time.Time, loc *time.Location) error {
	today := DateOf(now, loc)
	if start.Before(today) {
		return apperr.Invalid("startDate", "startDate %s is in the past (today is %s)", start, today)
	}
	if latest := DateOf(now.AddDate(1, 0, 0), loc); latest.Before(start) { // issue 9 item 12: not year 9999
		return apperr.Invalid("startDate", "startDate %s is more than a year ahead; the latest is %s", start, latest)
	}
	return nil
}

// LoadZone resolves an IANA time zone name for a schedule. "" and "Local" are refused: a
// schedule must never depend on the server's zone.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, apperr.Invalid("timeZone", "time zone must be an IANA name such as Europe/Paris")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, apperr.Invalid("timeZone", "unknown time zone %q", name)
	}
	return loc, nil
}

// NextRun returns the first run of s strictly after `after` (UTC), on or after the start date,
// at s.Hour in s.Location (see Date.At for the daylight-saving rules). It returns false for
// IMMEDIATE (one-off runs are not scheduled) and for a schedule that ValidateSchedule refuses.
// Each local date has at most one slot, so an ambiguous hour never runs twice.
func NextRun(s Schedule, after time.Time) (time.Time, bool) {
	if s.Repeat == Immediate || ValidateSchedule(s) != nil {
		return time.Time{}, false
	}
	// A slot on the day before after's local date can still lie after `after` when a gap
	// pushed it past midnight, so start one day early.
	d := DateOf(after, s.Location).AddDays(-1)
	if d.Before(s.StartDate) {
		d = s.StartDate
	}
	for range 8 { // slots are increasing; one or two steps suffice
		day := s.firstOnOrAfter(d)
		if t := day.At(s.Hour, s.Location); t.After(after) {
			return t, true
		}
		d = day.AddDays(1)
	}
	return time.Time{}, false
}

// MaxRuns bounds RunsBetween (about 19 years of weekly runs).
const MaxRuns = 1000

// RunsBetween lists the runs of s in [from, to), oldest first, at most MaxRuns (previews,
// BK-8/BK-10). IMMEDIATE has none.
func RunsBetween(s Schedule, from, to time.Time) []time.Time {
	var runs []time.Time
	t, ok := NextRun(s, from.Add(-time.Nanosecond))
	for ok && t.Before(to) && len(runs) < MaxRuns {
		runs = append(runs, t)
		t, ok = NextRun(s, t)
	}
	return runs
}

// Matches reports whether local date d is a run day of s (ignoring the hour).
func (s Schedule) Matches(d Date) bool {
	if s.Repeat == Immediate || !d.Valid() || d.Before(s.StartDate) {
		return false
	}
	return s.firstOnOrAfter(d) == d
}

// firstOnOrAfter returns the first run day of s on or after d (d ≥ StartDate; s valid).
func (s Schedule) firstOnOrAfter(d Date) Date {
	switch s.Repeat {
	case Weekly:
		return nextWeekday(d, s.Weekday)
	case TwiceAMonth:
		anchor := nextWeekday(s.StartDate, s.Weekday)
		if !d.After(anchor) {
			return anchor
		}
		k := (d.DaysSince(anchor) + 13) / 14
		return anchor.AddDays(14 * k)
	case MonthlyDate:
		if day := min(s.DayOfMonth, daysIn(d.Year, d.Month)); day >= d.Day {
			return Date{d.Year, d.Month, day}
		}
		n := Date{d.Year, d.Month, 1}.AddDays(daysIn(d.Year, d.Month)) // 1st of next month
		return Date{n.Year, n.Month, min(s.DayOfMonth, daysIn(n.Year, n.Month))}
	case MonthlyWeekday:
		if day := nthWeekday(d.Year, d.Month, s.Weekday, s.WeekOfMonth); day >= d.Day {
			return Date{d.Year, d.Month, day}
		}
		n := Date{d.Year, d.Month, 1}.AddDays(daysIn(d.Year, d.Month))
		return Date{n.Year, n.Month, nthWeekday(n.Year, n.Month, s.Weekday, s.WeekOfMonth)}
	}
	return d
}

func nextWeekday(d Date, wd time.Weekday) Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// nthWeekday returns the day of month of the n-th (1–4, or LastWeek) wd in y-m.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) int {
	if n == LastWeek {
		last := daysIn(y, m)
		return last - (int(Date{y, m, last}.Weekday())-int(wd)+7)%7
	}
	return 1 + (int(wd)-int(Date{y, m, 1}.Weekday())+7)%7 + 7*(n-1)
}

// ---------------------------------------------------------------------------------------------
// BK-9 Quota

// MonthKey is the quota month of instant t in the org's zone, "2026-11" (nil loc: UTC).
func MonthKey(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01")
}

// Cover is what pays for one run (BK-9).
type Cover = backupkind.Cover

const (
	CoverFree        = backupkind.CoverFree        // a free backup left this month
	CoverWeeklyAddon = backupkind.CoverWeeklyAddon // the recurring weekly add-on (WEEKLY schedules only)
	CoverUnit        = backupkind.CoverUnit        // one prepaid backup unit
	CoverNone        = backupkind.CoverNone        // nothing: the run becomes NEEDS_PURCHASE (BK-10)
)

// FreeLeft is how many free backups are left this month (never negative).
func FreeLeft(freePerMonth, used int) int { return max(0, freePerMonth-used) }

// ChooseCover picks what covers one run, in the SPEC order: a free backup left this month →
// the weekly add-on (when active, and only for WEEKLY schedules) → a prepaid unit → NONE.
// IMMEDIATE runs use the same quota (BK-7) but never the weekly add-on.
func ChooseCover(freePerMonth, usedFreeThisMonth int, repeat RepeatType, weeklyAddonActive bool, unitsLeft int) Cover {
	switch {
	case FreeLeft(freePerMonth, usedFreeThisMonth) > 0:
		return CoverFree
	case weeklyAddonActive && repeat == Weekly:
		return CoverWeeklyAddon
	case unitsLeft > 0:
		return CoverUnit
	}
	return CoverNone
}

// NeedsPurchaseError is the NEEDS_PURCHASE error for a run (or an IMMEDIATE request) that
// nothing covers (BK-10).
func NeedsPurchaseError() *apperr.Error {
	return apperr.New(apperr.NeedsPurchase,
		"no free backup is left this month and no backup unit is available: buy backup units (or the weekly backup add-on) to run this backup")
}

// ---------------------------------------------------------------------------------------------
// BK-10 Cost preview

// MonthCost is one calendar month (org's zone) of a cost preview.
//
// Owned units do NOT reduce Cost: Cost is what the schedule's runs beyond the free backups and
// the add-on are worth this month (the SPEC's "4 − 2 free = 2 × $10 = $20"), whatever the org
// already holds. FromOwned/ToBuy/AmountDue then say how much of it the units the org already
// owns would cover (consumed oldest run first, across the months of the preview) and what is
// left to buy.
type MonthCost struct {
	Month       string      // "2026-11"
	Runs        []time.Time // run instants, UTC, oldest first
	Dates       []Date      // the same runs as local dates in the org's zone
	Free        int         // runs covered by free backups
	AddOn       int         // runs covered by the weekly add-on
	UnitsNeeded int         // runs beyond free and add-on: one backup unit each
	Cost        int64       // UnitsNeeded × unit price, minor units
	FromOwned   int         // of UnitsNeeded, covered by units already owned
	ToBuy       int         // UnitsNeeded − FromOwned
	AmountDue   int64       // ToBuy × unit price, minor units
}

// MaxPreviewMonths bounds CostPreview.
const MaxPreviewMonths = 36

// CostPreview shows, month by month from the month of `from` (org's zone), what schedule s
// will cost (BK-10), assuming no free backup of the first month is used yet. Only runs at or
// after `from` count. IMMEDIATE previews its single run at `from`. An invalid schedule or
// months ≤ 0 gives nil; months is capped at MaxPreviewMonths.
func CostPreview(s Schedule, from time.Time, months int, freePerMonth int, weeklyAddonActive bool, unitsOwned int, unitPrice int64) []MonthCost {
	return CostPreviewUsed(s, from, months, freePerMonth, 0, weeklyAddonActive, unitsOwned, unitPrice)
}

// CostPreviewUsed is CostPreview when usedFreeThisMonth free backups of from's month are
// already used (by earlier runs or IMMEDIATE backups).
func CostPreviewUsed(s Schedule, from time.Time, months int, freePerMonth, usedFreeThisMonth int, weeklyAddonActive bool, unitsOwned int, unitPrice int64) []MonthCost {
	if months <= 0 || ValidateSchedule(s) != nil {
		return nil
	}
	months = min(months, MaxPreviewMonths)
	loc := s.Location
	first := DateOf(from, loc)
	owned := max(0, unitsOwned)
	out := make([]MonthCost, 0, months)
	for i := range months {
		m := DateOf(time.Date(first.Year, first.Month+time.Month(i), 1, 0, 0, 0, 0, time.UTC), time.UTC)
		next := m.AddDays(daysIn(m.Year, m.Month)) // 1st of the following month
		lo, hi := m.At(0, loc), next.At(0, loc)
		if lo.Before(from) {
			lo = from
		}
		var runs []time.Time
		if s.Repeat == Immediate {
			if i == 0 {
				runs = []time.Time{from.UTC()}
			}
		} else {
			runs = RunsBetween(s, lo, hi)
		}
		used := 0
		if i == 0 {
			used = usedFreeThisMonth
		}
		mc := MonthCost{Month: fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)), Runs: runs}
		for _, r := range runs {
			mc.Dates = append(mc.Dates, DateOf(r, loc))
		}
		mc.Free = min(len(runs), FreeLeft(freePerMonth, used))
		rest := len(runs) - mc.Free
		if weeklyAddonActive && s.Repeat == Weekly {
			mc.AddOn, rest = rest, 0
		}
		mc.UnitsNeeded = rest
		mc.Cost = int64(rest) * unitPrice
		mc.FromOwned = min(rest, owned)
		owned -= mc.FromOwned
		mc.ToBuy = rest - mc.FromOwned
		mc.AmountDue = int64(mc.ToBuy) * unitPrice
		out = append(out, mc)
	}
	return out
}

// ---------------------------------------------------------------------------------------------
// BK-12 Run states

// RunState is where one backup run is (BK-12).
type RunState = backupkind.RunState

const (
	RunScheduled     = backupkind.RunScheduled     // a future slot of a schedule
	RunQueued        = backupkind.RunQueued        // on the job queue (IMMEDIATE runs start here)
	RunRunning       = backupkind.RunRunning       // a worker is writing the archive
	RunArchived      = backupkind.RunArchived      // archive stored, links not yet issued
	RunReady         = backupkind.RunReady         // links issued, downloadable until expiry
	RunExpired       = backupkind.RunExpired       // links expired, files deleted (BK-17)
	RunFailed        = backupkind.RunFailed        // gave up after retries
	RunNeedsPurchase = backupkind.RunNeedsPurchase // nothing covered it; it did not run (BK-10)
	RunCancelled     = backupkind.RunCancelled     // the schedule was stopped before it ran (BK-18)
)

// RunStates lists every run state.
var RunStates = backupkind.RunStates

// transitions is the whole state machine, and the service's only way to change a run's state
// consults it (Service.transition). RUNNING → QUEUED is the retry of a run whose worker died
// (BK-13): the run goes back to the queue and is claimed again; QUEUED → NEEDS_PURCHASE is the
// cover check repeated when the worker starts. Terminal and InProgress are methods of
// backupkind.RunState.
var transitions = map[RunState][]RunState{
	RunScheduled: {RunQueued, RunNeedsPurchase, RunCancelled},
	RunQueued:    {RunRunning, RunNeedsPurchase, RunFailed},
	RunRunning:   {RunArchived, RunQueued, RunFailed},
	RunArchived:  {RunReady, RunFailed},
	RunReady:     {RunExpired},
}

// CanTransition reports whether a run may go from → to. Staying in the same state is not a
// transition.
func CanTransition(from, to RunState) bool {
	for _, x := range transitions[from] {
		if x == to {
			return true
		}
	}
	return false
}

// Transition is CanTransition as an error: CONFLICT naming both states.
func Transition(from, to RunState) error {
	if CanTransition(from, to) {
		return nil
	}
	if from == to {
		return apperr.New(apperr.Conflict, "the backup run is already %s", from).
			With("from", string(from)).With("to", string(to))
	}
	return apperr.New(apperr.Conflict, "a backup run that is %s cannot become %s", from, to).
		With("from", string(from)).With("to", string(to))
}

// ---------------------------------------------------------------------------------------------
// BK-18 Stop

// CanCancel says whether stopping may cancel a run in st: only SCHEDULED runs are cancelled;
// QUEUED/RUNNING/ARCHIVED/READY finish and stay downloadable (CONFLICT), and a run that has
// already ended has nothing to stop (CONFLICT).
func CanCancel(st RunState) error {
	switch st {
	case RunScheduled:
		return nil
	case RunQueued, RunRunning, RunArchived:
		return apperr.New(apperr.Conflict, "this backup is already running; it will finish and stay downloadable").
			With("state", string(st))
	case RunReady:
		return apperr.New(apperr.Conflict, "this backup is already ready; it will stay downloadable until its link expires").
			With("state", string(st))
	}
	return apperr.New(apperr.Conflict, "this backup has already ended (%s); there is nothing to stop", st).
		With("state", string(st))
}

// StopPlan says what stopping a schedule does to each of its runs (indexes into the input).
type StopPlan struct {
	Cancel      []int // SCHEDULED → CANCELLED
	KeepRunning []int // QUEUED, RUNNING, ARCHIVED: they finish and stay downloadable
	Untouched   []int // READY and ended runs
}

// StopOutcome sorts a schedule's runs for a stop (BK-18).
func StopOutcome(states []RunState) StopPlan {
	var p StopPlan
	for i, st := range states {
		switch {
		case st == RunScheduled:
			p.Cancel = append(p.Cancel, i)
		case st.InProgress():
			p.KeepRunning = append(p.KeepRunning, i)
		default:
			p.Untouched = append(p.Untouched, i)
		}
	}
	return p
}

// AddonNotCancelledNote is said on every stop while the weekly add-on is active (BK-18).
const AddonNotCancelledNote = "Stopping backups does not cancel the weekly backup add-on; to stop paying for it, cancel it in Subscription > Add-ons."

// StopAnswer is the text pieces of the answer to "stop the schedule" (BK-18).
type StopAnswer struct {
	Stopped string // always: "Scheduled backups are stopped."
	// NextWouldHaveBeen is when the next backup would have been, in the org's zone; "" when
	// the schedule had no upcoming run.
	NextWouldHaveBeen string
	NextAt            time.Time // the same instant, UTC; zero when none
	// StillRunning is said when runs in progress keep going; "" when none.
	StillRunning string
	// AddonNote is AddonNotCancelledNote when the weekly add-on is active, "" otherwise.
	AddonNote string

	loc     *time.Location // what Localize needs to word it again
	running int
}

// The sentences of the stop answer (English; the i18n catalogue has their translations).
const (
	stoppedText           = "Scheduled backups are stopped."
	nextWouldHaveBeenText = "The next backup would have been on %s (%s)."
	stillRunningOneText   = "1 backup already in progress will finish and stay downloadable."
	stillRunningText      = "%d backups already in progress will finish and stay downloadable."
)

// Text joins the non-empty pieces with spaces.
func (a StopAnswer) Text() string {
	var parts []string
	for _, p := range []string{a.Stopped, a.NextWouldHaveBeen, a.StillRunning, a.AddonNote} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// StopMessage builds the stop answer: next is NextRun(schedule, now) (hasNext false when none),
// stillRunning the number of runs that keep going (len(StopPlan.KeepRunning)).
func StopMessage(next time.Time, hasNext bool, loc *time.Location, stillRunning int, weeklyAddonActive bool) StopAnswer {
	if loc == nil {
		loc = time.UTC
	}
	a := StopAnswer{Stopped: stoppedText, loc: loc, running: stillRunning}
	if hasNext {
		a.NextAt = next.UTC()
		a.NextWouldHaveBeen = fmt.Sprintf(nextWouldHaveBeenText, next.In(loc).Format("Monday, 2 January 2006 at 15:04"), loc)
	}
	switch {
	case stillRunning == 1:
		a.StillRunning = stillRunningOneText
	case stillRunning > 1:
		a.StillRunning = fmt.Sprintf(stillRunningText, stillRunning)
	}
	if weeklyAddonActive {
		a.AddonNote = AddonNotCancelledNote
	}
	return a
}

// ---------------------------------------------------------------------------------------------
// BK-15, BK-17 Download links

// DefaultLinkTTL is how long download links work after the archive was created (BK-15).
const DefaultLinkTTL = 7 * 24 * time.Hour

// LinkExpiry is when the links of an archive created at archivedAt expire (UTC). ttl ≤ 0 means
// DefaultLinkTTL.
func LinkExpiry(archivedAt time.Time, ttl time.Duration) time.Time {
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	return archivedAt.Add(ttl).UTC()
}

// DownloadName is what a backup file is saved as (issue 17 item 8): the org's name made safe
// for a file name (letters and digits of any script, lower-cased; anything else one "-"), the
// day the archive was made in the org's time zone, and the file's name:
// "acme-2026-12-03-data-part1.zip".
func DownloadName(orgName string, created time.Time, loc *time.Location, file string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(orgName) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	slug := truncateRunes(b.String(), 60)
	day := created.In(loc).Format("2006-01-02")
	if slug == "" {
		return day + "-" + file
	}
	return slug + "-" + day + "-" + file
}

// LinkValid reports whether a link expiring at expiresAt still works at now: it stops working
// at exactly expiresAt.
func LinkValid(expiresAt, now time.Time) bool { return now.Before(expiresAt) }

// ShouldExpire reports whether the cleanup job must delete a run's files and mark it EXPIRED
// (BK-17): a READY run whose links have expired.
func ShouldExpire(st RunState, expiresAt, now time.Time) bool {
	return st == RunReady && !LinkValid(expiresAt, now)
}

// ---------------------------------------------------------------------------------------------
// BK-13 One run per slot

// SlotKey is the idempotency key of a schedule's slot — a unique key on runs and the asynq
// task ID — so a slot that is ticked, reconciled or retried twice still makes one run:
// "backup:<scheduleID>:<slot in UTC, RFC 3339, whole seconds>".
func SlotKey(scheduleID int, slot time.Time) string {
	return fmt.Sprintf("backup:%d:%s", scheduleID, slot.UTC().Format(time.RFC3339))
}

// ---------------------------------------------------------------------------------------------
// BK-14 Estimate

// EstimateDuration scales the org's last run linearly by the work it did (rows and
// attachments written): lastDuration × nowWork / lastWork — measured throughput, no floor, so a
// backup that took 0.1 s is not announced as "about a minute" (issue 17 item 7). With no usable
// last run (lastDuration ≤ 0) it is 0: nothing was measured (the summary says so); with an
// empty last run (lastWork ≤ 0) it is the last duration. Very large results saturate instead of
// overflowing.
func EstimateDuration(lastWork int64, lastDuration time.Duration, nowWork int64) time.Duration {
	if lastDuration <= 0 {
		return 0
	}
	if lastWork <= 0 {
		return lastDuration
	}
	nowWork = max(nowWork, 0)
	hi, lo := bits.Mul64(uint64(lastDuration), uint64(nowWork))
	if hi >= uint64(lastWork) { // quotient would not fit in 64 bits
		return time.Duration(math.MaxInt64)
	}
	q, _ := bits.Div64(hi, lo, uint64(lastWork))
	if q > math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(q)
}

// EstimateSeconds is an estimate in whole seconds for people, rounded up: 0.1 s is 1 s, and
// only "nothing measured" is 0.
func EstimateSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// ---------------------------------------------------------------------------------------------
// BK-7, BK-9 What "Back up now" uses

// NowEffect is what a one-off backup now would use, and how the active schedule's next run
// would be covered without it (NextBefore) and after it (NextAfter). Warn says the backup
// leaves that next run to a backup unit or to nothing (NEEDS_PURCHASE): the confirmation must
// say so (issue 17 item 7). NextBefore and NextAfter are "" when there is no next run.
type NowEffect struct {
	Cover      Cover
	NextBefore Cover
	NextAfter  Cover
	Warn       bool
}

// BackupNowEffect works out NowEffect. usedFree is this month's free backups used; the next
// run (if hasNext) repeats as nextRepeat and falls in this quota month when nextSameMonth (a
// new month brings new free backups).
func BackupNowEffect(freePerMonth, usedFree int, weeklyAddon bool, unitsLeft int, hasNext bool, nextRepeat RepeatType, nextSameMonth bool) NowEffect {
	e := NowEffect{Cover: ChooseCover(freePerMonth, usedFree, Immediate, weeklyAddon, unitsLeft)}
	if !hasNext {
		return e
	}
	nextUsed := 0
	if nextSameMonth {
		nextUsed = usedFree
	}
	e.NextBefore = ChooseCover(freePerMonth, nextUsed, nextRepeat, weeklyAddon, unitsLeft)
	switch e.Cover {
	case CoverFree:
		if nextSameMonth {
			nextUsed++
		}
	case CoverUnit:
		unitsLeft--
	}
	e.NextAfter = ChooseCover(freePerMonth, nextUsed, nextRepeat, weeklyAddon, unitsLeft)
	e.Warn = e.NextAfter != e.NextBefore && (e.NextAfter == CoverUnit || e.NextAfter == CoverNone)
	return e
}

// ---------------------------------------------------------------------------------------------
// BK-19 Log wording

var ordinals = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", LastWeek: "last"}

// DescribeSchedule words s for the backup log and summary (BK-19), in English:
// "every week on Monday at 02:00", "every two weeks on Friday at 02:00", "on day 31 of every
// month (last day in shorter months) at 02:00", "on the last Sunday of every month at 02:00",
// "once, immediately". The log line is "<name> scheduled a backup " + DescribeSchedule(s).
// Translations, if ever needed, belong to the UI, which gets the schedule's fields.
func DescribeSchedule(s Schedule) string {
	at := fmt.Sprintf(" at %02d:00", s.Hour)
	switch s.Repeat {
	case Immediate:
		return "once, immediately"
	case Weekly:
		return "every week on " + s.Weekday.String() + at
	case TwiceAMonth:
		return "every two weeks on " + s.Weekday.String() + at
	case MonthlyDate:
		note := ""
		if s.DayOfMonth > 28 {
			note = " (last day in shorter months)"
		}
		return fmt.Sprintf("on day %d of every month%s%s", s.DayOfMonth, note, at)
	case MonthlyWeekday:
		return "on the " + ordinals[s.WeekOfMonth] + " " + s.Weekday.String() + " of every month" + at
	}
	return string(s.Repeat)
}
