package backup

// The words of backup's email (BK-16); internal/mail queues and sends it.

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
	lang := mail.Language(to.Locale) // readyWords has each of mail.Languages
	w := readyWords[lang]
	var b strings.Builder
	fmt.Fprintf(&b, w.intro, to.Name, org.Name, mail.Time(until, loc, lang))
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
