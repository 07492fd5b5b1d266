// Package backup schedules, runs, stores and expires an org's data backups (SPEC BK).
//
// The pure rules live in rules.go (civil dates) and rules_<topic>.go (schedule, cost, runs,
// links, estimate, log): schedule math in the org's time zone, quota cover order,
// cost preview, the run state machine, stop rules, link expiry, idempotency keys, the duration
// estimate and log wording. It imports only the standard library, apperr and the leaf
// vocabulary (internal/kind/backupkind: repeat types, weekdays, run states, covers), never calls
// time.Now, and every function takes the time it needs as an argument. Instants returned are
// UTC; calendar reasoning happens in the org's *time.Location.
package backup

import (
	"fmt"
	"math"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
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
