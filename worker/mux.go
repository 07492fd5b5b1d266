package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/dropbox"
	"github.com/crmadmin/crmadmin/internal/identity"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/mail"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Deps are the services handlers call.
type Deps struct {
	Notify   *notify.Service
	Identity *identity.Service
	Billing  *billing.Service
	Backup   *backup.Service
	Mail     *mail.Service
	Sync     *datasync.Service
	Dropbox  *dropbox.Service
	Queue    *asynq.Client // billing:tick enqueues per-org steps
	Log      *slog.Logger
}

// NewMux routes every task type to its handler.
func NewMux(d Deps) *asynq.ServeMux {
	mux := asynq.NewServeMux()
	h := &platform{d}
	mux.HandleFunc(TypeNotifyTest, h.notifyTest)
	mux.HandleFunc(TypeNotifyRedeliver, h.notifyRedeliver)
	mux.HandleFunc(TypeSessionCleanup, h.sessionCleanup)
	b := &billingJobs{d}
	mux.HandleFunc(TypeBillingTick, b.tick)
	for _, typ := range []string{TypeBillingRenew, TypeBillingDunning, TypeBillingTrial} {
		mux.HandleFunc(typ, b.step)
	}
	bu := &bundleJobs{d}
	mux.HandleFunc(TypeBundleTick, bu.tick)
	mux.HandleFunc(TypeBundleStep, bu.step)
	bk := &backupJobs{d}
	mux.HandleFunc(TypeBackupTick, bk.tick)
	mux.HandleFunc(TypeBackupArchive, bk.archive)
	mux.HandleFunc(TypeBackupCleanup, bk.cleanup)
	m := &mailJobs{d}
	mux.HandleFunc(TypeMailSend, m.send)
	mux.HandleFunc(TypeMailTick, m.tick)
	registerSync(mux, d)
	registerEmail(mux, d)
	return mux
}

// Periodic lists the scheduler's entries: cron spec → task. Each has a stable TaskID per
// slot so that two scheduler processes enqueue it once.
var Periodic = []struct {
	Cron string
	Type string
	Opts []asynq.Option
}{
	{"@every 1m", TypeNotifyRedeliver, []asynq.Option{asynq.Queue("low"), asynq.Unique(50 * time.Second)}},
	{"@every 1h", TypeSessionCleanup, []asynq.Option{asynq.Queue("low"), asynq.Unique(50 * time.Minute)}},
	{"@every 1m", TypeBillingTick, []asynq.Option{asynq.Queue("critical"), asynq.Unique(50 * time.Second)}},
	{"@every 1m", TypeBundleTick, []asynq.Option{asynq.Queue("critical"), asynq.Unique(50 * time.Second)}},
	{"@every 1m", TypeBackupTick, []asynq.Option{asynq.Queue("critical"), asynq.Unique(50 * time.Second)}},
	{"@every 5m", TypeBackupCleanup, []asynq.Option{asynq.Queue("low"), asynq.Unique(4 * time.Minute)}},
	{"@every 1m", TypeMailTick, []asynq.Option{asynq.Queue("critical"), asynq.Unique(50 * time.Second)}},
	{"@every 1m", TypeSyncTick, []asynq.Option{asynq.Queue("default"), asynq.Unique(50 * time.Second)}},
	{"@every 1m", TypeEmailTick, []asynq.Option{asynq.Queue("default"), asynq.Unique(50 * time.Second)}},
	{"@every 1h", TypeSyncPrune, []asynq.Option{asynq.Queue("low"), asynq.Unique(50 * time.Minute)}},
}

type platform struct{ Deps }

func (h *platform) notifyTest(ctx context.Context, t *asynq.Task) error {
	var p NotifyTestPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	if p.NotificationID != 0 {
		return h.Notify.PublishStored(ctx, p.OrgID, p.NotificationID)
	}
	_, err := h.Notify.Send(ctx, p.OrgID, notify.Message{
		Title: p.Title, Audience: notify.ForAll,
		Event: event.Test{RequestedBy: p.RequestedBy, TaskID: t.ResultWriter().TaskID()},
	})
	return err
}

func (h *platform) notifyRedeliver(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Notify.Redeliver(ctx, 10*time.Second, time.Hour)
	if n > 0 {
		h.Log.Info("redelivered notifications", "count", n)
	}
	return err
}

func (h *platform) sessionCleanup(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Identity.DeleteExpiredSessions(ctx)
	if n > 0 {
		h.Log.Info("deleted expired sessions", "count", n)
	}
	return err
}
