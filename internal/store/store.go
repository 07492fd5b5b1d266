// Package store opens the database and holds the few helpers that cross the privacy layer.
//
// store vs blobstore: store is the database (ent over SQLite or PostgreSQL, rows);
// internal/blobstore is the file storage of each region (archives, attachments).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/mattn/go-sqlite3"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/privacy"
	_ "github.com/crmadmin/crmadmin/ent/runtime"
)

// DB is the opened database: the ent client and the plain *sql.DB under it (for streaming
// reads that must not load a table in memory).
type DB struct {
	Client *ent.Client
	SQL    *sql.DB
	// Read is a read-only pool whose transactions are deferred: a long read transaction (a
	// backup's snapshot) takes no write lock, so writers go on beside it under WAL.
	Read *sql.DB
}

// Open connects to dsn (SQLite), migrates the schema and installs the tenant edge guard.
// wrap, when not nil, wraps the driver (tests count queries with it).
func Open(ctx context.Context, dsn string, wrap func(dialect.Driver) dialect.Driver) (*DB, error) {
	if !strings.HasPrefix(dsn, "file:") {
		return nil, fmt.Errorf("CRM_DB_URL: only SQLite DSNs (file:…) are supported in this version, got %q", redact(dsn))
	}
	if err := privateFiles(dsn); err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	// One writer at a time is what SQLite does anyway; readers run in parallel under WAL.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8) // keep them: a new SQLite connection re-reads the schema (default keeps 2)
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	var drv dialect.Driver = entsql.OpenDB(dialect.SQLite, db)
	if wrap != nil {
		drv = wrap(drv)
	}
	client := ent.NewClient(ent.Driver(drv))
	if err := client.Schema.Create(ctx); err != nil {
		client.Close()
		return nil, fmt.Errorf("migrating database: %w", err)
	}
	client.Use(EdgeGuard(client))
	read, err := sql.Open("sqlite3", readDSN(dsn))
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("opening database for reading: %w", err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	return &DB{Client: client, SQL: db, Read: read}, nil
}

// FileMode is the mode of the SQLite files (database, -wal, -shm): the owner's only.
const FileMode os.FileMode = 0o600

// privateFiles makes the SQLite files of a file: DSN readable by the owner only (issue 9
// item 6). The database file is created 0600 before SQLite opens it, because SQLite creates
// it 0644 and gives its -wal and -shm files the database file's mode; files of an older
// install are set to 0600. In-memory databases have no file.
func privateFiles(dsn string) error {
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if path == "" || path == ":memory:" || strings.Contains(dsn, "mode=memory") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, FileMode)
	if err != nil {
		return err
	}
	_ = f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, FileMode); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// readDSN is dsn with deferred transactions and writes refused.
func readDSN(dsn string) string {
	dsn = strings.ReplaceAll(dsn, "_txlock=immediate", "_txlock=deferred")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	if !strings.Contains(dsn, "_txlock=") {
		dsn += sep + "_txlock=deferred"
		sep = "&"
	}
	return dsn + sep + "_query_only=1"
}

// Close closes the database.
func (d *DB) Close() error {
	if d.Read != nil {
		_ = d.Read.Close()
	}
	return d.Client.Close()
}

// AllOrgs returns ctx allowed to cross orgs. Only code that must see every org uses it (sign-in
// by email, the reconciler, periodic jobs that then act per org with auth.SystemContext).
func AllOrgs(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}

// IsBusy reports whether err is SQLite's "database is locked" or "database table is locked"
// (busy past busy_timeout): a retryable condition in which nothing was written.
func IsBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}
