package backup

import (
	"strings"

	"github.com/crmadmin/crmadmin/internal/i18n"
)

// Localize is Text in locale (en, ja, fr): the stop answer a person reads (issue 9 item 12).
func (a StopAnswer) Localize(locale string) string {
	if locale == "" || locale == i18n.English || a.loc == nil {
		return a.Text()
	}
	parts := []string{i18n.Sprintf(locale, stoppedText)}
	if !a.NextAt.IsZero() {
		parts = append(parts, i18n.Sprintf(locale, nextWouldHaveBeenText, a.NextAt.In(a.loc).Format(dateTimeLayouts[locale]), a.loc))
	}
	switch {
	case a.running == 1:
		parts = append(parts, i18n.Sprintf(locale, stillRunningOneText))
	case a.running > 1:
		parts = append(parts, i18n.Sprintf(locale, stillRunningText, a.running))
	}
	if a.AddonNote != "" {
		parts = append(parts, i18n.Sprintf(locale, AddonNotCancelledNote))
	}
	sep := " "
	if locale == "ja" {
		sep = ""
	}
	return strings.Join(parts, sep)
}

// dateTimeLayouts word the next backup's time in the reader's language.
var dateTimeLayouts = map[string]string{"ja": "2006年1月2日 15:04", "fr": "02/01/2006 à 15:04"}
