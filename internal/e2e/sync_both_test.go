package e2e

// The sync engine on SQLite and PostgreSQL in one run (issue 15 items 1 and 2): what must be
// the same on both databases, whichever CRM_TEST_DB the suite runs with.

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/pgtest"
)

// eachDatabase starts a server on a fresh SQLite file and on a fresh PostgreSQL database.
func eachDatabase(t *testing.T, o apptest.Options, f func(t *testing.T, srv *apptest.Server)) {
	pgtest.EachDatabase(t, func(t *testing.T, dsn string) {
		o := o
		o.Env = map[string]string{"CRM_DB_URL": dsn}
		f(t, apptest.Start(t, o))
	})
}

// SY-5, issue 15 item 1: a pushed contact whose email differs from a CRM contact's only in the
// case of ASCII letters (Ann@Example.COM, ann@example.com) is matched, not created, on both
// databases; a non-ASCII letter in another case (ÉLODIE, élodie) is a different address on
// both (the same folding everywhere: store.FoldEqual).
func TestSync_EmailMatchSameOnBothDatabases_SY5(t *testing.T) {
	eachDatabase(t, apptest.Options{}, func(t *testing.T, srv *apptest.Server) {
		org := srv.SignUp(t, "Fold Co", "owner@fold.test")
		c := org.Admin
		ann := createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "Lee", "email": "ann@example.com"})
		createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "Dupont", "email": "élodie@x.test"})
		p := newPlugin(t, c, "Outlook")
		run := p.push("CONTACTS",
			it("a", "CREATE", time.Now(), map[string]string{"firstName": "Ann", "lastName": "Lee", "email1": "Ann@Example.COM"}),
			it("e", "CREATE", time.Now(), map[string]string{"lastName": "Dupont", "email1": "ÉLODIE@X.TEST"}))
		if run.State != "DONE" || run.Added != 1 || run.Updated != 1 {
			t.Fatalf("run: %+v; want Ann matched (updated) and ÉLODIE added", run)
		}
		if got := getContact(t, c, ann); got == nil || got.FirstName == nil || *got.FirstName != "Ann" {
			t.Errorf("Ann@Example.COM did not update ann@example.com's contact: %+v", got)
		}
		if n := countContacts(t, c, nil); n != 3 {
			t.Errorf("%d contacts, want 3 (Ann matched, ÉLODIE created beside élodie)", n)
		}
	})
}

// SY-2, issue 15 item 2: a batch applied by several workers at once (a retried task beside its
// first run, ApplyNow beside the job) applies once and every apply ends without error, on both
// databases: the apply claims its run before reading it (on PostgreSQL reads do not wait).
func TestSync_RunAppliedOnceUnderConcurrentApplies_Issue15Item2(t *testing.T) {
	eachDatabase(t, apptest.Options{NoWorker: true}, func(t *testing.T, srv *apptest.Server) {
		org := srv.SignUp(t, "Once Co", "owner@once.test")
		p := newPlugin(t, org.Admin, "Outlook")
		items := []item{}
		for _, n := range []string{"One", "Two", "Three", "Four", "Five"} {
			items = append(items, it(n, "CREATE", time.Now(), map[string]string{"lastName": n}))
		}
		r := p.pushKey("CONTACTS", "once", nil, items...)
		if len(r.Errors) > 0 {
			t.Fatalf("pushSyncBatch: %+v", r.Errors)
		}
		var out struct{ PushSyncBatch syncRunView }
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
		orgID, runID := atoi(t, org.ID), atoi(t, out.PushSyncBatch.ID)
		const racers = 6
		var wg sync.WaitGroup
		errs := make([]error, racers)
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = srv.App.Sync.Apply(context.Background(), orgID, runID)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Errorf("apply: %v", err)
			}
		}
		run := waitSyncRun(t, org.Admin, out.PushSyncBatch.ID)
		if run.State != "DONE" || run.Added != len(items) {
			t.Errorf("run: %+v; want DONE with %d added", run, len(items))
		}
		if n := countContacts(t, org.Admin, nil); n != len(items) {
			t.Errorf("%d contacts after %d concurrent applies of %d items", n, racers, len(items))
		}
	})
}
