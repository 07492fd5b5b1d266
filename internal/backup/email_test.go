package backup

import (
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent"
)

// BK-16: the ready email is in the admin's language, with the org's local time and every link.
func TestReadyEmailLanguages(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	paris, _ := time.LoadLocation("Europe/Paris")
	until := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	org := &ent.Organization{Name: "Akebono"}
	files := []*ent.BackupFile{{Name: "data-part1.zip", Size: 25_504, BlobKey: "t1"}, {Name: "attachments-part1.zip", Size: 2_500_000, BlobKey: "t2"}}
	cases := []struct {
		locale   string
		loc      *time.Location
		subject  string
		contains []string
	}{
		{"en", paris, "Your Akebono backup is ready", []string{"Hello Aoi,", "download it before Tue 8 Dec 2026 02:00 CET:", "data-part1.zip (25.5 kB): https://crm.example/download/backup/t1"}},
		{"ja", tokyo, "Akebonoのバックアップの準備ができました", []string{"Aoi 様", "2026年12月8日(火) 10:00 (JST)までにダウンロードしてください", "attachments-part1.zip (2.5 MB): https://crm.example/download/backup/t2", "ファイルは削除されます"}},
		{"fr-CA", paris, "La sauvegarde de Akebono est prête", []string{"Bonjour Aoi,", "avant le mardi 8 décembre 2026 à 02:00 (CET) :", "data-part1.zip (25,5\u00a0ko)", "(2,5\u00a0Mo)"}},
		{"de", paris, "Your Akebono backup is ready", []string{"Hello Aoi,"}},
	}
	for _, c := range cases {
		m := readyEmail(func(f *ent.BackupFile) string { return DownloadURL("https://crm.example", f.BlobKey) }, org, &ent.User{Name: "Aoi", Email: "aoi@example.com", Locale: c.locale}, files, &until, c.loc)
		if m.Subject != c.subject || m.To != "aoi@example.com" || m.Kind != EventReady {
			t.Errorf("%s: subject %q to %q kind %q", c.locale, m.Subject, m.To, m.Kind)
		}
		for _, want := range c.contains {
			if !strings.Contains(m.Body, want) {
				t.Errorf("%s: body lacks %q:\n%s", c.locale, want, m.Body)
			}
		}
	}
}
