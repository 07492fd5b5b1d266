package billing_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/store"
)

// SB-8 and SY-2 (issue 11, the record limit read once per transaction): in a transaction
// carrying its memo (the sync engine's runs), two orgs' creates interleaved are each counted
// against their own org's limit; a bulk crossing the limit is refused as a whole and writes
// nothing; and what one transaction kept is never used by another transaction given the same
// context (after a rollback the next one counts afresh, with none of the first one's creates).
func TestRecordLimitMemoPerTransactionAndOrg_SB8_SY2(t *testing.T) {
	cat := billing.DefaultCatalogue()
	cat.Plan(billing.PlanFree).RecordLimit = 3
	f := newFixture(t, cat)
	a, aID := f.org(t, "Alpha", 1, 0)
	b, bID := f.org(t, "Beta", 1, 0)
	for _, ctx := range []context.Context{a, b} { // creates each org's FREE row: limited from now
		if _, err := f.svc.Overview(ctx); err != nil {
			t.Fatal(err)
		}
	}
	all := store.AllOrgs(context.Background())
	newLead := func(c *ent.Client, org int, name string) *ent.LeadCreate {
		return c.Lead.Create().SetOrgID(org).SetLastName(name)
	}
	count := func(c *ent.Client, org int) int {
		t.Helper()
		return c.Lead.Query().Where(lead.OrgID(org)).CountX(all)
	}
	begin := func(ctx context.Context) (*ent.Tx, context.Context) {
		t.Helper()
		tx, err := f.client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return tx, store.WithTxMemo(ctx, tx.Client())
	}

	// Interleaved: A, B, A, B, A, B fit (3 each); the fourth of each is refused.
	tx, ctx := begin(all)
	for i := range 3 {
		for _, org := range []int{aID, bID} {
			if _, err := newLead(tx.Client(), org, fmt.Sprint("L", i)).Save(ctx); err != nil {
				t.Fatalf("record %d of org %d: %v", i+1, org, err)
			}
		}
	}
	for _, org := range []int{aID, bID} {
		if _, err := newLead(tx.Client(), org, "over").Save(ctx); !apperr.Is(err, apperr.RecordLimit) {
			t.Fatalf("org %d's fourth record: %v, want RECORD_LIMIT", org, err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}

	// The same context in a new transaction: the rolled-back creates are not counted (a memo
	// carried over would refuse the third create), and neither are another org's.
	tx2, err := f.client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := newLead(tx2.Client(), aID, fmt.Sprint("M", i)).Save(ctx); err != nil {
			t.Fatalf("new transaction, old memo: record %d: %v", i+1, err)
		}
	}
	if err := tx2.Rollback(); err != nil {
		t.Fatal(err)
	}

	// A bulk is counted as a whole: 1 + 3 > 3 refuses it and writes nothing; 1 + 2 fits.
	tx3, ctx3 := begin(all)
	newLead(tx3.Client(), aID, "first").SaveX(ctx3)
	_, err = tx3.Client().Lead.CreateBulk(newLead(tx3.Client(), aID, "b1"), newLead(tx3.Client(), aID, "b2"),
		newLead(tx3.Client(), aID, "b3")).Save(ctx3)
	if !apperr.Is(err, apperr.RecordLimit) {
		t.Fatalf("a bulk crossing the limit: %v, want RECORD_LIMIT", err)
	}
	if n := count(tx3.Client(), aID); n != 1 {
		t.Fatalf("after the refused bulk: %d records, want 1", n)
	}
	if _, err := tx3.Client().Lead.CreateBulk(newLead(tx3.Client(), aID, "c1"), newLead(tx3.Client(), aID, "c2")).Save(ctx3); err != nil {
		t.Fatalf("a bulk reaching the limit: %v", err)
	}
	// a delete in the transaction makes the next create count again: room for one
	tx3.Client().Lead.Delete().Where(lead.OrgID(aID), lead.LastName("c2")).ExecX(ctx3)
	newLead(tx3.Client(), aID, "again").SaveX(ctx3)
	if _, err := newLead(tx3.Client(), aID, "over").Save(ctx3); !apperr.Is(err, apperr.RecordLimit) {
		t.Fatalf("past the limit after a delete: %v", err)
	}
	if err := tx3.Commit(); err != nil {
		t.Fatal(err)
	}
	if a, b := count(f.client, aID), count(f.client, bID); a != 3 || b != 0 {
		t.Fatalf("committed: A %d, B %d; want 3, 0", a, b)
	}
}
