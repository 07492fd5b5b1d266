package e2e

// Issue 11, the sync engine's checks made once per transaction (store.TxMemo): the record
// limit's plan and count, the owner and the sync client the edge guard finds visible. What one
// run's transaction kept is never used by another run, nor for another org.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
)

// SB-8 and SY-2: two orgs on a plan limited to 10 records push batches in turn (A, B, A, B, B,
// A). Each run counts its own org's records once, with its own creates: a batch crossing the
// limit is refused as a whole and applied one by one, so the org ends exactly at its limit
// (the items past it refused with RECORD_LIMIT, reported, never dropped); the other org's runs,
// before and after, are counted on their own (no count or plan carried from one run, or one
// org, to another); and a run after a deletion counts again.
func TestSync_RecordLimitMemoPerRunAndOrg_SB8_SY2(t *testing.T) {
	const limit = 10
	cat := billing.DefaultCatalogue()
	cat.Plan(billing.PlanFree).RecordLimit = limit
	raw, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	catPath := filepath.Join(t.TempDir(), "catalogue.json")
	if err := os.WriteFile(catPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_PLAN_CATALOGUE": catPath}})
	orgA := srv.SignUp(t, "Memo Alpha", "owner@memo-alpha.test")
	orgB := srv.SignUp(t, "Memo Beta", "owner@memo-beta.test")
	records := func(org *apptest.Org) int {
		t.Helper()
		id := atoi(t, org.ID)
		n, err := billing.CountRecords(auth.SystemContext(context.Background(), id), srv.App.DB.Client, id)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	startA, startB := records(orgA), records(orgB)
	if startA > limit-8 || startB > limit-8 {
		t.Fatalf("sign-up left %d and %d records: the test needs room for 8", startA, startB)
	}
	pa, pb := newPlugin(t, orgA.Admin, "Outlook A"), newPlugin(t, orgB.Admin, "Outlook B")
	now := time.Now()
	batch := func(prefix string, n int) []item {
		var items []item
		for i := range n {
			items = append(items, it(fmt.Sprint(prefix, i), "CREATE", now, map[string]string{"lastName": fmt.Sprint(prefix, i),
				"email1": fmt.Sprintf("%s%d@memo.test", prefix, i)}))
		}
		return items
	}
	expect := func(what string, run syncRunView, added, refused int) {
		t.Helper()
		if run.State != "DONE" || run.Added != added || run.Refused != refused {
			t.Fatalf("%s: state %s, added %d, refused %d; want DONE, %d, %d (%v)", what, run.State, run.Added, run.Refused,
				added, refused, run.Report)
		}
		for _, r := range run.Report {
			if r["code"] != nil && r["code"] != "RECORD_LIMIT" {
				t.Errorf("%s: refused for %v, want RECORD_LIMIT", what, r["code"])
			}
		}
	}
	roomA, roomB := limit-startA, limit-startB
	expect("A's first batch", pa.push("CONTACTS", batch("a1-", roomA-3)...), roomA-3, 0)
	expect("B's first batch", pb.push("CONTACTS", batch("b1-", roomB-5)...), roomB-5, 0)
	// A's second batch crosses A's limit by 2: refused as a whole in bulk, then one by one
	expect("A's crossing batch", pa.push("CONTACTS", batch("a2-", 5)...), 3, 2)
	if n := records(orgA); n != limit {
		t.Fatalf("org A holds %d records, want its limit %d", n, limit)
	}
	// B, after A's full run, still has its own room (5), to the record
	expect("B's second batch", pb.push("CONTACTS", batch("b2-", 5)...), 5, 0)
	expect("B's batch past its limit", pb.push("CONTACTS", batch("b3-", 2)...), 0, 2)
	if n := records(orgB); n != limit {
		t.Fatalf("org B holds %d records, want its limit %d", n, limit)
	}
	// A deletes one record in the CRM: its next run counts again and fits one create, not two
	var out struct {
		Contacts struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	orgA.Admin.MustDo(t, `query { contacts(first: 1) { edges { node { id } } } }`, nil, &out)
	orgA.Admin.MustDo(t, `mutation($id: ID!) { deleteContact(id: $id) }`, map[string]any{"id": out.Contacts.Edges[0].Node.ID}, nil)
	expect("A's batch after a deletion", pa.push("CONTACTS", batch("a3-", 2)...), 1, 1)
	if a, b := records(orgA), records(orgB); a != limit || b != limit {
		t.Fatalf("records: A %d, B %d; want %d each", a, b, limit)
	}
}
