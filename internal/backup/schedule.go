package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/backupschedule"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
	"github.com/crmadmin/crmadmin/internal/kind/event"
)

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
