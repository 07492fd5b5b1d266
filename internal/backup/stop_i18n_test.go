package backup

import (
	"testing"
	"time"
)

// Issue 9 item 12, BK-18: the answer to stopping the schedule ("Scheduled backups are
// stopped.") is worded in the reader's language.
func TestStopAnswerLocalized(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	next := time.Date(2026, 11, 2, 17, 0, 0, 0, time.UTC) // 3 November 02:00 in Tokyo
	a := StopMessage(next, true, tokyo, 2, true)
	want := map[string]string{
		"en": a.Text(),
		"ja": "定期バックアップを停止しました。次回のバックアップは 2026年11月3日 02:00（Asia/Tokyo）の予定でした。実行中のバックアップ 2 件はそのまま完了し、ダウンロードできます。バックアップを停止しても週次バックアップのアドオンは解約されません。支払いを止めるには、サブスクリプション > アドオンで解約してください。",
		"fr": "Les sauvegardes planifiées sont arrêtées. La prochaine sauvegarde aurait eu lieu le 03/11/2026 à 02:00 (Asia/Tokyo). 2 sauvegardes déjà en cours se termineront et resteront téléchargeables. Arrêter les sauvegardes ne résilie pas l’option de sauvegarde hebdomadaire\u202f; pour ne plus la payer, résiliez-la dans Abonnement > Options.",
	}
	for locale, w := range want {
		if got := a.Localize(locale); got != w {
			t.Errorf("%s:\n got %s\nwant %s", locale, got, w)
		}
	}
	if got := StopMessage(time.Time{}, false, tokyo, 1, false).Localize("ja"); got != "定期バックアップを停止しました。実行中のバックアップ 1 件はそのまま完了し、ダウンロードできます。" {
		t.Errorf("ja, nothing next: %s", got)
	}
}
