// Package pgtest gives each test its own fresh PostgreSQL database, copied from a template
// migrated once per test process and dropped when the test ends.
//
// CRM_TEST_PG_URL is the server (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable);
// the role must be allowed to create databases. Outside CI an unreachable server skips the
// test; in CI (CI=true) it fails it.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/store"
)

// DefaultURL is the PostgreSQL of the go-svc machines and of .ci/run.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Enabled reports whether the integration suite runs on PostgreSQL (CRM_TEST_DB=postgres).
func Enabled() bool { return os.Getenv("CRM_TEST_DB") == "postgres" }

// AdminURL is the URL of the server's maintenance database.
func AdminURL() string {
	if u := os.Getenv("CRM_TEST_PG_URL"); u != "" {
		return u
	}
	return DefaultURL
}

var (
	tplOnce sync.Once
	tplName string
	tplErr  error
)

// staleAfter: templates (one per test process) and databases of test processes that died,
// named with their creation time, older than this are dropped by the next process; longer
// than the longest test run (make test's timeouts are 20 minutes).
const staleAfter = 30 * time.Minute

var nameRE = regexp.MustCompile(`^crm_(?:tpl|t)_(\d+)_[0-9a-f]+$`)

func newName(kind string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("crm_%s_%d_%s", kind, time.Now().Unix(), hex.EncodeToString(b[:]))
}

// URLFor is AdminURL with the database name replaced by db.
func URLFor(db string) string {
	u, err := url.Parse(AdminURL())
	if err != nil {
		panic(err)
	}
	u.Path = "/" + db
	return u.String()
}

func admin(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open("pgx", AdminURL())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(2)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// template creates and migrates this process's template database (once).
func template(ctx context.Context) (string, error) {
	tplOnce.Do(func() {
		db, err := admin(ctx)
		if err != nil {
			tplErr = fmt.Errorf("PostgreSQL at %s: %w", AdminURL(), err)
			return
		}
		defer db.Close()
		dropStale(ctx, db)
		name := newName("tpl")
		if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			tplErr = err
			return
		}
		s, err := store.Open(ctx, URLFor(name), nil)
		if err != nil {
			tplErr = fmt.Errorf("migrating the template database: %w", err)
			return
		}
		s.Close()
		if _, err := db.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE true"); err != nil {
			tplErr = err
			return
		}
		tplName = name
	})
	return tplName, tplErr
}

// dropStale drops the databases left by test processes that ended without cleaning up.
func dropStale(ctx context.Context, db *sql.DB) {
	rows, err := db.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'crm\_%'`)
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		m := nameRE.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		sec, _ := strconv.ParseInt(m[1], 10, 64)
		if time.Since(time.Unix(sec, 0)) > staleAfter {
			_, _ = db.ExecContext(ctx, "ALTER DATABASE "+n+" WITH IS_TEMPLATE false")
			_, _ = db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
		}
	}
}

// URL returns the URL of a new, migrated, empty database for this test, dropped when it ends.
func URL(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	tpl, err := template(ctx)
	if err != nil {
		unavailable(t, err)
		return ""
	}
	db, err := admin(ctx)
	if err != nil {
		unavailable(t, err)
		return ""
	}
	name := newName("t")
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tpl); err != nil {
		db.Close()
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("dropping test database %s: %v", name, err)
		}
	})
	return URLFor(name)
}

// EmptyURL returns the URL of a new database without any table for this test (a first start),
// dropped when it ends.
func EmptyURL(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	db, err := admin(ctx)
	if err != nil {
		unavailable(t, err)
		return ""
	}
	name := newName("t")
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		db.Close()
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return URLFor(name)
}

var (
	dirMu  sync.Mutex
	dirDBs = map[string]string{}
)

// URLForDir is URL, shared by every call with the same data dir during the test process
// (two servers on one data dir share one database, as they share its SQLite file). The
// database is dropped when the test that made it ends.
func URLForDir(t testing.TB, dir string) string {
	t.Helper()
	dirMu.Lock()
	defer dirMu.Unlock()
	if u, ok := dirDBs[dir]; ok {
		return u
	}
	u := URL(t)
	dirDBs[dir] = u
	t.Cleanup(func() {
		dirMu.Lock()
		delete(dirDBs, dir)
		dirMu.Unlock()
	})
	return u
}

func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("PostgreSQL needed (CRM_TEST_DB=postgres) but not reachable: %v", err)
	}
	t.Skipf("PostgreSQL not reachable: %v", err)
}

// Or is URL(t) when the suite runs on PostgreSQL (CRM_TEST_DB=postgres), else sqliteDSN.
func Or(t testing.TB, sqliteDSN string) string {
	t.Helper()
	if Enabled() {
		return URL(t)
	}
	return sqliteDSN
}

// Client is an ent client on a fresh migrated PostgreSQL database for this test (closed and
// dropped when it ends), without the hooks store.Open installs: the PostgreSQL twin of
// enttest.Open for service tests.
func Client(t testing.TB) *ent.Client {
	t.Helper()
	db, err := sql.Open("pgx", URL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.Postgres, db)))
	t.Cleanup(func() { c.Close() })
	return c
}

// EachDatabase runs f as a subtest on a fresh SQLite file configured as in production (WAL,
// immediate transactions, busy timeout) and on a fresh PostgreSQL database (skipped outside
// CI when none is reachable): for the tests that must hold on both databases at once.
func EachDatabase(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Run("sqlite3", func(t *testing.T) {
		f(t, "file:"+t.TempDir()+"/crm.db?_fk=1&_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate")
	})
	t.Run("postgres", func(t *testing.T) { f(t, URL(t)) })
}
