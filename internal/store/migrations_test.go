package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/migrate"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// eachEmpty runs f on an empty SQLite file and an empty PostgreSQL database.
func eachEmpty(t *testing.T, f func(t *testing.T, dia, dsn string)) {
	t.Run(dialect.SQLite, func(t *testing.T) {
		f(t, dialect.SQLite, "file:"+filepath.Join(t.TempDir(), "crm.db")+"?_fk=1&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate")
	})
	t.Run(dialect.Postgres, func(t *testing.T) { f(t, dialect.Postgres, pgtest.EmptyURL(t)) })
}

func lastVersion(t *testing.T, dia string) (string, int) {
	t.Helper()
	dir, err := store.MigrationDir(dia)
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil || len(files) == 0 {
		t.Fatalf("migration files: %d, %v", len(files), err)
	}
	return files[len(files)-1].Version(), len(files)
}

func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Issue 15 item 3: a new database gets every migration file.
func TestIssue15Item3_NewDatabaseMigratedByFiles(t *testing.T) {
	eachEmpty(t, func(t *testing.T, dia, dsn string) {
		db := open(t, dsn)
		want, n := lastVersion(t, dia)
		if got, err := db.SchemaVersion(context.Background()); err != nil || got != want {
			t.Fatalf("schema version %q, %v; want %q", got, err, want)
		}
		var revs int
		if err := db.SQL.QueryRow(`SELECT count(*) FROM ` + store.RevisionsTable).Scan(&revs); err != nil || revs != n {
			t.Fatalf("%d revisions (%v); want one per file, %d", revs, err, n)
		}
	})
}

var registerPostgres sync.Once

// Issue 15 item 3: the embedded files are current: replayed on an empty database, they give
// the schema ent describes, so Atlas plans no new file (what make generate would write).
func TestIssue15Item3_MigrationFilesCurrent(t *testing.T) {
	registerPostgres.Do(func() { sql.Register("postgres", stdlib.GetDefaultDriver()) })
	eachEmpty(t, func(t *testing.T, dia, dsn string) {
		dev := "sqlite3://file?mode=memory&_fk=1"
		if dia == dialect.Postgres {
			dev = dsn + "&search_path=public"
		}
		dir, err := store.MigrationDir(dia)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := dir.Files()
		if err := migrate.NamedDiff(context.Background(), dev, "check", schema.WithDir(dir), schema.WithMigrationMode(schema.ModeReplay),
			schema.WithDialect(dia), schema.WithFormatter(atlas.DefaultFormatter)); err != nil {
			t.Fatal(err)
		}
		after, _ := dir.Files()
		if len(after) != len(before) {
			t.Fatalf("ent's schema changed since the last migration file: run make generate (it writes %s)", after[len(after)-1].Name())
		}
	})
}

// Issue 15 item 3: a database that an earlier crmadmin migrated automatically (no revision
// table) is adopted as the baseline with its data, not broken.
func TestIssue15Item3_AutoMigratedDatabaseAdopted(t *testing.T) {
	eachEmpty(t, func(t *testing.T, dia, dsn string) {
		ctx := store.AllOrgs(context.Background())
		driver, raw := "sqlite3", dsn
		if dia == dialect.Postgres {
			driver = "pgx"
		}
		sdb, err := sql.Open(driver, raw)
		if err != nil {
			t.Fatal(err)
		}
		old := ent.NewClient(ent.Driver(entsql.OpenDB(dia, sdb)))
		if err := old.Schema.Create(ctx); err != nil { // what every version before issue 15 did
			t.Fatal(err)
		}
		org := old.Organization.Create().SetName("Old Co").SetRegion("EU").SetTimeZone("UTC").SetCurrency("EUR").SaveX(ctx)
		old.Close()

		db := open(t, dsn)
		want, _ := lastVersion(t, dia)
		if got, err := db.SchemaVersion(ctx); err != nil || got != want {
			t.Fatalf("schema version %q, %v; want %q (baseline)", got, err, want)
		}
		if got, err := db.Client.Organization.Get(ctx, org.ID); err != nil || got.Name != "Old Co" {
			t.Fatalf("the org made before adoption: %v, %v", got, err)
		}
		db.Close()
		open(t, dsn) // and it starts again
	})
}

// Issue 15 item 3: a database a newer crmadmin migrated is refused, not touched.
func TestIssue15Item3_NewerSchemaRefused(t *testing.T) {
	eachEmpty(t, func(t *testing.T, dia, dsn string) {
		db := open(t, dsn)
		if _, err := db.SQL.Exec(`INSERT INTO `+store.RevisionsTable+` (version, data) VALUES ($1, $2)`,
			"99991231000000", `{"Version":"99991231000000","Description":"from the future","Type":2,"Applied":1,"Total":1}`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		_, err := store.Open(context.Background(), dsn, nil)
		if !errors.Is(err, store.ErrSchemaNewer) {
			t.Fatalf("opening a newer schema: %v; want ErrSchemaNewer", err)
		}
	})
}
