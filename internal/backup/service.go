package backup

// The backup service (BK-1 … BK-20): the rules_*.go files decide, the service stores, enqueues
// and tells — one file per use case: schedule.go (schedules, cost preview, stop, cancel),
// runs.go (one-off runs, due slots, reconcile, take-over), archivejob.go (the archive job and
// download links), expiry.go, download.go, reading.go (summary, log); this file holds the
// Service and the helpers they share. The archive writer is the package archive.
//
// The database is the source of truth. An ACTIVE schedule always names its next slot
// (next_run_at) and holds a SCHEDULED run for it. backup:tick fires due slots: a
// compare-and-swap on next_run_at lets exactly one tick fire a slot, and the run's unique
// slot key makes the slot's run exist once. Cover (BK-9) is decided and a unit spent in the
// same transaction that queues the run, so a run uses its quota once however often its job
// runs. backup:archive is idempotent per state: QUEUED/RUNNING → write the archive →
// ARCHIVED → READY; a retry after a crash starts from the state the database holds.
// Notifications that tell of a state change are written in the transaction that makes the
// change and published after the commit (Redeliver publishes any a crash left behind), so a
// run is announced READY exactly once.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/predicate"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Enqueuer puts work on the job queue (the worker package's tasks). Enqueueing a task that is
// already queued or running is not an error. An archive task is named by its run and the
// run's attempt count, so that a run whose worker died can be handed to a new task while the
// dead worker's task still sits in the queue's active list.
type Enqueuer interface {
	EnqueueArchive(ctx context.Context, orgID, runID, attempt int) error
	EnqueueMail(ctx context.Context, orgID, messageID int) error
}

// DefaultStaleAfter is when a worker is taken for dead (BK-13): the worker that claimed a run
// writes heartbeat_at (wall clock) five times per StaleAfter while it works; a RUNNING or
// ARCHIVED run whose heartbeat is older than StaleAfter belongs to a worker that died, and the
// reconciler hands it to a new task.
const DefaultStaleAfter = 15 * time.Second

// Notification types (BK-20), spelled in internal/kind/event with their payload structs; the
// backupEvents subscription maps them to event types.
const (
	EventScheduled     = event.TypeBackupScheduled
	EventQueued        = event.TypeBackupQueued
	EventProgress      = event.TypeBackupProgress
	EventArchived      = event.TypeBackupArchived
	EventReady         = event.TypeBackupReady
	EventStopped       = event.TypeBackupStopped
	EventNeedsPurchase = event.TypeBackupNeedsPurchase
	EventFailed        = event.TypeBackupFailed
	EventExpired       = event.TypeBackupExpired
)

// LogActions are the audit actions that make up the backup log (BK-19), besides every
// "backup." action: the purchase details of backup units.
var LogActions = []string{"billing.backup_units_bought", "billing.backup_units_returned", billing.WeeklyBackupAddOnChanged}

// DefaultHour is the local hour of scheduled runs when the admin does not choose one.
const DefaultHour = 2

// Service schedules, runs, stores and expires backups.
type Service struct {
	Client  *ent.Client
	DB      *sql.DB // the archive streams rows with database/sql, in a deferred read transaction (store.DB.Read)
	Billing *billing.Service
	Notify  *notify.Service
	Blobs   *blobstore.Stores
	Queue   Enqueuer
	Clock   clock.Clock
	Log     *slog.Logger
	BaseURL string // links in emails
	// LinkSecret derives the tokens of download links (CRM_SECRET): only their SHA-256 is
	// stored (issue 9 item 10), and the same link is shown every time it is asked for.
	LinkSecret string

	LinkTTL  time.Duration // download links work this long after archiving (BK-15); 0 = DefaultLinkTTL
	PartSize int64         // largest ZIP part (BK-4); 0 = DefaultPartSize
	NoCSVBOM bool          // CSVs without the UTF-8 byte-order mark (CRM_BACKUP_CSV_BOM=false)
	// ProgressInterval is the least time between two progress reports of a run; 0 = 500 ms.
	ProgressInterval time.Duration
	StaleAfter       time.Duration // 0 = DefaultStaleAfter; heartbeats go 5 times as often
}

func (s *Service) staleAfter() time.Duration {
	if s.StaleAfter > 0 {
		return s.StaleAfter
	}
	return DefaultStaleAfter
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC() }

func (s *Service) linkTTL() time.Duration {
	if s.LinkTTL > 0 {
		return s.LinkTTL
	}
	return DefaultLinkTTL
}

// adminViewer returns the viewer if it is an admin of an org (BK-1).
func adminViewer(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.OrgID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	if !v.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "only administrators can manage backups")
	}
	return v, nil
}

// withTx runs fn as one change (internal/change) in a new transaction: what fn writes, its
// audit entries and its notifications commit together; the notifications are published and
// the archives and mails it created are enqueued after the commit (Redeliver publishes any
// notification a crash left behind; the reconciler and backup:tick re-enqueue the jobs).
// Backup operations enqueue and publish after their commit, so they never run inside the
// request's transaction (declared @selfTransacted in graph/*.graphqls).
func (s *Service) withTx(ctx context.Context, fn func(*change.Tx) error) error {
	if !change.InOwnTx(ctx) {
		return apperr.New(apperr.Internal, "backup: this operation must run outside a database transaction (declare its mutation @selfTransacted in graph/*.graphqls)")
	}
	r := &change.Runner{Client: s.Client}
	if s.Notify != nil {
		r.Notify = s.Notify
	}
	return r.Do(ctx, fn)
}

// transition is the only way a run changes state (BK-12, issue 10 move 3): the state machine
// (Transition) must allow every from → to, and the UPDATE matches only runs still in one of
// the from states (a compare-and-swap on the current state), so a run another worker or
// request moved meanwhile is left alone. where narrows the runs (an ID, a schedule…); set
// adds the other columns of the change. It returns how many runs moved. No other code calls
// SetState on runs (TestRunStateChangesOnlyThroughTransition).
func transition(ctx context.Context, c *ent.Client, where predicate.BackupRun, to RunState, set func(*ent.BackupRunUpdate), from ...RunState) (int, error) {
	if len(from) == 0 {
		return 0, apperr.New(apperr.Internal, "backup: a transition to %s names no state it starts from", to)
	}
	for _, f := range from {
		if err := Transition(f, to); err != nil {
			return 0, err
		}
	}
	u := c.BackupRun.Update().Where(where, backuprun.StateIn(from...)).SetState(to)
	if set != nil {
		set(u)
	}
	return u.Save(ctx)
}

// transitionRun is transition of one run; it reports whether the run moved.
func transitionRun(ctx context.Context, c *ent.Client, runID int, to RunState, set func(*ent.BackupRunUpdate), from ...RunState) (bool, error) {
	n, err := transition(ctx, c, backuprun.ID(runID), to, set, from...)
	return n == 1, err
}

// moveRun moves run from the state it was read in to `to` inside c's transaction and returns
// it as stored. A run that moved on meanwhile is a CONFLICT, so the transaction (and any unit
// spent in it) is rolled back.
func (s *Service) moveRun(ctx context.Context, c *ent.Client, run *ent.BackupRun, to RunState, set func(*ent.BackupRunUpdate)) (*ent.BackupRun, error) {
	ok, err := transitionRun(ctx, c, run.ID, to, set, run.State)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.New(apperr.Conflict, "the backup run changed meanwhile (it was %s)", run.State).With("runId", run.ID)
	}
	return c.BackupRun.Get(ctx, run.ID)
}

// enqueueArchive is the after-commit step of a change that queued a run (attempt 0).
func (s *Service) enqueueArchive(orgID, runID int) func(context.Context) {
	return func(ctx context.Context) {
		if err := s.Queue.EnqueueArchive(ctx, orgID, runID, 0); err != nil {
			s.Log.Warn("backup run not enqueued; the next tick re-enqueues it", "org", orgID, "run", runID, "err", err)
		}
	}
}

// enqueueMail is the after-commit step of a change that queued an email.
func (s *Service) enqueueMail(orgID, messageID int) func(context.Context) {
	return func(ctx context.Context) {
		if err := s.Queue.EnqueueMail(ctx, orgID, messageID); err != nil {
			s.Log.Warn("email not enqueued; the next tick re-enqueues it", "org", orgID, "message", messageID, "err", err)
		}
	}
}

// note writes a notification for the org's admins in the change; it is published after the
// commit.
func note(tx *change.Tx, orgID int, title string, e event.Event) error {
	return tx.Notify(orgID, notify.Message{Title: title, Event: e, Audience: notify.ForAdmins})
}

// validInput is the admin viewer (BK-1) and in as a schedule in the org's zone, checked
// against the rules at now (PL-7).
func (s *Service) validInput(ctx context.Context, in ScheduleInput) (*auth.Viewer, Schedule, time.Time, error) {
	v, loc, err := s.adminZone(ctx)
	if err != nil {
		return nil, Schedule{}, time.Time{}, err
	}
	now := s.now()
	sc, err := in.validate(now, loc)
	return v, sc, now, err
}

// adminZone is the admin viewer (BK-1) and its org's time zone.
func (s *Service) adminZone(ctx context.Context) (*auth.Viewer, *time.Location, error) {
	v, err := adminViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	_, loc, err := s.org(ctx, s.Client, v.OrgID)
	return v, loc, err
}

// org loads the org and its time zone.
func (s *Service) org(ctx context.Context, c *ent.Client, orgID int) (*ent.Organization, *time.Location, error) {
	o, err := c.Organization.Get(auth.SystemContext(ctx, orgID), orgID)
	if err != nil {
		return nil, nil, err
	}
	loc, err := LoadZone(o.TimeZone)
	if err != nil {
		return nil, nil, err
	}
	return o, loc, nil
}

// ---------------------------------------------------------------------------------------------
// Helpers

// scheduleDetails is a schedule as the backup log keeps it (the fields of GraphQL's
// BackupSchedule, so the SPA words it like the schedule itself), plus extra.
func scheduleDetails(row *ent.BackupSchedule, extra map[string]any) map[string]any {
	d := map[string]any{"repeatType": string(row.RepeatType), "startDate": row.StartDate, "hour": row.Hour}
	if row.Weekday != nil {
		d["weekday"] = string(*row.Weekday)
	}
	if row.DayOfMonth != nil {
		d["dayOfMonth"] = *row.DayOfMonth
	}
	if row.WeekOfMonth != nil {
		d["weekOfMonth"] = string(*row.WeekOfMonth)
	}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// runRef is the run an event is about, in its state now.
func runRef(run *ent.BackupRun) event.RunRef { return runRefIn(run, run.State) }

// runRefIn is runRef with the state the run is in after the event.
func runRefIn(run *ent.BackupRun, state RunState) event.RunRef {
	slot := run.SlotAt
	return event.RunRef{RunID: run.ID, State: state, SlotAt: &slot, ScheduleID: run.ScheduleID}
}

func fmtLocal(t *time.Time, loc *time.Location) string {
	if t == nil {
		return "—"
	}
	return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST")
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// HumanBytes formats a size for people: 1.5 MB, 820 kB, 12 B.
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
