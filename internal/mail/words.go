package mail

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Languages are the languages emails are written in; English is the default.
var Languages = []string{"en", "ja", "fr"}

// Language is en, ja or fr from a user's locale ("ja", "fr-CA", "en-US"…); English for
// anything else.
func Language(locale string) string {
	primary, _, _ := strings.Cut(strings.ToLower(locale), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if slices.Contains(Languages, primary) {
		return primary
	}
	return "en"
}

var (
	jaWeekdays = [7]string{"日", "月", "火", "水", "木", "金", "土"}
	frWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths   = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// Time writes at in loc the way each language (Language) writes a date and time; "—" for nil.
func Time(at *time.Time, loc *time.Location, lang string) string {
	if at == nil {
		return "—"
	}
	t := at.In(loc)
	zone := t.Format("MST")
	switch lang {
	case "ja":
		return fmt.Sprintf("%d年%d月%d日(%s) %s (%s)", t.Year(), t.Month(), t.Day(), jaWeekdays[t.Weekday()], t.Format("15:04"), zone)
	case "fr":
		return fmt.Sprintf("%s %d %s %d à %s (%s)", frWeekdays[t.Weekday()], t.Day(), frMonths[t.Month()-1], t.Year(), t.Format("15:04"), zone)
	}
	return t.Format("Mon 2 Jan 2006 15:04 MST")
}
