package e2e

// Issue 11, the sync engine's speed work: the change ledger under CreateBulk, batches of 500
// applied in bulk with the same outcomes, and the batched duplicate lookup's index.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/pgtest"
)

// Issue 11 item 1 (the CreateBulk trap): a CreateBulk made outside a transaction on every
// ledger-tracked type writes all its rows and one change-log row per record, in one
// transaction; a bulk with an invalid row writes nothing at all.
func TestLedger_CreateBulkOutsideTx_Issue11Item1(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	org := srv.SignUp(t, "Bulk Ledger Co", "owner@bulkledger.test")
	orgID := atoi(t, org.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	cl := srv.App.DB.Client
	logged := func(m syncenum.Module, ids []int) int {
		t.Helper()
		n, err := cl.SyncChange.Query().Where(syncchange.ModuleEQ(m), syncchange.RecordIDIn(ids...)).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	contacts, err := cl.Contact.MapCreateBulk(make([]int, 3), func(c *ent.ContactCreate, i int) {
		c.SetLastName(fmt.Sprintf("Bulk%d", i))
	}).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int
	for _, c := range contacts {
		ids = append(ids, c.ID)
	}
	if n := cl.Contact.Query().Where(contact.LastNameHasPrefix("Bulk")).CountX(ctx); n != 3 {
		t.Errorf("contacts written by a CreateBulk of 3 outside a transaction: %d", n)
	}
	if n := logged(syncenum.Contacts, ids); n != 3 {
		t.Errorf("change-log rows of the 3 contacts: %d", n)
	}
	for _, c := range contacts { // the nodes returned work after the transaction
		if _, err := c.QueryOrganization().Only(ctx); err != nil {
			t.Errorf("contact %d returned by the bulk: %v", c.ID, err)
		}
	}

	tasks, err := cl.Task.MapCreateBulk(make([]int, 2), func(c *ent.TaskCreate, i int) {
		c.SetSubject(fmt.Sprintf("Bulk task %d", i))
	}).Save(ctx)
	if err != nil || len(tasks) != 2 {
		t.Fatalf("tasks: %v", err)
	}
	if n := logged(syncenum.Tasks, []int{tasks[0].ID, tasks[1].ID}); n != 2 {
		t.Errorf("change-log rows of the 2 tasks: %d", n)
	}

	start := time.Now().UTC().Truncate(time.Second)
	events, err := cl.Event.MapCreateBulk(make([]int, 2), func(c *ent.EventCreate, i int) {
		c.SetSubject(fmt.Sprintf("Bulk event %d", i)).SetStartAt(start).SetEndAt(start.Add(time.Hour))
	}).Save(ctx)
	if err != nil || len(events) != 2 {
		t.Fatalf("events: %v", err)
	}
	if n := cl.Event.Query().Where(event.SubjectHasPrefix("Bulk event")).CountX(ctx); n != 2 {
		t.Errorf("events written: %d", n)
	}
	// participants are logged as a change of their event: both events move in the log
	before := map[int]int64{}
	for _, ch := range cl.SyncChange.Query().Where(syncchange.ModuleEQ(syncenum.Events)).AllX(ctx) {
		before[ch.RecordID] = ch.Seq
	}
	parts, err := cl.EventParticipant.MapCreateBulk(make([]int, 2), func(c *ent.EventParticipantCreate, i int) {
		c.SetEventID(events[i].ID).SetEmail(fmt.Sprintf("p%d@bulkledger.test", i))
	}).Save(ctx)
	if err != nil || len(parts) != 2 {
		t.Fatalf("participants: %v", err)
	}
	if n := cl.EventParticipant.Query().CountX(ctx); n != 2 {
		t.Errorf("participants written: %d", n)
	}
	for _, ev := range events {
		ch := cl.SyncChange.Query().Where(syncchange.ModuleEQ(syncenum.Events), syncchange.RecordID(ev.ID)).OnlyX(ctx)
		if ch.Seq <= before[ev.ID] {
			t.Errorf("event %d: a participant added in bulk did not move it in the change log (seq %d, was %d)", ev.ID, ch.Seq, before[ev.ID])
		}
	}

	// all or nothing: an invalid row refuses the whole bulk, no row and no log entry remain
	logBefore := cl.SyncChange.Query().Where(syncchange.ModuleEQ(syncenum.Contacts)).CountX(ctx)
	_, err = cl.Contact.MapCreateBulk(make([]int, 3), func(c *ent.ContactCreate, i int) {
		name := fmt.Sprintf("Doomed%d", i)
		if i == 2 {
			name = strings.Repeat("x", 81)
		}
		c.SetLastName(name)
	}).Save(ctx)
	if err == nil {
		t.Fatal("a bulk with an over-long last name was written")
	}
	if n := cl.Contact.Query().Where(contact.LastNameHasPrefix("Doomed")).CountX(ctx); n != 0 {
		t.Errorf("a refused bulk left %d contacts", n)
	}
	if n := cl.SyncChange.Query().Where(syncchange.ModuleEQ(syncenum.Contacts)).CountX(ctx); n != logBefore {
		t.Errorf("change-log rows of contacts after a refused bulk: %d, want %d", n, logBefore)
	}
}

// SY-5 and issue 11 item 4: the batch's one duplicate lookup (every create of a batch in one
// query per kind of key) goes through an index: lower(email) for contacts, the subject for
// tasks and events (the query plan of the very statements the engine ran names them).
func TestSync_BatchDuplicateLookupUsesIndex_SY5(t *testing.T) {
	q := func(s string) string { return s } // SQLite quotes names with `, PostgreSQL with "
	if pgtest.Enabled() {
		q = func(s string) string { return strings.ReplaceAll(s, "`", `"`) }
	}
	recs := []*sqlRecorder{
		{match: q("lower(`contacts`.`email`")},
		{match: q("`tasks`.`subject` IN")},
		{match: q("`events`.`subject` IN")},
	}
	wantIndex := []string{"contact_org_lower_email", "task_org_subject", "event_org_subject_start"}
	srv := apptest.Start(t, apptest.Options{WrapDriver: func(d dialect.Driver) dialect.Driver {
		for _, r := range recs {
			d = r.wrap(d)
		}
		return d
	}})
	org := srv.SignUp(t, "Batch Plan Co", "owner@batchplan.test")
	p := newPlugin(t, org.Admin, "Outlook")
	now := time.Now()
	p.push("CONTACTS", it("a", "CREATE", now, map[string]string{"lastName": "Plan", "email1": "Plan@X.test"}),
		it("b", "CREATE", now, map[string]string{"lastName": "Plan2", "email1": "plan2@x.test"}))
	p.push("TASKS", it("t", "CREATE", now, map[string]string{"subject": "Call back"}))
	p.push("EVENTS", it("e", "CREATE", now, map[string]string{"subject": "Review",
		"start": "2026-12-04T09:00:00Z", "end": "2026-12-04T10:00:00Z"}))
	for i, rec := range recs {
		rec.mu.Lock()
		seen := slices.Clone(rec.seen)
		rec.mu.Unlock()
		if len(seen) == 0 {
			t.Errorf("no batch lookup matching %q was run", rec.match)
			continue
		}
		for _, rq := range seen {
			if p := queryPlan(t, srv, rq); !strings.Contains(p, wantIndex[i]) {
				t.Errorf("the batch lookup does not use %s: %s\nplan: %s", wantIndex[i], rq.q, p)
			}
		}
	}
}

// Issue 11 item 2 (same outcomes in bulk): a batch mixing creates written together with items
// applied one by one gives what applying them one by one gives: a create matching a record
// created earlier in the same batch (email in another case) updates it, an over-limit item is
// ignored between creates, a create matching an existing record by name updates it, the run
// counts every item, and each created record is in the change log once with its link's seq.
func TestSync_BatchMixedOutcomes_Issue11Item2(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Mixed Batch Co", "owner@mixed.test")
	p := newPlugin(t, org.Admin, "Outlook")
	now := time.Now()
	p.push("CONTACTS", it("old", "CREATE", now, map[string]string{"firstName": "Old", "lastName": "Timer"}))
	var items []item
	for i := range 7 {
		items = append(items, it(fmt.Sprint("n", i), "CREATE", now, map[string]string{"lastName": fmt.Sprint("New", i),
			"email1": fmt.Sprintf("new%d@mixed.test", i)}))
	}
	items = append(items,
		it("dup", "CREATE", now, map[string]string{"lastName": "Again", "email1": "NEW3@Mixed.test", "jobTitle": "Boss"}),
		it("long", "CREATE", now, map[string]string{"lastName": strings.Repeat("x", 81)}),
		it("name", "CREATE", now, map[string]string{"firstName": "Old", "lastName": "Timer", "jobTitle": "Retired"}),
		it("after", "CREATE", now, map[string]string{"lastName": "After", "email1": "after@mixed.test"}))
	run := p.push("CONTACTS", items...)
	if run.Added != 8 || run.Updated != 2 || run.Ignored != 1 || run.State != "DONE" {
		t.Fatalf("run: %+v", run)
	}
	if n := countContacts(t, org.Admin, map[string]any{"emailEqualFold": "new3@mixed.test"}); n != 1 {
		t.Errorf("contacts with new3@mixed.test: %d, want 1 (matched, not created)", n)
	}
	if n := countContacts(t, org.Admin, map[string]any{"lastName": "Timer"}); n != 1 {
		t.Errorf("contacts named Old Timer: %d, want 1", n)
	}
	if n := countContacts(t, org.Admin, map[string]any{"title": "Boss"}); n != 1 {
		t.Errorf("the duplicate's update: %d contacts with its title", n)
	}
	// the change log: each record created in bulk once, at the position its link holds (n3's
	// record was changed again by "dup" after)
	orgID := atoi(t, org.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	cl := srv.App.DB.Client
	links := cl.SyncItem.Query().AllX(ctx)
	checked := 0
	for _, l := range links {
		if l.RecordID == nil || l.ClientItemID == "n3" || l.ClientItemID == "old" {
			continue
		}
		checked++
		ch, err := cl.SyncChange.Query().Where(syncchange.ModuleEQ(syncenum.Contacts), syncchange.RecordID(*l.RecordID)).Only(ctx)
		if err != nil {
			t.Errorf("link %s: change-log row of record %d: %v", l.ClientItemID, *l.RecordID, err)
			continue
		}
		if ch.Seq != l.CrmSeq {
			t.Errorf("link %s: crm seq %d, the change log says %d", l.ClientItemID, l.CrmSeq, ch.Seq)
		}
	}
	if checked != 9 { // n0–n6 but n3, dup, name, after
		t.Errorf("links checked: %d, want 9", checked)
	}
}
