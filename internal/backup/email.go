package backup

import (
	"fmt"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/mail"
)

// readyEmail is the BK-16 email to one admin, in the admin's language (their locale: en, ja or
// fr; English for anything else), with dates in the org's time zone.
// link is a file's download URL.
func readyEmail(link func(*ent.BackupFile) string, org *ent.Organization, to *ent.User, files []*ent.BackupFile, until *time.Time, loc *time.Location) mail.Message {
	lang := emailLanguage(to.Locale)
	w := readyWords[lang]
	var b strings.Builder
	fmt.Fprintf(&b, w.intro, to.Name, org.Name, emailTime(until, loc, lang))
	b.WriteString("\n\n")
	for _, f := range files {
		fmt.Fprintf(&b, "  %s (%s): %s\n", f.Name, emailBytes(f.Size, lang), link(f))
	}
	b.WriteString("\n" + w.outro + "\n")
	return mail.Message{To: to.Email, Subject: fmt.Sprintf(w.subject, org.Name), Body: b.String(), Kind: EventReady}
}

var readyWords = map[string]struct{ subject, intro, outro string }{
	"en": {
		subject: "Your %s backup is ready",
		intro:   "Hello %s,\n\nThe data backup of %s is ready. Sign in as an administrator and download it before %s:",
		outro: "After that date the links stop working and the files are deleted.\n" +
			"Not included: email bodies and attachments, documents, and data that came from integrations (see manifest.json).",
	},
	"ja": {
		subject: "%sのバックアップの準備ができました",
		intro:   "%s 様\n\n%sのデータのバックアップの準備ができました。管理者としてサインインし、%sまでにダウンロードしてください：",
		outro: "この日時を過ぎるとリンクは無効になり、ファイルは削除されます。\n" +
			"含まれないもの：メールの本文と添付ファイル、ドキュメント、連携サービスから取り込んだデータ（manifest.json を参照）。",
	},
	"fr": {
		subject: "La sauvegarde de %s est prête",
		intro:   "Bonjour %s,\n\nLa sauvegarde des données de %s est prête. Connectez-vous en tant qu’administrateur et téléchargez-la avant le %s :",
		outro: "Après cette date, les liens ne fonctionnent plus et les fichiers sont supprimés.\n" +
			"Non inclus : le contenu et les pièces jointes des e-mails, les documents et les données issues des intégrations (voir manifest.json).",
	},
}

// emailLanguage is en, ja or fr from a user's locale ("ja", "fr-CA", "en-US"…).
func emailLanguage(locale string) string {
	primary, _, _ := strings.Cut(strings.ToLower(locale), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if _, ok := readyWords[primary]; ok {
		return primary
	}
	return "en"
}

var (
	jaWeekdays = [7]string{"日", "月", "火", "水", "木", "金", "土"}
	frWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths   = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// emailTime writes t in loc the way each language writes a date and time.
func emailTime(at *time.Time, loc *time.Location, lang string) string {
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

// emailBytes is HumanBytes with the French decimal comma and units (ko, Mo, Go).
func emailBytes(n int64, lang string) string {
	s := HumanBytes(n)
	if lang != "fr" {
		return s
	}
	num, unit, _ := strings.Cut(s, " ")
	unit = strings.Replace(unit, "B", "o", 1)
	return strings.Replace(num, ".", ",", 1) + "\u00a0" + unit
}
