package bench

// PostgreSQL variants of the benchmarks (issue 15: `make bench` measures PostgreSQL beside
// SQLite). PostgreSQL is the one of internal/pgtest (CRM_TEST_PG_URL, default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); when it does not answer, the
// PostgreSQL variants are reported as skipped and the SQLite ones still run.
// CRM_BENCH_POSTGRES=off leaves them out.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/crmadmin/crmadmin/internal/pgtest"
)

// benchPostgresReachable pings the PostgreSQL server of internal/pgtest, briefly.
func benchPostgresReachable() error {
	if os.Getenv("CRM_BENCH_POSTGRES") == "off" {
		return errors.New("CRM_BENCH_POSTGRES=off")
	}
	db, err := sql.Open("pgx", pgtest.AdminURL())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("no PostgreSQL at %s: %w", pgtest.AdminURL(), err)
	}
	return nil
}

// benchPostgresURL is a fresh migrated PostgreSQL database for b (dropped at its end), or the
// reason there is none.
func benchPostgresURL(b testing.TB) (string, error) {
	if err := benchPostgresReachable(); err != nil {
		return "", err
	}
	return pgtest.URL(b), nil
}

// withoutIDs is the page's rows without their IDs: two databases number the same rows alike
// only by chance (sequences), the fields must be the same.
func withoutIDs(p *contactsPage) []contactNode {
	out := make([]contactNode, len(p.Data.Contacts.Edges))
	for i, e := range p.Data.Contacts.Edges {
		out[i] = e.Node
		out[i].ID = ""
	}
	return out
}
