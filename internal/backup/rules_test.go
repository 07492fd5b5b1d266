package backup

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/clock"
)

// fixed is the test clock: rules take times, never read the wall clock.
var fixed = clock.NewSettable(time.Date(2026, 10, 20, 9, 30, 0, 0, time.UTC))

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v.UTC()
}

func date(y int, m time.Month, d int) Date { return Date{y, m, d} }

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Validation || e.Field != field {
		t.Fatalf("want VALIDATION on %q, got %#v", field, err)
	}
}

// Rules are pure: only the standard library, apperr, clock and the leaf vocabulary packages
// (internal/kind/...); never time.Now (DESIGN.md).
func TestRulesArePure(t *testing.T) {
	files, err := filepath.Glob("rules*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(n string) bool { return strings.HasSuffix(n, "_test.go") })
	if !slices.Contains(files, "rules.go") || len(files) < 2 {
		t.Fatalf("rules files found: %v, want rules.go and rules_<topic>.go", files)
	}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(p, ".") && p != "github.com/crmadmin/crmadmin/internal/apperr" &&
				p != "github.com/crmadmin/crmadmin/internal/clock" && !strings.HasPrefix(p, "github.com/crmadmin/crmadmin/internal/kind/") {
				t.Errorf("%s imports %s", name, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "time" && sel.Sel.Name == "Now" {
					t.Errorf("%s calls time.Now", name)
				}
			}
			return true
		})
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2024-02-29")
	if err != nil || d != date(2024, 2, 29) || d.String() != "2024-02-29" {
		t.Fatalf("ParseDate: %v %v", d, err)
	}
	if _, err := ParseDate("2026-02-29"); err == nil {
		t.Fatal("2026-02-29 accepted")
	} else {
		wantField(t, err, "startDate")
	}
	if date(2026, 2, 29).Valid() || !date(2028, 2, 29).Valid() || (Date{}).Valid() {
		t.Fatal("Valid")
	}
	if got := date(2026, 12, 31).AddDays(1); got != date(2027, 1, 1) {
		t.Fatalf("AddDays: %v", got)
	}
	if got := date(2027, 1, 1).DaysSince(date(1969, 12, 31)); got != 20820 {
		t.Fatalf("DaysSince: %d", got)
	}
	if date(2026, 11, 2).Weekday() != time.Monday || !date(2026, 1, 1).Before(date(2026, 1, 2)) ||
		!date(2027, 1, 1).After(date(2026, 12, 31)) {
		t.Fatal("Weekday/Before/After")
	}
	if got := DateOf(utc(t, "2026-10-31T15:00:00Z"), zone(t, "Asia/Tokyo")); got != date(2026, 11, 1) {
		t.Fatalf("DateOf: %v", got)
	}
}

// BK-6 daylight saving: a missing hour fires at the next valid instant, an ambiguous hour at
// its first occurrence.
func TestDateAt_BK6_DST(t *testing.T) {
	cases := []struct {
		zone string
		d    Date
		hour int
		want string
	}{
		{"America/New_York", date(2026, 3, 8), 2, "2026-03-08T07:00:00Z"},     // 02:00 missing → 03:00 EDT (time.Date says 01:00 EST)
		{"America/New_York", date(2026, 3, 8), 3, "2026-03-08T07:00:00Z"},     // 03:00 EDT
		{"America/New_York", date(2026, 3, 8), 1, "2026-03-08T06:00:00Z"},     // 01:00 EST
		{"America/New_York", date(2026, 11, 1), 1, "2026-11-01T05:00:00Z"},    // 01:00 twice → first (EDT)
		{"America/New_York", date(2026, 11, 1), 2, "2026-11-01T07:00:00Z"},    // 02:00 EST, once
		{"Europe/Paris", date(2026, 3, 29), 2, "2026-03-29T01:00:00Z"},        // 02:00 missing → 03:00 CEST
		{"Europe/Paris", date(2026, 10, 25), 2, "2026-10-25T00:00:00Z"},       // 02:00 twice → first (CEST; time.Date picks CET)
		{"Europe/Paris", date(2026, 10, 25), 3, "2026-10-25T02:00:00Z"},       // 03:00 CET
		{"Australia/Lord_Howe", date(2026, 10, 4), 2, "2026-10-03T15:30:00Z"}, // 30-minute gap → 02:30 +11
		{"Australia/Lord_Howe", date(2026, 4, 5), 1, "2026-04-04T14:00:00Z"},
		{"America/Havana", date(2026, 3, 8), 0, "2026-03-08T05:00:00Z"},  // midnight missing → 01:00 CDT
		{"America/Havana", date(2026, 11, 1), 0, "2026-11-01T04:00:00Z"}, // midnight twice → first
		{"Pacific/Apia", date(2011, 12, 30), 10, "2011-12-30T10:00:00Z"}, // the day that never was → 31 Dec 00:00 +14
		{"Asia/Tokyo", date(2026, 11, 2), 0, "2026-11-01T15:00:00Z"},
		{"Asia/Tokyo", date(2026, 11, 2), 23, "2026-11-02T14:00:00Z"},
	}
	for _, c := range cases {
		if got := c.d.At(c.hour, zone(t, c.zone)); !got.Equal(utc(t, c.want)) || got.Location() != time.UTC {
			t.Errorf("%s %v %02d:00: got %v, want %s", c.zone, c.d, c.hour, got, c.want)
		}
	}
}

// BK-6 validation names the input field at fault.
func TestValidateSchedule_BK6(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	ok := Schedule{Repeat: Weekly, Weekday: time.Monday, StartDate: date(2026, 11, 1), Hour: 2, Location: paris}
	if err := ValidateSchedule(ok); err != nil {
		t.Fatal(err)
	}
	mod := func(f func(*Schedule)) Schedule { s := ok; f(&s); return s }
	cases := []struct {
		s     Schedule
		field string
	}{
		{mod(func(s *Schedule) { s.Repeat = "DAILY" }), "repeatType"},
		{mod(func(s *Schedule) { s.Repeat = "" }), "repeatType"},
		{mod(func(s *Schedule) { s.Location = nil }), "timeZone"},
		{mod(func(s *Schedule) { s.StartDate = Date{} }), "startDate"},
		{mod(func(s *Schedule) { s.StartDate = date(2026, 2, 29) }), "startDate"},
		{mod(func(s *Schedule) { s.Hour = 24 }), "hour"},
		{mod(func(s *Schedule) { s.Hour = -1 }), "hour"},
		{mod(func(s *Schedule) { s.Weekday = 7 }), "weekday"},
		{mod(func(s *Schedule) { s.Repeat = TwiceAMonth; s.Weekday = -1 }), "weekday"},
		{mod(func(s *Schedule) { s.Repeat = MonthlyDate; s.DayOfMonth = 0 }), "dayOfMonth"},
		{mod(func(s *Schedule) { s.Repeat = MonthlyDate; s.DayOfMonth = 32 }), "dayOfMonth"},
		{mod(func(s *Schedule) { s.Repeat = MonthlyWeekday; s.WeekOfMonth = 0 }), "weekOfMonth"},
		{mod(func(s *Schedule) { s.Repeat = MonthlyWeekday; s.WeekOfMonth = 5 }), "weekOfMonth"},
		{mod(func(s *Schedule) { s.Repeat = MonthlyWeekday; s.WeekOfMonth = -2 }), "weekOfMonth"},
		{mod(func(s *Schedule) { s.Repeat = Immediate; s.Location = nil }), "timeZone"},
	}
	for _, c := range cases {
		wantField(t, ValidateSchedule(c.s), c.field)
	}
	valid := []Schedule{
		mod(func(s *Schedule) { s.Repeat = Immediate; s.StartDate = Date{}; s.Hour = 99 }), // unused fields ignored
		mod(func(s *Schedule) { s.Repeat = MonthlyDate; s.DayOfMonth = 31; s.Weekday = 9 }),
		mod(func(s *Schedule) { s.Repeat = MonthlyWeekday; s.WeekOfMonth = LastWeek }),
		mod(func(s *Schedule) { s.Repeat = MonthlyWeekday; s.WeekOfMonth = 4; s.Hour = 0 }),
		mod(func(s *Schedule) { s.Hour = 23 }),
	}
	for _, s := range valid {
		if err := ValidateSchedule(s); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}

	// A start date before today (org's zone) is refused; today is fine.
	now := fixed.Now() // 2026-10-20 09:30 UTC = 18:30 in Tokyo
	tokyo := zone(t, "Asia/Tokyo")
	wantField(t, ValidateStartDate(date(2026, 10, 19), now, tokyo), "startDate")
	if err := ValidateStartDate(date(2026, 10, 20), now, tokyo); err != nil {
		t.Fatal(err)
	}
	late := utc(t, "2026-10-20T16:00:00Z") // already 21 October in Tokyo
	wantField(t, ValidateStartDate(date(2026, 10, 20), late, tokyo), "startDate")

	if _, err := LoadZone("Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus"} {
		_, err := LoadZone(bad)
		wantField(t, err, "timeZone")
	}
}

// BK-6 next-run computation for every repeat type, in the org's zone.
func TestNextRun_BK6(t *testing.T) {
	tokyo, paris, ny, u := zone(t, "Asia/Tokyo"), zone(t, "Europe/Paris"), zone(t, "America/New_York"), time.UTC
	weekly := func(wd time.Weekday, start Date, hour int, loc *time.Location) Schedule {
		return Schedule{Repeat: Weekly, Weekday: wd, StartDate: start, Hour: hour, Location: loc}
	}
	twice := func(wd time.Weekday, start Date, hour int, loc *time.Location) Schedule {
		return Schedule{Repeat: TwiceAMonth, Weekday: wd, StartDate: start, Hour: hour, Location: loc}
	}
	monthly := func(day int, start Date, hour int, loc *time.Location) Schedule {
		return Schedule{Repeat: MonthlyDate, DayOfMonth: day, StartDate: start, Hour: hour, Location: loc}
	}
	nth := func(n int, wd time.Weekday, start Date, hour int, loc *time.Location) Schedule {
		return Schedule{Repeat: MonthlyWeekday, WeekOfMonth: n, Weekday: wd, StartDate: start, Hour: hour, Location: loc}
	}
	cases := []struct {
		name  string
		s     Schedule
		after string
		want  string // "" = no next run
	}{
		// WEEKLY
		{"weekly future start", weekly(time.Monday, date(2026, 11, 1), 2, tokyo), "2026-10-20T00:00:00Z", "2026-11-01T17:00:00Z"},
		{"weekly past start, exactly at a slot", weekly(time.Monday, date(2026, 1, 5), 2, tokyo), "2026-11-01T17:00:00Z", "2026-11-08T17:00:00Z"},
		{"weekly past start, just before a slot", weekly(time.Monday, date(2026, 1, 5), 2, tokyo), "2026-11-01T16:59:59Z", "2026-11-01T17:00:00Z"},
		{"weekly start day is the weekday", weekly(time.Monday, date(2026, 11, 2), 2, tokyo), "2026-11-01T12:00:00Z", "2026-11-01T17:00:00Z"},
		{"weekly start day, hour passed", weekly(time.Monday, date(2026, 11, 2), 2, tokyo), "2026-11-01T18:00:00Z", "2026-11-08T17:00:00Z"},
		{"weekly hour 0, at the slot", weekly(time.Sunday, date(2026, 11, 1), 0, tokyo), "2026-10-31T15:00:00Z", "2026-11-07T15:00:00Z"},
		{"weekly hour 23", weekly(time.Sunday, date(2026, 11, 1), 23, tokyo), "2026-10-31T15:00:00Z", "2026-11-01T14:00:00Z"},
		{"weekly UTC hour 23", weekly(time.Saturday, date(2026, 10, 1), 23, u), "2026-10-31T22:59:59Z", "2026-10-31T23:00:00Z"},
		{"weekly local date differs from UTC date", weekly(time.Monday, date(2026, 10, 1), 0, tokyo), "2026-11-01T14:00:00Z", "2026-11-01T15:00:00Z"},
		// TWICE_A_MONTH: every 14 days from the first weekday on/after the start date
		{"twice first run", twice(time.Friday, date(2026, 11, 2), 2, paris), "2026-11-01T00:00:00Z", "2026-11-06T01:00:00Z"},
		{"twice skips the odd week", twice(time.Friday, date(2026, 11, 2), 2, paris), "2026-11-06T01:00:00Z", "2026-11-20T01:00:00Z"},
		{"twice mid-gap", twice(time.Friday, date(2026, 11, 2), 2, paris), "2026-11-13T12:00:00Z", "2026-11-20T01:00:00Z"},
		{"twice past start keeps its rhythm", twice(time.Friday, date(2026, 1, 9), 2, paris), "2026-11-01T00:00:00Z", "2026-11-13T01:00:00Z"},
		{"twice across Paris spring DST", twice(time.Sunday, date(2026, 3, 15), 2, paris), "2026-03-15T02:00:00Z", "2026-03-29T01:00:00Z"},
		{"twice New York", twice(time.Wednesday, date(2026, 10, 28), 23, ny), "2026-10-29T04:00:00Z", "2026-11-12T04:00:00Z"},
		// MONTHLY_DATE: day N, or the last day of shorter months
		{"31st in February (non-leap)", monthly(31, date(2026, 1, 1), 2, u), "2026-02-01T00:00:00Z", "2026-02-28T02:00:00Z"},
		{"31st in February (leap)", monthly(31, date(2028, 1, 1), 2, u), "2028-02-01T00:00:00Z", "2028-02-29T02:00:00Z"},
		{"31st after the February run", monthly(31, date(2026, 1, 1), 2, u), "2026-02-28T02:00:00Z", "2026-03-31T02:00:00Z"},
		{"31st in April", monthly(31, date(2026, 1, 1), 2, u), "2026-04-01T00:00:00Z", "2026-04-30T02:00:00Z"},
		{"30th in leap February", monthly(30, date(2024, 1, 1), 2, u), "2024-02-01T00:00:00Z", "2024-02-29T02:00:00Z"},
		{"29th in non-leap February", monthly(29, date(2026, 1, 1), 2, u), "2026-02-01T00:00:00Z", "2026-02-28T02:00:00Z"},
		{"future start after this month's day", monthly(15, date(2026, 11, 20), 2, u), "2026-10-01T00:00:00Z", "2026-12-15T02:00:00Z"},
		{"day 1 hour 0 Tokyo", monthly(1, date(2026, 11, 1), 0, tokyo), "2026-10-01T00:00:00Z", "2026-10-31T15:00:00Z"},
		{"monthly on Paris fall-back day", monthly(25, date(2026, 1, 1), 2, paris), "2026-10-01T00:00:00Z", "2026-10-25T00:00:00Z"},
		{"year end", monthly(31, date(2026, 1, 1), 23, ny), "2027-01-01T04:00:00Z", "2027-02-01T04:00:00Z"},
		// MONTHLY_WEEKDAY: 1st–4th or last weekday
		{"last Sunday = Paris fall back (first 02:00)", nth(LastWeek, time.Sunday, date(2026, 10, 1), 2, paris), "2026-10-01T00:00:00Z", "2026-10-25T00:00:00Z"},
		{"last Sunday after fall-back run: no second run", nth(LastWeek, time.Sunday, date(2026, 10, 1), 2, paris), "2026-10-25T00:00:00Z", "2026-11-29T01:00:00Z"},
		{"last Sunday = Paris spring forward", nth(LastWeek, time.Sunday, date(2026, 3, 1), 2, paris), "2026-03-01T00:00:00Z", "2026-03-29T01:00:00Z"},
		{"last Monday is the 5th", nth(LastWeek, time.Monday, date(2026, 11, 1), 9, ny), "2026-11-01T00:00:00Z", "2026-11-30T14:00:00Z"},
		{"last Monday is the 4th", nth(LastWeek, time.Monday, date(2026, 11, 1), 9, ny), "2026-11-30T14:00:00Z", "2026-12-28T14:00:00Z"},
		{"first Monday", nth(1, time.Monday, date(2026, 11, 1), 9, ny), "2026-11-01T00:00:00Z", "2026-11-02T14:00:00Z"},
		{"fourth Thursday", nth(4, time.Thursday, date(2026, 11, 1), 9, ny), "2026-11-01T00:00:00Z", "2026-11-26T14:00:00Z"},
		{"second Tuesday before start → next month", nth(2, time.Tuesday, date(2026, 11, 12), 12, u), "2026-10-01T00:00:00Z", "2026-12-08T12:00:00Z"},
		{"third Wednesday hour 23 Tokyo", nth(3, time.Wednesday, date(2026, 1, 1), 23, tokyo), "2026-11-01T00:00:00Z", "2026-11-18T14:00:00Z"},
		// New York DST, 2026-03-08 and 2026-11-01
		{"NY missing 02:00 → 03:00 EDT", weekly(time.Sunday, date(2026, 1, 1), 2, ny), "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z"},
		{"NY after spring DST back to 02:00", weekly(time.Sunday, date(2026, 1, 1), 2, ny), "2026-03-08T07:00:00Z", "2026-03-15T06:00:00Z"},
		{"NY 03:00 on spring day", weekly(time.Sunday, date(2026, 1, 1), 3, ny), "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z"},
		{"NY ambiguous 01:00 → first (EDT)", weekly(time.Sunday, date(2026, 1, 1), 1, ny), "2026-10-31T12:00:00Z", "2026-11-01T05:00:00Z"},
		{"NY ambiguous 01:00 runs once", weekly(time.Sunday, date(2026, 1, 1), 1, ny), "2026-11-01T05:00:00Z", "2026-11-08T06:00:00Z"},
		{"NY 02:00 on fall-back day", weekly(time.Sunday, date(2026, 1, 1), 2, ny), "2026-10-31T12:00:00Z", "2026-11-01T07:00:00Z"},
		{"NY hour 23 on fall-back day", weekly(time.Sunday, date(2026, 1, 1), 23, ny), "2026-11-01T03:00:00Z", "2026-11-02T04:00:00Z"},
		{"NY hour 0 on spring day", weekly(time.Sunday, date(2026, 1, 1), 0, ny), "2026-03-07T12:00:00Z", "2026-03-08T05:00:00Z"},
		// Paris DST, 2026-03-29 and 2026-10-25
		{"Paris missing 02:00 → 03:00 CEST", weekly(time.Sunday, date(2026, 1, 1), 2, paris), "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z"},
		{"Paris hour 0 on spring day", weekly(time.Sunday, date(2026, 1, 1), 0, paris), "2026-03-28T12:00:00Z", "2026-03-28T23:00:00Z"},
		{"Paris hour 23 on spring day", weekly(time.Sunday, date(2026, 1, 1), 23, paris), "2026-03-28T12:00:00Z", "2026-03-29T21:00:00Z"},
		{"Paris hour 23 before spring day", weekly(time.Saturday, date(2026, 1, 1), 23, paris), "2026-03-28T12:00:00Z", "2026-03-28T22:00:00Z"},
		{"Paris ambiguous 02:00 → first (CEST)", weekly(time.Sunday, date(2026, 1, 1), 2, paris), "2026-10-24T12:00:00Z", "2026-10-25T00:00:00Z"},
		{"Paris ambiguous 02:00 runs once", weekly(time.Sunday, date(2026, 1, 1), 2, paris), "2026-10-25T00:00:00Z", "2026-11-01T01:00:00Z"},
		{"Paris 03:00 on fall-back day", weekly(time.Sunday, date(2026, 1, 1), 3, paris), "2026-10-24T12:00:00Z", "2026-10-25T02:00:00Z"},
		// No next run
		{"IMMEDIATE", Schedule{Repeat: Immediate, Location: u}, "2026-10-20T00:00:00Z", ""},
		{"invalid schedule", weekly(time.Monday, date(2026, 11, 1), 24, u), "2026-10-20T00:00:00Z", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := NextRun(c.s, utc(t, c.after))
			if c.want == "" {
				if ok {
					t.Fatalf("got %v, want no next run", got)
				}
				return
			}
			if !ok || !got.Equal(utc(t, c.want)) || got.Location() != time.UTC {
				t.Fatalf("got %v %v, want %s (local %v)", got, ok, c.want, got.In(c.s.Location))
			}
			// `after` in any zone, or carrying a monotonic reading, gives the same answer.
			if again, _ := NextRun(c.s, utc(t, c.after).In(tokyo)); !again.Equal(got) {
				t.Fatalf("depends on after's zone: %v", again)
			}
		})
	}
}

// BK-6 previews list the real upcoming dates.
func TestRunsBetween_BK6(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	s := Schedule{Repeat: Weekly, Weekday: time.Monday, StartDate: date(2026, 11, 1), Hour: 2, Location: paris}
	from, to := utc(t, "2026-10-31T23:00:00Z"), utc(t, "2026-11-30T01:00:00Z") // to = the 5th Monday's slot: excluded
	got := RunsBetween(s, from, to)
	want := []time.Time{utc(t, "2026-11-02T01:00:00Z"), utc(t, "2026-11-09T01:00:00Z"),
		utc(t, "2026-11-16T01:00:00Z"), utc(t, "2026-11-23T01:00:00Z")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	if got := RunsBetween(s, utc(t, "2026-11-02T01:00:00Z"), utc(t, "2026-11-02T01:00:01Z")); len(got) != 1 {
		t.Fatalf("from is inclusive: %v", got)
	}
	if got := RunsBetween(Schedule{Repeat: Immediate, Location: paris}, from, to); got != nil {
		t.Fatalf("IMMEDIATE: %v", got)
	}
	if got := RunsBetween(s, from, from.AddDate(100, 0, 0)); len(got) != MaxRuns {
		t.Fatalf("cap: %d", len(got))
	}
	for _, d := range []Date{date(2026, 11, 2), date(2026, 11, 30)} {
		if !s.Matches(d) {
			t.Errorf("Matches(%v)", d)
		}
	}
	if s.Matches(date(2026, 10, 26)) || s.Matches(date(2026, 11, 3)) {
		t.Error("Matches before start / wrong weekday")
	}
}

// BK-9 quota months are calendar months in the org's zone.
func TestMonthKey_BK9(t *testing.T) {
	tokyo, ny := zone(t, "Asia/Tokyo"), zone(t, "America/New_York")
	cases := []struct {
		t    string
		loc  *time.Location
		want string
	}{
		{"2026-10-31T15:00:00Z", tokyo, "2026-11"}, // midnight 1 Nov in Tokyo
		{"2026-10-31T14:59:59Z", tokyo, "2026-10"},
		{"2026-12-01T04:59:59Z", ny, "2026-11"},
		{"2027-01-01T05:00:00Z", ny, "2027-01"},
		{"2026-11-15T00:00:00Z", nil, "2026-11"},
	}
	for _, c := range cases {
		if got := MonthKey(utc(t, c.t), c.loc); got != c.want {
			t.Errorf("%s in %v: %s, want %s", c.t, c.loc, got, c.want)
		}
	}
}

// BK-9 cover order: free left this month → weekly add-on (WEEKLY only) → unit → NONE (BK-10).
func TestChooseCover_BK9(t *testing.T) {
	cases := []struct {
		name        string
		free, used  int
		repeat      RepeatType
		addon       bool
		units       int
		want        Cover
		wantFreeLft int
	}{
		{"free first, even with add-on and units", 2, 0, Weekly, true, 5, CoverFree, 2},
		{"second free", 2, 1, Weekly, true, 5, CoverFree, 1},
		{"add-on after free", 2, 2, Weekly, true, 5, CoverWeeklyAddon, 0},
		{"add-on not for two-weekly", 2, 2, TwiceAMonth, true, 5, CoverUnit, 0},
		{"add-on not for monthly", 2, 2, MonthlyDate, true, 1, CoverUnit, 0},
		{"add-on not for IMMEDIATE", 2, 2, Immediate, true, 1, CoverUnit, 0},
		{"inactive add-on", 2, 2, Weekly, false, 1, CoverUnit, 0},
		{"nothing", 2, 2, Weekly, false, 0, CoverNone, 0},
		{"nothing, two-weekly with add-on", 2, 2, TwiceAMonth, true, 0, CoverNone, 0},
		{"FREE plan: 0 free", 0, 0, MonthlyDate, false, 0, CoverNone, 0},
		{"FREE plan buys units", 0, 0, Immediate, false, 3, CoverUnit, 0},
		{"ULTIMATE 4th free", 4, 3, MonthlyWeekday, false, 0, CoverFree, 1},
		{"over-used never negative", 2, 5, Weekly, false, 0, CoverNone, 0},
		{"negative units", 2, 2, Weekly, false, -1, CoverNone, 0},
	}
	for _, c := range cases {
		if got := ChooseCover(c.free, c.used, c.repeat, c.addon, c.units); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if got := FreeLeft(c.free, c.used); got != c.wantFreeLft {
			t.Errorf("%s: FreeLeft %d, want %d", c.name, got, c.wantFreeLft)
		}
	}
	if e := NeedsPurchaseError(); e.Code != apperr.NeedsPurchase || !strings.Contains(e.Message, "buy") {
		t.Fatalf("%#v", e)
	}
}

// BK-10 the SPEC example: 4 weekly runs on a paid plan = 4 − 2 free = 2 × $10 = $20; 5 runs: $30.
func TestCostPreview_BK10(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	weekly := Schedule{Repeat: Weekly, Weekday: time.Monday, StartDate: date(2026, 11, 1), Hour: 2, Location: paris}
	from := utc(t, "2026-10-31T23:00:00Z") // 1 Nov 00:00 in Paris
	const ten = 1000                       // $10.00 in cents

	type row struct {
		runs, free, addon, units int
		cost                     int64
		owned, buy               int
		due                      int64
	}
	check := func(t *testing.T, got []MonthCost, months []string, want []row) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d months, want %d", len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			r := row{len(g.Runs), g.Free, g.AddOn, g.UnitsNeeded, g.Cost, g.FromOwned, g.ToBuy, g.AmountDue}
			if g.Month != months[i] || r != w || len(g.Dates) != len(g.Runs) {
				t.Errorf("month %d: %s %+v, want %s %+v", i, g.Month, r, months[i], w)
			}
		}
	}
	months := []string{"2026-11", "2026-12", "2027-01"}

	t.Run("paid plan", func(t *testing.T) {
		got := CostPreview(weekly, from, 3, 2, false, 0, ten)
		check(t, got, months, []row{
			{5, 2, 0, 3, 3000, 0, 3, 3000}, // Mondays 2, 9, 16, 23, 30: $30
			{4, 2, 0, 2, 2000, 0, 2, 2000}, // 7, 14, 21, 28: 2 × $10 beyond the 2 free = $20
			{4, 2, 0, 2, 2000, 0, 2, 2000},
		})
		wantDates := []Date{date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28)}
		if !reflect.DeepEqual(got[1].Dates, wantDates) || !got[1].Runs[0].Equal(utc(t, "2026-12-07T01:00:00Z")) {
			t.Fatalf("December runs: %v %v", got[1].Dates, got[1].Runs)
		}
	})
	t.Run("owned units do not change Cost, only what is left to buy", func(t *testing.T) {
		check(t, CostPreview(weekly, from, 3, 2, false, 4, ten), months, []row{
			{5, 2, 0, 3, 3000, 3, 0, 0},
			{4, 2, 0, 2, 2000, 1, 1, 1000},
			{4, 2, 0, 2, 2000, 0, 2, 2000},
		})
	})
	t.Run("weekly add-on covers the rest", func(t *testing.T) {
		check(t, CostPreview(weekly, from, 2, 2, true, 0, ten), months[:2], []row{
			{5, 2, 3, 0, 0, 0, 0, 0},
			{4, 2, 2, 0, 0, 0, 0, 0},
		})
	})
	t.Run("FREE plan and ULTIMATE", func(t *testing.T) {
		check(t, CostPreview(weekly, from, 1, 0, false, 0, ten), months[:1], []row{{5, 0, 0, 5, 5000, 0, 5, 5000}})
		check(t, CostPreview(weekly, from, 1, 4, false, 0, ten), months[:1], []row{{5, 4, 0, 1, 1000, 0, 1, 1000}})
	})
	t.Run("free already used this month", func(t *testing.T) {
		check(t, CostPreviewUsed(weekly, from, 2, 2, 2, false, 0, ten), months[:2], []row{
			{5, 0, 0, 5, 5000, 0, 5, 5000},
			{4, 2, 0, 2, 2000, 0, 2, 2000}, // a new month has its free backups back
		})
	})
	t.Run("from mid-month counts only upcoming runs", func(t *testing.T) {
		check(t, CostPreview(weekly, utc(t, "2026-11-20T10:00:00Z"), 1, 2, false, 0, ten), months[:1],
			[]row{{2, 2, 0, 0, 0, 0, 0, 0}})
	})
	t.Run("two-weekly fits the free backups; add-on does not apply", func(t *testing.T) {
		s := weekly
		s.Repeat = TwiceAMonth
		check(t, CostPreview(s, from, 2, 2, true, 0, ten), months[:2], []row{
			{3, 2, 0, 1, 1000, 0, 1, 1000}, // 2, 16, 30 November
			{2, 2, 0, 0, 0, 0, 0, 0},
		})
	})
	t.Run("IMMEDIATE is one run now", func(t *testing.T) {
		s := Schedule{Repeat: Immediate, Location: paris}
		now := fixed.Now()
		got := CostPreviewUsed(s, now, 2, 2, 2, false, 0, ten)
		check(t, got, []string{"2026-10", "2026-11"}, []row{{1, 0, 0, 1, 1000, 0, 1, 1000}, {}})
		if !got[0].Runs[0].Equal(now) {
			t.Fatal(got[0].Runs)
		}
	})
	t.Run("bounds", func(t *testing.T) {
		if CostPreview(weekly, from, 0, 2, false, 0, ten) != nil {
			t.Error("months 0")
		}
		bad := weekly
		bad.Location = nil
		if CostPreview(bad, from, 1, 2, false, 0, ten) != nil {
			t.Error("invalid schedule")
		}
		if got := CostPreview(weekly, from, 100, 2, false, 0, ten); len(got) != MaxPreviewMonths {
			t.Errorf("cap: %d", len(got))
		}
	})
	// The preview agrees with covering each run by ChooseCover, run by run.
	t.Run("matches ChooseCover", func(t *testing.T) {
		for _, addon := range []bool{false, true} {
			for _, units := range []int{0, 3, 20} {
				units := units
				prev := CostPreview(weekly, from, 6, 2, addon, units, ten)
				for _, m := range prev {
					used, sim := 0, MonthCost{}
					for range m.Runs {
						switch ChooseCover(2, used, weekly.Repeat, addon, units) {
						case CoverFree:
							used++
							sim.Free++
						case CoverWeeklyAddon:
							sim.AddOn++
						case CoverUnit:
							units--
							sim.FromOwned++
							sim.UnitsNeeded++
						case CoverNone:
							sim.ToBuy++
							sim.UnitsNeeded++
						}
					}
					if sim.Free != m.Free || sim.AddOn != m.AddOn || sim.FromOwned != m.FromOwned || sim.ToBuy != m.ToBuy ||
						sim.UnitsNeeded != m.UnitsNeeded {
						t.Fatalf("%s addon=%v: preview %+v, covers %+v", m.Month, addon, m, sim)
					}
				}
			}
		}
	})
}

// BK-12 the run state machine.
func TestTransition_BK12(t *testing.T) {
	allowed := map[[2]RunState]bool{
		{RunScheduled, RunQueued}: true, {RunScheduled, RunNeedsPurchase}: true, {RunScheduled, RunCancelled}: true,
		{RunQueued, RunRunning}: true, {RunQueued, RunNeedsPurchase}: true, {RunQueued, RunFailed}: true,
		{RunRunning, RunArchived}: true, {RunRunning, RunQueued}: true, {RunRunning, RunFailed}: true,
		{RunArchived, RunReady}: true, {RunArchived, RunFailed}: true,
		{RunReady, RunExpired}: true,
	}
	for _, from := range RunStates {
		for _, to := range RunStates {
			want := allowed[[2]RunState{from, to}]
			if got := CanTransition(from, to); got != want {
				t.Errorf("%s → %s: %v, want %v", from, to, got, want)
			}
			err := Transition(from, to)
			if want != (err == nil) {
				t.Errorf("Transition(%s, %s) = %v", from, to, err)
			}
			if err != nil && (!apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), string(from))) {
				t.Errorf("Transition(%s, %s) error: %v", from, to, err)
			}
		}
		if from.Terminal() != (len(transitionsFrom(from)) == 0) {
			t.Errorf("%s Terminal() disagrees with the table", from)
		}
	}
	if CanTransition("BOGUS", RunQueued) || Transition(RunReady, "BOGUS") == nil {
		t.Error("unknown states")
	}
	// The happy path of BK-12, in order.
	path := []RunState{RunScheduled, RunQueued, RunRunning, RunArchived, RunReady, RunExpired}
	for i := 1; i < len(path); i++ {
		if err := Transition(path[i-1], path[i]); err != nil {
			t.Fatal(err)
		}
	}
	for st, want := range map[RunState]bool{RunQueued: true, RunRunning: true, RunArchived: true, RunScheduled: false, RunReady: false} {
		if st.InProgress() != want {
			t.Errorf("%s InProgress", st)
		}
	}
}

func transitionsFrom(st RunState) []RunState {
	var out []RunState
	for _, to := range RunStates {
		if CanTransition(st, to) {
			out = append(out, to)
		}
	}
	return out
}

// BK-18 only SCHEDULED runs are cancelled; running or ready ones finish and stay downloadable.
func TestCanCancel_BK18(t *testing.T) {
	if err := CanCancel(RunScheduled); err != nil {
		t.Fatal(err)
	}
	if !CanTransition(RunScheduled, RunCancelled) {
		t.Fatal("SCHEDULED → CANCELLED")
	}
	for _, st := range []RunState{RunQueued, RunRunning, RunArchived, RunReady} {
		err := CanCancel(st)
		if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "stay downloadable") {
			t.Errorf("%s: %v", st, err)
		}
		if CanTransition(st, RunCancelled) {
			t.Errorf("%s → CANCELLED allowed", st)
		}
	}
	if err := CanCancel(RunRunning); err.Error() != "this backup is already running; it will finish and stay downloadable" {
		t.Errorf("wording: %q", err)
	}
	for _, st := range []RunState{RunExpired, RunFailed, RunNeedsPurchase, RunCancelled} {
		if !apperr.Is(CanCancel(st), apperr.Conflict) {
			t.Errorf("%s", st)
		}
	}

	plan := StopOutcome([]RunState{RunReady, RunScheduled, RunRunning, RunScheduled, RunQueued, RunArchived, RunFailed})
	want := StopPlan{Cancel: []int{1, 3}, KeepRunning: []int{2, 4, 5}, Untouched: []int{0, 6}}
	if !reflect.DeepEqual(plan, want) {
		t.Fatalf("%+v", plan)
	}
}

// BK-18 the stop answer says when the next backup would have been, and that the weekly add-on
// is not cancelled (and where to cancel it).
func TestStopMessage_BK18(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	s := Schedule{Repeat: Weekly, Weekday: time.Monday, StartDate: date(2026, 1, 1), Hour: 2, Location: paris}
	next, ok := NextRun(s, fixed.Now()) // Tuesday 20 Oct 2026 → Monday 26 Oct, 02:00 CET
	a := StopMessage(next, ok, paris, 1, true)
	if !a.NextAt.Equal(utc(t, "2026-10-26T01:00:00Z")) {
		t.Fatalf("next %v", a.NextAt)
	}
	if a.NextWouldHaveBeen != "The next backup would have been on Monday, 26 October 2026 at 02:00 (Europe/Paris)." {
		t.Errorf("%q", a.NextWouldHaveBeen)
	}
	if a.StillRunning != "1 backup already in progress will finish and stay downloadable." {
		t.Errorf("%q", a.StillRunning)
	}
	if a.AddonNote != AddonNotCancelledNote || !strings.Contains(a.AddonNote, "Subscription > Add-ons") ||
		!strings.Contains(a.AddonNote, "does not cancel") {
		t.Errorf("%q", a.AddonNote)
	}
	want := "Scheduled backups are stopped. The next backup would have been on Monday, 26 October 2026 at 02:00 (Europe/Paris). " +
		"1 backup already in progress will finish and stay downloadable. " + AddonNotCancelledNote
	if a.Text() != want {
		t.Errorf("Text:\n%s\nwant\n%s", a.Text(), want)
	}
	b := StopMessage(time.Time{}, false, nil, 0, false)
	if b.Text() != "Scheduled backups are stopped." || !b.NextAt.IsZero() {
		t.Errorf("%q", b.Text())
	}
	if c := StopMessage(next, true, paris, 3, false); !strings.HasPrefix(c.StillRunning, "3 backups") || c.AddonNote != "" {
		t.Errorf("%+v", c)
	}
}

// BK-15 links expire 7 days (configurable) after the archive was created, at exactly that instant.
// BK-17 the cleanup job expires READY runs past that instant.
func TestLinkExpiry_BK15_BK17(t *testing.T) {
	archived := utc(t, "2026-11-02T01:30:00Z")
	exp := LinkExpiry(archived, 0)
	if !exp.Equal(utc(t, "2026-11-09T01:30:00Z")) || DefaultLinkTTL != 168*time.Hour {
		t.Fatalf("default: %v", exp)
	}
	if got := LinkExpiry(archived.In(zone(t, "Asia/Tokyo")), 48*time.Hour); !got.Equal(utc(t, "2026-11-04T01:30:00Z")) || got.Location() != time.UTC {
		t.Fatalf("ttl: %v", got)
	}
	if got := LinkExpiry(archived, -time.Hour); !got.Equal(exp) {
		t.Fatalf("negative ttl: %v", got)
	}
	cases := []struct {
		now    time.Time
		valid  bool
		expire bool
	}{
		{archived, true, false},
		{exp.Add(-time.Nanosecond), true, false},
		{exp, false, true}, // expired at exactly expiresAt
		{exp.Add(time.Hour), false, true},
	}
	for _, c := range cases {
		if LinkValid(exp, c.now) != c.valid || ShouldExpire(RunReady, exp, c.now) != c.expire {
			t.Errorf("at %v", c.now)
		}
	}
	for _, st := range []RunState{RunArchived, RunExpired, RunFailed, RunCancelled} {
		if ShouldExpire(st, exp, exp.Add(time.Hour)) {
			t.Errorf("%s expired", st)
		}
	}
}

// BK-13 one run per schedule slot: the key is deterministic and zone-independent.
func TestSlotKey_BK13(t *testing.T) {
	slot := utc(t, "2026-11-02T01:00:00Z")
	if got := SlotKey(42, slot); got != "backup:42:2026-11-02T01:00:00Z" {
		t.Fatalf("%q", got)
	}
	if SlotKey(42, slot.In(zone(t, "Europe/Paris"))) != SlotKey(42, slot) || SlotKey(42, slot) == SlotKey(43, slot) ||
		SlotKey(42, slot) == SlotKey(42, slot.Add(time.Hour)) {
		t.Fatal("not deterministic / not unique")
	}
	// The two wall-clock 01:00s of the New York fall-back day would be two keys; NextRun only
	// ever yields the first, so a retried tick lands on the same key.
	ny := zone(t, "America/New_York")
	s := Schedule{Repeat: Weekly, Weekday: time.Sunday, StartDate: date(2026, 1, 1), Hour: 1, Location: ny}
	a, _ := NextRun(s, utc(t, "2026-10-31T12:00:00Z"))
	b, _ := NextRun(s, utc(t, "2026-10-31T13:00:00Z"))
	if SlotKey(1, a) != SlotKey(1, b) {
		t.Fatal("same slot, different keys")
	}
}

// BK-14 the estimate scales the last run by data size. Issue 17 item 7: no one-minute floor —
// measured throughput says a small backup takes seconds, and nothing measured is 0.
func TestEstimateDuration_BK14(t *testing.T) {
	cases := []struct {
		name    string
		lastRec int64
		lastDur time.Duration
		nowRec  int64
		want    time.Duration
	}{
		{"same size", 10_000, 20 * time.Minute, 10_000, 20 * time.Minute},
		{"twice the data", 10_000, 20 * time.Minute, 20_000, 40 * time.Minute},
		{"half the data", 10_000, 20 * time.Minute, 5_000, 10 * time.Minute},
		{"small: no floor", 10_000, 20 * time.Minute, 10, 1200 * time.Millisecond},
		{"0.1 s run, same data", 8_944, 100 * time.Millisecond, 8_944, 100 * time.Millisecond},
		{"no records now", 10_000, 20 * time.Minute, 0, 0},
		{"negative now", 10_000, 20 * time.Minute, -5, 0},
		{"no last run", 0, 0, 1_000_000, 0},
		{"empty last run", 0, 3 * time.Minute, 1_000_000, 3 * time.Minute},
		{"huge saturates", 1, 1000 * time.Hour, math.MaxInt64, time.Duration(math.MaxInt64)},
		{"product beyond int64, exact", 1_000_000_000, 10 * time.Hour, 2_000_000_000, 20 * time.Hour},
	}
	for _, c := range cases {
		if got := EstimateDuration(c.lastRec, c.lastDur, c.nowRec); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Issue 17 item 7: seconds for people are rounded up, so 0.1 s is "1 s", never "about 1 min";
// only "nothing measured" is 0.
func TestEstimateSeconds_Issue17Item7(t *testing.T) {
	for d, want := range map[time.Duration]int64{0: 0, -time.Second: 0, 100 * time.Millisecond: 1, time.Second: 1,
		1001 * time.Millisecond: 2, 59 * time.Second: 59, 90 * time.Minute: 5400} {
		if got := EstimateSeconds(d); got != want {
			t.Errorf("EstimateSeconds(%v) = %d, want %d", d, got, want)
		}
	}
}

// Issue 17 item 7 (BK-7, BK-9): "Back up now" that spends the month's last free backup leaves
// the next scheduled run of the same month to a unit (or to nothing): warn. A run next month
// gets new free backups: no warning.
func TestBackupNowEffect_Issue17Item7(t *testing.T) {
	cases := []struct {
		name                      string
		free, used, units         int
		addon, hasNext, sameMonth bool
		repeat                    RepeatType
		cover, before, after      Cover
		warn                      bool
	}{
		{"last free, next needs a unit", 2, 1, 3, false, true, true, Weekly, CoverFree, CoverFree, CoverUnit, true},
		{"last free, nothing left: next would not run", 2, 1, 0, false, true, true, Weekly, CoverFree, CoverFree, CoverNone, true},
		{"last free, weekly add-on covers the next", 2, 1, 0, true, true, true, Weekly, CoverFree, CoverFree, CoverWeeklyAddon, false},
		{"last free, next run next month", 2, 1, 0, false, true, false, Weekly, CoverFree, CoverFree, CoverFree, false},
		{"two free left", 2, 0, 0, false, true, true, MonthlyDate, CoverFree, CoverFree, CoverFree, false},
		{"last unit, next needs a purchase", 2, 2, 1, false, true, true, TwiceAMonth, CoverUnit, CoverUnit, CoverNone, true},
		{"units enough", 2, 2, 5, false, true, true, Weekly, CoverUnit, CoverUnit, CoverUnit, false},
		{"no schedule", 2, 1, 0, false, false, false, "", CoverFree, "", "", false},
		{"nothing covers now", 0, 0, 0, false, true, true, Weekly, CoverNone, CoverNone, CoverNone, false},
	}
	for _, c := range cases {
		e := BackupNowEffect(c.free, c.used, c.addon, c.units, c.hasNext, c.repeat, c.sameMonth)
		if e.Cover != c.cover || e.NextBefore != c.before || e.NextAfter != c.after || e.Warn != c.warn {
			t.Errorf("%s: %+v", c.name, e)
		}
	}
}

// BK-19 the backup log words schedules like "A. Admin scheduled a backup every two weeks".
func TestDescribeSchedule_BK19(t *testing.T) {
	loc := time.UTC
	cases := []struct {
		s    Schedule
		want string
	}{
		{Schedule{Repeat: Weekly, Weekday: time.Monday, Hour: 2, Location: loc}, "every week on Monday at 02:00"},
		{Schedule{Repeat: TwiceAMonth, Weekday: time.Friday, Hour: 23, Location: loc}, "every two weeks on Friday at 23:00"},
		{Schedule{Repeat: MonthlyDate, DayOfMonth: 31, Hour: 0, Location: loc}, "on day 31 of every month (last day in shorter months) at 00:00"},
		{Schedule{Repeat: MonthlyDate, DayOfMonth: 15, Hour: 2, Location: loc}, "on day 15 of every month at 02:00"},
		{Schedule{Repeat: MonthlyDate, DayOfMonth: 29, Hour: 2, Location: loc}, "on day 29 of every month (last day in shorter months) at 02:00"},
		{Schedule{Repeat: MonthlyWeekday, WeekOfMonth: LastWeek, Weekday: time.Sunday, Hour: 2, Location: loc}, "on the last Sunday of every month at 02:00"},
		{Schedule{Repeat: MonthlyWeekday, WeekOfMonth: 1, Weekday: time.Monday, Hour: 9, Location: loc}, "on the first Monday of every month at 09:00"},
		{Schedule{Repeat: MonthlyWeekday, WeekOfMonth: 3, Weekday: time.Wednesday, Hour: 9, Location: loc}, "on the third Wednesday of every month at 09:00"},
		{Schedule{Repeat: Immediate, Location: loc}, "once, immediately"},
	}
	for _, c := range cases {
		if got := DescribeSchedule(c.s); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
	if got := "A. Admin scheduled a backup " + DescribeSchedule(cases[1].s); !strings.HasPrefix(got, "A. Admin scheduled a backup every two weeks") {
		t.Error(got)
	}
}

// ---------------------------------------------------------------------------------------------
// BK-6 fuzzing NextRun's invariants.

var fuzzZones = []string{"UTC", "Asia/Tokyo", "Europe/Paris", "America/New_York", "Australia/Lord_Howe",
	"America/Havana", "America/Sao_Paulo", "Pacific/Apia", "Asia/Kolkata", "Pacific/Chatham"}

// ruleDay is an independent, brute-force statement of BK-6's run days.
func ruleDay(s Schedule, d Date) bool {
	if d.Before(s.StartDate) {
		return false
	}
	last := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	switch s.Repeat {
	case Weekly:
		return d.Weekday() == s.Weekday
	case TwiceAMonth:
		a := s.StartDate
		for a.Weekday() != s.Weekday {
			a = a.AddDays(1)
		}
		n := int(d.midnightUTC().Sub(a.midnightUTC()).Hours()) / 24
		return d.Weekday() == s.Weekday && n >= 0 && n%14 == 0
	case MonthlyDate:
		return d.Day == min(s.DayOfMonth, last)
	case MonthlyWeekday:
		if d.Weekday() != s.Weekday {
			return false
		}
		if s.WeekOfMonth == LastWeek {
			return d.Day+7 > last
		}
		return (d.Day-1)/7+1 == s.WeekOfMonth
	}
	return false
}

// wall is the local wall clock of t in loc, as a comparable instant.
func wall(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	h, mi, sec := t.In(loc).Clock()
	return time.Date(y, m, d, h, mi, sec, 0, time.UTC)
}

func FuzzNextRun(f *testing.F) {
	base := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(110 * 365 * 86400)
	seed := func(repeat, wd, dom uint8, wom int8, startDays uint16, hour, zone uint8, after time.Time) {
		f.Add(repeat, wd, dom, wom, startDays, hour, zone, after.Unix()-base.Unix())
	}
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	days := func(d Date) uint16 { return uint16(d.DaysSince(Date{1990, 1, 1})) }
	seed(1, 1, 0, 1, days(date(2026, 1, 5)), 2, 1, at("2026-11-01T17:00:00Z"))   // weekly Tokyo
	seed(1, 0, 0, 1, days(date(2026, 1, 1)), 2, 3, at("2026-03-07T12:00:00Z"))   // NY spring gap
	seed(1, 0, 0, 1, days(date(2026, 1, 1)), 1, 3, at("2026-11-01T05:00:00Z"))   // NY fall back
	seed(2, 5, 0, 1, days(date(2026, 11, 2)), 2, 2, at("2026-11-06T01:00:00Z"))  // two-weekly Paris
	seed(3, 0, 30, 1, days(date(2026, 1, 1)), 23, 0, at("2028-02-01T00:00:00Z")) // 31st, leap Feb
	seed(3, 0, 30, 1, days(date(2026, 1, 1)), 0, 0, at("2026-02-01T00:00:00Z"))  // 31st, Feb
	seed(4, 0, 0, -1, days(date(2026, 1, 1)), 2, 2, at("2026-10-01T00:00:00Z"))  // last Sunday, Paris
	seed(4, 1, 0, 4, days(date(2026, 11, 1)), 9, 3, at("2026-11-01T00:00:00Z"))  // last Monday = 5th
	seed(1, 5, 0, 1, days(date(2011, 12, 1)), 10, 7, at("2011-12-29T12:00:00Z")) // Apia's missing Friday
	seed(1, 5, 0, 1, days(date(2011, 12, 1)), 0, 7, at("2011-12-29T12:00:00Z"))  // Apia: Friday 00:00 fires Saturday 00:00
	seed(1, 0, 0, 1, days(date(2026, 1, 1)), 0, 5, at("2026-03-07T12:00:00Z"))   // Havana midnight gap
	seed(1, 0, 0, 1, days(date(2018, 1, 1)), 23, 6, at("2019-02-16T12:00:00Z"))  // Sao Paulo 23:00 twice
	seed(2, 0, 0, 1, days(date(2026, 9, 1)), 2, 4, at("2026-10-03T12:00:00Z"))   // Lord Howe 30-min gap
	seed(0, 0, 0, 0, 0, 0, 0, at("2026-10-20T00:00:00Z"))                        // IMMEDIATE
	seed(3, 0, 14, 1, days(date(2090, 6, 1)), 12, 9, at("1995-01-01T00:00:00Z")) // far-future start

	f.Fuzz(func(t *testing.T, repeat, wd, dom uint8, wom int8, startDays uint16, hour, zi uint8, afterSecs int64) {
		loc, err := time.LoadLocation(fuzzZones[int(zi)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
		womChoices := []int{1, 2, 3, 4, LastWeek}
		w := int(wom) % len(womChoices)
		if w < 0 {
			w = -w
		}
		s := Schedule{
			Repeat:      RepeatTypes[int(repeat)%len(RepeatTypes)],
			Weekday:     time.Weekday(wd % 7),
			DayOfMonth:  1 + int(dom)%31,
			WeekOfMonth: womChoices[w],
			StartDate:   Date{1990, 1, 1}.AddDays(int(startDays) % (105 * 365)),
			Hour:        int(hour) % 24,
			Location:    loc,
		}
		off := afterSecs % span
		if off < 0 {
			off += span
		}
		after := base.Add(time.Duration(off) * time.Second)

		next, ok := NextRun(s, after)
		if s.Repeat == Immediate {
			if ok {
				t.Fatalf("IMMEDIATE has a next run: %v", next)
			}
			return
		}
		if !ok {
			t.Fatalf("%+v after %v: no next run", s, after)
		}
		if !next.After(after) {
			t.Fatalf("next %v not after %v", next, after)
		}
		// The slot's local date: the date shown at `next` when the hour exists there; otherwise
		// the hour fell in a gap on that date or the day before, and `next` is the first
		// instant after the gap. (Apia skipped 30 Dec 2011 whole: Friday's 00:00 run fires at
		// Saturday 00:00, so both readings can hold; the run day decides.)
		var slot Date
		found := false
		for _, d := range []Date{DateOf(next, loc), DateOf(next, loc).AddDays(-1)} {
			target := time.Date(d.Year, d.Month, d.Day, s.Hour, 0, 0, 0, time.UTC)
			exists := wall(next, loc).Equal(target)
			inGap := wall(next.Add(-time.Second), loc).Before(target) && wall(next, loc).After(target)
			if (exists || inGap) && ruleDay(s, d) {
				slot, found = d, true
				break
			}
		}
		if !found {
			t.Fatalf("%+v after %v: next %v (local %v) is neither at %02d:00 on a run day nor the end of a gap hiding it",
				s, after, next, next.In(loc), s.Hour)
		}
		// First occurrence of an ambiguous hour: no earlier instant shows the same wall clock.
		for _, back := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
			if wall(next.Add(-back), loc).Equal(wall(next, loc)) {
				t.Fatalf("%+v: %v is the second occurrence of its wall time", s, next)
			}
		}
		if slot.Before(s.StartDate) {
			t.Fatalf("%+v: slot %v before start", s, slot)
		}
		if !s.Matches(slot) {
			t.Fatalf("%+v: %v (local %v) is not a run day", s, slot, next.In(loc))
		}
		// It is the first: the previous run day's slot is not after `after`.
		for d := slot.AddDays(-1); !d.Before(s.StartDate) && slot.DaysSince(d) <= 40; d = d.AddDays(-1) {
			if ruleDay(s, d) {
				if p := d.At(s.Hour, loc); p.After(after) {
					t.Fatalf("%+v after %v: skipped %v (%v) for %v", s, after, d, p, next)
				}
				break
			}
		}
		if SlotKey(1, next) == "" {
			t.Fatal("empty slot key")
		}
		again, ok := NextRun(s, next)
		if !ok || !again.After(next) || again.Sub(next) > 40*24*time.Hour {
			t.Fatalf("%+v: NextRun(%v) = %v %v", s, next, again, ok)
		}
	})
}

// issue 17 item 8: a backup download is named by the org and the day it was made, in the org's
// time zone.
func TestDownloadName(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := time.Date(2026, 12, 2, 16, 30, 0, 0, time.UTC) // 3 December 01:30 in Tokyo
	for _, c := range []struct{ org, want string }{
		{"Acme", "acme-2026-12-03-data-part1.zip"},
		{"  Acme, Inc. / R&D ", "acme-inc-r-d-2026-12-03-data-part1.zip"},
		{"株式会社 曙", "株式会社-曙-2026-12-03-data-part1.zip"},
		{"../..", "2026-12-03-data-part1.zip"},
	} {
		if got := DownloadName(c.org, at, tokyo, "data-part1.zip"); got != c.want {
			t.Errorf("DownloadName(%q) = %q, want %q", c.org, got, c.want)
		}
	}
	if got := DownloadName("Acme", at, time.UTC, "data-part1.zip"); got != "acme-2026-12-02-data-part1.zip" {
		t.Errorf("in UTC: %q", got)
	}
}
