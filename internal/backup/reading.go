package backup

import (
	"context"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/auditevent"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/backupschedule"
	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/kind/recordkind"
)

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
	return archive.CountWork(ctx, s.DB, orgID)
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
	for _, m := range archive.Modules() {
		rows[m.Table] = counts[m.Name]
	}
	return recordkind.Count(rows)
}
