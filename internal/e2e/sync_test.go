package e2e

// Mail-client sync (SPEC SY, issue 11): a test playing the seed's plug-in against the real
// server over HTTP: pushes, pulls, both-side edits and deletes, duplicates, attendees, the
// report, the history, the tokens; a batch sent twice; a worker dying mid-batch; tenancy.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/pgtest"
)

const syncRunFields = `id state module direction added updated deleted ignored conflicts refused skipped report userName startedAt finishedAt`

type syncRunView struct {
	ID                                                            string
	State, Module, Direction, UserName                            string
	Added, Updated, Deleted, Ignored, Conflicts, Refused, Skipped int
	Report                                                        []map[string]any
	StartedAt                                                     string
	FinishedAt                                                    *string
}

type syncChangeView struct {
	Op           string
	CrmID        string
	ClientItemID *string
	Fields       []struct{ Name, Value string }
	Attendees    []struct {
		Email string
		Name  *string
	}
	Categories []string
	Raw        map[string]any
}

func (c syncChangeView) field(name string) string {
	for _, f := range c.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return "<absent>"
}

type syncPage struct {
	Changes   []syncChangeView
	NextToken string
	HasMore   bool
}

// plugin is the seed's mail-client plug-in, as a test double speaking the GraphQL API.
type plugin struct {
	t      *testing.T
	c      *apptest.Client
	client string
	n      int
}

func newPlugin(t *testing.T, c *apptest.Client, name string) *plugin {
	var out struct{ RegisterSyncClient struct{ ID string } }
	c.MustDo(t, `mutation($n: String!) { registerSyncClient(name: $n) { id } }`, map[string]any{"n": name}, &out)
	return &plugin{t: t, c: c, client: out.RegisterSyncClient.ID}
}

type item map[string]any

func it(id, op string, modified time.Time, fields map[string]string) item {
	fs := []map[string]string{}
	for k, v := range fields {
		fs = append(fs, map[string]string{"name": k, "value": v})
	}
	return item{"clientItemId": id, "op": op, "modified": modified.UTC().Format(time.RFC3339Nano), "fields": fs}
}

func (p *plugin) pushKey(module, key string, extra map[string]any, items ...item) *apptest.Response {
	in := map[string]any{"clientId": p.client, "module": module, "batchKey": key, "items": items}
	for k, v := range extra {
		in[k] = v
	}
	return p.c.Do(p.t, `mutation($i: PushSyncBatchInput!) { pushSyncBatch(input: $i) { `+syncRunFields+` } }`, map[string]any{"i": in})
}

// push sends a batch and waits for its run to be applied.
func (p *plugin) push(module string, items ...item) syncRunView {
	p.t.Helper()
	p.n++
	return p.pushAs(module, fmt.Sprintf("batch-%d", p.n), items...)
}

func (p *plugin) pushAs(module, key string, items ...item) syncRunView {
	p.t.Helper()
	r := p.pushKey(module, key, nil, items...)
	if len(r.Errors) > 0 {
		p.t.Fatalf("pushSyncBatch: %+v", r.Errors)
	}
	var out struct{ PushSyncBatch syncRunView }
	if err := json.Unmarshal(r.Data, &out); err != nil {
		p.t.Fatal(err)
	}
	return waitSyncRun(p.t, p.c, out.PushSyncBatch.ID)
}

func waitSyncRun(t *testing.T, c *apptest.Client, id string) syncRunView {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var out struct{ Node syncRunView }
		c.MustDo(t, `query($id: ID!) { node(id: $id) { ... on SyncRun { `+syncRunFields+` } } }`, map[string]any{"id": id}, &out)
		if out.Node.State == "DONE" || out.Node.State == "FAILED" {
			return out.Node
		}
		if time.Now().After(deadline) {
			t.Fatalf("sync run %s is %q after 30 s", id, out.Node.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *plugin) pull(module, token string) syncPage {
	p.t.Helper()
	var out struct{ SyncChanges syncPage }
	p.c.MustDo(p.t, `query($c: ID!, $m: SyncModule!, $t: String) { syncChanges(clientId: $c, module: $m, token: $t, first: 500) {
		changes { op crmId clientItemId fields { name value } attendees { email name } categories raw } nextToken hasMore } }`,
		map[string]any{"c": p.client, "m": module, "t": token}, &out)
	return out.SyncChanges
}

func createRecord(t *testing.T, c *apptest.Client, mutation, input string, vars map[string]any) string {
	t.Helper()
	var out map[string]struct{ ID string }
	c.MustDo(t, fmt.Sprintf(`mutation($i: %s!) { %s(input: $i) { id } }`, input, mutation), map[string]any{"i": vars}, &out)
	return out[mutation].ID
}

func countContacts(t *testing.T, c *apptest.Client, where map[string]any) int {
	var out struct{ Contacts struct{ TotalCount int } }
	c.MustDo(t, `query($w: ContactWhereInput) { contacts(where: $w) { totalCount } }`, map[string]any{"w": where}, &out)
	return out.Contacts.TotalCount
}

type contactView struct {
	ID, LastName     string
	FirstName, Title *string
	Phone, Email     *string
}

func getContact(t *testing.T, c *apptest.Client, id string) *contactView {
	r := c.Do(t, `query($id: ID!) { node(id: $id) { ... on Contact { id firstName lastName title phone email } } }`, map[string]any{"id": id})
	if hasCode(r, "NOT_FOUND") {
		return nil
	}
	var out struct{ Node *contactView }
	if err := json.Unmarshal(r.Data, &out); err != nil || len(r.Errors) > 0 {
		t.Fatalf("contact %s: %v %+v", id, err, r.Errors)
	}
	return out.Node
}

func ignoredItems(t *testing.T, c *apptest.Client, state string) []map[string]any {
	var out struct {
		SyncItems struct {
			Edges []struct{ Node map[string]any }
		}
	}
	c.MustDo(t, `query($s: SyncItemState!) { syncItems(where: {state: $s}) { edges { node { id clientItemID state ignoreField ignoreLimit reason recordID conflict } } } }`,
		map[string]any{"s": state}, &out)
	var nodes []map[string]any
	for _, e := range out.SyncItems.Edges {
		nodes = append(nodes, e.Node)
	}
	return nodes
}

// SY-2, SY-3, SY-4, SY-5, SY-6, SY-7, SY-9, issue 11 items 1–7: a plug-in's life against the CRM.
func TestSync_PluginPlays(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Sync Co", "owner@sync.test")
	c := org.Admin
	ann := createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"firstName": "Ann", "lastName": "Lee", "email": "Ann@Example.com"})
	shared1 := createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "First", "email": "shared@x.test"})
	createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "Second", "email": "shared@x.test"})
	leadID := createRecord(t, c, "createLead", "CreateLeadInput", map[string]any{"lastName": "Prospect", "email": "lead@x.test"})
	p := newPlugin(t, c, "Outlook on the desk")
	t0 := time.Now().UTC().Add(-time.Hour)

	// Pushes: a create with an unmapped property, an over-limit item, a duplicate by email in
	// another case (SY-3, SY-4, SY-5).
	run := p.push("CONTACTS",
		it("c1", "CREATE", t0, map[string]string{"firstName": "Bob", "lastName": "Stone", "email1": "bob@x.test", "nickname": "Bobby"}),
		it("c2", "CREATE", t0, map[string]string{"lastName": "Over", "jobTitle": strings.Repeat("t", 101)}),
		it("c3", "CREATE", t0, map[string]string{"firstName": "Ann", "lastName": "Lee", "email1": "ann@EXAMPLE.com", "businessPhone": "+33 1 23"}),
	)
	if run.State != "DONE" || run.Added != 1 || run.Updated != 1 || run.Ignored != 1 || run.Direction != "CLIENT_TO_CRM" || run.UserName == "" || run.FinishedAt == nil {
		t.Fatalf("SY-7 first run: %+v", run)
	}
	var ig map[string]any
	for _, e := range run.Report {
		if e["clientItemId"] == "c2" {
			ig = e
		}
	}
	if ig == nil || ig["state"] != "IGNORED" || ig["field"] != "jobTitle" || ig["limit"] != float64(100) {
		t.Fatalf("SY-4 report: %+v", run.Report)
	}
	if n := countContacts(t, c, map[string]any{"lastName": "Over"}); n != 0 {
		t.Fatalf("SY-4: the over-limit contact was written (%d)", n)
	}
	if n := countContacts(t, c, map[string]any{"emailEqualFold": "ann@example.com"}); n != 1 {
		t.Fatalf("SY-5: %d contacts with Ann's email, want 1 (matched, not created)", n)
	}
	if a := getContact(t, c, ann); a == nil || a.Phone == nil || *a.Phone != "+33 1 23" {
		t.Fatalf("SY-5: the duplicate updated the existing contact: %+v", a)
	}
	items := ignoredItems(t, c, "IGNORED")
	if len(items) != 1 || items[0]["clientItemID"] != "c2" || items[0]["ignoreField"] != "jobTitle" || items[0]["ignoreLimit"] != float64(100) {
		t.Fatalf("SY-4 ignored in the previous sync: %+v", items)
	}

	// A batch sent twice applies once.
	again := p.pushKey("CONTACTS", "batch-1", nil,
		it("c1", "CREATE", t0, map[string]string{"firstName": "Bob", "lastName": "Stone", "email1": "bob@x.test"}))
	var same struct{ PushSyncBatch syncRunView }
	_ = json.Unmarshal(again.Data, &same)
	if len(again.Errors) > 0 || same.PushSyncBatch.ID != run.ID {
		t.Fatalf("a batch key pushed again: %+v %+v", again.Errors, same.PushSyncBatch)
	}
	if n := countContacts(t, c, map[string]any{"email": "bob@x.test"}); n != 1 {
		t.Fatalf("batch sent twice: %d Bobs", n)
	}

	// SY-4: the user fixes nothing and selects the item again: still ignored, still reported.
	var sa struct{ SyncAgain syncRunView }
	c.MustDo(t, `mutation($i: ID!) { syncAgain(itemId: $i) { id } }`, map[string]any{"i": items[0]["id"]}, &sa)
	if r := waitSyncRun(t, c, sa.SyncAgain.ID); r.Ignored != 1 {
		t.Fatalf("sync again of an item still over its limit: %+v", r)
	}
	// The client sends a fixed version: it syncs and leaves the ignored list.
	if r := p.push("CONTACTS", it("c2", "UPDATE", t0.Add(time.Minute), map[string]string{"lastName": "Over", "jobTitle": strings.Repeat("t", 100)})); r.Added != 1 {
		t.Fatalf("fixed item: %+v", r)
	}
	if items := ignoredItems(t, c, "IGNORED"); len(items) != 0 {
		t.Fatalf("fixed item still ignored: %+v", items)
	}

	// SY-6: attendees — two contacts sharing an email (the earliest wins), a lead, a user, an
	// unknown address.
	ev := p.push("EVENTS", item{"clientItemId": "e1", "op": "CREATE", "modified": t0.Format(time.RFC3339),
		"fields": []map[string]string{{"name": "subject", "value": "Kick-off"}, {"name": "start", "value": "2026-12-10T09:00:00Z"},
			{"name": "end", "value": "2026-12-10T10:00:00Z"}, {"name": "location", "value": "Room 1"}},
		"attendees": []map[string]string{{"email": "SHARED@x.test"}, {"email": "lead@x.test"}, {"email": "owner@sync.test"}, {"email": "nobody@nowhere.test", "name": "No One"}}})
	if ev.Added != 1 {
		t.Fatalf("event run: %+v", ev)
	}
	var evs struct {
		Events struct {
			Edges []struct {
				Node struct {
					ID           string
					Participants []struct {
						Email                     string
						ContactID, LeadID, UserID *string
					}
				}
			}
		}
	}
	c.MustDo(t, `{ events(where: {subject: "Kick-off"}) { edges { node { id participants { email contactID leadID userID } } } } }`, nil, &evs)
	if len(evs.Events.Edges) != 1 {
		t.Fatalf("events: %+v", evs)
	}
	links := map[string]string{}
	for _, pp := range evs.Events.Edges[0].Node.Participants {
		switch {
		case pp.ContactID != nil:
			links[strings.ToLower(pp.Email)] = "contact " + *pp.ContactID
		case pp.LeadID != nil:
			links[pp.Email] = "lead " + *pp.LeadID
		case pp.UserID != nil:
			links[pp.Email] = "user " + *pp.UserID
		default:
			links[pp.Email] = "email"
		}
	}
	want := map[string]string{"shared@x.test": "contact " + shared1, "lead@x.test": "lead " + leadID,
		"owner@sync.test": "user " + org.UserID, "nobody@nowhere.test": "email"}
	for k, v := range want {
		if links[k] != v {
			t.Errorf("SY-6 %s → %q, want %q (all: %v)", k, links[k], v, links)
		}
	}

	// Pull: a full sync lists the CRM's contacts, but not the client's own pushes.
	page := p.pull("CONTACTS", "")
	if page.HasMore || page.NextToken == "" {
		t.Fatalf("pull: %+v", page)
	}
	got := map[string]bool{}
	for _, ch := range page.Changes {
		got[ch.field("lastName")] = true
		if ch.ClientItemID != nil {
			t.Errorf("own push came back: %+v", ch)
		}
	}
	if !got["First"] || !got["Second"] || got["Stone"] || got["Lee"] || len(page.Changes) != 2 {
		t.Fatalf("full pull: %v", got)
	}
	tok := page.NextToken
	if again := p.pull("CONTACTS", ""); len(again.Changes) != 2 || again.NextToken != tok { // the same page again: one run (SY-7 below)
		t.Fatalf("full pull again: %+v", again)
	}
	if pg := p.pull("CONTACTS", tok); len(pg.Changes) != 0 {
		t.Fatalf("nothing changed, yet: %+v", pg.Changes)
	}

	// A CRM edit comes to the client with its ID and its raw payload (unmapped property kept).
	bob := p.findLinked(t, "c1")
	c.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {title: "CEO"}) { id } }`, map[string]any{"id": bob}, nil)
	page = p.pull("CONTACTS", tok)
	if len(page.Changes) != 1 || page.Changes[0].Op != "UPDATE" || page.Changes[0].ClientItemID == nil || *page.Changes[0].ClientItemID != "c1" ||
		page.Changes[0].field("jobTitle") != "CEO" || page.Changes[0].CrmID != bob {
		t.Fatalf("CRM edit pulled: %+v", page.Changes)
	}
	if fs, _ := page.Changes[0].Raw["fields"].(map[string]any); fs["nickname"] != "Bobby" {
		t.Fatalf("raw payload round trip: %+v", page.Changes[0].Raw)
	}
	tok = page.NextToken

	// SY-9: both sides edit the same item. The CRM's edit is newer: it wins, the client's
	// version is kept in the report and the conflicts list; the client gets the CRM's.
	c.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {title: "CTO"}) { id } }`, map[string]any{"id": bob}, nil)
	run = p.push("CONTACTS", it("c1", "UPDATE", t0.Add(2*time.Minute), map[string]string{"lastName": "Stone", "jobTitle": "Founder"}))
	if run.Conflicts != 1 || run.Updated != 0 {
		t.Fatalf("SY-9 CRM newer: %+v", run)
	}
	if b := getContact(t, c, bob); b.Title == nil || *b.Title != "CTO" {
		t.Fatalf("SY-9: the older client version overwrote the CRM: %+v", b)
	}
	conf := ignoredItems(t, c, "CONFLICT")
	if len(conf) != 1 {
		t.Fatalf("SY-9 conflicts: %+v", conf)
	}
	if cm, _ := conf[0]["conflict"].(map[string]any); cm["winner"] != "CRM" || cm["client"].(map[string]any)["jobTitle"] != "Founder" {
		t.Fatalf("SY-9 kept version: %+v", conf[0]["conflict"])
	}
	page = p.pull("CONTACTS", tok)
	if len(page.Changes) != 1 || page.Changes[0].field("jobTitle") != "CTO" {
		t.Fatalf("SY-9: the winner goes to the client: %+v", page.Changes)
	}
	tok = page.NextToken
	// The client's edit is newer: it wins; the CRM's version is kept.
	c.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {title: "COO"}) { id } }`, map[string]any{"id": bob}, nil)
	run = p.push("CONTACTS", it("c1", "UPDATE", time.Now().Add(time.Hour), map[string]string{"lastName": "Stone", "jobTitle": "Chair"}))
	if run.Conflicts != 1 || run.Updated != 1 {
		t.Fatalf("SY-9 client newer: %+v", run)
	}
	if b := getContact(t, c, bob); *b.Title != "Chair" {
		t.Fatalf("SY-9 client newer: %+v", b)
	}
	var kept map[string]any
	for _, e := range run.Report {
		if e["clientItemId"] == "c1" {
			kept = e
		}
	}
	if kept["winner"] != "CLIENT" || kept["crm"].(map[string]any)["jobTitle"] != "COO" {
		t.Fatalf("SY-9 report keeps the CRM version: %+v", kept)
	}
	if pg := p.pull("CONTACTS", tok); len(pg.Changes) != 0 {
		t.Fatalf("the client's own winning push came back: %+v", pg.Changes)
	}

	// Deletes on both sides: the CRM's reaches the client as a DELETE of its item; the
	// client's applies at once.
	c.MustDo(t, `mutation($id: ID!) { deleteContact(id: $id) }`, map[string]any{"id": ann}, nil)
	page = p.pull("CONTACTS", tok)
	if len(page.Changes) != 1 || page.Changes[0].Op != "DELETE" || *page.Changes[0].ClientItemID != "c3" {
		t.Fatalf("CRM delete pulled: %+v", page.Changes)
	}
	run = p.push("CONTACTS", it("c1", "DELETE", time.Now().Add(2*time.Hour), nil))
	if run.Deleted != 1 || getContact(t, c, bob) != nil {
		t.Fatalf("client delete: %+v", run)
	}

	// SY-7: the history lists every run, newest first, with who and counts.
	var hist struct {
		SyncRuns struct {
			TotalCount int
			Edges      []struct{ Node syncRunView }
		}
	}
	c.MustDo(t, `{ syncRuns(orderBy: [{field: STARTED_AT, direction: DESC}]) { totalCount edges { node { `+syncRunFields+` } } } }`, nil, &hist)
	// Pushes: batch-1, sync again, the fixed item, the event, two conflicts, the delete. Pulls
	// that brought something: the full sync (2 added), the CRM edit, the conflict's winner,
	// the CRM delete; empty pulls are not runs, and a page pulled twice counts once.
	var push, pull []syncRunView
	for _, e := range hist.SyncRuns.Edges {
		if e.Node.Direction == "CRM_TO_CLIENT" {
			pull = append(pull, e.Node)
		} else {
			push = append(push, e.Node)
		}
	}
	if len(push) != 7 || push[0].Deleted != 1 || push[6].Added != 1 || len(pull) != 4 ||
		pull[3].Added != 2 || pull[2].Updated != 1 || pull[1].Updated != 1 || pull[0].Deleted != 1 {
		t.Fatalf("SY-7 history per direction: push %+v\npull %+v", push, pull)
	}
}

// findLinked is the CRM record of a client item.
func (p *plugin) findLinked(t *testing.T, clientItemID string) string {
	var out struct {
		SyncItems struct {
			Edges []struct{ Node struct{ RecordID *string } }
		}
	}
	p.c.MustDo(t, `query($i: String!) { syncItems(where: {clientItemID: $i}) { edges { node { recordID } } } }`, map[string]any{"i": clientItemID}, &out)
	if len(out.SyncItems.Edges) != 1 || out.SyncItems.Edges[0].Node.RecordID == nil {
		t.Fatalf("item %s not linked: %+v", clientItemID, out)
	}
	return *out.SyncItems.Edges[0].Node.RecordID
}

// cancelAt cancels the applying job's context when the nth record is checked: a worker dying
// in the middle of a batch.
type cancelAt struct {
	n      int32
	seen   atomic.Int32
	cancel func()
}

func (c *cancelAt) Record(context.Context, *auth.Viewer, syncenum.Module, int, *int) datasync.Access {
	return datasync.WriteAccess
}
func (c *cancelAt) CanCreate(context.Context, *auth.Viewer, syncenum.Module) bool {
	if c.seen.Add(1) == c.n {
		c.cancel()
	}
	return true
}

// Issue 11 acceptance: a worker killed mid-batch loses nothing — the run stays QUEUED with
// its batch, nothing of it is written, and applying it again applies all of it once.
func TestSync_WorkerDiesMidBatch(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	org := srv.SignUp(t, "Crash Co", "owner@crash.test")
	p := newPlugin(t, org.Admin, "Outlook")
	var items []item
	for i := range 5 {
		items = append(items, it(fmt.Sprintf("k%d", i), "CREATE", time.Now(), map[string]string{"lastName": fmt.Sprintf("Crash%d", i)}))
	}
	r := p.pushKey("CONTACTS", "crash-1", nil, items...)
	var out struct{ PushSyncBatch syncRunView }
	if err := json.Unmarshal(r.Data, &out); err != nil || len(r.Errors) > 0 {
		t.Fatal(r.Errors, err)
	}
	var runID int
	fmt.Sscan(out.PushSyncBatch.ID, &runID)
	var orgID int
	fmt.Sscan(org.ID, &orgID)
	ctx, cancel := context.WithCancel(context.Background())
	srv.App.Sync.Perms = &cancelAt{n: 3, cancel: cancel}
	if err := srv.App.Sync.Apply(ctx, orgID, runID); err == nil {
		t.Fatal("the dying worker's apply reported success")
	}
	if n := countContacts(t, org.Admin, nil); n != 0 {
		t.Fatalf("a half-applied batch left %d contacts", n)
	}
	var st struct{ Node syncRunView }
	org.Admin.MustDo(t, `query($id: ID!) { node(id: $id) { ... on SyncRun { state } } }`, map[string]any{"id": out.PushSyncBatch.ID}, &st)
	if st.Node.State != "QUEUED" {
		t.Fatalf("run after the crash: %s", st.Node.State)
	}
	srv.App.Sync.Perms = nil
	if err := srv.App.StartWorker(context.Background()); err != nil { // the reconciler re-enqueues it
		t.Fatal(err)
	}
	run := waitSyncRun(t, org.Admin, out.PushSyncBatch.ID)
	if run.Added != 5 || countContacts(t, org.Admin, nil) != 5 {
		t.Fatalf("after the restart: %+v", run)
	}
	if err := srv.App.Sync.Apply(context.Background(), orgID, runID); err != nil || countContacts(t, org.Admin, nil) != 5 {
		t.Fatalf("applied twice: %v", err)
	}
}

// Issue 11 item 1: a token older than the kept history answers RESYNC_REQUIRED; an altered
// token or another org's is VALIDATION; an empty token resyncs.
func TestSync_TokenExpiresWithTombstones(t *testing.T) {
	clk := clock.NewSettable(time.Now())
	srv := apptest.Start(t, apptest.Options{Clock: clk})
	org := srv.SignUp(t, "Token Co", "owner@token.test")
	c := org.Admin
	p := newPlugin(t, c, "Outlook")
	id := createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "Gone"})
	old := p.pull("CONTACTS", "").NextToken
	c.MustDo(t, `mutation($id: ID!) { deleteContact(id: $id) }`, map[string]any{"id": id}, nil)
	if pg := p.pull("CONTACTS", old); len(pg.Changes) != 1 || pg.Changes[0].Op != "DELETE" {
		t.Fatalf("tombstone: %+v", pg.Changes)
	}
	clk.Set(time.Now().Add(srv.Cfg.SyncTombstoneTTL + time.Hour))
	n, err := srv.App.Sync.Prune(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("prune: %d %v", n, err)
	}
	r := c.Do(t, `query($c: ID!, $t: String) { syncChanges(clientId: $c, module: CONTACTS, token: $t) { nextToken } }`,
		map[string]any{"c": p.client, "t": old})
	if codes := r.Codes(); len(codes) != 1 || codes[0] != "RESYNC_REQUIRED" {
		t.Fatalf("expired token: %v", r.Errors)
	}
	r = c.Do(t, `query($c: ID!, $t: String) { syncChanges(clientId: $c, module: CONTACTS, token: $t) { nextToken } }`,
		map[string]any{"c": p.client, "t": old[:len(old)-3] + "AAA"})
	if codes := r.Codes(); len(codes) != 1 || codes[0] != "VALIDATION" {
		t.Fatalf("altered token: %v", r.Errors)
	}
	if pg := p.pull("CONTACTS", ""); len(pg.Changes) != 0 {
		t.Fatalf("full resync after expiry: %+v", pg.Changes)
	}
}

// Tenancy (PL-1) and ownership (issue 11 item 7): another org's user and another user of the
// same org see and change nothing of a user's sync; an admin sees every user's.
func TestSync_TenancyAndOwnership(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Own Co", "owner@own.test")
	other := srv.SignUp(t, "Other Co", "owner@other.test")
	std := srv.AddUser(t, org.ID, "std@own.test", user.RoleSTANDARD)
	p := newPlugin(t, std, "Std's Outlook")
	run := p.push("CONTACTS", it("s1", "CREATE", time.Now(), map[string]string{"lastName": "Mine", "jobTitle": strings.Repeat("x", 101)}))
	item := ignoredItems(t, std, "IGNORED")[0]["id"]
	for name, c := range map[string]*apptest.Client{"other org": other.Admin, "same org standard": srv.AddUser(t, org.ID, "std2@own.test", user.RoleSTANDARD)} {
		var out struct {
			SyncClients, SyncItems, SyncRuns struct{ TotalCount int }
		}
		c.MustDo(t, `{ syncClients { totalCount } syncItems { totalCount } syncRuns { totalCount } }`, nil, &out)
		if out.SyncClients.TotalCount+out.SyncItems.TotalCount+out.SyncRuns.TotalCount != 0 {
			t.Errorf("%s sees %+v", name, out)
		}
		intruder := &plugin{t: t, c: c, client: p.client}
		if r := intruder.pushKey("CONTACTS", "x", nil, it("z", "CREATE", time.Now(), map[string]string{"lastName": "Z"})); !hasCode(r, "NOT_FOUND") {
			t.Errorf("%s pushes to another's client: %+v", name, r.Errors)
		}
		if r := c.Do(t, `query($c: ID!) { syncChanges(clientId: $c, module: CONTACTS) { nextToken } }`, map[string]any{"c": p.client}); !hasCode(r, "NOT_FOUND") {
			t.Errorf("%s pulls another's client: %+v", name, r.Errors)
		}
		if r := c.Do(t, `mutation($i: ID!) { syncAgain(itemId: $i) { id } }`, map[string]any{"i": item}); !hasCode(r, "NOT_FOUND") {
			t.Errorf("%s syncs another's item again: %+v", name, r.Errors)
		}
		if r := c.Do(t, `mutation($c: ID!) { updateSyncSettings(clientId: $c, module: CONTACTS, input: {enabled: false}) { id } }`, map[string]any{"c": p.client}); !hasCode(r, "NOT_FOUND") {
			t.Errorf("%s changes another's settings: %+v", name, r.Errors)
		}
		for _, id := range []any{p.client, run.ID, item} {
			if r := c.Do(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}); !hasCode(r, "NOT_FOUND") {
				t.Errorf("%s reads %v by node: %s", name, id, r.Data)
			}
		}
	}
	var adm struct{ SyncClients, SyncRuns struct{ TotalCount int } }
	org.Admin.MustDo(t, `{ syncClients { totalCount } syncRuns { totalCount } }`, nil, &adm)
	if adm.SyncClients.TotalCount != 1 || adm.SyncRuns.TotalCount != 1 {
		t.Errorf("the admin sees every user's sync: %+v", adm)
	}
}

func hasCode(r *apptest.Response, code string) bool {
	for _, c := range r.Codes() {
		if c == code {
			return true
		}
	}
	return false
}

// sharing is a test sharing model (SY-8): records named in readOnly are shared read-only with
// the user, those in hidden are not visible; creating tasks is not allowed.
type sharing struct{ readOnly, hidden map[int]bool }

func (s sharing) Record(_ context.Context, _ *auth.Viewer, _ syncenum.Module, id int, _ *int) datasync.Access {
	switch {
	case s.hidden[id]:
		return datasync.NoAccess
	case s.readOnly[id]:
		return datasync.ReadAccess
	}
	return datasync.WriteAccess
}
func (s sharing) CanCreate(_ context.Context, _ *auth.Viewer, m syncenum.Module) bool {
	return m != syncenum.Tasks
}

func atoi(t *testing.T, s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// SY-8: a record shared read-only is not changed even though the profile may edit, a record
// without permission is refused, a create the profile may not make is refused: each reported,
// none dropped. A record that stops being visible reaches the client as a deletion.
func TestSync_Permissions_SY8(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Rights Co", "owner@rights.test")
	c := org.Admin
	ro := createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "Shared", "email": "ro@x.test"})
	hid := createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "Hidden", "email": "hid@x.test"})
	p := newPlugin(t, c, "Outlook")
	tok := p.pull("CONTACTS", "").NextToken
	sh := sharing{readOnly: map[int]bool{atoi(t, ro): true}, hidden: map[int]bool{}}
	srv.App.Sync.Perms = sh
	now := time.Now()
	run := p.push("CONTACTS",
		item{"clientItemId": "r1", "op": "UPDATE", "modified": now.Format(time.RFC3339), "crmId": ro,
			"fields": []map[string]string{{"name": "lastName", "value": "Changed"}}},
		it("r2", "CREATE", now, map[string]string{"lastName": "Other", "email1": "HID@x.test"}), // a duplicate of a record visible: linked
	)
	if run.Refused != 1 || run.Updated != 1 {
		t.Fatalf("SY-8 read-only: %+v", run)
	}
	if ct := getContact(t, c, ro); ct.LastName != "Shared" {
		t.Fatalf("SY-8: a read-only record was changed: %+v", ct)
	}
	if items := ignoredItems(t, c, "READ_ONLY"); len(items) != 1 || items[0]["clientItemID"] != "r1" {
		t.Fatalf("SY-8 read-only reported: %+v", items)
	}
	// Hidden now: the linked record goes to the client as a deletion; the client's update of
	// it is refused as permission denied.
	sh.hidden[atoi(t, hid)] = true
	c.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {title: "touched"}) { id } }`, map[string]any{"id": hid}, nil)
	page := p.pull("CONTACTS", tok)
	var del bool
	for _, ch := range page.Changes {
		if ch.CrmID == hid {
			del = ch.Op == "DELETE" && ch.ClientItemID != nil && *ch.ClientItemID == "r2"
		}
	}
	if !del {
		t.Fatalf("SY-8: a record no longer visible must come as a deletion: %+v", page.Changes)
	}
	run = p.push("CONTACTS", it("r2", "UPDATE", now.Add(time.Minute), map[string]string{"lastName": "Again"}))
	if run.Refused != 1 || len(ignoredItems(t, c, "PERMISSION_DENIED")) != 1 {
		t.Fatalf("SY-8 permission denied: %+v", run)
	}
	tasks := p.push("TASKS", it("t1", "CREATE", now, map[string]string{"subject": "Not allowed"}))
	if tasks.Refused != 1 || tasks.Added != 0 {
		t.Fatalf("SY-8 create refused: %+v", tasks)
	}
}

// SY-1: direction, folders, the category filter and automatic mode decide what syncs.
func TestSync_Settings_SY1(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Settings Co", "owner@settings.test")
	c := org.Admin
	p := newPlugin(t, c, "Outlook")
	set := func(module string, in map[string]any) {
		c.MustDo(t, `mutation($c: ID!, $m: SyncModule!, $i: SyncSettingsInput!) { updateSyncSettings(clientId: $c, module: $m, input: $i) { id } }`,
			map[string]any{"c": p.client, "m": module, "i": in}, nil)
	}
	set("TASKS", map[string]any{"direction": "CRM_TO_CLIENT"})
	if r := p.pushKey("TASKS", "t", nil, it("t1", "CREATE", time.Now(), map[string]string{"subject": "x"})); !hasCode(r, "VALIDATION") {
		t.Fatalf("SY-1: a push to a CRM_TO_CLIENT module: %+v", r.Errors)
	}
	set("EVENTS", map[string]any{"direction": "CLIENT_TO_CRM"})
	if r := p.c.Do(t, `query($c: ID!) { syncChanges(clientId: $c, module: EVENTS) { nextToken } }`, map[string]any{"c": p.client}); !hasCode(r, "VALIDATION") {
		t.Fatalf("SY-1: a pull of a CLIENT_TO_CRM module: %+v", r.Errors)
	}
	set("CONTACTS", map[string]any{"folders": []string{"Work"}, "category": "Zoho"})
	in := it("a", "CREATE", time.Now(), map[string]string{"lastName": "InScope"})
	in["folder"], in["categories"] = "work", []string{"ZOHO", "Other"}
	noCat := it("b", "CREATE", time.Now(), map[string]string{"lastName": "NoCategory"})
	noCat["folder"] = "Work"
	private := it("c", "CREATE", time.Now(), map[string]string{"lastName": "Private"})
	private["folder"], private["categories"] = "Private", []string{"Zoho"}
	run := p.push("CONTACTS", in, noCat, private)
	if run.Added != 1 || run.Skipped != 2 || countContacts(t, c, nil) != 1 {
		t.Fatalf("SY-1 folders and category: %+v", run)
	}
	page := p.pull("CONTACTS", "")
	if len(page.Changes) != 0 {
		t.Fatalf("own push: %+v", page.Changes)
	}
	createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "FromCRM"})
	page = p.pull("CONTACTS", page.NextToken)
	if len(page.Changes) != 1 || len(page.Changes[0].Categories) != 1 || page.Changes[0].Categories[0] != "Zoho" {
		t.Fatalf("SY-1: pulled items carry the category: %+v", page.Changes)
	}
	// Automatic: refused while MANUAL; once AUTOMATIC, only later changes sync automatically.
	if r := p.pushKey("CONTACTS", "auto-1", map[string]any{"automatic": true}); !hasCode(r, "VALIDATION") {
		t.Fatalf("SY-1 automatic push of a manual module: %+v", r.Errors)
	}
	set("CONTACTS", map[string]any{"mode": "AUTOMATIC", "folders": []string{}, "category": ""})
	createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "AfterAuto"})
	var auto struct{ SyncChanges syncPage }
	c.MustDo(t, `query($c: ID!) { syncChanges(clientId: $c, module: CONTACTS, automatic: true) { changes { op crmId fields { name value } } nextToken hasMore } }`,
		map[string]any{"c": p.client}, &auto)
	if len(auto.SyncChanges.Changes) != 1 || auto.SyncChanges.Changes[0].field("lastName") != "AfterAuto" {
		t.Fatalf("SY-1: an automatic pull carries only changes after automatic mode was enabled: %+v", auto.SyncChanges.Changes)
	}
	old := it("o", "CREATE", time.Now().Add(-time.Hour), map[string]string{"lastName": "Older"})
	r := p.pushKey("CONTACTS", "auto-2", map[string]any{"automatic": true}, old)
	var out struct{ PushSyncBatch syncRunView }
	_ = json.Unmarshal(r.Data, &out)
	if run := waitSyncRun(t, c, out.PushSyncBatch.ID); run.Skipped != 1 || run.Added != 0 {
		t.Fatalf("SY-1: an automatic push skips older changes (they need one manual sync): %+v", run)
	}
}

// Issue 11 item 5: a client sending full listings — an item missing once is PENDING_DELETE,
// missing twice in a row its record is deleted; seen again in between, it is kept.
func TestSync_FullListingTwoMisses(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Listing Co", "owner@listing.test")
	c := org.Admin
	p := newPlugin(t, c, "Outlook")
	t0 := time.Now().Add(-time.Hour)
	a := it("a", "CREATE", t0, map[string]string{"lastName": "Alpha"})
	b := it("b", "CREATE", t0, map[string]string{"lastName": "Beta"})
	full := func(items ...item) syncRunView {
		p.n++
		r := p.pushKey("CONTACTS", fmt.Sprintf("full-%d", p.n), map[string]any{"fullListing": true}, items...)
		var out struct{ PushSyncBatch syncRunView }
		if err := json.Unmarshal(r.Data, &out); err != nil || len(r.Errors) > 0 {
			t.Fatal(err, r.Errors)
		}
		return waitSyncRun(t, c, out.PushSyncBatch.ID)
	}
	if r := full(a, b); r.Added != 2 {
		t.Fatalf("first listing: %+v", r)
	}
	if r := full(a); r.Deleted != 0 || len(ignoredItems(t, c, "PENDING_DELETE")) != 1 {
		t.Fatalf("one miss: %+v", r)
	}
	if r := full(a, b); r.Deleted != 0 || len(ignoredItems(t, c, "PENDING_DELETE")) != 0 {
		t.Fatalf("seen again: %+v", r)
	}
	full(a)
	if r := full(a); r.Deleted != 1 || countContacts(t, c, map[string]any{"lastName": "Beta"}) != 0 {
		t.Fatalf("two consecutive misses delete: %+v", r)
	}
}

// sqlRecorder wraps the database driver and keeps the SELECTs whose text contains match.
type sqlRecorder struct {
	match string
	mu    sync.Mutex
	seen  []recordedQuery
}

type recordedQuery struct {
	q    string
	args []any
}

func (r *sqlRecorder) wrap(d dialect.Driver) dialect.Driver { return &recDriver{Driver: d, r: r} }

func (r *sqlRecorder) note(q string, args any) {
	if strings.Contains(q, r.match) {
		a, _ := args.([]any)
		r.mu.Lock()
		r.seen = append(r.seen, recordedQuery{q, a})
		r.mu.Unlock()
	}
}

type recDriver struct {
	dialect.Driver
	r *sqlRecorder
}

func (d *recDriver) Query(ctx context.Context, q string, args, v any) error {
	d.r.note(q, args)
	return d.Driver.Query(ctx, q, args, v)
}

func (d *recDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &recTx{Tx: tx, r: d.r}, nil
}

type recTx struct {
	dialect.Tx
	r *sqlRecorder
}

func (t *recTx) Query(ctx context.Context, q string, args, v any) error {
	t.r.note(q, args)
	return t.Tx.Query(ctx, q, args, v)
}

// SY-5 (issue 11 acceptance): the duplicate lookup by email, case-insensitive, uses an index
// (the query plan of the very statement the engine ran names it).
func TestSync_DuplicateLookupUsesIndex_SY5(t *testing.T) {
	rec := &sqlRecorder{match: "lower(`contacts`.`email`)"}
	if pgtest.Enabled() {
		rec.match = `lower("contacts"."email" COLLATE "C")`
	}
	srv := apptest.Start(t, apptest.Options{WrapDriver: rec.wrap})
	org := srv.SignUp(t, "Plan Co", "owner@plan.test")
	p := newPlugin(t, org.Admin, "Outlook")
	p.push("CONTACTS", it("a", "CREATE", time.Now(), map[string]string{"lastName": "Plan", "email1": "Plan@X.test"}))
	rec.mu.Lock()
	seen := slices.Clone(rec.seen)
	rec.mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("no duplicate lookup by email was run")
	}
	for _, q := range seen {
		if p := queryPlan(t, srv, q); !strings.Contains(p, "contact_org_lower_email") {
			t.Errorf("SY-5 duplicate lookup does not use the index: %s\nplan: %s", q.q, p)
		}
	}
}

// queryPlan is the plan the database chooses for q: SQLite's EXPLAIN QUERY PLAN; PostgreSQL's
// EXPLAIN with sequential scans priced out (a test org's few rows would otherwise be read
// whole, whatever the indexes), on one connection.
func queryPlan(t *testing.T, srv *apptest.Server, q recordedQuery) string {
	t.Helper()
	ctx := context.Background()
	conn, err := srv.App.DB.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	explain := "EXPLAIN QUERY PLAN "
	if srv.App.DB.Dialect == dialect.Postgres {
		explain = "EXPLAIN "
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		defer func() { _, _ = conn.ExecContext(ctx, "RESET enable_seqscan") }()
	}
	rows, err := conn.QueryContext(ctx, explain+q.q, q.args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		vals := make([]any, len(cols))
		var detail string
		for i := range vals {
			vals[i] = new(any)
		}
		vals[len(vals)-1] = &detail // SQLite: id, parent, notused, detail; PostgreSQL: the one line
		if err := rows.Scan(vals...); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// Issue 11 item 1: a write made outside any transaction (a job, the demo loader, code using
// the client directly) is logged too, in one transaction with the record; a failed write
// logs nothing.
func TestSync_LedgerOutsideTransactions(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Ledger Co", "owner@ledger.test")
	p := newPlugin(t, org.Admin, "Outlook")
	tok := p.pull("CONTACTS", "").NextToken
	orgID := atoi(t, org.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	cl := srv.App.DB.Client
	c := cl.Contact.Create().SetLastName("Direct").SaveX(ctx)
	cl.Contact.UpdateOneID(c.ID).SetTitle("Boss").ExecX(ctx)
	if _, err := cl.Contact.Create().SetLastName(strings.Repeat("x", 81)).Save(ctx); err == nil {
		t.Fatal("an over-long last name was written")
	}
	page := p.pull("CONTACTS", tok)
	if len(page.Changes) != 1 || page.Changes[0].field("jobTitle") != "Boss" {
		t.Fatalf("direct writes in the change log: %+v", page.Changes)
	}
	n, err := cl.Contact.Delete().Where().Exec(ctx)
	if err != nil || n != 1 {
		t.Fatalf("delete: %d %v", n, err)
	}
	if pg := p.pull("CONTACTS", page.NextToken); len(pg.Changes) != 1 || pg.Changes[0].Op != "DELETE" {
		t.Fatalf("a delete of many outside a transaction: %+v", pg.Changes)
	}
}
