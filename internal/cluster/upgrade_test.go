//go:build cluster

package cluster

import (
	"context"
	"database/sql"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3"

	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Issue 15 item 3: a database of the previous release — the schema of the oldest migration
// file (the first release with versioned migrations), recorded as that release recorded it,
// with an org, its admin, an API token and contacts in it — is upgraded by the new binary's
// `crmadmin migrate` through every later file, on SQLite and on PostgreSQL, and then served:
// the old token works and the old contacts are there. Then a database that a newer crmadmin
// migrated is refused by `crmadmin migrate` and `crmadmin serve`, untouched.
func TestUpgradeFromPreviousRelease_Issue15Item3(t *testing.T) {
	t.Run(dialect.SQLite, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "crm.db")
		upgrade(t, dialect.SQLite, "sqlite3", "file:"+path+"?_fk=1", "file:"+path+"?_fk=1&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate")
	})
	t.Run(dialect.Postgres, func(t *testing.T) {
		u := pgtest.EmptyURL(t)
		upgrade(t, dialect.Postgres, "pgx", u, u)
	})
}

func upgrade(t *testing.T, dia, driver, rawDSN, crmDSN string) {
	ctx := context.Background()
	dir, err := store.MigrationDir(dia)
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil || len(files) < 2 {
		t.Fatalf("%d migration files (%v): an upgrade needs at least two", len(files), err)
	}
	baseline, last := files[0], files[len(files)-1]
	db, err := sql.Open(driver, rawDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// The previous release's database: the oldest file applied and recorded in the revisions
	// table as store records it (version, Atlas revision as JSON; type 2 = executed).
	stmts, err := baseline.Stmts()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("baseline statement %q: %v", s, err)
		}
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE `+store.RevisionsTable+` (version VARCHAR(64) PRIMARY KEY, data TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	rev, _ := json.Marshal(map[string]any{"Version": baseline.Version(), "Description": baseline.Desc(), "Type": 2,
		"Applied": len(stmts), "Total": len(stmts), "ExecutedAt": time.Now().Add(-24 * time.Hour)})
	if _, err := db.ExecContext(ctx, `INSERT INTO `+store.RevisionsTable+` (version, data) VALUES ($1, $2)`, baseline.Version(), string(rev)); err != nil {
		t.Fatal(err)
	}

	// Its data, written against the baseline schema.
	now := time.Now().UTC().Truncate(time.Second)
	insert := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	org := insert(`INSERT INTO organizations (created_at, updated_at, name, region, time_zone, currency, status) VALUES ($1, $1, 'Old Release Co', 'EU', 'Europe/Paris', 'EUR', 'ACTIVE')`, now)
	hash, err := auth.HashPassword(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	user := insert(`INSERT INTO users (created_at, updated_at, email, name, role, status, license_kind, password_hash, locale, must_change_password, org_id)
	  VALUES ($1, $1, 'olga@old.test', 'Olga', 'SUPER_ADMIN', 'ACTIVE', 'REGULAR', $2, 'fr', false, $3)`, now, hash, org)
	insert(`INSERT INTO billing_subscriptions (created_at, updated_at, plan, cycle, currency, status, period_start, period_end, regular_licenses, team_licenses, balance, retries_done, backup_units, org_id)
	  VALUES ($1, $1, 'FREE', 'MONTHLY', 'EUR', 'ACTIVE', $1, $2, 1, 0, 0, 0, 0, $3)`, now, now.AddDate(0, 1, 0), org)
	secret, tokenHash := auth.NewSecret(auth.APITokenPrefix)
	insert(`INSERT INTO api_tokens (name, prefix, token_hash, created_at, org_id, user_id) VALUES ('old', $1, $2, $3, $4, $5)`,
		auth.DisplayPrefix(secret), tokenHash, now, org, user)
	for _, last := range []string{"山田", "Dupont-Lefèvre", "O'Neil"} {
		insert(`INSERT INTO contacts (created_at, updated_at, last_name, org_id, owner_id) VALUES ($1, $1, $2, $3, $4)`, now, last, org, user)
	}
	db.Close()

	// The new binary's migrate brings it to the newest file.
	settings := map[string]string{"CRM_DB_URL": crmDSN, "CRM_DATA_DIR": t.TempDir()}
	out, err := run(t, "migrate", settings)
	if err != nil || !strings.Contains(out, "up to date") || !strings.Contains(out, last.Version()) {
		t.Fatalf("crmadmin migrate: %v\n%s\nwant the schema at %s", err, out, last.Version())
	}
	t.Logf("crmadmin migrate from %s: %s", baseline.Version(), strings.TrimSpace(lastLine(out)))

	// And serves the old data.
	srv := start(t, "upgraded-"+dia, "serve", settings)
	var got struct {
		Me       struct{ Name string }
		Contacts struct {
			TotalCount int
			Edges      []struct{ Node struct{ LastName string } }
		}
	}
	client(srv, secret).MustDo(t, `{ me { name } contacts(first: 10) { totalCount edges { node { lastName } } } }`, nil, &got)
	var names []string
	for _, e := range got.Contacts.Edges {
		names = append(names, e.Node.LastName)
	}
	if got.Me.Name != "Olga" || got.Contacts.TotalCount != 3 || !strings.Contains(strings.Join(names, ","), "山田") {
		t.Fatalf("the upgraded database serves %+v, want Olga's 3 contacts", got)
	}
	client(srv, secret).MustDo(t, `mutation { createContact(input: {lastName: "Après la mise à jour"}) { id } }`, nil, nil)

	// A database a newer crmadmin migrated: refused by migrate and by serve, untouched.
	db, err = sql.Open(driver, rawDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const future = "99991231000000"
	if _, err := db.ExecContext(ctx, `INSERT INTO `+store.RevisionsTable+` (version, data) VALUES ($1, $2)`, future,
		`{"Version":"`+future+`","Description":"from a newer crmadmin","Type":2,"Applied":1,"Total":1}`); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"migrate", "serve"} {
		s := map[string]string{"CRM_ADDR": "127.0.0.1:0"}
		for k, v := range settings {
			s[k] = v
		}
		out, err := run(t, cmd, s)
		if err == nil || !strings.Contains(out, "newer than this crmadmin knows") {
			t.Fatalf("crmadmin %s on a newer schema: %v\n%s\nwant a refusal", cmd, err, out)
		}
	}
	var revs int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+store.RevisionsTable).Scan(&revs); err != nil || revs != len(files)+1 {
		t.Fatalf("%d revisions after the refusals (%v), want %d: untouched", revs, err, len(files)+1)
	}
}

// run runs `crmadmin <command>` to its end (at most a minute) and returns its output.
func run(t *testing.T, command string, settings map[string]string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, command)
	cmd.Env = env(settings)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func lastLine(s string) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return l[len(l)-1]
}
