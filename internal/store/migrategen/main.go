// Command migrategen writes the versioned migration files of the schema (issue 15 item 3):
// it replays internal/store/migrations/<dialect> on an empty dev database, compares the
// result with ent's schema and, when they differ, writes one new file (Atlas format, with
// atlas.sum) for SQLite and for PostgreSQL. No change, no file: `make generate` runs it and CI
// checks that nothing new appears. The SQLite dev database is in memory; the PostgreSQL one
// is created for the run on CRM_DEV_PG_URL (default: CRM_TEST_PG_URL, else the local server)
// and dropped after. Usage: go run ./internal/store/migrategen [name]
//
// After merging branches that each added a migration file, atlas.sum no longer matches: keep
// the files that were released, remove the unreleased ones of both branches, then
// `go run ./internal/store/migrategen rehash` rewrites atlas.sum of both directories and
// `make generate` writes one file for the merged schema.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log"
	"net/url"
	"os"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/crmadmin/crmadmin/ent/migrate"
)

func main() {
	name := "schema"
	if len(os.Args) > 1 && os.Args[1] == "rehash" {
		for _, path := range []string{"internal/store/migrations/sqlite", "internal/store/migrations/postgres"} {
			if err := rehash(path); err != nil {
				log.Fatalf("%s: %v", path, err)
			}
		}
		return
	}
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	sql.Register("postgres", stdlib.GetDefaultDriver()) // Atlas opens postgres:// URLs by this name
	ctx := context.Background()
	if err := diff(ctx, "internal/store/migrations/sqlite", dialect.SQLite, "sqlite3://file?mode=memory&_fk=1", name); err != nil {
		log.Fatalf("sqlite migrations: %v", err)
	}
	devURL, drop, err := pgDev(ctx)
	if err != nil {
		if os.Getenv("CI") != "true" { // CI (check-generated) has one and writes what is missing
			log.Printf("WARNING: PostgreSQL migrations not generated: no PostgreSQL dev server (CRM_DEV_PG_URL): %v", err)
			return
		}
		log.Fatalf("postgres migrations need a PostgreSQL dev server (CRM_DEV_PG_URL): %v", err)
	}
	defer drop()
	if err := diff(ctx, "internal/store/migrations/postgres", dialect.Postgres, devURL, name); err != nil {
		drop()
		log.Fatalf("postgres migrations: %v", err)
	}
}

func diff(ctx context.Context, path, dia, devURL, name string) error {
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		return err
	}
	return migrate.NamedDiff(ctx, devURL, name, schema.WithDir(dir), schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dia), schema.WithFormatter(atlas.DefaultFormatter))
}

// rehash rewrites path's atlas.sum from the files it holds (Atlas's `migrate hash`).
func rehash(path string) error {
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		return err
	}
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	return atlas.WriteSumFile(dir, sum)
}

// pgDev creates an empty database for the replay and returns its URL and how to drop it.
func pgDev(ctx context.Context) (string, func(), error) {
	admin := os.Getenv("CRM_DEV_PG_URL")
	if admin == "" {
		admin = os.Getenv("CRM_TEST_PG_URL")
	}
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	db, err := sql.Open("postgres", admin)
	if err != nil {
		return "", nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "crm_migrategen_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		db.Close()
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		db.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("search_path", "public") // Atlas then plans one schema, without qualifying names
	u.RawQuery = q.Encode()
	return u.String(), func() {
		if _, err := db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "dropping", name, err)
		}
		db.Close()
	}, nil
}
