// Package backupkind is the vocabulary of data backups (SPEC BK), spelled once: how often a
// backup repeats, on which weekday and week of the month, where a run is, and what paid for it.
//
// It is a leaf: it imports only the standard library. The same types are the ent fields'
// Go types (field.Enum(...).GoType), the rules' types (internal/backup) and gqlgen's models
// for the GraphQL enums of graph/backup.graphqls (gqlgen.yml), so no layer converts between
// ints and strings; the SPA gets the same names through its generated GraphQL types.
package backupkind

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// RepeatType is how often a backup runs (BK-6).
type RepeatType string

const (
	Immediate      RepeatType = "IMMEDIATE"       // one-off, now; no next run
	Weekly         RepeatType = "WEEKLY"          // every week on a weekday
	TwiceAMonth    RepeatType = "TWICE_A_MONTH"   // every 14 days on a weekday from the start date
	MonthlyDate    RepeatType = "MONTHLY_DATE"    // a day 1–31, or the month's last day if shorter
	MonthlyWeekday RepeatType = "MONTHLY_WEEKDAY" // the 1st…4th or last weekday of every month
)

// RepeatTypes lists every repeat type.
var RepeatTypes = []RepeatType{Immediate, Weekly, TwiceAMonth, MonthlyDate, MonthlyWeekday}

// Values lists the stored values (ent's EnumValues).
func (RepeatType) Values() []string { return names(RepeatTypes) }

// Valid reports whether r is one of RepeatTypes.
func (r RepeatType) Valid() bool { return valid(RepeatTypes, r) }

// UsesWeekday reports whether a schedule of this type needs a weekday.
func (r RepeatType) UsesWeekday() bool {
	return r == Weekly || r == TwiceAMonth || r == MonthlyWeekday
}

// MarshalGQL writes r as a GraphQL enum value.
func (r RepeatType) MarshalGQL(w io.Writer) { marshal(w, r) }

// UnmarshalGQL reads a GraphQL enum value.
func (r *RepeatType) UnmarshalGQL(v any) error { return unmarshal(v, r, RepeatTypes) }

// Weekday is a day of the week in its GraphQL spelling.
type Weekday string

const (
	Sunday    Weekday = "SUNDAY"
	Monday    Weekday = "MONDAY"
	Tuesday   Weekday = "TUESDAY"
	Wednesday Weekday = "WEDNESDAY"
	Thursday  Weekday = "THURSDAY"
	Friday    Weekday = "FRIDAY"
	Saturday  Weekday = "SATURDAY"
)

// Weekdays lists the weekdays in time.Weekday order (Sunday = 0).
var Weekdays = []Weekday{Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday}

// WeekdayOf is the Weekday of d; "" for a number outside Sunday…Saturday.
func WeekdayOf(d time.Weekday) Weekday {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return Weekdays[d]
}

// Time is w as a time.Weekday; -1 for an unknown weekday.
func (w Weekday) Time() time.Weekday {
	for i, x := range Weekdays {
		if x == w {
			return time.Weekday(i)
		}
	}
	return -1
}

// Values lists the stored values (ent's EnumValues).
func (Weekday) Values() []string { return names(Weekdays) }

// Valid reports whether w is one of Weekdays.
func (w Weekday) Valid() bool { return valid(Weekdays, w) }

// MarshalGQL writes w as a GraphQL enum value.
func (w Weekday) MarshalGQL(out io.Writer) { marshal(out, w) }

// UnmarshalGQL reads a GraphQL enum value.
func (w *Weekday) UnmarshalGQL(v any) error { return unmarshal(v, w, Weekdays) }

// WeekOfMonth is which of a month's weekdays a MONTHLY_WEEKDAY schedule runs on.
type WeekOfMonth string

const (
	First  WeekOfMonth = "FIRST"
	Second WeekOfMonth = "SECOND"
	Third  WeekOfMonth = "THIRD"
	Fourth WeekOfMonth = "FOURTH"
	Last   WeekOfMonth = "LAST" // the 4th or the 5th, whichever is the month's last
)

// WeeksOfMonth lists them in order.
var WeeksOfMonth = []WeekOfMonth{First, Second, Third, Fourth, Last}

// LastWeek is the number Last stands for in schedule math.
const LastWeek = -1

// N is the week as a number: 1–4, or LastWeek; 0 for an unknown value.
func (w WeekOfMonth) N() int {
	switch w {
	case Last:
		return LastWeek
	case First, Second, Third, Fourth:
		for i, x := range WeeksOfMonth {
			if x == w {
				return i + 1
			}
		}
	}
	return 0
}

// WeekOfMonthOf is the WeekOfMonth of n (1–4 or LastWeek); "" for any other number.
func WeekOfMonthOf(n int) WeekOfMonth {
	switch {
	case n == LastWeek:
		return Last
	case n >= 1 && n <= 4:
		return WeeksOfMonth[n-1]
	}
	return ""
}

// Values lists the stored values (ent's EnumValues).
func (WeekOfMonth) Values() []string { return names(WeeksOfMonth) }

// Valid reports whether w is one of WeeksOfMonth.
func (w WeekOfMonth) Valid() bool { return valid(WeeksOfMonth, w) }

// MarshalGQL writes w as a GraphQL enum value.
func (w WeekOfMonth) MarshalGQL(out io.Writer) { marshal(out, w) }

// UnmarshalGQL reads a GraphQL enum value.
func (w *WeekOfMonth) UnmarshalGQL(v any) error { return unmarshal(v, w, WeeksOfMonth) }

// RunState is where one backup run is (BK-12). Which state may follow which is a rule
// (internal/backup's transition table), not part of the vocabulary.
type RunState string

const (
	RunScheduled     RunState = "SCHEDULED"      // a future slot of a schedule
	RunQueued        RunState = "QUEUED"         // on the job queue (IMMEDIATE runs start here)
	RunRunning       RunState = "RUNNING"        // a worker is writing the archive
	RunArchived      RunState = "ARCHIVED"       // archive stored, links not yet issued
	RunReady         RunState = "READY"          // links issued, downloadable until expiry
	RunExpired       RunState = "EXPIRED"        // links expired, files deleted (BK-17)
	RunFailed        RunState = "FAILED"         // gave up after retries
	RunNeedsPurchase RunState = "NEEDS_PURCHASE" // nothing covered it; it did not run (BK-10)
	RunCancelled     RunState = "CANCELLED"      // the schedule was stopped before it ran (BK-18)
)

// RunStates lists every run state.
var RunStates = []RunState{RunScheduled, RunQueued, RunRunning, RunArchived, RunReady,
	RunExpired, RunFailed, RunNeedsPurchase, RunCancelled}

// Values lists the stored values (ent's EnumValues).
func (RunState) Values() []string { return names(RunStates) }

// Valid reports whether st is one of RunStates.
func (st RunState) Valid() bool { return valid(RunStates, st) }

// Terminal reports whether nothing follows st.
func (st RunState) Terminal() bool {
	switch st {
	case RunExpired, RunFailed, RunNeedsPurchase, RunCancelled:
		return true
	}
	return false
}

// InProgress reports whether a run in st is being produced (QUEUED, RUNNING, ARCHIVED).
func (st RunState) InProgress() bool {
	return st == RunQueued || st == RunRunning || st == RunArchived
}

// MarshalGQL writes st as a GraphQL enum value.
func (st RunState) MarshalGQL(w io.Writer) { marshal(w, st) }

// UnmarshalGQL reads a GraphQL enum value.
func (st *RunState) UnmarshalGQL(v any) error { return unmarshal(v, st, RunStates) }

// Cover is what pays for one run (BK-9).
type Cover string

const (
	CoverFree        Cover = "FREE"         // a free backup left this month
	CoverWeeklyAddon Cover = "WEEKLY_ADDON" // the recurring weekly add-on (WEEKLY schedules only)
	CoverUnit        Cover = "UNIT"         // one prepaid backup unit
	// CoverNone is the rules' answer when nothing pays: the run becomes NEEDS_PURCHASE (BK-10).
	// It is never stored (a run without cover has none).
	CoverNone Cover = "NONE"
)

// Covers lists what a run can be covered by (the stored values).
var Covers = []Cover{CoverFree, CoverWeeklyAddon, CoverUnit}

// Values lists the stored values (ent's EnumValues).
func (Cover) Values() []string { return names(Covers) }

// Valid reports whether c is one of Covers.
func (c Cover) Valid() bool { return valid(Covers, c) }

// MarshalGQL writes c as a GraphQL enum value.
func (c Cover) MarshalGQL(w io.Writer) { marshal(w, c) }

// UnmarshalGQL reads a GraphQL enum value.
func (c *Cover) UnmarshalGQL(v any) error { return unmarshal(v, c, Covers) }

func names[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func valid[T ~string](xs []T, v T) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func marshal[T ~string](w io.Writer, v T) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }

func unmarshal[T ~string](v any, into *T, allowed []T) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enum %T must be a string", v)
	}
	if !valid(allowed, T(s)) {
		return fmt.Errorf("%s is not a valid %T", s, *into)
	}
	*into = T(s)
	return nil
}
