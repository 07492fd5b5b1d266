package e2e

// Issue 11, the sync engine's speed work: the change ledger under CreateBulk, batches of 500
// applied in bulk with the same outcomes, and the batched duplicate lookup's index.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
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
