package graph

// Shapes the backup service's answers for the API (graph/backup.graphqls).

import (
	"context"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/kind/event"
)

func toSchedulePayload(res *backup.ScheduleResult) *model.ScheduleBackupPayload {
	out := &model.ScheduleBackupPayload{Schedule: res.Schedule, Run: res.Run}
	if res.Preview != nil {
		out.CostPreview = toPreview(res.Preview)
	}
	return out
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
		Records: int(s.Records), EstimatedSeconds: int(backup.EstimateSeconds(s.Estimate)), EstimateMeasured: s.Measured,
		TimeZone: s.TimeZone, BackupNow: &model.BackupNowPreview{NextRunAt: s.NextBackupAt, WarnNextRun: s.Now.Warn,
			Cover: coverOrNil(s.Now.Cover), NextRunCoverBefore: coverOrNil(s.Now.NextBefore),
			NextRunCoverAfter: coverOrNil(s.Now.NextAfter), UnitPrice: toMoney(s.UnitPrice)}}
	if s.Description != "" {
		out.Description = &s.Description
	}
	return out
}

// coverOrNil is a cover for the API: nil for none ("" or NONE).
func coverOrNil(c backup.Cover) *backup.Cover {
	if c == "" || c == backup.CoverNone {
		return nil
	}
	return &c
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
				if st := backup.RunState(s); st.Valid() {
					ev.State = &st
				}
			}
			ev.Event = notificationEvent(n)
			if ev.RunID != nil {
				// Issue 10 move 7: the run as it is now, for clients to update their copy by id.
				if run, err := r.Client.BackupRun.Get(ctx, *ev.RunID); err == nil {
					ev.Run = run
				} else if !ent.IsNotFound(err) {
					r.Log.Warn("backup event: reading its run", "run", *ev.RunID, "err", err)
				}
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
	if err != nil || run.State != backup.RunReady {
		return nil
	}
	u := r.Backup.FileURL(f)
	return &u
}

// notificationEvent is the typed payload of n (issue 10 move 7); nil for a type this server
// does not know or a payload that does not decode.
func notificationEvent(n *ent.Notification) event.Event {
	e, err := event.Decode(n.Type, n.Payload)
	if err != nil {
		return nil
	}
	return e
}
