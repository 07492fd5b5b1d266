package backup

import (
	"fmt"
)

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
