package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// bothDBs runs f on a fresh migrated SQLite database and on a fresh PostgreSQL one (skipped
// outside CI when no PostgreSQL is reachable; see pgtest).
func bothDBs(t *testing.T, f func(t *testing.T, db *store.DB)) {
	for _, name := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(name, func(t *testing.T) {
			dsn := "file:" + filepath.Join(t.TempDir(), "crm.db") + "?_fk=1&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate"
			if name == dialect.Postgres {
				dsn = pgtest.URL(t)
			}
			db, err := store.Open(context.Background(), dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if db.Dialect != name {
				t.Fatalf("dialect %q, want %q", db.Dialect, name)
			}
			f(t, db)
		})
	}
}

// SY-5 and sign-in (issue 15 item 1): case-insensitive email matching is the same on SQLite
// and PostgreSQL: ASCII letters fold, everything else compares exactly, and LIKE's % and _
// are plain characters.
func TestSY5_FoldEqualSameOnBothDatabases(t *testing.T) {
	bothDBs(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE fold_t (id INTEGER PRIMARY KEY, email TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		stored := []string{"Ann@Example.COM", "élodie@x.test", "ann%x@y.test", "Ölaf@z.test"}
		for i, e := range stored {
			if _, err := db.SQL.ExecContext(ctx, `INSERT INTO fold_t (id, email) VALUES ($1, $2)`, i+1, e); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			query string
			want  []int
		}{
			{"ann@example.com", []int{1}},
			{"ANN@EXAMPLE.COM", []int{1}},
			{"élodie@X.TEST", []int{2}},
			{"ÉLODIE@x.test", nil}, // non-ASCII letters compare exactly on both
			{"ölaf@z.test", nil},
			{"Ölaf@Z.test", []int{4}},
			{"ANN%X@Y.TEST", []int{3}},
			{"a_n@example.com", nil}, // _ is not a wildcard
			{"%", nil},
		}
		for _, c := range cases {
			sel := entsql.Dialect(db.Dialect).Select("id").From(entsql.Table("fold_t"))
			store.FoldEqual("email", c.query)(sel)
			query, args := sel.OrderBy("id").Query()
			rows, err := db.SQL.QueryContext(ctx, query, args...)
			if err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			var got []int
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				got = append(got, id)
			}
			rows.Close()
			if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
				t.Errorf("%q matched %v, want %v", c.query, got, c.want)
			}
		}
	})
}

// Issue 15 item 1: CRM_DB_URL names SQLite (file:) or PostgreSQL (postgres://, postgresql://);
// anything else is refused before connecting, without echoing a password.
func TestIssue15Item1_DialectFromURL(t *testing.T) {
	for dsn, want := range map[string]string{
		"file:/srv/crm.db?_fk=1":                  dialect.SQLite,
		"postgres://crm:pw@db:5432/crm":           dialect.Postgres,
		"postgresql://db/crm?sslmode=verify-full": dialect.Postgres,
	} {
		if got, err := store.DialectOf(dsn); err != nil || got != want {
			t.Errorf("DialectOf(%q) = %q, %v; want %q", dsn, got, err, want)
		}
	}
	for _, dsn := range []string{"mysql://crm:secretpw@db/crm", "/srv/crm.db", ""} {
		_, err := store.DialectOf(dsn)
		if err == nil {
			t.Errorf("DialectOf(%q): no error", dsn)
		} else if strings.Contains(err.Error(), "secretpw") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	if _, err := store.Open(context.Background(), "postgres://crm:secretpw@127.0.0.1:5432/crm?pool_max_conns=0", nil); err == nil ||
		strings.Contains(err.Error(), "secretpw") || !strings.Contains(err.Error(), "pool_max_conns") {
		t.Errorf("pool_max_conns=0: %v", err)
	}
}

// Issue 15 item 1: JSON fields are jsonb on PostgreSQL (indexable, compared by value).
func TestIssue15Item1_JSONIsJSONB(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rows, err := db.SQL.QueryContext(ctx, `SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type IN ('json', 'jsonb') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var col, typ string
		if err := rows.Scan(&col, &typ); err != nil {
			t.Fatal(err)
		}
		n++
		if typ != "jsonb" {
			t.Errorf("%s is %s, want jsonb", col, typ)
		}
	}
	if n < 5 { // details, payload, add_ons, lines, record_counts, to/cc_addresses…
		t.Fatalf("found %d JSON columns; want every ent JSON field", n)
	}
}

// Issue 15 (scale-out): every process of a cluster migrates at start; four starting at once
// on one new PostgreSQL database all start, with one schema (an advisory lock serialises
// ent's inspect-then-create migration).
func TestIssue15_ProcessesStartingTogetherMigrateOnce(t *testing.T) {
	url := pgtest.EmptyURL(t)
	const procs = 4
	var wg sync.WaitGroup
	errs := make([]error, procs)
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(context.Background(), url, nil)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
}
