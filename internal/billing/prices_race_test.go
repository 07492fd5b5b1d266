package billing_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/enttest"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Every process of a cluster seeds the catalogue at start (issue 18 item 1): processes starting
// at the same moment on one new database all start, and the catalogue is there once.
func TestSeedCatalogueConcurrentStarts_Issue18Item1(t *testing.T) {
	var client *ent.Client
	if pgtest.Enabled() {
		client = pgtest.Client(t)
	} else { // a file with a busy timeout: SQLite serialises the writers as a real deployment does
		dsn := "file:" + filepath.Join(t.TempDir(), "seed.db") + "?_fk=1&_busy_timeout=10000&_txlock=immediate"
		client = enttest.Open(t, "sqlite3", dsn)
		t.Cleanup(func() { client.Close() })
	}
	clk := clock.NewSettable(may1)
	const starts = 6
	var wg sync.WaitGroup
	errs := make([]error, starts)
	for i := range starts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svc := billing.NewService(client, billing.DefaultCatalogue(), billing.NewSandbox(), nil, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
			_, errs[i] = svc.SeedCatalogue(context.Background())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("start %d failed: %v", i, err)
		}
	}
	all := store.AllOrgs(context.Background())
	cat := billing.DefaultCatalogue()
	wantPrices := 0
	for _, p := range cat.Plans {
		n := 2
		if !p.Paid() {
			n = 1
		}
		wantPrices += n * len(cat.Currencies)
	}
	// The suite bundle's member services (CRM excepted) and the bundle: plan rows with a
	// monthly and a yearly price in every currency (issue 14 §2).
	products := len(cat.Services) - 1 + 1
	wantPrices += products * 2 * len(cat.Currencies)
	wantPlans := len(cat.Plans) + products
	if n := client.CataloguePlan.Query().CountX(all); n != wantPlans {
		t.Errorf("%d plans, want %d", n, wantPlans)
	}
	if n := client.PlanPrice.Query().CountX(all); n != wantPrices {
		t.Errorf("%d price versions, want %d (one each)", n, wantPrices)
	}
}
