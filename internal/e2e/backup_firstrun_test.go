package e2e

// Issue 17 item 7: what a new admin tripped over on the backup page, through the real server.

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Issue 17 item 7 (1): the summary tells before "Back up now" that it spends the month's last
// free backup and leaves the next scheduled run of the month to a backup unit (or to nothing).
func TestBackupNowWarnsAboutNextRun_Issue17Item7(t *testing.T) {
	// Tuesday 1 December 2026, 06:00 UTC: the December weekly runs on Wednesdays are this month.
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{NoWorker: true})
	org := e.signUpUS("Warn Co", "wanda@warn.test")
	if r := setCard(t, org.Admin, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	mustChange(t, org.Admin, map[string]any{"plan": "STANDARD", "cycle": "MONTHLY"}, "to-standard")
	org.Admin.MustDo(t, `mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: WEDNESDAY}) { schedule { id } } }`, nil, nil)
	type preview struct {
		BackupSummary struct {
			FreeBackupsLeft int
			BackupNow       struct {
				Cover, NextRunCoverBefore, NextRunCoverAfter *string
				NextRunAt                                    *string
				WarnNextRun                                  bool
			}
		}
	}
	read := func() preview {
		var p preview
		org.Admin.MustDo(t, `{ backupSummary { freeBackupsLeft backupNow { cover nextRunAt nextRunCoverBefore nextRunCoverAfter warnNextRun } } }`, nil, &p)
		return p
	}
	str := func(s *string) string {
		if s == nil {
			return "null"
		}
		return *s
	}
	p := read() // two free backups left: a one-off backup leaves one for the next run
	if b := p.BackupSummary.BackupNow; p.BackupSummary.FreeBackupsLeft != 2 || str(b.Cover) != "FREE" || b.WarnNextRun || str(b.NextRunCoverAfter) != "FREE" {
		t.Fatalf("two free left: %+v", p)
	}
	org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, nil)
	// Finish it by hand (no worker): the next request must see it as used, not in progress.
	e.srv.App.DB.Client.BackupRun.Update().SetState("READY").ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	p = read() // one free backup left: spending it leaves the next Wednesday with nothing
	b := p.BackupSummary.BackupNow
	if p.BackupSummary.FreeBackupsLeft != 1 || str(b.Cover) != "FREE" || !b.WarnNextRun ||
		str(b.NextRunCoverBefore) != "FREE" || str(b.NextRunCoverAfter) != "null" || b.NextRunAt == nil {
		t.Fatalf("last free backup: want a warning that the next run would not be covered, got %+v", p)
	}
	e.srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(3).ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	if b := read().BackupSummary.BackupNow; !b.WarnNextRun || str(b.NextRunCoverAfter) != "UNIT" {
		t.Fatalf("last free backup with units: want a warning that the next run takes a unit, got %+v", b)
	}
}

// Issue 17 item 7 (6): the active schedule is edited without stopping it; its SCHEDULED run
// moves to the new slot, the rules of scheduling apply, and the log says who changed what.
func TestUpdateBackupSchedule_Issue17Item7(t *testing.T) {
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{NoWorker: true})
	org := e.signUpUS("Edit Co", "eddie@edit.test")
	const upd = `mutation($i: BackupScheduleInput!) { updateBackupSchedule(input: $i) { schedule { id status repeatType weekday dayOfMonth hour nextRunAt } } }`
	assertCode(t, org.Admin.Do(t, upd, map[string]any{"i": map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY"}}), "NOT_FOUND")
	var made struct {
		ScheduleBackup struct{ Schedule struct{ ID string } }
	}
	org.Admin.MustDo(t, `mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: MONDAY}) { schedule { id } } }`, nil, &made)
	var out struct {
		UpdateBackupSchedule struct {
			Schedule struct {
				ID, Status, RepeatType string
				DayOfMonth, Hour       *int
				Weekday, NextRunAt     *string
			}
		}
	}
	org.Admin.MustDo(t, upd, map[string]any{"i": map[string]any{"repeatType": "MONTHLY_DATE", "dayOfMonth": 15, "hour": 4}}, &out)
	s := out.UpdateBackupSchedule.Schedule
	// 15 December 2026, 04:00 in New York = 09:00 UTC.
	if s.ID != made.ScheduleBackup.Schedule.ID || s.Status != "ACTIVE" || s.RepeatType != "MONTHLY_DATE" || s.Weekday != nil ||
		s.DayOfMonth == nil || *s.DayOfMonth != 15 || s.NextRunAt == nil || *s.NextRunAt != "2026-12-15T09:00:00Z" {
		t.Fatalf("updated schedule %+v", s)
	}
	var states []string
	for _, r := range runsOf(t, org.Admin) {
		states = append(states, r.State+" "+r.RepeatType+" "+r.SlotAt)
	}
	want := []string{"CANCELLED WEEKLY 2026-12-07T07:00:00Z", "SCHEDULED MONTHLY_DATE 2026-12-15T09:00:00Z"}
	if !slices.Equal(states, want) {
		t.Fatalf("runs after the change: %v, want %v", states, want)
	}
	// The same rules as scheduling (BK-6): a missing field is VALIDATION; IMMEDIATE is not a schedule.
	for in, field := range map[string]map[string]any{
		"weekday":    {"repeatType": "WEEKLY"},
		"repeatType": {"repeatType": "IMMEDIATE"},
		"startDate":  {"repeatType": "WEEKLY", "weekday": "MONDAY", "startDate": "2026-11-30"},
	} {
		if ae := assertCode(t, org.Admin.Do(t, upd, map[string]any{"i": field}), "VALIDATION"); ae.Extensions["field"] != in {
			t.Errorf("%v: field %v, want %s", field, ae.Extensions["field"], in)
		}
	}
	var log struct {
		BackupLog struct {
			Edges []struct {
				Node struct{ Action, Summary string }
			}
		}
	}
	org.Admin.MustDo(t, `{ backupLog(first: 50) { edges { node { action summary } } } }`, nil, &log)
	found := false
	for _, e := range log.BackupLog.Edges {
		if e.Node.Action == "backup.schedule_changed" {
			found = true
		}
	}
	if !found {
		t.Fatalf("BK-19: the change is not in the backup log: %+v", log)
	}
}

// Issue 17 item 7 (5): runs are listed newest first by default (the slot, then the ID).
func TestBackupRunsNewestFirst_Issue17Item7(t *testing.T) {
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{NoWorker: true})
	org := e.signUpUS("Order Co", "otto@order.test")
	e.srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(5).ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	org.Admin.MustDo(t, `mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: FRIDAY}) { schedule { id } } }`, nil, nil)
	org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, nil)
	var out struct {
		BackupRuns struct {
			Edges []struct{ Node struct{ SlotAt string } }
		}
	}
	org.Admin.MustDo(t, `{ backupRuns(first: 10) { edges { node { slotAt } } } }`, nil, &out)
	var got []string
	for _, e := range out.BackupRuns.Edges {
		got = append(got, e.Node.SlotAt)
	}
	if len(got) != 2 || !slices.IsSortedFunc(got, func(a, b string) int { return -compareTimes(t, a, b) }) {
		t.Fatalf("runs %v, want newest first", got)
	}
}

func compareTimes(t *testing.T, a, b string) int {
	t.Helper()
	ta, err1 := time.Parse(time.RFC3339Nano, a)
	tb, err2 := time.Parse(time.RFC3339Nano, b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return ta.Compare(tb)
}

// Issue 17 item 7 (3): one definition of records (docs/rules.md), the same number on the
// subscription page, the backup summary, the run and its notification; attachments apart.
func TestRecordsCountedOnce_Issue17Item7(t *testing.T) {
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{})
	org := e.signUpUS("Count Co", "carl@count.test")
	seedBackupData(t, e, org) // 1 account, 5 contacts, 1 task, 1 lead = 8 records; 1 attachment
	org.Admin.MustDo(t, `mutation { createNote(input: {title: "n"}) { id } }`, nil, nil)
	e.srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(1).ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	var sum struct {
		BackupSummary       struct{ Records int }
		CurrentSubscription struct{ Records int }
		RecordCount         int
	}
	org.Admin.MustDo(t, `{ backupSummary { records } currentSubscription { records } recordCount }`, nil, &sum)
	if sum.BackupSummary.Records != 9 || sum.CurrentSubscription.Records != 9 || sum.RecordCount != 9 {
		t.Fatalf("records: backup summary %d, subscription %d, dashboard %d, want 9, 9 and 9", sum.BackupSummary.Records,
			sum.CurrentSubscription.Records, sum.RecordCount)
	}
	var now struct{ BackupNow struct{ ID string } }
	org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, &now)
	waitRun(t, org.Admin, now.BackupNow.ID, "READY")
	var run struct {
		Node struct{ Records, Attachments, RecordsTotal int }
	}
	org.Admin.MustDo(t, `query($id: ID!) { node(id: $id) { ... on BackupRun { records attachments recordsTotal } } }`,
		map[string]any{"id": now.BackupNow.ID}, &run)
	if run.Node.Records != 9 || run.Node.Attachments != 1 {
		t.Fatalf("run: %+v, want 9 records and 1 attachment", run.Node)
	}
	var notes struct {
		Notifications struct {
			Edges []struct{ Node struct{ Type, Title string } }
		}
	}
	org.Admin.MustDo(t, `{ notifications(first: 50) { edges { node { type title } } } }`, nil, &notes)
	found := false
	for _, n := range notes.Notifications.Edges {
		if n.Node.Type == "backup.archived" {
			found = true
			if !strings.HasPrefix(n.Node.Title, "Backup archived: 9 records, 1 attachments") {
				t.Errorf("notification %q, want the run's 9 records", n.Node.Title)
			}
		}
	}
	if !found {
		t.Fatalf("no archived notification: %+v", notes)
	}
}

// Issue 17 item 7 (2): the demo's own weekly schedule can be paid for: the units its cost
// preview asks for are bought with the card on file.
func TestDemoScheduleIsPayable_Issue17Item7(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo organization")
	}
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	ctx := context.Background()
	res, err := srv.App.LoadDemo(ctx, app.DemoInput{Email: "pay@demo.crmadmin.test"})
	if err != nil {
		t.Fatal(err)
	}
	owner := srv.App.DB.Client.User.Query().Where(user.OrgID(res.OrgID), user.RoleEQ(user.RoleSUPER_ADMIN)).OnlyX(store.AllOrgs(ctx))
	as := auth.WithViewer(ctx, &auth.Viewer{UserID: owner.ID, OrgID: res.OrgID, Role: auth.RoleSuperAdmin, Name: owner.Name})
	sum, err := srv.App.Backup.Summary(as)
	if err != nil || sum.Schedule == nil || sum.Schedule.RepeatType != backup.Weekly {
		t.Fatalf("the demo's schedule: %+v %v", sum, err)
	}
	p, err := srv.App.Backup.CostPreview(as, backup.ScheduleInput{RepeatType: backup.Weekly, Weekday: sum.Schedule.Weekday}, 3)
	if err != nil || p.UnitsNeeded == 0 {
		t.Fatalf("a weekly schedule on 2 free backups a month needs units: %+v %v", p, err)
	}
	if _, err := srv.App.Billing.BuyBackupUnits(as, p.UnitsNeeded, "demo-units"); err != nil {
		t.Fatalf("buying the %d units the demo's schedule needs: %v", p.UnitsNeeded, err)
	}
	after, err := srv.App.Backup.Summary(as)
	if err != nil || after.UnitsLeft != sum.UnitsLeft+p.UnitsNeeded {
		t.Fatalf("units after buying: %+v %v", after, err)
	}
}
