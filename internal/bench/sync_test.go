package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// BenchmarkSyncApplyVsBulkInsert (issue 11): contact creates pushed by a mail client and
// applied by the sync engine (push + sync:apply's work: transport checks, SY-3/SY-4 mapping,
// the SY-5 duplicate lookup by email through its index, the write with its change-log entry in
// the same transaction, the item link, the run's history), in batches, into an org that
// already holds CRM_BENCH_SYNC_CONTACTS contacts (default 1,000,000), side by side with plain
// bulk INSERTs of the same rows into the same database in the same run.
// CRM_BENCH_SYNC_CHANGES (default 100,000) scales the changes. Target: ≥ 50% of the
// baseline's rate. Batches are of datasync.MaxBatchItems (500: pushSyncBatch's items have
// their own list limit, gqlimit.Default.Lists).
func BenchmarkSyncApplyVsBulkInsert(b *testing.B) {
	existing := envInt("CRM_BENCH_SYNC_CONTACTS", 1_000_000)
	changes := envInt("CRM_BENCH_SYNC_CHANGES", 100_000)
	batch := datasync.MaxBatchItems
	// The Free plan's record limit would refuse the creates (SB-8): a catalogue without it.
	cat := billing.DefaultCatalogue()
	cat.Plan(billing.PlanFree).RecordLimit = 0
	catJSON, err := json.Marshal(cat)
	if err != nil {
		b.Fatal(err)
	}
	catPath := filepath.Join(b.TempDir(), "catalogue.json")
	if err := os.WriteFile(catPath, catJSON, 0o600); err != nil {
		b.Fatal(err)
	}
	srv := apptest.Start(b, apptest.Options{NoWorker: true, Env: map[string]string{"CRM_PLAN_CATALOGUE": catPath}})
	org := srv.SignUp(b, "Sync Bench", "owner@syncbench.test")
	orgID, _ := strconv.Atoi(org.ID)
	userID, _ := strconv.Atoi(org.UserID)
	ctx := auth.WithViewer(context.Background(), &auth.Viewer{UserID: userID, OrgID: orgID, Role: auth.RoleSuperAdmin, Name: "owner"})
	db := srv.App.DB.SQL
	sync := srv.App.Sync

	t0 := time.Now()
	if _, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
INSERT INTO contacts (org_id, created_at, updated_at, last_name, first_name, email)
SELECT ?, ?, ?, 'Seed' || i, 'Ann', 'seed' || i || '@bench.test' FROM n`, existing, orgID, time.Now().UTC(), time.Now().UTC()); err != nil {
		b.Fatal(err)
	}
	cl, err := sync.RegisterClient(ctx, "bench")
	_ = cl
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sync.Pull(ctx, cl.ID, syncenum.Contacts, "", 1, false); err != nil { // backfills the change log once
		b.Fatal(err)
	}
	seeded := time.Since(t0)

	// The sync engine.
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < changes; done += batch {
		items := make([]datasync.PushItem, 0, batch)
		for i := done; i < min(done+batch, changes); i++ {
			items = append(items, datasync.PushItem{Item: datasync.Item{ClientID: fmt.Sprintf("item-%d", i), Op: syncenum.Create,
				Modified: start, Fields: map[string]string{"firstName": "New", "lastName": fmt.Sprintf("Synced%d", i),
					"email1": fmt.Sprintf("New%d@Bench.test", i), "jobTitle": "Buyer"}}})
		}
		run, err := sync.Push(ctx, datasync.Batch{ClientID: cl.ID, Module: syncenum.Contacts, Key: fmt.Sprintf("b%d", done), Items: items})
		if err != nil {
			b.Fatal(err)
		}
		if err := sync.Apply(context.Background(), orgID, run.ID); err != nil {
			b.Fatal(err)
		}
	}
	syncTook := time.Since(start)
	b.StopTimer()

	// The baseline: the same rows, plain multi-row INSERTs, one transaction per batch.
	start = time.Now()
	for done := 0; done < changes; done += batch {
		n := min(batch, changes-done)
		var sb strings.Builder
		sb.WriteString("INSERT INTO contacts (org_id, created_at, updated_at, first_name, last_name, email, title) VALUES ")
		args := make([]any, 0, 7*n)
		now := time.Now().UTC()
		for i := done; i < done+n; i++ {
			if i > done {
				sb.WriteString(",")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, orgID, now, now, "New", fmt.Sprintf("Plain%d", i), fmt.Sprintf("plain%d@bench.test", i), "Buyer")
		}
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(sb.String(), args...); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	baseTook := time.Since(start)

	var synced int
	if err := db.QueryRow(`SELECT count(*) FROM contacts WHERE org_id = ? AND last_name LIKE 'Synced%'`, orgID).Scan(&synced); err != nil || synced != changes {
		b.Fatalf("the engine wrote %d contacts, want %d (%v)", synced, changes, err)
	}
	syncRate, baseRate := float64(changes)/syncTook.Seconds(), float64(changes)/baseTook.Seconds()
	b.ReportMetric(syncRate, "sync-changes/s")
	b.ReportMetric(baseRate, "bulk-rows/s")
	ratio := 100 * syncRate / baseRate
	verdict := "met"
	if ratio < 50 {
		verdict = "NOT met"
	}
	addSection("Mail-client sync: applying contact changes (BenchmarkSyncApplyVsBulkInsert, issue 11)", fmt.Sprintf(
		"%d contact creates in batches of %d into an org of %d contacts (seeded and the change log backfilled in %s).\n\n"+
			"| variant | time | rate |\n|---|---|---|\n| sync engine (push + apply: mapping, duplicate lookup, write + change log, link, history) | %s | %.0f changes/s |\n"+
			"| plain bulk INSERT, same rows, same database | %s | %.0f rows/s |\n\nThe engine runs at %.1f%% of the baseline (target ≥ 50%%: %s).\n",
		changes, batch, existing, seeded.Round(time.Millisecond), syncTook.Round(time.Millisecond), syncRate,
		baseTook.Round(time.Millisecond), baseRate, ratio, verdict))
	addSummary("BenchmarkSyncApplyVsBulkInsert", fmt.Sprintf("%d changes into %d contacts", changes, existing),
		fmt.Sprintf("%.0f vs %.0f rows/s (%.1f%%)", syncRate, baseRate, ratio), "≥ 50% of bulk insert")
}
