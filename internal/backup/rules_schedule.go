package backup

import (
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

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
