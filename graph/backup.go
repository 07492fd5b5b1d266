package graph

// Shapes the backup service's answers for the API (graph/backup.graphqls).

import (
	"context"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
)

var weekOfMonth = map[string]int{"FIRST": 1, "SECOND": 2, "THIRD": 3, "FOURTH": 4, "LAST": backup.LastWeek}

var weekdays = map[string]time.Weekday{"SUNDAY": time.Sunday, "MONDAY": time.Monday, "TUESDAY": time.Tuesday,
	"WEDNESDAY": time.Wednesday, "THURSDAY": time.Thursday, "FRIDAY": time.Friday, "SATURDAY": time.Saturday}

func toScheduleInput(in model.BackupScheduleInput) (backup.ScheduleInput, error) {
	out := backup.ScheduleInput{Repeat: backup.RepeatType(in.RepeatType), DayOfMonth: in.DayOfMonth, Hour: in.Hour}
	if in.Weekday != nil {
		wd := weekdays[string(*in.Weekday)]
		out.Weekday = &wd
	}
	if in.WeekOfMonth != nil {
		n := weekOfMonth[string(*in.WeekOfMonth)]
		out.WeekOfMonth = &n
	}
	if in.StartDate != nil {
		d, err := backup.ParseDate(*in.StartDate)
		if err != nil {
			return out, err
		}
		out.StartDate = &d
	}
	if out.Repeat != backup.Immediate {
		switch {
		case in.Weekday == nil && (out.Repeat == backup.Weekly || out.Repeat == backup.TwiceAMonth || out.Repeat == backup.MonthlyWeekday):
			return out, apperr.Invalid("weekday", "choose the weekday of the backups")
		case in.DayOfMonth == nil && out.Repeat == backup.MonthlyDate:
			return out, apperr.Invalid("dayOfMonth", "choose the day of the month (1–31)")
		case in.WeekOfMonth == nil && out.Repeat == backup.MonthlyWeekday:
			return out, apperr.Invalid("weekOfMonth", "choose which week of the month (first … last)")
		}
	}
	return out, nil
}

func toPreview(p *backup.Preview) *model.BackupCostPreview {
	money := func(n int64) *model.Money { return toMoney(billing.Money{Amount: n, Currency: p.Currency}) }
	out := &model.BackupCostPreview{Description: p.Description, UnitPrice: money(p.UnitPrice), Total: money(p.Total),
		UnitsNeeded: p.UnitsNeeded, UnitsOwned: p.UnitsOwned, AmountDue: money(p.AmountDue)}
	for _, m := range p.Months {
		runs := make([]*time.Time, len(m.Runs))
		for i := range m.Runs {
			runs[i] = &m.Runs[i]
		}
		out.Months = append(out.Months, &model.BackupMonthCost{Month: m.Month, Runs: runs,
			Free: m.Free, AddOn: m.AddOn, UnitsNeeded: m.UnitsNeeded, Cost: money(m.Cost), FromOwned: m.FromOwned,
			ToBuy: m.ToBuy, AmountDue: money(m.AmountDue)})
	}
	return out
}

func toSummary(s *backup.Summary) *model.BackupSummary {
	out := &model.BackupSummary{Schedule: s.Schedule, NextBackupAt: s.NextBackupAt, LastRun: s.LastRun,
		InProgress: s.InProgress, Month: s.Month, FreeBackupsPerMonth: s.FreePerMonth, FreeBackupsUsed: s.FreeUsed,
		FreeBackupsLeft: s.FreeLeft, UnitsLeft: s.UnitsLeft, WeeklyAddOn: s.WeeklyAddOn, UnitPrice: toMoney(s.UnitPrice),
		Records: int(s.Records), EstimatedSeconds: int(s.Estimate / time.Second), TimeZone: s.TimeZone}
	if s.Description != "" {
		out.Description = &s.Description
	}
	return out
}

// backupEventTypes maps notification types to event types (BK-20).
var backupEventTypes = map[string]model.BackupEventType{
	backup.EventScheduled: model.BackupEventTypeScheduled, backup.EventQueued: model.BackupEventTypeQueued,
	backup.EventProgress: model.BackupEventTypeProgress, backup.EventArchived: model.BackupEventTypeArchived,
	backup.EventReady: model.BackupEventTypeReady, backup.EventStopped: model.BackupEventTypeStopped,
	backup.EventNeedsPurchase: model.BackupEventTypeNeedsPurchase, backup.EventFailed: model.BackupEventTypeFailed,
	backup.EventExpired: model.BackupEventTypeExpired,
}

// backupEvents turns the org's backup notifications into events until ctx ends.
func (r *Resolver) backupEvents(ctx context.Context) <-chan *model.BackupEvent {
	types := make([]string, 0, len(backupEventTypes))
	for t := range backupEventTypes {
		types = append(types, t)
	}
	in := r.Notify.Subscribe(ctx, auth.FromContext(ctx), types)
	out := make(chan *model.BackupEvent, 1)
	go func() {
		defer close(out)
		for n := range in {
			ev := &model.BackupEvent{Type: backupEventTypes[n.Type], Title: n.Title, At: n.CreatedAt,
				RunID: payloadInt(n.Payload, "runId"), ScheduleID: payloadInt(n.Payload, "scheduleId"),
				RecordsDone: payloadInt(n.Payload, "recordsDone"), RecordsTotal: payloadInt(n.Payload, "recordsTotal")}
			if n.ID != 0 {
				id := n.ID
				ev.NotificationID = &id
			}
			if s, ok := n.Payload["state"].(string); ok {
				st := backuprun.State(s)
				ev.State = &st
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// payloadInt reads a number of a notification payload (JSON numbers arrive as float64).
func payloadInt(p map[string]any, key string) *int {
	switch v := p[key].(type) {
	case float64:
		n := int(v)
		return &n
	case int:
		return &v
	case int64:
		n := int(v)
		return &n
	}
	return nil
}

// downloadURL is a file's link while it works (BK-15).
func (r *Resolver) downloadURL(ctx context.Context, f *ent.BackupFile) *string {
	if f.DeletedAt != nil || !backup.LinkValid(f.ExpiresAt, r.Clock.Now()) {
		return nil
	}
	run, err := f.Run(ctx)
	if err != nil || run.State != backuprun.StateREADY {
		return nil
	}
	u := r.Backup.FileURL(f)
	return &u
}
