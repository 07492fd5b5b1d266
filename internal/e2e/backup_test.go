package e2e

// Backups end to end (SPEC BK): the real server in-process with its job worker on the
// embedded Redis protocol, a settable clock walked through a month of weekly runs.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"gocloud.dev/blob"

	"github.com/crmadmin/crmadmin/ent/backupfile"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

func orgID(t *testing.T, o *apptest.Org) int {
	t.Helper()
	n, err := strconv.Atoi(o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type backupEnv struct {
	t   *testing.T
	srv *apptest.Server
	clk *clock.Settable
}

func newBackupEnv(t *testing.T, start time.Time, o apptest.Options) *backupEnv {
	clk := clock.NewSettable(start)
	o.Clock = clk
	return &backupEnv{t: t, srv: apptest.Start(t, o), clk: clk}
}

// signUpUS signs an org up in region US (America/New_York, USD).
func (e *backupEnv) signUpUS(name, email string) *apptest.Org {
	e.t.Helper()
	c := &apptest.Client{URL: e.srv.URL}
	var out struct {
		SignUp struct {
			User         struct{ ID string }
			Organization struct{ ID string }
			APIToken     string
		}
	}
	c.MustDo(e.t, `mutation($i: SignUpInput!) { signUp(input: $i) { user { id } organization { id } apiToken } }`,
		map[string]any{"i": map[string]any{"organizationName": name, "region": "US", "name": "A. Admin",
			"email": email, "password": apptest.Password, "apiTokenName": "test"}}, &out)
	c.Token = out.SignUp.APIToken
	return &apptest.Org{ID: out.SignUp.Organization.ID, UserID: out.SignUp.User.ID, Admin: c, Email: email}
}

// tick runs backup:tick now (the scheduler also runs it every minute: both are safe together).
func (e *backupEnv) tick() int {
	e.t.Helper()
	n, err := e.srv.App.Backup.Tick(context.Background())
	if err != nil {
		e.t.Fatalf("backup tick: %v", err)
	}
	return n
}

type runView struct {
	ID, State, RepeatType, SlotAt string
	Cover                         *string
	RecordsDone, RecordsTotal     int
	Error                         *string
	ExpiresAt                     *string
	Files                         []struct {
		Kind, Name, Sha256 string
		Part, Size         int
		DownloadURL        *string
	}
}

const runFields = `id state repeatType slotAt cover recordsDone recordsTotal error expiresAt
  files { kind name part size sha256 downloadUrl }`

func runsOf(t *testing.T, c *apptest.Client) []runView {
	t.Helper()
	var out struct {
		BackupRuns struct{ Edges []struct{ Node runView } }
	}
	c.MustDo(t, `{ backupRuns(first: 100, orderBy: {field: SLOT_AT, direction: ASC}) { edges { node { `+runFields+` } } } }`, nil, &out)
	runs := make([]runView, len(out.BackupRuns.Edges))
	for i, e := range out.BackupRuns.Edges {
		runs[i] = e.Node
	}
	return runs
}

// waitRun polls until run id is in one of the states (the worker runs the archive).
func waitRun(t *testing.T, c *apptest.Client, id string, states ...string) runView {
	t.Helper()
	var out struct{ Node runView }
	if !wait.Until(30*time.Second, 50*time.Millisecond, func() bool {
		c.MustDo(t, `query($id: ID!) { node(id: $id) { ... on BackupRun { `+runFields+` } } }`, map[string]any{"id": id}, &out)
		return slices.Contains(states, out.Node.State)
	}) {
		t.Fatalf("backup run %s is %s after 30 s, want %v (error %v)", id, out.Node.State, states, out.Node.Error)
	}
	return out.Node
}

// backupSubscriber reads backupEvents over a graphql-transport-ws websocket.
type backupSubscriber struct {
	c *liveConn
}

type backupEventView struct {
	Type, Title, At           string
	RunID, ScheduleID, State  *string
	RecordsDone, RecordsTotal *int
	// Issue 10 move 7: the run as it is now and the typed payload.
	Run *struct {
		ID, State                 string
		RecordsDone, RecordsTotal int
	}
	Event *struct {
		Typename          string `json:"__typename"`
		RunID, ScheduleID *string
		Files             *int
	}
}

func subscribeBackupEvents(t *testing.T, srv *apptest.Server, token string) *backupSubscriber {
	t.Helper()
	c := liveMustDial(t, srv, "graphql-transport-ws", nil)
	c.send(t, liveMsg{Type: "connection_init", Payload: liveJSON(map[string]any{"authToken": token})})
	c.expect(t, "connection_ack", "")
	before := srv.App.Broker.Subscribers()
	c.send(t, liveMsg{ID: "b", Type: "subscribe", Payload: liveJSON(map[string]any{"query": `subscription { backupEvents {
	  type title runId scheduleId state recordsDone recordsTotal at run { id state recordsDone recordsTotal }
	  event { __typename ... on BackupScheduledEvent { scheduleId } ... on BackupReadyEvent { runId files } } } }`})})
	liveWaitSubscribers(t, srv, before+1, 5*time.Second)
	return &backupSubscriber{c: c}
}

func (s *backupSubscriber) next(t *testing.T) backupEventView {
	t.Helper()
	m := s.c.expect(t, "next", "b")
	var p struct {
		Data   struct{ BackupEvents backupEventView }
		Errors []apptest.Error
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
		t.Fatalf("backupEvents: %s (%v)", m.Payload, err)
	}
	return p.Data.BackupEvents
}

// untilType reads events until one of type typ, returning the types seen on the way (progress
// events collapsed into one "PROGRESS").
func (s *backupSubscriber) untilType(t *testing.T, typ string) ([]string, backupEventView) {
	t.Helper()
	var seen []string
	for {
		ev := s.next(t)
		if ev.Type != "PROGRESS" || len(seen) == 0 || seen[len(seen)-1] != "PROGRESS" {
			seen = append(seen, ev.Type)
		}
		if ev.Type == typ {
			return seen, ev
		}
	}
}

type tricky struct{ first, last, title, desc string }

// The texts a CSV must carry through unchanged (BK-3), formula-looking cells aside.
var trickyContacts = []tricky{
	{"太郎", "山田", "営業部長, 東京", "日本語の説明\n二行目"},
	{"Françoise", "Dupont-Lefèvre", `Directrice "commerciale"`, "Crème brûlée, s'il vous plaît;\r\nligne 2"},
	{"Ann", "O'Neil", "=SUM(A1:A9)", "+1 555 0100"},
	{"Bob", "@admin", "-2+3", "\tindented"},
	{"Zoë", "Smith", "CEO", ""},
}

func seedBackupData(t *testing.T, e *backupEnv, org *apptest.Org) map[string]tricky {
	t.Helper()
	ids := map[string]tricky{}
	var acc struct{ CreateAccount struct{ ID string } }
	org.Admin.MustDo(t, `mutation { createAccount(input: {name: "Société Générale, \"SG\""}) { id } }`, nil, &acc)
	for _, c := range trickyContacts {
		var out struct{ CreateContact struct{ ID string } }
		in := map[string]any{"firstName": c.first, "lastName": c.last, "title": c.title, "accountID": acc.CreateAccount.ID}
		if c.desc != "" {
			in["description"] = c.desc
		}
		org.Admin.MustDo(t, `mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, map[string]any{"i": in}, &out)
		ids[out.CreateContact.ID] = c
	}
	org.Admin.MustDo(t, `mutation { createTask(input: {subject: "Appeler, puis \"rappeler\""}) { id } }`, nil, nil)
	org.Admin.MustDo(t, `mutation { createLead(input: {lastName: "鈴木", company: "株式会社テスト"}) { id } }`, nil, nil)
	// An attachment on the first contact, with its file in the org's region store.
	ctx := context.Background()
	var first int
	for id := range ids {
		if n, _ := strconv.Atoi(id); first == 0 || n < first {
			first = n
		}
	}
	body := []byte("pièce jointe — 添付ファイル")
	bucket, err := e.srv.App.Blobs.Bucket(ctx, "US")
	if err != nil {
		t.Fatal(err)
	}
	if err := bucket.WriteAll(ctx, "attachments/test/devis.txt", body, nil); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	e.srv.App.DB.Client.Attachment.Create().SetFileName("devis, v2.txt").SetContentType("text/plain").
		SetSize(int64(len(body))).SetSha256(hex.EncodeToString(sum[:])).SetBlobKey("attachments/test/devis.txt").
		SetContactID(first).SaveX(auth.SystemContext(ctx, orgID(t, org)))
	return ids
}

// BK-1 … BK-20 in one month of weekly backups on a paid plan.
func TestBackupLifecycle_Redis(t *testing.T) {
	// Tuesday 1 December 2026, 06:00 UTC = 01:00 in New York. December has five Tuesdays.
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{})
	org := e.signUpUS("Backup Co", "ann@backup.test")
	other := e.signUpUS("Other Co", "olga@other.test")
	contacts := seedBackupData(t, e, org)

	// A paid plan (STANDARD: 2 free backups a month, BK-9) with 2 licenses, and a standard user.
	if r := setCard(t, org.Admin, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatalf("card: %+v", r.Errors)
	}
	mustChange(t, org.Admin, map[string]any{"plan": "STANDARD", "cycle": "MONTHLY", "regularLicenses": 2}, "to-standard")
	_, stdPassword, r := invite(t, org.Admin, "sam@backup.test", "REGULAR")
	if len(r.Errors) > 0 {
		t.Fatalf("invite: %+v", r.Errors)
	}
	standard := signInWith(t, e.srv, "sam@backup.test", stdPassword)

	sub := subscribeBackupEvents(t, e.srv, org.Admin.Token)
	otherSub := subscribeBackupEvents(t, e.srv, other.Admin.Token)

	// BK-10: the cost preview from the real upcoming dates, before scheduling.
	weekly := map[string]any{"repeatType": "WEEKLY", "weekday": "TUESDAY", "startDate": "2026-12-01", "hour": 2}
	var pv struct {
		BackupCostPreview struct {
			Description string
			Months      []struct {
				Month                    string
				Runs                     []string
				Free, UnitsNeeded, ToBuy int
				Cost, AmountDue          money
			}
			Total, UnitPrice money
		}
	}
	org.Admin.MustDo(t, `query($i: BackupScheduleInput!) { backupCostPreview(input: $i, months: 2) { description
	  months { month runs free unitsNeeded toBuy cost { amount formatted } amountDue { amount } }
	  total { amount formatted } unitPrice { amount formatted } } }`, map[string]any{"i": weekly}, &pv)
	p := pv.BackupCostPreview
	if p.UnitPrice.Amount != 1000 || p.UnitPrice.Formatted != "$10.00" {
		t.Fatalf("BK-11: unit price %+v, want $10.00", p.UnitPrice)
	}
	if len(p.Months) != 2 || p.Months[0].Month != "2026-12" || len(p.Months[0].Runs) != 5 || p.Months[0].Free != 2 ||
		p.Months[0].UnitsNeeded != 3 || p.Months[0].Cost.Amount != 3000 {
		t.Fatalf("BK-10 December (5 Tuesdays): %+v", p.Months)
	}
	if jan := p.Months[1]; jan.Month != "2027-01" || len(jan.Runs) != 4 || jan.UnitsNeeded != 2 || jan.Cost.Formatted != "$20.00" {
		t.Fatalf("BK-10 January: 4 runs − 2 free = 2 × $10 = $20, got %+v", jan)
	}
	if p.Months[0].Runs[0] != "2026-12-01T07:00:00Z" || p.Description != "every week on Tuesday at 02:00" {
		t.Fatalf("BK-6: first run %s (want 02:00 New York = 07:00Z), description %q", p.Months[0].Runs[0], p.Description)
	}

	// BK-1: a standard user can neither schedule nor read backups.
	assertCode(t, standard.Do(t, `{ backupSummary { month } }`, nil), "FORBIDDEN")
	assertCode(t, standard.Do(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) { schedule { id } } }`,
		map[string]any{"i": weekly}), "FORBIDDEN")

	// BK-6: schedule it.
	var sch struct {
		ScheduleBackup struct {
			Schedule    struct{ ID, Status, NextRunAt, RepeatType, Weekday string }
			CostPreview struct{ Total money }
		}
	}
	org.Admin.MustDo(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) {
	  schedule { id status nextRunAt repeatType weekday runs { totalCount } } costPreview { total { amount } } } }`, map[string]any{"i": weekly}, &sch)
	if s := sch.ScheduleBackup.Schedule; s.Status != "ACTIVE" || s.NextRunAt != "2026-12-01T07:00:00Z" || s.Weekday != "TUESDAY" {
		t.Fatalf("scheduleBackup: %+v", s)
	}
	if sch.ScheduleBackup.CostPreview.Total.Amount != 3000+2000+2000 { // Dec, Jan, Feb (4 Tuesdays)
		t.Fatalf("scheduleBackup's 3-month preview: %+v", sch.ScheduleBackup.CostPreview)
	}
	if ev := sub.next(t); ev.Type != "SCHEDULED" || ev.ScheduleID == nil || *ev.ScheduleID != sch.ScheduleBackup.Schedule.ID {
		t.Fatalf("BK-20: first event %+v, want SCHEDULED of the new schedule", ev)
	} else if ev.Event == nil || ev.Event.Typename != "BackupScheduledEvent" || ev.Event.ScheduleID == nil || *ev.Event.ScheduleID != *ev.ScheduleID || ev.Run != nil {
		t.Fatalf("issue 10 move 7: SCHEDULED event typed %+v, run %+v; want BackupScheduledEvent of the schedule, no run", ev.Event, ev.Run)
	}
	// BK-7: a second schedule is a CONFLICT, never a silent replacement.
	assertCode(t, org.Admin.Do(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) { schedule { id } } }`,
		map[string]any{"i": map[string]any{"repeatType": "MONTHLY_DATE", "dayOfMonth": 31}}), "CONFLICT")

	// BK-8: the summary.
	var sum struct {
		BackupSummary struct {
			Description                                     string
			NextBackupAt                                    string
			FreeBackupsPerMonth, FreeBackupsLeft, UnitsLeft int
		}
	}
	org.Admin.MustDo(t, `{ backupSummary { description nextBackupAt freeBackupsPerMonth freeBackupsLeft unitsLeft } }`, nil, &sum)
	if s := sum.BackupSummary; s.NextBackupAt != "2026-12-01T07:00:00Z" || s.FreeBackupsPerMonth != 2 || s.FreeBackupsLeft != 2 || s.UnitsLeft != 0 {
		t.Fatalf("BK-8 summary: %+v", s)
	}

	// BK-11: two backup units, paid by card, in the payment history.
	org.Admin.MustDo(t, `mutation { buyBackupUnits(units: 2, idempotencyKey: "units-1") { subscription { backupUnits } } }`, nil, nil)

	// BK-15: a READY run's data archive downloads for the org's admin, and parses back to
	// exactly the records in the database (BK-2, BK-3, BK-4); nobody else can download it.
	var first runView
	var dataURL string
	checkDownloads := func(first runView) {
		var attURL string
		for _, f := range first.Files {
			if f.DownloadURL == nil {
				t.Fatalf("READY file without a link: %+v", f)
			}
			switch f.Kind {
			case "DATA":
				dataURL = *f.DownloadURL
			case "ATTACHMENTS":
				attURL = *f.DownloadURL
			}
		}
		if dataURL == "" || attURL == "" {
			t.Fatalf("BK-2: want a data and an attachments archive, got %+v", first.Files)
		}
		zipBytes := download(t, org.Admin, dataURL, "", http.StatusOK)
		checkDataArchive(t, e, org, zipBytes, contacts)
		// issue 9 item 10: the database holds only the SHA-256 of a link's token.
		token := dataURL[strings.LastIndex(dataURL, "/")+1:]
		sys := auth.SystemContext(context.Background(), orgID(t, org))
		stored := e.srv.App.DB.Client.BackupFile.Query().Where(backupfile.TokenHash(auth.HashSecret(token))).OnlyX(sys)
		for _, f := range e.srv.App.DB.Client.BackupFile.Query().AllX(store.AllOrgs(sys)) {
			if bytes.Contains(f.TokenHash, []byte(token)) || strings.Contains(hex.EncodeToString(f.TokenHash), token) {
				t.Fatalf("issue 9 item 10: file %d stores the link token", f.ID)
			}
		}
		if stored.Kind != "DATA" {
			t.Fatalf("the link's token hash names file %+v", stored)
		}
		if got := sha256.Sum256(zipBytes); hex.EncodeToString(got[:]) != first.Files[0].Sha256 && hex.EncodeToString(got[:]) != first.Files[1].Sha256 {
			t.Fatal("BK-4: the downloaded archive's SHA-256 is not the one recorded")
		}
		// Range support: the tail of the file resumes a broken download.
		if tail := download(t, org.Admin, dataURL, "bytes=10-", http.StatusPartialContent); !bytes.Equal(tail, zipBytes[10:]) {
			t.Fatal("BK-15: a Range request did not return the file's tail")
		}
		attZip := download(t, org.Admin, attURL, "", http.StatusOK)
		zr, err := zip.NewReader(bytes.NewReader(attZip), int64(len(attZip)))
		if err != nil {
			t.Fatal(err)
		}
		var attNames []string
		for _, f := range zr.File {
			attNames = append(attNames, f.Name)
		}
		if !slices.ContainsFunc(attNames, func(n string) bool { return strings.HasPrefix(n, "Contacts/") && strings.HasSuffix(n, "devis, v2.txt") }) {
			t.Fatalf("BK-2: attachments archive entries %v, want Contacts/<id>/devis, v2.txt", attNames)
		}

		// PL-1, BK-1, BK-15: a standard user, another org's admin and an anonymous caller get the
		// same 404 as a link that does not exist.
		download(t, standard, dataURL, "", http.StatusNotFound)
		download(t, other.Admin, dataURL, "", http.StatusNotFound)
		download(t, &apptest.Client{URL: e.srv.URL}, dataURL, "", http.StatusNotFound)
		download(t, org.Admin, e.srv.URL+"/download/backup/"+strings.Repeat("ab", 32), "", http.StatusNotFound)
		if got := runsOf(t, other.Admin); len(got) != 0 {
			t.Fatalf("PL-1: another org's admin sees runs %+v", got)
		}
		assertCode(t, other.Admin.Do(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": first.ID}), "NOT_FOUND")

	}

	// Walk the month: each Tuesday's slot fires once however many ticks see it (BK-13).
	tuesdays := []string{"2026-12-01T07:00:00Z", "2026-12-08T07:00:00Z", "2026-12-15T07:00:00Z", "2026-12-22T07:00:00Z", "2026-12-29T07:00:00Z"}
	wantCover := []string{"FREE", "FREE", "UNIT", "UNIT", ""}
	for i, slot := range tuesdays {
		at, _ := time.Parse(time.RFC3339, slot)
		e.clk.Set(at.Add(-time.Minute))
		if n := e.tick(); n != 0 {
			t.Fatalf("a tick one minute before %s fired %d slots", slot, n)
		}
		e.clk.Set(at.Add(30 * time.Second))
		began := time.Now()
		fired := e.tick() + e.tick() // a second tick finds nothing left to fire
		if fired > 1 {
			t.Fatalf("BK-13: slot %s fired %d times", slot, fired)
		}
		var run runView
		for _, r := range runsOf(t, org.Admin) {
			if r.SlotAt == slot {
				run = r
			}
		}
		if run.ID == "" {
			t.Fatalf("no run for the slot %s: %+v", slot, runsOf(t, org.Admin))
		}
		if wantCover[i] == "" {
			if run.State != "NEEDS_PURCHASE" || run.Cover != nil {
				t.Fatalf("BK-10: the fifth run with no unit left: %+v, want NEEDS_PURCHASE", run)
			}
			seen, _ := sub.untilType(t, "NEEDS_PURCHASE")
			if len(seen) != 1 {
				t.Fatalf("events before NEEDS_PURCHASE: %v", seen)
			}
			continue
		}
		run = waitRun(t, org.Admin, run.ID, "READY", "FAILED")
		if run.State != "READY" || run.Cover == nil || *run.Cover != wantCover[i] {
			t.Fatalf("BK-9: run %d (%s): %+v, want READY covered by %s", i+1, slot, run, wantCover[i])
		}
		// BK-20: queued → progress → archived → ready, in order, for this run only.
		seen, ready := sub.untilType(t, "READY")
		if strings.Join(seen, ",") != "QUEUED,PROGRESS,ARCHIVED,READY" || ready.RunID == nil || *ready.RunID != run.ID {
			t.Fatalf("BK-20: events of run %d: %v (ready %+v), want QUEUED,PROGRESS,ARCHIVED,READY", i+1, seen, ready)
		}
		// Issue 10 move 7: the event carries the run (by id, in its state) and its typed payload.
		if ready.Run == nil || ready.Run.ID != run.ID || ready.Run.State != "READY" || ready.Run.RecordsTotal == 0 || ready.Run.RecordsDone != ready.Run.RecordsTotal {
			t.Fatalf("issue 10 move 7: READY event's run %+v, want run %s READY with its progress", ready.Run, run.ID)
		}
		if ready.Event == nil || ready.Event.Typename != "BackupReadyEvent" || ready.Event.RunID == nil || *ready.Event.RunID != run.ID || ready.Event.Files == nil || *ready.Event.Files < 1 {
			t.Fatalf("issue 10 move 7: READY event typed %+v", ready.Event)
		}
		t.Logf("run %d (%s) READY, covered by %s, %v after the slot", i+1, slot, *run.Cover, time.Since(began).Round(time.Millisecond))
		if i == 0 {
			first = run
			checkDownloads(run)
		}
	}
	runs := runsOf(t, org.Admin)
	// The five slots plus the SCHEDULED run of 5 January.
	if len(runs) != 6 || runs[5].State != "SCHEDULED" || runs[5].SlotAt != "2027-01-05T07:00:00Z" {
		t.Fatalf("runs after December: %+v", runs)
	}

	// BK-16: every admin got an email with the links; without SMTP it is in the outbox.
	var ob struct {
		Outbox struct {
			Edges []struct {
				Node struct{ To, Subject, Body, Status, Kind string }
			}
		}
	}
	wait.Until(10*time.Second, 50*time.Millisecond, func() bool { // mail:send jobs
		org.Admin.MustDo(t, `{ outbox(first: 50) { edges { node { to subject body status kind } } } }`, nil, &ob)
		return !slices.ContainsFunc(ob.Outbox.Edges, func(e struct {
			Node struct{ To, Subject, Body, Status, Kind string }
		}) bool {
			return e.Node.Status == "PENDING"
		})
	})
	readyMails := 0
	for _, m := range ob.Outbox.Edges {
		if m.Node.Kind == "backup.ready" && m.Node.To == org.Email {
			readyMails++
			if m.Node.Status != "OUTBOX" || !strings.Contains(m.Node.Body, "/download/backup/") {
				t.Fatalf("BK-16 email: %+v", m.Node)
			}
		}
	}
	if readyMails != 4 {
		t.Fatalf("BK-16: %d ready emails to the admin, want one per READY run (4)", readyMails)
	}
	assertCode(t, standard.Do(t, `{ outbox(first: 5) { totalCount } }`, nil), "FORBIDDEN")

	// BK-18: a READY run cannot be cancelled; stopping cancels the SCHEDULED one and says
	// when the next backup would have been.
	assertCode(t, org.Admin.Do(t, `mutation($id: ID!) { cancelBackupRun(id: $id) { id } }`, map[string]any{"id": first.ID}), "CONFLICT")
	var stop struct {
		StopBackupSchedule struct {
			CancelledRuns, StillRunning int
			NextBackupWouldHaveBeen     string
			Message                     string
			Schedule                    struct{ Status string }
		}
	}
	org.Admin.MustDo(t, `mutation { stopBackupSchedule { cancelledRuns stillRunning nextBackupWouldHaveBeen message schedule { status runs(first: 1) { totalCount } } } }`, nil, &stop)
	st := stop.StopBackupSchedule
	if st.CancelledRuns != 1 || st.Schedule.Status != "STOPPED" || st.NextBackupWouldHaveBeen != "2027-01-05T07:00:00Z" ||
		!strings.Contains(st.Message, "Tuesday, 5 January 2027 at 02:00") {
		t.Fatalf("BK-18 stop: %+v", st)
	}
	if ev := sub.next(t); ev.Type != "STOPPED" {
		t.Fatalf("BK-20: after stopping, event %+v", ev)
	}
	assertCode(t, org.Admin.Do(t, `mutation { stopBackupSchedule { message } }`, nil), "NOT_FOUND")

	// BK-19: the backup log, oldest first.
	var lg struct {
		BackupLog struct {
			Edges []struct {
				Node struct{ Action, Summary string }
			}
		}
	}
	org.Admin.MustDo(t, `{ backupLog(first: 100) { edges { node { action summary } } } }`, nil, &lg)
	var actions []string
	for _, e := range lg.BackupLog.Edges {
		actions = append(actions, e.Node.Action)
	}
	want := []string{"backup.scheduled", "billing.backup_units_bought", "backup.ready",
		"backup.download_started", "backup.download_started", // data and attachments; the resumed range is not a new start
		"backup.ready", "backup.ready", "backup.ready", "backup.needs_purchase", "backup.schedule_stopped"}
	if strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Fatalf("BK-19 backup log:\n got %v\nwant %v", actions, want)
	}
	if s := lg.BackupLog.Edges[0].Node.Summary; !strings.HasPrefix(s, "A. Admin scheduled a backup every week on Tuesday at 02:00") {
		t.Fatalf("BK-19 wording: %q", s)
	}

	// BK-17: 7 days after archiving, the cleanup deletes the files and the run is EXPIRED.
	e.clk.Set(time.Date(2026, 12, 8, 7, 0, 0, 0, time.UTC)) // the first run was archived on 1 Dec 07:00:30
	if n, err := e.srv.App.Backup.Cleanup(context.Background()); err != nil || n != 0 {
		t.Fatalf("cleanup before expiry: %d, %v", n, err)
	}
	e.clk.Set(time.Date(2026, 12, 8, 7, 1, 0, 0, time.UTC))
	download(t, org.Admin, dataURL, "", http.StatusNotFound) // expired links answer 404 before the cleanup too
	if n, err := e.srv.App.Backup.Cleanup(context.Background()); err != nil || n != 1 {
		t.Fatalf("BK-17 cleanup: expired %d runs (%v), want 1", n, err)
	}
	if r := waitRun(t, org.Admin, first.ID, "EXPIRED"); len(r.Files) == 0 || r.Files[0].DownloadURL != nil {
		t.Fatalf("BK-17: expired run %+v", r)
	}
	bucket, _ := e.srv.App.Blobs.Bucket(context.Background(), "US")
	runID, _ := strconv.Atoi(first.ID)
	prefix := archive.RunPrefix(archive.DefaultPrefix, orgID(t, org), backup.RunKey(runID))
	if obj, err := bucket.List(&blob.ListOptions{Prefix: prefix}).Next(context.Background()); err != io.EOF {
		t.Fatalf("BK-17: the store still holds %v under %s after expiry (%v)", obj, prefix, err)
	}
	if obj, err := bucket.List(&blob.ListOptions{Prefix: archive.RunPrefix(archive.DefaultPrefix, orgID(t, org), backup.RunKey(runID+1))}).Next(context.Background()); err != nil {
		t.Fatalf("the second run's files must still be there: %v %v", obj, err)
	}

	// PL-1: nothing of org A's backups reached org B's subscriber: the first event B gets is
	// the one of its own schedule.
	other.Admin.MustDo(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) { schedule { id } } }`,
		map[string]any{"i": map[string]any{"repeatType": "MONTHLY_WEEKDAY", "weekday": "FRIDAY", "weekOfMonth": "LAST"}}, nil)
	if ev := otherSub.next(t); ev.Type != "SCHEDULED" || !strings.Contains(ev.Title, "last Friday of every month") {
		t.Fatalf("PL-1: org B's first backup event is %+v, want its own SCHEDULED", ev)
	}
}

// download GETs a backup link as c and returns the body, failing unless the status is want.
func download(t *testing.T, c *apptest.Client, url, rng string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d: %s", url, resp.StatusCode, want, b)
	}
	// issue 17 item 8: saved as <org>-<day>-<file>, e.g. backup-co-2026-12-01-data-part1.zip.
	if cd := resp.Header.Get("Content-Disposition"); want == http.StatusOK &&
		!regexp.MustCompile(`^attachment; filename\*=UTF-8''[a-z0-9-]+-\d{4}-\d{2}-\d{2}-(data|attachments)-part\d+\.zip$`).MatchString(cd) {
		t.Fatalf("GET %s: Content-Disposition %q, want the org, the day and the file", url, cd)
	}
	if want == http.StatusOK && resp.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
		t.Fatalf("BK-15: Content-Length %q for %d bytes", resp.Header.Get("Content-Length"), len(b))
	}
	return b
}

// checkDataArchive opens the data ZIP: manifest.json, every module's CSV parsing back to the
// org's records (BK-2, BK-3, BK-4).
func checkDataArchive(t *testing.T, e *backupEnv, org *apptest.Org, b []byte, contacts map[string]tricky) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("BK-2: the data archive does not open: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var man struct {
		Org     int
		Modules []struct {
			Name, File string
			Records    int64
		}
		Excluded              []string
		FormulaNeutralisation string
	}
	if err := json.Unmarshal(files["manifest.json"], &man); err != nil {
		t.Fatalf("BK-4: manifest.json: %v", err)
	}
	if man.Org != orgID(t, org) || len(man.Excluded) == 0 || man.FormulaNeutralisation == "" {
		t.Fatalf("BK-2/BK-3/BK-4 manifest: %+v", man)
	}
	counts := map[string]int64{}
	for _, m := range man.Modules {
		data, ok := bytes.CutPrefix(files[m.File], []byte(archive.UTF8BOM)) // issue 17 item 8
		if !ok {
			t.Fatalf("issue 17 item 8: %s does not start with the UTF-8 byte-order mark", m.File)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("BK-3: %s does not parse as CSV: %v", m.File, err)
		}
		if int64(len(rows)-1) != m.Records {
			t.Fatalf("BK-4: %s has %d rows, the manifest says %d", m.File, len(rows)-1, m.Records)
		}
		counts[m.Name] = m.Records
		if m.Name != "Contacts" {
			continue
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		seen := 0
		for _, row := range rows[1:] {
			want, ok := contacts[row[col["Record ID"]]]
			if !ok {
				t.Fatalf("Contacts.csv has a record that is not the org's: %v", row)
			}
			seen++
			neut := func(s string) string { // BK-3
				if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") {
					s = "'" + s
				}
				return strings.ReplaceAll(s, "\r\n", "\n") // encoding/csv's reader drops \r before \n
			}
			if row[col["First Name"]] != neut(want.first) || row[col["Last Name"]] != neut(want.last) ||
				row[col["Title"]] != neut(want.title) || row[col["Description"]] != neut(want.desc) {
				t.Fatalf("BK-3: Contacts.csv row %v\nwant %+v", row, want)
			}
		}
		if seen != len(contacts) {
			t.Fatalf("Contacts.csv: %d rows, want %d", seen, len(contacts))
		}
	}
	var db struct {
		Contacts, Accounts, Tasks, Leads struct{ TotalCount int64 }
	}
	org.Admin.MustDo(t, `{ contacts { totalCount } accounts { totalCount } tasks { totalCount } leads { totalCount } }`, nil, &db)
	if counts["Contacts"] != db.Contacts.TotalCount || counts["Accounts"] != db.Accounts.TotalCount ||
		counts["Tasks"] != db.Tasks.TotalCount || counts["Leads"] != db.Leads.TotalCount {
		t.Fatalf("BK-2: manifest counts %v, database %+v", counts, db)
	}
}

// smtpSink is a real SMTP server (emersion/go-smtp) on loopback that keeps what it receives.
type smtpSink struct {
	mu   sync.Mutex
	msgs []smtpMsg
	got  chan struct{}
}

type smtpMsg struct {
	From string
	To   []string
	Data string
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{sink: s}, nil }

type smtpSession struct {
	sink *smtpSink
	msg  smtpMsg
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error { s.msg.From = from; return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.To = append(s.msg.To, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.Data = string(b)
	s.sink.mu.Lock()
	s.sink.msgs = append(s.sink.msgs, s.msg)
	s.sink.mu.Unlock()
	s.sink.got <- struct{}{}
	return nil
}
func (s *smtpSession) Reset()        { s.msg = smtpMsg{} }
func (s *smtpSession) Logout() error { return nil }

func startSMTP(t *testing.T) (*smtpSink, string) {
	t.Helper()
	sink := &smtpSink{got: make(chan struct{}, 16)}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return sink, ln.Addr().String()
}

// BK-16: with CRM_SMTP_URL set, every admin gets the READY email through SMTP, with the links.
func TestBackupReadyEmailOverSMTP(t *testing.T) {
	sink, addr := startSMTP(t)
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{
		Env: map[string]string{"CRM_SMTP_URL": "smtp://" + addr + "?from=backups@crm.test"}})
	org := e.signUpUS("Mail Co", "mia@mail.test")
	e.srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(1).ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	// The admin reads French (the SPA saves the language chosen as the user's locale).
	org.Admin.MustDo(t, `mutation { updateMe(input: {locale: "fr"}) { locale } }`, nil, nil)
	var run struct {
		BackupNow struct{ ID, State, Cover string }
	}
	org.Admin.MustDo(t, `mutation { backupNow { id state cover files { id } } }`, nil, &run)
	if run.BackupNow.State != "QUEUED" || run.BackupNow.Cover != "UNIT" {
		t.Fatalf("BK-7/BK-9: backupNow on the FREE plan with a unit: %+v", run.BackupNow)
	}
	ready := waitRun(t, org.Admin, run.BackupNow.ID, "READY")
	select {
	case <-sink.got:
	case <-time.After(10 * time.Second):
		t.Fatal("BK-16: no email reached the SMTP server")
	}
	sink.mu.Lock()
	m := sink.msgs[0]
	sink.mu.Unlock()
	header, qp, _ := strings.Cut(m.Data, "\r\n\r\n")
	decoded, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(qp)))
	if err != nil {
		t.Fatalf("BK-16: the body is not quoted-printable: %v", err)
	}
	body := header + "\n\n" + string(decoded)
	var subject string
	for _, line := range strings.Split(header, "\r\n") {
		if v, ok := strings.CutPrefix(line, "Subject: "); ok {
			subject, _ = new(mime.WordDecoder).DecodeHeader(v)
		}
	}
	if m.From != "backups@crm.test" || len(m.To) != 1 || m.To[0] != org.Email || subject != "La sauvegarde de Mail Co est prête" ||
		!strings.Contains(body, "Bonjour A. Admin,") || !strings.Contains(body, "téléchargez-la avant le mardi 8 décembre 2026 à 01:00 (EST)") ||
		!strings.Contains(body, *ready.Files[0].DownloadURL) {
		t.Fatalf("BK-16 email: from %s to %v\n%s\nwant a link to %s", m.From, m.To, body, *ready.Files[0].DownloadURL)
	}
	var ob struct {
		Outbox struct {
			Edges []struct {
				Node struct{ Status, SentAt string }
			}
		}
	}
	wait.Until(5*time.Second, 20*time.Millisecond, func() bool {
		org.Admin.MustDo(t, `{ outbox { edges { node { status sentAt } } } }`, nil, &ob)
		return len(ob.Outbox.Edges) == 1 && ob.Outbox.Edges[0].Node.Status == "SENT"
	})
	if len(ob.Outbox.Edges) != 1 || ob.Outbox.Edges[0].Node.Status != "SENT" || ob.Outbox.Edges[0].Node.SentAt == "" {
		t.Fatalf("BK-16: the email's record: %+v, want SENT", ob.Outbox.Edges)
	}
}

// BK-5: a region with no store configured fails the run with a clear error — never a silent
// fallback to another region's store — and gives the cover back.
func TestBackupRegionWithoutStoreFails(t *testing.T) {
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{
		Env: map[string]string{"CRM_BLOB_URL_US": "none"}})
	org := e.signUpUS("Nowhere Co", "nina@nowhere.test")
	e.srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(1).ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	var run struct{ BackupNow struct{ ID string } }
	org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, &run)
	failed := waitRun(t, org.Admin, run.BackupNow.ID, "FAILED", "READY")
	if failed.State != "FAILED" || failed.Error == nil || !strings.Contains(*failed.Error, "no file store is configured for region US") {
		t.Fatalf("BK-5: %+v", failed)
	}
	var sum struct{ BackupSummary struct{ UnitsLeft int } }
	org.Admin.MustDo(t, `{ backupSummary { unitsLeft } }`, nil, &sum)
	if sum.BackupSummary.UnitsLeft != 1 {
		t.Fatalf("a failed run gives its unit back: %d units left, want 1", sum.BackupSummary.UnitsLeft)
	}
	for _, region := range []string{"eu", "jp"} { // nothing was written to another region's store
		if entries, _ := os.ReadDir(filepath.Join(e.srv.Cfg.DataDir, "blobs", region)); len(entries) > 0 {
			t.Fatalf("BK-5: the run wrote to region %s's store: %v", region, entries)
		}
	}
}

// BK-7, BK-10: one one-off backup at a time; with nothing to cover it, NEEDS_PURCHASE and
// nothing recorded; a standard user cannot ask for one (BK-1).
func TestBackupNowRules(t *testing.T) {
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{NoWorker: true})
	org := e.signUpUS("Once Co", "omar@once.test")
	r := org.Admin.Do(t, `mutation { backupNow { id } }`, nil)
	if ae := assertCode(t, r, "NEEDS_PURCHASE"); !strings.Contains(ae.Message, "buy backup units") {
		t.Fatalf("BK-10: %q", ae.Message)
	}
	if runs := runsOf(t, org.Admin); len(runs) != 0 {
		t.Fatalf("BK-10: a refused one-off backup left runs %+v", runs)
	}
	e.srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(2).ExecX(auth.SystemContext(context.Background(), orgID(t, org)))
	org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, nil) // no worker: it stays QUEUED
	assertCode(t, org.Admin.Do(t, `mutation { backupNow { id } }`, nil), "CONFLICT")
	var sum struct{ BackupSummary struct{ UnitsLeft int } }
	org.Admin.MustDo(t, `{ backupSummary { unitsLeft } }`, nil, &sum)
	if sum.BackupSummary.UnitsLeft != 1 {
		t.Fatalf("BK-9: the refused second request must not spend a unit: %d left, want 1", sum.BackupSummary.UnitsLeft)
	}
	// Bad schedule input is refused with the field named (PL-7).
	for _, tc := range []struct {
		in    map[string]any
		field string
	}{
		{map[string]any{"repeatType": "WEEKLY"}, "weekday"},
		{map[string]any{"repeatType": "MONTHLY_DATE", "dayOfMonth": 32}, "dayOfMonth"},
		{map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY", "hour": 24}, "hour"},
		{map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY", "startDate": "2026-11-30"}, "startDate"},
		{map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY", "startDate": "2026-02-30"}, "startDate"},
		{map[string]any{"repeatType": "MONTHLY_WEEKDAY", "weekday": "MONDAY"}, "weekOfMonth"},
	} {
		r := org.Admin.Do(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) { schedule { id } } }`, map[string]any{"i": tc.in})
		if ae := assertCode(t, r, "VALIDATION"); ae.Extensions["field"] != tc.field {
			t.Errorf("PL-7: %v answered field %v (%s), want %s", tc.in, ae.Extensions["field"], ae.Message, tc.field)
		}
	}
	for _, months := range []int{0, 37} { // BK-10: a preview of 1 to 36 months
		r := org.Admin.Do(t, `query($m: Int) { backupCostPreview(input: {repeatType: WEEKLY, weekday: MONDAY}, months: $m) { description } }`,
			map[string]any{"m": months})
		if ae := assertCode(t, r, "VALIDATION"); ae.Extensions["field"] != "months" {
			t.Errorf("PL-7: a preview of %d months answered field %v (%s), want months", months, ae.Extensions["field"], ae.Message)
		}
	}
	if n, _ := e.srv.App.DB.Client.BackupSchedule.Query().Count(store.AllOrgs(context.Background())); n != 0 {
		t.Fatalf("PL-7: refused schedules left %d rows", n)
	}
}

// BK-9, BK-10, BK-18: with the weekly backup add-on, weekly runs beyond the free ones are
// covered by it (not by units), the preview says so, and stopping says the add-on goes on.
func TestBackupWeeklyAddOn(t *testing.T) {
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{})
	org := e.signUpUS("Weekly Co", "wes@weekly.test")
	if r := setCard(t, org.Admin, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	mustChange(t, org.Admin, map[string]any{"plan": "STANDARD", "cycle": "MONTHLY",
		"addOns": []map[string]any{{"code": "WEEKLY_BACKUP", "quantity": 1}}, "backupUnits": 1}, "weekly-addon")
	weekly := map[string]any{"repeatType": "WEEKLY", "weekday": "TUESDAY", "hour": 2}
	var pv struct {
		BackupCostPreview struct {
			Months []struct{ Free, AddOn, UnitsNeeded int }
			Total  money
		}
	}
	org.Admin.MustDo(t, `query($i: BackupScheduleInput!) { backupCostPreview(input: $i, months: 1) { months { free addOn unitsNeeded } total { amount } } }`,
		map[string]any{"i": weekly}, &pv)
	if m := pv.BackupCostPreview.Months[0]; m.Free != 2 || m.AddOn != 3 || m.UnitsNeeded != 0 || pv.BackupCostPreview.Total.Amount != 0 {
		t.Fatalf("BK-10 with the weekly add-on: %+v", pv.BackupCostPreview)
	}
	org.Admin.MustDo(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) { schedule { id } } }`, map[string]any{"i": weekly}, nil)
	var covers []string
	for _, day := range []int{1, 8, 15} {
		e.clk.Set(time.Date(2026, 12, day, 7, 0, 30, 0, time.UTC))
		e.tick()
		runs := runsOf(t, org.Admin)
		r := waitRun(t, org.Admin, runs[len(runs)-2].ID, "READY") // the last is the next SCHEDULED one
		covers = append(covers, *r.Cover)
	}
	if strings.Join(covers, ",") != "FREE,FREE,WEEKLY_ADDON" {
		t.Fatalf("BK-9 order: covers %v, want FREE,FREE,WEEKLY_ADDON (the unit stays for other runs)", covers)
	}
	var sum struct{ BackupSummary struct{ UnitsLeft int } }
	org.Admin.MustDo(t, `{ backupSummary { unitsLeft } }`, nil, &sum)
	if sum.BackupSummary.UnitsLeft != 1 {
		t.Fatalf("BK-9: the unit was spent although the add-on covers weekly runs: %d left", sum.BackupSummary.UnitsLeft)
	}
	var stop struct {
		StopBackupSchedule struct {
			WeeklyAddOnActive bool
			Message           string
		}
	}
	org.Admin.MustDo(t, `mutation { stopBackupSchedule { weeklyAddOnActive message } }`, nil, &stop)
	if !stop.StopBackupSchedule.WeeklyAddOnActive || !strings.Contains(stop.StopBackupSchedule.Message, "does not cancel the weekly backup add-on") {
		t.Fatalf("BK-18: %+v", stop.StopBackupSchedule)
	}
	// BK-19: the add-on's purchase and its cancellation are in the backup log.
	mustChange(t, org.Admin, map[string]any{"addOns": []map[string]any{{"code": "WEEKLY_BACKUP", "quantity": 0}}}, "weekly-addon-off")
	var lg struct {
		BackupLog struct {
			Edges []struct {
				Node struct{ Action, Summary string }
			}
		}
	}
	org.Admin.MustDo(t, `{ backupLog(first: 100) { edges { node { action summary } } } }`, nil, &lg)
	var addon []string
	for _, e := range lg.BackupLog.Edges {
		if e.Node.Action == "billing.weekly_backup_addon_changed" {
			addon = append(addon, e.Node.Summary)
		}
	}
	if len(addon) != 2 || !strings.Contains(addon[0], "started the weekly backup add-on (PAY-") || !strings.Contains(addon[1], "cancelled the weekly backup add-on") {
		t.Fatalf("BK-19: weekly add-on lines in the backup log: %q", addon)
	}
}

// BK-18, BK-12: one future run can be cancelled alone ("skip this backup"): the schedule goes
// on with the following slot, which becomes the next backup and the SCHEDULED run shown; the
// skipped slot never runs and uses no cover. A run that is no longer SCHEDULED cannot be.
func TestBackupSkipOneRun(t *testing.T) {
	// Tuesday 1 December 2026, 06:00 UTC = 01:00 in New York: the first slot is 02:00 today.
	e := newBackupEnv(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), apptest.Options{})
	org := e.signUpUS("Skip Co", "sid@skip.test")
	if r := setCard(t, org.Admin, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	mustChange(t, org.Admin, map[string]any{"plan": "STANDARD", "cycle": "MONTHLY"}, "to-standard")
	org.Admin.MustDo(t, `mutation($i: BackupScheduleInput!) { scheduleBackup(input: $i) { schedule { id } } }`,
		map[string]any{"i": map[string]any{"repeatType": "WEEKLY", "weekday": "TUESDAY", "hour": 2}}, nil)
	next := func() string {
		var out struct{ BackupSummary struct{ NextBackupAt string } }
		org.Admin.MustDo(t, `{ backupSummary { nextBackupAt } }`, nil, &out)
		return out.BackupSummary.NextBackupAt
	}
	runs := runsOf(t, org.Admin)
	if len(runs) != 1 || runs[0].State != "SCHEDULED" || runs[0].SlotAt != "2026-12-01T07:00:00Z" || next() != runs[0].SlotAt {
		t.Fatalf("after scheduling: runs %+v, next %s", runs, next())
	}

	var cancelled struct{ CancelBackupRun runView }
	org.Admin.MustDo(t, `mutation($id: ID!) { cancelBackupRun(id: $id) { `+runFields+` } }`, map[string]any{"id": runs[0].ID}, &cancelled)
	if cancelled.CancelBackupRun.State != "CANCELLED" {
		t.Fatalf("cancelled run: %+v", cancelled.CancelBackupRun)
	}
	runs = runsOf(t, org.Admin)
	if len(runs) != 2 || runs[1].State != "SCHEDULED" || runs[1].SlotAt != "2026-12-08T07:00:00Z" || next() != "2026-12-08T07:00:00Z" {
		t.Fatalf("the schedule must go on with the following Tuesday: runs %+v, next %s", runs, next())
	}

	// The skipped slot passes: nothing runs. The following one runs on a free backup.
	e.clk.Set(time.Date(2026, 12, 1, 7, 0, 30, 0, time.UTC))
	e.tick()
	if runs = runsOf(t, org.Admin); len(runs) != 2 || runs[0].State != "CANCELLED" || runs[1].State != "SCHEDULED" {
		t.Fatalf("the skipped slot ran: %+v", runs)
	}
	e.clk.Set(time.Date(2026, 12, 8, 7, 0, 30, 0, time.UTC))
	e.tick()
	runs = runsOf(t, org.Admin)
	if r := waitRun(t, org.Admin, runs[1].ID, "READY"); r.Cover == nil || *r.Cover != "FREE" {
		t.Fatalf("the following slot: %+v", r)
	}
	var sum struct{ BackupSummary struct{ FreeBackupsUsed int } }
	org.Admin.MustDo(t, `{ backupSummary { freeBackupsUsed } }`, nil, &sum)
	if sum.BackupSummary.FreeBackupsUsed != 1 {
		t.Fatalf("the skipped backup used a free backup: %d used", sum.BackupSummary.FreeBackupsUsed)
	}
	assertCode(t, org.Admin.Do(t, `mutation($id: ID!) { cancelBackupRun(id: $id) { id } }`, map[string]any{"id": runs[1].ID}), "CONFLICT")
	if runs = runsOf(t, org.Admin); len(runs) != 3 || runs[2].SlotAt != "2026-12-15T07:00:00Z" || runs[2].State != "SCHEDULED" {
		t.Fatalf("after the run: %+v", runs)
	}
}
