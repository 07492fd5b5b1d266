package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/notification"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
)

// diesAfterCommit is a notifier whose process dies between a change's commit and the
// publication of its notifications: it keeps them in the transaction, never publishes.
type diesAfterCommit struct{ *notify.Service }

func (diesAfterCommit) Publish(context.Context, *ent.Notification) {}

// Issue 10 move 4: killing the process between a billing change's commit and its publish
// loses no notification (as TestReconcilerRedeliversNotifications shows for backup's). The
// billing change (startTrial, SB-2) writes its notification in its own transaction; the
// process "dies" before publishing it; the next process start (same database, a new Redis)
// publishes it through the reconciler, once.
func TestBillingNotificationSurvivesCrashAfterCommit(t *testing.T) {
	dataDir := t.TempDir()
	srv1 := apptest.Start(t, apptest.Options{NoWorker: true, DataDir: dataDir})
	org := srv1.SignUp(t, "Crash Billing Co", "cb@crash.test")
	id := orgID(t, org)
	srv1.App.Billing.Notify = diesAfterCommit{srv1.App.Notify}
	org.Admin.MustDo(t, `mutation { startTrial(plan: "ULTIMATE") { status } }`, nil, nil)

	all := store.AllOrgs(context.Background())
	kept := srv1.App.DB.Client.Notification.Query().
		Where(notification.OrgID(id), notification.Type("billing.trial_started")).AllX(all)
	if len(kept) != 1 || kept[0].PublishedAt != nil {
		t.Fatalf("after the commit, before the publication: %d billing.trial_started notifications (%+v); want 1, unpublished", len(kept), kept)
	}
	srv1.Close()
	srv1.App.Close() // the process is gone; the notification was never published

	srv2 := apptest.Start(t, apptest.Options{NoWorker: true, DataDir: dataDir})
	sub := srv2.App.Broker.Subscribe(id)
	defer sub.Close()
	if err := srv2.App.Reconcile(context.Background()); err != nil { // what every start runs first
		t.Fatal(err)
	}
	select {
	case msg := <-sub.C:
		if !strings.Contains(string(msg), `"type":"billing.trial_started"`) {
			t.Fatalf("redelivered after the restart: %s; want the billing.trial_started notification", msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the billing notification committed before the crash was not published after the restart")
	}
	if got := srv2.App.DB.Client.Notification.GetX(all, kept[0].ID); got.PublishedAt == nil {
		t.Fatal("the redelivered notification must be marked published")
	}
	if n, err := srv2.App.Notify.Redeliver(context.Background(), 0, 24*time.Hour); err != nil || n != 0 {
		t.Fatalf("a second redelivery published %d notifications (err %v); want none: each is published once", n, err)
	}
}
