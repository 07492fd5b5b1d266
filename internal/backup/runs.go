package backup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/backupschedule"
	"github.com/crmadmin/crmadmin/ent/predicate"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/store"
)

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
