package backup

// The backup service (BK-1 … BK-20): rules.go decides, this file stores, enqueues and tells.
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
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/auditevent"
	"github.com/crmadmin/crmadmin/ent/backupfile"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/backupschedule"
	"github.com/crmadmin/crmadmin/ent/predicate"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/kind/recordkind"
	"github.com/crmadmin/crmadmin/internal/mail"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
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
// Schedules (BK-6, BK-7, BK-10, BK-18)

// ScheduleInput is what an admin chooses (BK-6): gqlgen binds GraphQL's BackupScheduleInput
// to it (gqlgen.yml), so the API passes it through unconverted. Nil fields take their
// defaults: start date today (org's zone), hour DefaultHour. Fields a repeat type does not use
// are ignored.
type ScheduleInput struct {
	RepeatType  RepeatType
	Weekday     *backupkind.Weekday
	DayOfMonth  *int
	WeekOfMonth *backupkind.WeekOfMonth
	StartDate   *string // YYYY-MM-DD in the org's zone
	Hour        *int
}

// schedule is the input as the rules' Schedule in loc, the fields a repeat type needs checked
// for presence (VALIDATION on the missing field).
func (in ScheduleInput) schedule(now time.Time, loc *time.Location) (Schedule, error) {
	sc := Schedule{Repeat: in.RepeatType, Location: loc, Hour: DefaultHour, StartDate: DateOf(now, loc), Weekday: -1}
	if in.Weekday != nil {
		sc.Weekday = in.Weekday.Time()
	}
	if in.DayOfMonth != nil {
		sc.DayOfMonth = *in.DayOfMonth
	}
	if in.WeekOfMonth != nil {
		sc.WeekOfMonth = in.WeekOfMonth.N()
	}
	if in.StartDate != nil {
		d, err := ParseDate(*in.StartDate)
		if err != nil {
			return sc, err
		}
		sc.StartDate = d
	}
	if in.Hour != nil {
		sc.Hour = *in.Hour
	}
	if in.RepeatType != Immediate {
		switch {
		case in.Weekday == nil && in.RepeatType.UsesWeekday():
			return sc, apperr.Invalid("weekday", "choose the weekday of the backups")
		case in.DayOfMonth == nil && in.RepeatType == MonthlyDate:
			return sc, apperr.Invalid("dayOfMonth", "choose the day of the month (1–31)")
		case in.WeekOfMonth == nil && in.RepeatType == MonthlyWeekday:
			return sc, apperr.Invalid("weekOfMonth", "choose which week of the month (first … last)")
		}
	}
	return sc, nil
}

// validate checks an input against the rules (PL-7): the schedule, and a start date that is
// not in the past.
func (in ScheduleInput) validate(now time.Time, loc *time.Location) (Schedule, error) {
	sc, err := in.schedule(now, loc)
	if err != nil {
		return sc, err
	}
	if err := ValidateSchedule(sc); err != nil {
		return sc, err
	}
	if sc.Repeat == Immediate {
		return sc, nil
	}
	return sc, ValidateStartDate(sc.StartDate, now, loc)
}

// ScheduleOf is the rules' view of a stored schedule in the org's zone.
func ScheduleOf(row *ent.BackupSchedule, loc *time.Location) Schedule {
	sc := Schedule{Repeat: row.RepeatType, Hour: row.Hour, Location: loc}
	if row.Weekday != nil {
		sc.Weekday = row.Weekday.Time()
	}
	if row.DayOfMonth != nil {
		sc.DayOfMonth = *row.DayOfMonth
	}
	if row.WeekOfMonth != nil {
		sc.WeekOfMonth = row.WeekOfMonth.N()
	}
	sc.StartDate, _ = ParseDate(row.StartDate)
	return sc
}

// setScheduleFields writes the rules' schedule sc to a schedule row being created or updated:
// the fields its repeat type uses are set, the others cleared (never both: ent would do both).
func setScheduleFields(m *ent.BackupScheduleMutation, sc Schedule, update bool) {
	m.SetRepeatType(sc.Repeat)
	m.SetStartDate(sc.StartDate.String())
	m.SetHour(sc.Hour)
	if sc.Repeat.UsesWeekday() {
		m.SetWeekday(backupkind.WeekdayOf(sc.Weekday))
	} else if update {
		m.ClearWeekday()
	}
	if sc.Repeat == MonthlyWeekday {
		m.SetWeekOfMonth(backupkind.WeekOfMonthOf(sc.WeekOfMonth))
	} else if update {
		m.ClearWeekOfMonth()
	}
	if sc.Repeat == MonthlyDate {
		m.SetDayOfMonth(sc.DayOfMonth)
	} else if update {
		m.ClearDayOfMonth()
	}
}

// Preview is a cost preview (BK-10) with its totals.
type Preview struct {
	Months      []MonthCost
	Currency    string
	UnitPrice   int64
	Total       int64 // sum of Cost
	UnitsNeeded int
	UnitsOwned  int
	AmountDue   int64 // sum of AmountDue: what is left to buy after the units owned
	Description string
}

// CostPreview says what a schedule would cost per month from its real upcoming dates,
// before it is made (BK-10): runs beyond the free backups and the weekly add-on, one unit each.
func (s *Service) CostPreview(ctx context.Context, in ScheduleInput, months int) (*Preview, error) {
	v, sc, now, err := s.validInput(ctx, in)
	if err != nil {
		return nil, err
	}
	if months < 1 || months > MaxPreviewMonths {
		return nil, apperr.Invalid("months", "months must be between 1 and %d", MaxPreviewMonths)
	}
	return s.preview(ctx, s.Client, v.OrgID, sc, now, months)
}

func (s *Service) preview(ctx context.Context, c *ent.Client, orgID int, sc Schedule, now time.Time, months int) (*Preview, error) {
	e, err := s.Billing.BackupEntitlement(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	used, err := s.freeUsed(ctx, c, orgID, MonthKey(now, sc.Location))
	if err != nil {
		return nil, err
	}
	p := &Preview{Currency: e.UnitPrice.Currency, UnitPrice: e.UnitPrice.Amount, UnitsOwned: e.UnitsLeft,
		Description: DescribeSchedule(sc)}
	p.Months = CostPreviewUsed(sc, now, months, e.FreeBackupsPerMonth, used, e.WeeklyAddOn, e.UnitsLeft, e.UnitPrice.Amount)
	for _, m := range p.Months {
		p.Total += m.Cost
		p.UnitsNeeded += m.UnitsNeeded
		p.AmountDue += m.AmountDue
	}
	return p, nil
}

// ScheduleResult is a new schedule with its cost preview for the next 3 months.
type ScheduleResult struct {
	Schedule *ent.BackupSchedule
	Run      *ent.BackupRun // IMMEDIATE: the queued run
	Preview  *Preview
}

// ScheduleBackup makes the org's schedule (BK-6, BK-7). IMMEDIATE is a one-off backup now
// (BackupNow). A second schedule while one is ACTIVE is a CONFLICT: stop the first.
func (s *Service) ScheduleBackup(ctx context.Context, in ScheduleInput) (*ScheduleResult, error) {
	if in.RepeatType == Immediate {
		if _, err := adminViewer(ctx); err != nil {
			return nil, err
		}
		run, err := s.BackupNow(ctx)
		if err != nil {
			return nil, err
		}
		return &ScheduleResult{Run: run}, nil
	}
	v, sc, now, err := s.validInput(ctx, in)
	if err != nil {
		return nil, err
	}
	loc := sc.Location
	next, ok := NextRun(sc, now)
	if !ok {
		return nil, apperr.Invalid("repeatType", "this schedule has no upcoming run")
	}
	var row *ent.BackupSchedule
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if cur, err := c.BackupSchedule.Query().Where(backupschedule.StatusEQ(backupschedule.StatusACTIVE)).Only(ctx); err == nil {
			return apperr.New(apperr.Conflict, "a backup schedule is already active (%s, next on %s): stop it first (stopBackupSchedule)",
				DescribeSchedule(ScheduleOf(cur, loc)), fmtLocal(cur.NextRunAt, loc)).With("scheduleId", cur.ID)
		} else if !ent.IsNotFound(err) {
			return err
		}
		cr := c.BackupSchedule.Create().SetNextRunAt(next).SetCreatedByName(v.Name)
		if v.UserID != 0 {
			cr.SetCreatedByID(v.UserID)
		}
		setScheduleFields(cr.Mutation(), sc, false)
		if row, err = cr.Save(ctx); err != nil {
			if ent.IsConstraintError(err) { // a concurrent scheduleBackup won (BK-7's unique index)
				return apperr.New(apperr.Conflict, "a backup schedule is already active: stop it first (stopBackupSchedule)")
			}
			return err
		}
		if err := s.createScheduled(ctx, c, row, next); err != nil {
			return err
		}
		desc := DescribeSchedule(sc)
		if err := tx.Audit(audit.Entry{Action: "backup.scheduled", TargetType: "BackupSchedule", TargetID: row.ID,
			Summary: fmt.Sprintf("%s scheduled a backup %s (%s), starting %s; next backup %s", v.Name, desc, loc, sc.StartDate, fmtLocal(&next, loc)),
			Details: scheduleDetails(row, map[string]any{"nextRunAt": next})}); err != nil {
			return err
		}
		return note(tx, v.OrgID, "Backup scheduled "+desc+"; next on "+fmtLocal(&next, loc),
			event.BackupScheduled{ScheduleID: row.ID, NextRunAt: next, By: v.Name})
	})
	if err != nil {
		return nil, err
	}
	p, err := s.preview(ctx, s.Client, v.OrgID, sc, now, 3)
	if err != nil {
		return nil, err
	}
	return &ScheduleResult{Schedule: row.Unwrap(), Preview: p}, nil
}

// UpdateSchedule changes the org's active schedule without stopping it (issue 17 item 7):
// the input follows the rules of ScheduleBackup (BK-6; IMMEDIATE is not a schedule). The
// schedule's SCHEDULED run moves to the new next slot (the old one is CANCELLED); runs already
// queued or later are not touched. NOT_FOUND when no schedule is active. The answer carries the
// cost preview of the next 3 months, which the SPA showed before confirming.
func (s *Service) UpdateSchedule(ctx context.Context, in ScheduleInput) (*ScheduleResult, error) {
	if _, err := adminViewer(ctx); err != nil {
		return nil, err
	}
	if in.RepeatType == Immediate {
		return nil, apperr.Invalid("repeatType", "a schedule cannot be IMMEDIATE: use backupNow for a one-off backup")
	}
	v, sc, now, err := s.validInput(ctx, in)
	if err != nil {
		return nil, err
	}
	loc := sc.Location
	next, ok := NextRun(sc, now)
	if !ok {
		return nil, apperr.Invalid("repeatType", "this schedule has no upcoming run")
	}
	var row *ent.BackupSchedule
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		cur, err := c.BackupSchedule.Query().Where(backupschedule.StatusEQ(backupschedule.StatusACTIVE)).Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.New(apperr.NotFound, "there is no active backup schedule to change: schedule one (scheduleBackup)")
		}
		if err != nil {
			return err
		}
		was := DescribeSchedule(ScheduleOf(cur, loc))
		upd := c.BackupSchedule.Update().Where(backupschedule.ID(cur.ID), backupschedule.StatusEQ(backupschedule.StatusACTIVE)).
			SetNextRunAt(next)
		setScheduleFields(upd.Mutation(), sc, true)
		if n, err := upd.Save(ctx); err != nil {
			return err
		} else if n == 0 {
			return apperr.New(apperr.Conflict, "the backup schedule was stopped meanwhile")
		}
		if row, err = c.BackupSchedule.Get(ctx, cur.ID); err != nil {
			return err
		}
		// The old next slot's run is cancelled unless it is the new next slot too.
		if _, err := transition(ctx, c, backuprun.And(backuprun.ScheduleID(cur.ID), backuprun.SlotKeyNEQ(SlotKey(cur.ID, next))),
			RunCancelled, func(u *ent.BackupRunUpdate) { u.SetEndedAt(now) }, RunScheduled); err != nil {
			return err
		}
		if err := s.createScheduled(ctx, c, row, next); err != nil {
			return err
		}
		desc := DescribeSchedule(sc)
		if err := tx.Audit(audit.Entry{Action: "backup.schedule_changed", TargetType: "BackupSchedule", TargetID: row.ID,
			Summary: fmt.Sprintf("%s changed the backup schedule to %s (%s), starting %s (was %s); next backup %s", v.Name, desc, loc,
				sc.StartDate, was, fmtLocal(&next, loc)),
			Details: scheduleDetails(row, map[string]any{"nextRunAt": next, "was": was})}); err != nil {
			return err
		}
		return note(tx, v.OrgID, "Backup schedule changed: "+desc+"; next on "+fmtLocal(&next, loc),
			event.BackupScheduled{ScheduleID: row.ID, NextRunAt: next, By: v.Name})
	})
	if err != nil {
		return nil, err
	}
	p, err := s.preview(ctx, s.Client, v.OrgID, sc, now, 3)
	if err != nil {
		return nil, err
	}
	return &ScheduleResult{Schedule: row.Unwrap(), Preview: p}, nil
}

// createScheduled records the SCHEDULED run of a schedule's next slot (idempotent by slot key).
func (s *Service) createScheduled(ctx context.Context, c *ent.Client, sc *ent.BackupSchedule, slot time.Time) error {
	err := c.BackupRun.Create().SetScheduleID(sc.ID).SetRepeatType(sc.RepeatType).
		SetSlotAt(slot).SetSlotKey(SlotKey(sc.ID, slot)). // created SCHEDULED, the initial state
		SetRequestedByName(sc.CreatedByName).
		OnConflictColumns(backuprun.FieldSlotKey).DoNothing().Exec(ctx)
	if errors.Is(err, sql.ErrNoRows) { // DO NOTHING on an existing slot: nothing to return
		return nil
	}
	return err
}

// StopResult is the answer to stopping a schedule (BK-18).
type StopResult struct {
	Schedule          *ent.BackupSchedule
	CancelledRuns     int
	StillRunning      int
	NextWouldHaveBeen *time.Time
	WeeklyAddOnActive bool
	Message           string     // English
	Answer            StopAnswer // Message's parts, to word it in the reader's language
}

// StopSchedule stops the org's active schedule (BK-18): its SCHEDULED runs are cancelled; runs
// already QUEUED, RUNNING, ARCHIVED or READY finish and stay downloadable. The answer says when
// the next backup would have been and that the weekly add-on is not cancelled.
func (s *Service) StopSchedule(ctx context.Context) (*StopResult, error) {
	v, loc, err := s.adminZone(ctx)
	if err != nil {
		return nil, err
	}
	res := &StopResult{}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := c.BackupSchedule.Query().Where(backupschedule.StatusEQ(backupschedule.StatusACTIVE)).Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.New(apperr.NotFound, "there is no active backup schedule to stop")
		}
		if err != nil {
			return err
		}
		now := s.now()
		if res.Schedule, err = row.Update().SetStatus(backupschedule.StatusSTOPPED).SetStoppedAt(now).
			SetStoppedByName(v.Name).ClearNextRunAt().Save(ctx); err != nil {
			return err
		}
		runs, err := c.BackupRun.Query().Where(backuprun.ScheduleID(row.ID),
			backuprun.StateIn(RunScheduled, RunQueued, RunRunning, RunArchived)).All(ctx)
		if err != nil {
			return err
		}
		states := make([]RunState, len(runs))
		for i, r := range runs {
			states[i] = r.State
		}
		plan := StopOutcome(states)
		cancel := make([]int, len(plan.Cancel))
		for i, k := range plan.Cancel {
			cancel[i] = runs[k].ID
		}
		if res.CancelledRuns, err = transition(ctx, c, backuprun.IDIn(cancel...), RunCancelled,
			func(u *ent.BackupRunUpdate) { u.SetEndedAt(now) }, RunScheduled); err != nil {
			return err
		}
		res.StillRunning = len(plan.KeepRunning)
		e, err := s.Billing.BackupEntitlement(ctx, c, v.OrgID)
		if err != nil {
			return err
		}
		res.WeeklyAddOnActive = e.WeeklyAddOn
		var next time.Time
		if row.NextRunAt != nil {
			next, res.NextWouldHaveBeen = *row.NextRunAt, row.NextRunAt
		}
		ans := StopMessage(next, row.NextRunAt != nil, loc, res.StillRunning, e.WeeklyAddOn)
		res.Message, res.Answer = ans.Text(), ans
		if err := tx.Audit(audit.Entry{Action: "backup.schedule_stopped", TargetType: "BackupSchedule", TargetID: row.ID,
			Summary: fmt.Sprintf("%s stopped the backup schedule (%s). %s", v.Name, DescribeSchedule(ScheduleOf(row, loc)), strings.TrimPrefix(ans.Text(), ans.Stopped+" ")),
			Details: scheduleDetails(row, map[string]any{"cancelledRuns": res.CancelledRuns, "stillRunning": res.StillRunning,
				"nextWouldHaveBeen": res.NextWouldHaveBeen})}); err != nil {
			return err
		}
		return note(tx, v.OrgID, ans.Text(),
			event.BackupStopped{ScheduleID: row.ID, By: v.Name, NextWouldHaveBeen: res.NextWouldHaveBeen, WeeklyAddOnActive: e.WeeklyAddOn})
	})
	if err != nil {
		return nil, err
	}
	res.Schedule = res.Schedule.Unwrap() // made in the committed transaction: edges load through the client
	return res, nil
}

// CancelRun cancels one run before it starts (BK-18): only a SCHEDULED run can be; a run that
// is QUEUED, RUNNING, ARCHIVED or READY finishes and stays downloadable (CONFLICT).
func (s *Service) CancelRun(ctx context.Context, runID int) (*ent.BackupRun, error) {
	v, err := adminViewer(ctx)
	if err != nil {
		return nil, err
	}
	var run *ent.BackupRun
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		r, err := c.BackupRun.Get(ctx, runID)
		if err != nil {
			return err
		}
		if err := CanCancel(RunState(r.State)); err != nil {
			return err
		}
		ok, err := transitionRun(ctx, c, r.ID, RunCancelled, func(u *ent.BackupRunUpdate) { u.SetEndedAt(s.now()) }, r.State)
		if err != nil {
			return err
		}
		if !ok { // a tick queued it meanwhile: it runs (BK-18)
			return CanCancel(RunQueued)
		}
		if run, err = c.BackupRun.Get(ctx, r.ID); err != nil {
			return err
		}
		if err := s.skipSlot(ctx, c, r); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "backup.run_cancelled", TargetType: "BackupRun", TargetID: r.ID,
			Summary: fmt.Sprintf("%s cancelled the backup of %s", v.Name, r.SlotAt.Format(time.DateOnly)),
			Details: map[string]any{"slotAt": r.SlotAt}})
	})
	if err != nil {
		return nil, err
	}
	return run.Unwrap(), nil
}

// skipSlot moves an active schedule past the slot of a run cancelled before its time, so the
// summary's next backup and the SCHEDULED run shown are the following slot, not the skipped
// one. It is a compare-and-swap on next_run_at like fire's: a tick firing that slot at the same
// moment has either queued the run (and CancelRun refused) or finds the slot moved on.
func (s *Service) skipSlot(ctx context.Context, c *ent.Client, run *ent.BackupRun) error {
	if run.ScheduleID == nil {
		return nil
	}
	sc, err := c.BackupSchedule.Get(ctx, *run.ScheduleID)
	if err != nil {
		return err
	}
	if sc.Status != backupschedule.StatusACTIVE || sc.NextRunAt == nil || !sc.NextRunAt.Equal(run.SlotAt) {
		return nil // a stopped schedule, or a run that is not the next slot
	}
	_, loc, err := s.org(ctx, c, sc.OrgID)
	if err != nil {
		return err
	}
	next, hasNext := NextRun(ScheduleOf(sc, loc), maxTime(run.SlotAt, s.now()))
	upd := c.BackupSchedule.Update().Where(backupschedule.ID(sc.ID), backupschedule.NextRunAtEQ(run.SlotAt))
	if hasNext {
		upd.SetNextRunAt(next)
	} else {
		upd.ClearNextRunAt()
	}
	if _, err := upd.Save(ctx); err != nil {
		return err
	}
	if !hasNext {
		return nil
	}
	return s.createScheduled(ctx, c, sc, next)
}

// ---------------------------------------------------------------------------------------------
// Runs: one-off requests and due slots (BK-7, BK-9, BK-10, BK-12)

// freeUsed counts the free backups used in a quota month: runs covered by FREE that did not
// fail (a failed run gives its cover back).
func (s *Service) freeUsed(ctx context.Context, c *ent.Client, orgID int, month string) (int, error) {
	return c.BackupRun.Query().Where(backuprun.OrgID(orgID), backuprun.CoverEQ(CoverFree),
		backuprun.QuotaMonth(month), backuprun.StateNEQ(RunFailed)).Count(auth.SystemContext(ctx, orgID))
}

// cover decides what pays for one run in month and spends a unit when that is the cover
// (BK-9), in c: the transaction that records the run.
func (s *Service) cover(ctx context.Context, c *ent.Client, orgID int, repeat RepeatType, month string) (Cover, error) {
	e, err := s.Billing.BackupEntitlement(ctx, c, orgID)
	if err != nil {
		return "", err
	}
	used, err := s.freeUsed(ctx, c, orgID, month)
	if err != nil {
		return "", err
	}
	cv := ChooseCover(e.FreeBackupsPerMonth, used, repeat, e.WeeklyAddOn, e.UnitsLeft)
	if cv == CoverUnit {
		if err := s.Billing.UseBackupUnit(ctx, c, orgID); err != nil {
			return "", err
		}
	}
	return cv, nil
}

var coverWords = map[Cover]string{CoverFree: "a free backup of the month", CoverWeeklyAddon: "the weekly backup add-on", CoverUnit: "a backup unit"}

// BackupNow queues a one-off backup (BK-7): one at a time, covered like any run; with nothing
// to cover it the answer is NEEDS_PURCHASE and nothing is recorded.
func (s *Service) BackupNow(ctx context.Context) (*ent.BackupRun, error) {
	v, loc, err := s.adminZone(ctx)
	if err != nil {
		return nil, err
	}
	var run *ent.BackupRun
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		busy, err := c.BackupRun.Query().Where(backuprun.RepeatTypeEQ(Immediate),
			backuprun.StateIn(RunQueued, RunRunning, RunArchived)).First(ctx)
		if err == nil {
			return apperr.New(apperr.Conflict, "a one-off backup is already in progress (requested %s, %s): wait for it to finish",
				fmtLocal(&busy.SlotAt, loc), busy.State).With("runId", busy.ID)
		} else if !ent.IsNotFound(err) {
			return err
		}
		now := s.now()
		month := MonthKey(now, loc)
		cv, err := s.cover(ctx, c, v.OrgID, Immediate, month)
		if err != nil {
			return err
		}
		if cv == CoverNone {
			return NeedsPurchaseError()
		}
		created, err := c.BackupRun.Create().SetRepeatType(Immediate).SetSlotAt(now).
			SetSlotKey("now-" + randomHex(12)).SetRequestedByName(v.Name).Save(ctx)
		if err != nil {
			return err
		}
		if _, err := transitionRun(ctx, c, created.ID, RunQueued, func(u *ent.BackupRunUpdate) {
			u.SetQueuedAt(now).SetCover(cv).SetQuotaMonth(month)
		}, RunScheduled); err != nil {
			return err
		}
		if run, err = c.BackupRun.Get(ctx, created.ID); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "backup.requested", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("%s requested a one-off backup, covered by %s", v.Name, coverWords[cv]),
			Details: map[string]any{"cover": string(cv)}}); err != nil {
			return err
		}
		tx.AfterCommit(s.enqueueArchive(v.OrgID, run.ID))
		return note(tx, v.OrgID, "One-off backup queued, requested by "+v.Name,
			event.BackupQueued{RunRef: runRef(run), By: v.Name})
	})
	if err != nil {
		return nil, err
	}
	return run.Unwrap(), nil // made in the committed transaction: edges load through the client
}

// Tick fires every schedule slot that is due (backup:tick), then re-enqueues the unfinished
// work the database holds (runs and emails whose job may be lost: the queue only executes).
// It returns how many slots it fired.
func (s *Service) Tick(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.Client.BackupSchedule.Query().Where(backupschedule.StatusEQ(backupschedule.StatusACTIVE),
		backupschedule.NextRunAtLTE(now)).Order(ent.Asc(backupschedule.FieldNextRunAt)).Limit(500).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	fired := 0
	var errs []error
	for _, sc := range due {
		ok, err := s.fire(ctx, sc, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("schedule %d of org %d: %w", sc.ID, sc.OrgID, err))
			continue
		}
		if ok {
			fired++
		}
	}
	if _, err := s.Reconcile(ctx); err != nil {
		errs = append(errs, err)
	}
	return fired, errors.Join(errs...)
}

// fire runs one due slot of a schedule. Only the caller that moves next_run_at on (a
// compare-and-swap) fires it; it reports false when another tick did.
func (s *Service) fire(ctx context.Context, sc *ent.BackupSchedule, now time.Time) (bool, error) {
	ctx = auth.SystemContext(ctx, sc.OrgID)
	_, loc, err := s.org(ctx, s.Client, sc.OrgID)
	if err != nil {
		return false, err
	}
	rules := ScheduleOf(sc, loc)
	slot := *sc.NextRunAt
	// The next slot after this one; slots missed while nothing ran are skipped, not run late
	// in a burst: the one due slot runs, then the schedule goes on from now.
	next, hasNext := NextRun(rules, maxTime(slot, now))
	fired := false
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		upd := c.BackupSchedule.Update().Where(backupschedule.ID(sc.ID), backupschedule.StatusEQ(backupschedule.StatusACTIVE),
			backupschedule.NextRunAtEQ(slot))
		if hasNext {
			upd.SetNextRunAt(next)
		} else {
			upd.ClearNextRunAt()
		}
		n, err := upd.Save(ctx)
		if err != nil || n == 0 {
			return err // n == 0: another tick fired it, or the schedule was stopped meanwhile
		}
		fired = true
		if hasNext {
			if err := s.createScheduled(ctx, c, sc, next); err != nil {
				return err
			}
		}
		run, err := c.BackupRun.Query().Where(backuprun.SlotKey(SlotKey(sc.ID, slot))).Only(ctx)
		if ent.IsNotFound(err) {
			run, err = c.BackupRun.Create().SetScheduleID(sc.ID).SetRepeatType(sc.RepeatType).
				SetSlotAt(slot).SetSlotKey(SlotKey(sc.ID, slot)).SetRequestedByName(sc.CreatedByName).Save(ctx)
		}
		if err != nil {
			return err
		}
		if run.State != RunScheduled {
			return nil // cancelled before its time (cancelBackupRun)
		}
		month := MonthKey(slot, loc)
		cv, err := s.cover(ctx, c, sc.OrgID, rules.Repeat, month)
		if err != nil {
			return err
		}
		if cv == CoverNone { // BK-10: recorded, logged and notified; the schedule goes on
			if run, err = s.moveRun(ctx, c, run, RunNeedsPurchase, func(u *ent.BackupRunUpdate) {
				u.SetEndedAt(now).SetQuotaMonth(month).SetError(NeedsPurchaseError().Message)
			}); err != nil {
				return err
			}
			if err := tx.Audit(audit.Entry{Action: "backup.needs_purchase", TargetType: "BackupRun", TargetID: run.ID,
				Summary: fmt.Sprintf("The backup of %s did not run: no free backup was left for %s and no backup unit was available",
					fmtLocal(&slot, loc), month), Details: map[string]any{"slotAt": slot, "month": month}}); err != nil {
				return err
			}
			return note(tx, sc.OrgID,
				"The scheduled backup of "+fmtLocal(&slot, loc)+" did not run: buy backup units to cover the next ones", event.BackupNeedsPurchase{RunRef: runRef(run)})
		}
		if run, err = s.moveRun(ctx, c, run, RunQueued, func(u *ent.BackupRunUpdate) {
			u.SetQueuedAt(now).SetCover(cv).SetQuotaMonth(month)
		}); err != nil {
			return err
		}
		tx.AfterCommit(s.enqueueArchive(sc.OrgID, run.ID))
		return note(tx, sc.OrgID, "Scheduled backup of "+fmtLocal(&slot, loc)+" queued", event.BackupQueued{RunRef: runRef(run)})
	})
	if err != nil {
		return false, err
	}
	return fired, nil
}

// Reconcile re-enqueues runs the database says are unfinished (on start, and on every tick): QUEUED runs whose task may be lost, and RUNNING or ARCHIVED runs
// whose worker stopped beating (it died: BK-13). A run a live worker holds is left alone, and
// a task already in the queue is not enqueued twice (task ID = run + attempt). It returns how
// many runs it handed out.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	return s.enqueueRuns(ctx, backuprun.Or(backuprun.StateEQ(RunQueued), s.orphaned()))
}

// TakeOverInterval is how often a worker looks for runs of dead workers (WatchRuns): half the
// heartbeat timeout, so that a run is handed on at most 1.5× the timeout after its last
// heartbeat, plus the queue's pick-up (BK-13, issue 9 item 13: within 2× the timeout).
func (s *Service) TakeOverInterval() time.Duration { return s.staleAfter() / 2 }

// WatchRuns hands the runs of dead workers on (TakeOver) every TakeOverInterval until ctx
// ends. Every worker process runs it: the minute tick alone took a minute more.
func (s *Service) WatchRuns(ctx context.Context) {
	t := time.NewTicker(s.TakeOverInterval())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.TakeOver(ctx); err != nil && ctx.Err() == nil {
				s.Log.Warn("taking over backup runs of dead workers", "err", err)
			} else if n > 0 {
				s.Log.Info("took over backup runs of dead workers", "count", n)
			}
		}
	}
}

// TakeOver enqueues a new task for every RUNNING or ARCHIVED run whose worker stopped beating
// (BK-13); the task claims the run. Workers racing here enqueue one task (task ID = run +
// attempt). It returns how many runs it handed out.
func (s *Service) TakeOver(ctx context.Context) (int, error) {
	return s.enqueueRuns(ctx, s.orphaned())
}

// orphaned matches RUNNING and ARCHIVED runs whose heartbeat is older than the timeout
// (wall clock, as the heartbeat is written): their worker died.
func (s *Service) orphaned() predicate.BackupRun {
	return backuprun.And(backuprun.StateIn(RunRunning, RunArchived), s.unheld())
}

// unheld matches runs no live worker holds: no heartbeat (released), or a stale one.
func (s *Service) unheld() predicate.BackupRun {
	return backuprun.Or(backuprun.HeartbeatAtIsNil(), backuprun.HeartbeatAtLT(time.Now().Add(-s.staleAfter())))
}

// enqueueRuns enqueues the archive task of every run matching where (at most 1000 a call).
func (s *Service) enqueueRuns(ctx context.Context, where predicate.BackupRun) (int, error) {
	runs, err := s.Client.BackupRun.Query().Where(where).Limit(1000).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, r := range runs {
		if err := s.Queue.EnqueueArchive(ctx, r.OrgID, r.ID, r.Attempts); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// ---------------------------------------------------------------------------------------------
// The archive job (BK-2 … BK-5, BK-12, BK-13, BK-15, BK-16, BK-20)

// ErrFatal marks a run failure that retrying cannot fix (the job must not be retried).
var ErrFatal = errors.New("backup: not retryable")

// RunKey names a run's objects in the blob store.
func RunKey(runID int) string { return fmt.Sprintf("run-%d", runID) }

// Archive produces a run's archive and makes it READY. It is safe to call again for the same
// run at any point (a worker that died, a duplicate task): it continues from the state the
// database holds. final says this is the job's last attempt: a failure then marks the run
// FAILED and gives its cover back.
func (s *Service) Archive(ctx context.Context, orgID, runID int, final bool) error {
	ctx = auth.SystemContext(ctx, orgID)
	run, err := s.Client.BackupRun.Get(ctx, runID)
	if ent.IsNotFound(err) {
		return fmt.Errorf("backup run %d of org %d does not exist: %w", runID, orgID, ErrFatal)
	}
	if err != nil {
		return err
	}
	switch run.State {
	case RunQueued, RunRunning:
	case RunArchived:
		return s.makeReady(ctx, run)
	default:
		return nil // READY, EXPIRED, FAILED, NEEDS_PURCHASE, CANCELLED, SCHEDULED: nothing to do
	}
	// Claim the run: QUEUED, or RUNNING with no live worker (its heartbeat is cleared when an
	// attempt fails, and stale when the worker died), which first goes back to the queue
	// (RUNNING → QUEUED, BK-13). Two tasks never write one run at once: each step is a
	// compare-and-swap.
	now := s.now()
	claimed := false
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if _, err := transition(ctx, c, backuprun.And(backuprun.ID(runID), s.unheld()), RunQueued, nil, RunRunning); err != nil {
			return err
		}
		var err error
		claimed, err = transitionRun(ctx, c, runID, RunRunning, func(u *ent.BackupRunUpdate) {
			u.AddAttempts(1).ClearError().SetHeartbeatAt(time.Now())
			if run.StartedAt == nil {
				u.SetStartedAt(now)
			}
		}, RunQueued)
		return err
	})
	if err != nil || !claimed {
		return err // not claimed: a live worker holds it
	}
	stopBeat := s.heartbeat(ctx, runID)
	err = s.archive(ctx, run, final)
	stopBeat(err != nil) // a failed attempt lets its retry claim the run at once
	return err
}

// heartbeat writes heartbeat_at every HeartbeatEvery until the returned stop is called;
// stop(release) clears it when the worker lets go of the run.
func (s *Service) heartbeat(ctx context.Context, runID int) func(release bool) {
	every := max(s.staleAfter()/5, 100*time.Millisecond)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := s.Client.BackupRun.UpdateOneID(runID).SetHeartbeatAt(time.Now()).Exec(context.WithoutCancel(ctx)); err != nil {
					s.Log.Warn("backup heartbeat", "run", runID, "err", err)
				}
			}
		}
	}()
	return func(release bool) {
		close(done)
		wg.Wait()
		if release {
			err := s.Client.BackupRun.Update().Where(backuprun.ID(runID), backuprun.StateEQ(RunRunning)).
				ClearHeartbeatAt().Exec(context.WithoutCancel(ctx))
			if err != nil {
				s.Log.Warn("releasing backup run", "run", runID, "err", err)
			}
		}
	}
}

// archive writes the claimed run's archive and makes it READY.
func (s *Service) archive(ctx context.Context, run *ent.BackupRun, final bool) error {
	orgID, runID := run.OrgID, run.ID
	org, loc, err := s.org(ctx, s.Client, orgID)
	if err != nil {
		return err
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil { // BK-5: never a silent fallback to another region's store
		return s.fail(ctx, run, loc, err.Error(), true)
	}
	w := &Writer{DB: s.DB, Bucket: bucket, PartSize: s.PartSize, NoBOM: s.NoCSVBOM, Clock: s.now, Progress: s.progress(ctx, run)}
	man, err := w.Write(ctx, orgID, RunKey(runID))
	if err != nil {
		if ctx.Err() != nil {
			return err // shutting down: the queue gives the task to another worker
		}
		s.Log.Error("backup archive failed", "org", orgID, "run", runID, "err", err)
		return s.fail(ctx, run, loc, "the archive could not be written: "+err.Error(), final)
	}
	if err := s.archived(ctx, run, man, loc); err != nil {
		return err
	}
	run, err = s.Client.BackupRun.Get(ctx, runID)
	if err != nil {
		return err
	}
	return s.makeReady(ctx, run)
}

// progress reports RUNNING progress (BK-12, BK-20): records done in the run row and a live
// (not kept) notification, at most every ProgressInterval.
func (s *Service) progress(ctx context.Context, run *ent.BackupRun) func(done, total int64) {
	every := s.ProgressInterval
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	var mu sync.Mutex
	var last time.Time
	return func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if t := time.Now(); t.Sub(last) >= every || done == total {
			last = t
			if err := s.Client.BackupRun.UpdateOneID(run.ID).SetRecordsDone(done).SetRecordsTotal(total).Exec(ctx); err != nil {
				s.Log.Warn("recording backup progress", "run", run.ID, "err", err)
			}
			if err := s.Notify.Ephemeral(ctx, run.OrgID, notify.Message{
				Title: fmt.Sprintf("Backup in progress: %d of %d records", done, total),
				Event: event.BackupProgress{RunRef: event.RunRef{RunID: run.ID, State: RunRunning}, RecordsDone: done, RecordsTotal: total}}); err != nil {
				s.Log.Warn("publishing backup progress", "run", run.ID, "err", err)
			}
		}
	}
}

// archived records the published archive: RUNNING → ARCHIVED with its files (BK-4, BK-15).
func (s *Service) archived(ctx context.Context, run *ent.BackupRun, man *Manifest, loc *time.Location) error {
	now := s.now()
	expires := LinkExpiry(now, s.linkTTL())
	counts := map[string]int64{}
	for _, m := range man.Modules {
		counts[m.Name] = m.Records
	}
	var total int64
	for _, a := range man.Archives {
		total += a.Size
	}
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		ok, err := transitionRun(ctx, c, run.ID, RunArchived, func(u *ent.BackupRunUpdate) {
			u.SetArchivedAt(now).SetExpiresAt(expires).SetRecordCounts(counts).SetHeartbeatAt(time.Now()).
				SetAttachments(man.Attachments).SetRecordsDone(man.Records + man.Attachments).
				SetRecordsTotal(man.Records + man.Attachments).SetTotalBytes(total)
		}, RunRunning)
		if err != nil || !ok {
			return err
		}
		for _, a := range man.Archives {
			if err := c.BackupFile.Create().SetRunID(run.ID).SetKind(backupfile.Kind(a.Kind)).SetPart(a.Part).
				SetName(fileName(a)).SetBlobKey(a.Key).SetTokenHash(auth.HashSecret(s.linkToken(a.Key))).SetSize(a.Size).SetSha256(a.SHA256).
				SetExpiresAt(expires).Exec(ctx); err != nil {
				return err
			}
		}
		records := RunRecords(counts)
		return note(tx, run.OrgID,
			fmt.Sprintf("Backup archived: %d records, %d attachments, %s", records, man.Attachments, HumanBytes(total)),
			event.BackupArchived{RunRef: event.RunRef{RunID: run.ID, State: RunArchived}, Records: records, Attachments: man.Attachments, Bytes: total})
	})
	if err != nil {
		return err
	}
	return nil
}

// fileName is what a download is saved as.
func fileName(a Archive) string {
	return strings.ToLower(a.Kind) + "-part" + fmt.Sprint(a.Part) + ".zip"
}

// makeReady issues the links: ARCHIVED → READY, the backup log line, an email to every admin
// (BK-16) and the READY notification (BK-20), in one transaction.
func (s *Service) makeReady(ctx context.Context, run *ent.BackupRun) error {
	org, loc, err := s.org(ctx, s.Client, run.OrgID)
	if err != nil {
		return err
	}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		ok, err := transitionRun(ctx, c, run.ID, RunReady, func(u *ent.BackupRunUpdate) { u.SetReadyAt(s.now()) }, RunArchived)
		if err != nil || !ok {
			return err
		}
		files, err := c.BackupFile.Query().Where(backupfile.RunID(run.ID)).
			Order(ent.Desc(backupfile.FieldKind), ent.Asc(backupfile.FieldPart)).All(ctx) // DATA, then ATTACHMENTS
		if err != nil {
			return err
		}
		var total int64
		for _, f := range files {
			total += f.Size
		}
		until := fmtLocal(run.ExpiresAt, loc)
		if err := tx.Audit(audit.Entry{Action: "backup.ready", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("The backup of %s is ready: %d files, %s, downloadable until %s",
				fmtLocal(&run.SlotAt, loc), len(files), HumanBytes(total), until),
			Details: map[string]any{"slotAt": run.SlotAt, "files": len(files), "bytes": total, "expiresAt": run.ExpiresAt}}); err != nil {
			return err
		}
		admins, err := c.User.Query().Where(user.RoleIn(user.RoleSUPER_ADMIN, user.RoleADMIN), user.StatusEQ(user.StatusACTIVE)).
			Order(ent.Asc(user.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, a := range admins {
			m, err := mail.Queue(ctx, c, run.OrgID, readyEmail(s.FileURL, org, a, files, run.ExpiresAt, loc))
			if err != nil {
				return err
			}
			tx.AfterCommit(s.enqueueMail(run.OrgID, m.ID))
		}
		return note(tx, run.OrgID, "Your backup is ready to download until "+until,
			event.BackupReady{RunRef: event.RunRef{RunID: run.ID, State: RunReady}, Files: len(files), Bytes: total, ExpiresAt: run.ExpiresAt})
	})
	if err != nil {
		return err
	}
	return nil
}

// DownloadURL is a file's link (BK-15): it works for a signed-in admin of the org until it expires.
func DownloadURL(base, token string) string {
	return strings.TrimSuffix(base, "/") + "/download/backup/" + token
}

// FileURL is the download link of a file (BK-15), whose token the database does not hold.
func (s *Service) FileURL(f *ent.BackupFile) string {
	return DownloadURL(s.BaseURL, s.linkToken(f.BlobKey))
}

// linkToken is the token of the link to the file stored under blobKey: HMAC-SHA256 of the key
// under LinkSecret. Blob keys are unique (the run ID is in them); without the secret a copy
// of the database gives no usable link (issue 9 item 10).
func (s *Service) linkToken(blobKey string) string {
	return LinkToken(s.LinkSecret, blobKey)
}

// LinkToken derives a download link's token from the secret and the file's blob key.
func LinkToken(secret, blobKey string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("backup-link\x00" + blobKey))
	return hex.EncodeToString(m.Sum(nil))
}

// MigrateLinks gives the files of earlier versions, which kept their link token in clear, a
// token hash: their links change (the SPA and the API show the new ones; links in emails sent
// before the upgrade answer 404). It returns how many files it updated.
func (s *Service) MigrateLinks(ctx context.Context) (int, error) {
	files, err := s.Client.BackupFile.Query().Where(backupfile.TokenHashIsNil()).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if err := s.Client.BackupFile.Update().Where(backupfile.ID(f.ID), backupfile.TokenHashIsNil()).
			SetTokenHash(auth.HashSecret(s.linkToken(f.BlobKey))).Exec(store.AllOrgs(ctx)); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// fail ends a run as FAILED when final (its cover is given back), or records the error and
// returns it so the job is retried.
func (s *Service) fail(ctx context.Context, run *ent.BackupRun, loc *time.Location, reason string, final bool) error {
	reason = truncateRunes(reason, 500)
	if !final {
		if err := s.Client.BackupRun.UpdateOneID(run.ID).SetError(reason).Exec(ctx); err != nil {
			s.Log.Warn("recording backup error", "run", run.ID, "err", err)
		}
		return errors.New(reason)
	}
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		ok, err := transitionRun(ctx, c, run.ID, RunFailed, func(u *ent.BackupRunUpdate) {
			u.SetError(reason).SetEndedAt(s.now())
		}, RunQueued, RunRunning)
		if err != nil || !ok {
			return err
		}
		if run.Cover != nil && *run.Cover == CoverUnit {
			if err := s.Billing.ReturnBackupUnit(ctx, c, run.OrgID); err != nil {
				return err
			}
		}
		if err := tx.Audit(audit.Entry{Action: "backup.failed", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("The backup of %s failed: %s", fmtLocal(&run.SlotAt, loc), reason),
			Details: map[string]any{"slotAt": run.SlotAt, "reason": reason}}); err != nil {
			return err
		}
		return note(tx, run.OrgID, "The backup failed: "+reason,
			event.BackupFailed{RunRef: event.RunRef{RunID: run.ID, State: RunFailed}, Error: reason})
	})
	if err != nil {
		return err
	}
	return fmt.Errorf("%s: %w", reason, ErrFatal)
}

// ---------------------------------------------------------------------------------------------
// Expiry (BK-17)

// Cleanup expires READY runs whose links expired: their files are deleted from the store and
// the run shows EXPIRED (backup:cleanup). It returns how many runs it expired.
func (s *Service) Cleanup(ctx context.Context) (int, error) {
	runs, err := s.Client.BackupRun.Query().Where(backuprun.StateEQ(RunReady), backuprun.ExpiresAtLTE(s.now())).
		Limit(500).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, r := range runs {
		if err := s.expire(auth.SystemContext(ctx, r.OrgID), r); err != nil {
			errs = append(errs, fmt.Errorf("run %d: %w", r.ID, err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

func (s *Service) expire(ctx context.Context, run *ent.BackupRun) error {
	if run.ExpiresAt == nil || !ShouldExpire(run.State, *run.ExpiresAt, s.now()) {
		return nil // not READY, or its links still work: its files stay
	}
	org, loc, err := s.org(ctx, s.Client, run.OrgID)
	if err != nil {
		return err
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		return err
	}
	files, err := s.Client.BackupFile.Query().Where(backupfile.RunID(run.ID), backupfile.DeletedAtIsNil()).All(ctx)
	if err != nil {
		return err
	}
	for _, f := range files { // delete first: a row never points at a file that is gone
		if err := bucket.Delete(ctx, f.BlobKey); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
	}
	if err := deletePrefix(ctx, bucket, RunPrefix(DefaultPrefix, run.OrgID, RunKey(run.ID)), nil); err != nil {
		return err
	}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		now := s.now()
		ok, err := transitionRun(ctx, c, run.ID, RunExpired, func(u *ent.BackupRunUpdate) { u.SetEndedAt(now) }, RunReady)
		if err != nil || !ok {
			return err
		}
		if err := c.BackupFile.Update().Where(backupfile.RunID(run.ID)).SetDeletedAt(now).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "backup.expired", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("The download links of the backup of %s expired; its files were deleted", fmtLocal(&run.SlotAt, loc)),
			Details: map[string]any{"slotAt": run.SlotAt}}); err != nil {
			return err
		}
		return note(tx, run.OrgID, "The backup of "+fmtLocal(&run.SlotAt, loc)+" expired and was deleted",
			event.BackupExpired{RunRef: runRefIn(run, RunExpired)})
	})
	if err != nil {
		return err
	}
	return nil
}

// ---------------------------------------------------------------------------------------------
// Download (BK-15)

// Download is an open backup file.
type Download struct {
	File   *ent.BackupFile
	Reader *blob.Reader
	SaveAs string // the file name offered to the browser (DownloadName)
}

// OpenDownload opens a file for a signed-in admin of its org while its link is valid. Anything
// else — another org's token, an expired or deleted file, a standard user — is NOT_FOUND.
func (s *Service) OpenDownload(ctx context.Context, token string) (*Download, error) {
	v := auth.FromContext(ctx)
	notFound := apperr.New(apperr.NotFound, "no such backup file")
	if v == nil || !v.IsAdmin() || token == "" || len(token) > 64 {
		return nil, notFound
	}
	f, err := s.Client.BackupFile.Query().Where(backupfile.TokenHash(auth.HashSecret(token)), backupfile.DeletedAtIsNil()).WithRun().Only(ctx)
	if err != nil {
		return nil, notFound
	}
	if f.Edges.Run == nil || f.Edges.Run.State != RunReady || !LinkValid(f.ExpiresAt, s.now()) {
		return nil, notFound
	}
	org, err := s.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		return nil, notFound
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		return nil, err
	}
	r, err := bucket.NewReader(ctx, f.BlobKey, nil)
	if err != nil {
		s.Log.Error("backup file missing from the store", "file", f.ID, "err", err)
		return nil, notFound
	}
	loc, err := LoadZone(org.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return &Download{File: f, Reader: r, SaveAs: DownloadName(org.Name, f.CreatedAt, loc, f.Name)}, nil
}

// LogDownloadStarted writes "download started" to the backup log (BK-15, BK-19).
func (s *Service) LogDownloadStarted(ctx context.Context, f *ent.BackupFile) error {
	v := auth.FromContext(ctx)
	return audit.Record(ctx, s.Client, audit.Entry{Action: "backup.download_started", TargetType: "BackupFile", TargetID: f.ID,
		Summary: fmt.Sprintf("%s started downloading %s (%s) of backup run %d", v.Name, f.Name, HumanBytes(f.Size), f.RunID),
		Details: map[string]any{"file": f.Name, "bytes": f.Size, "runId": f.RunID}})
}

// ---------------------------------------------------------------------------------------------
// Reading (BK-8, BK-14, BK-19)

// Summary is what the backup page shows first (BK-8).
type Summary struct {
	Schedule     *ent.BackupSchedule // the active schedule, nil when none
	Description  string              // of the active schedule
	NextBackupAt *time.Time
	LastRun      *ent.BackupRun // the latest run that was due (not SCHEDULED or CANCELLED)
	InProgress   *ent.BackupRun // QUEUED, RUNNING or ARCHIVED
	Month        string         // the current quota month, org's zone
	FreePerMonth int
	FreeUsed     int
	FreeLeft     int
	UnitsLeft    int
	WeeklyAddOn  bool
	UnitPrice    billing.Money
	Records      int64         // records now (recordkind: the one definition)
	Estimate     time.Duration // how long a backup takes now, from the last run (BK-14)
	Measured     bool          // Estimate comes from a finished run (false: none yet, Estimate is 0)
	TimeZone     string
	Now          NowEffect // what "Back up now" would use, and its effect on the next run
}

// Summary reads the org's backup summary.
func (s *Service) Summary(ctx context.Context) (*Summary, error) {
	v, loc, err := s.adminZone(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := &Summary{Month: MonthKey(now, loc), TimeZone: loc.String()}
	if out.Schedule, err = s.Client.BackupSchedule.Query().Where(backupschedule.StatusEQ(backupschedule.StatusACTIVE)).Only(ctx); err == nil {
		out.Description = DescribeSchedule(ScheduleOf(out.Schedule, loc))
		out.NextBackupAt = out.Schedule.NextRunAt
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	if out.LastRun, err = s.Client.BackupRun.Query().
		Where(backuprun.StateNotIn(RunScheduled, RunCancelled)).
		Order(ent.Desc(backuprun.FieldSlotAt), ent.Desc(backuprun.FieldID)).First(ctx); err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if out.InProgress, err = s.Client.BackupRun.Query().
		Where(backuprun.StateIn(RunQueued, RunRunning, RunArchived)).
		Order(ent.Asc(backuprun.FieldSlotAt)).First(ctx); err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	e, err := s.Billing.BackupEntitlement(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	if out.FreeUsed, err = s.freeUsed(ctx, s.Client, v.OrgID, out.Month); err != nil {
		return nil, err
	}
	out.FreePerMonth, out.UnitsLeft, out.WeeklyAddOn, out.UnitPrice = e.FreeBackupsPerMonth, e.UnitsLeft, e.WeeklyAddOn, e.UnitPrice
	out.FreeLeft = FreeLeft(e.FreeBackupsPerMonth, out.FreeUsed)
	records, err := billing.CountRecords(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	out.Records = int64(records)
	work, err := s.countWork(ctx, v.OrgID)
	if err != nil {
		return nil, err
	}
	last, err := s.Client.BackupRun.Query().Where(backuprun.StateIn(RunReady, RunExpired),
		backuprun.StartedAtNotNil(), backuprun.ArchivedAtNotNil()).Order(ent.Desc(backuprun.FieldArchivedAt)).First(ctx)
	switch {
	case err == nil:
		out.Estimate = EstimateDuration(last.RecordsTotal, last.ArchivedAt.Sub(*last.StartedAt), work)
		out.Measured = true
	case ent.IsNotFound(err):
	default:
		return nil, err
	}
	var nextRepeat RepeatType
	if out.Schedule != nil {
		nextRepeat = out.Schedule.RepeatType
	}
	hasNext := out.NextBackupAt != nil
	out.Now = BackupNowEffect(e.FreeBackupsPerMonth, out.FreeUsed, e.WeeklyAddOn, e.UnitsLeft, hasNext, nextRepeat,
		hasNext && MonthKey(*out.NextBackupAt, loc) == out.Month)
	return out, nil
}

// countWork counts what a backup would write now: every module's rows and the attachment
// files — the unit of the runs' progress (recordsDone / recordsTotal) and of the estimate.
// It is not "records" (billing.CountRecords is).
func (s *Service) countWork(ctx context.Context, orgID int) (int64, error) {
	var total int64
	for _, m := range append(Modules(), Module{Table: "attachments"}) {
		var n int64
		if err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(m.Table)+" WHERE org_id = ?", orgID).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// LogQuery is the backup log (BK-19): the org's audit events of backups and of backup-unit
// purchases, oldest first.
func (s *Service) LogQuery(ctx context.Context) (*ent.AuditEventQuery, error) {
	if _, err := adminViewer(ctx); err != nil {
		return nil, err
	}
	return s.Client.AuditEvent.Query().Where(auditevent.Or(auditevent.ActionHasPrefix("backup."), auditevent.ActionIn(LogActions...))), nil
}

// RunRecords is a run's records (recordkind's one definition) from its per-module counts
// (record_counts, keyed by module name as in the manifest).
func RunRecords(counts map[string]int64) int64 {
	rows := map[string]int64{}
	for _, m := range registry {
		rows[m.Table] = counts[m.Name]
	}
	return recordkind.Count(rows)
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
