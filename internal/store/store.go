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
	"net/url"
	"os"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
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
	// Read is a read-only pool for long read transactions (a backup's snapshot): on SQLite its
	// transactions are deferred, so they take no write lock and writers go on beside them
	// under WAL; on PostgreSQL its sessions are read-only and its snapshots repeatable reads.
	Read *sql.DB
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
}

// IsPostgres reports whether dsn names a PostgreSQL database (postgres:// or postgresql://).
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// DialectOf is the ent dialect of dsn: dialect.Postgres for postgres:// URLs, dialect.SQLite
// for file: DSNs; an error for anything else.
func DialectOf(dsn string) (string, error) {
	switch {
	case IsPostgres(dsn):
		return dialect.Postgres, nil
	case strings.HasPrefix(dsn, "file:"):
		return dialect.SQLite, nil
	}
	return "", fmt.Errorf("CRM_DB_URL: want a SQLite DSN (file:…) or a PostgreSQL URL (postgres://…), got %q", redact(dsn))
}

// Open connects to dsn (SQLite file: DSN or postgres:// URL), migrates the schema and
// installs the tenant edge guard. wrap, when not nil, wraps the driver (tests count queries
// with it).
func Open(ctx context.Context, dsn string, wrap func(dialect.Driver) dialect.Driver) (*DB, error) {
	dia, err := DialectOf(dsn)
	if err != nil {
		return nil, err
	}
	var db, read *sql.DB
	if dia == dialect.Postgres {
		db, read, err = openPostgres(ctx, dsn)
	} else {
		db, read, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	var drv dialect.Driver = entsql.OpenDB(dia, db)
	if wrap != nil {
		drv = wrap(drv)
	}
	client := ent.NewClient(ent.Driver(drv))
	if err := migrateSchema(ctx, dia, db, client); err != nil {
		client.Close()
		read.Close()
		return nil, fmt.Errorf("migrating database: %w", err)
	}
	client.Use(EdgeGuard(client))
	return &DB{Client: client, SQL: db, Read: read, Dialect: dia}, nil
}

// migrateLockKey is the PostgreSQL advisory lock that serialises schema migrations: every
// process of a cluster migrates at start, and ent's migration (inspect, then create or alter)
// is not safe to run twice at once on one database.
const migrateLockKey int64 = 0x63726d5f6d696772 // "crm_migr"

// migrateSchema creates or upgrades the schema with the versioned migrations; on PostgreSQL
// one process at a time.
func migrateSchema(ctx context.Context, dia string, db *sql.DB, client *ent.Client) error {
	if dia != dialect.Postgres {
		return applyMigrations(ctx, dia, db, client)
	}
	conn, err := db.Conn(ctx) // the lock belongs to this session: held here, released below
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return fmt.Errorf("waiting for another process's migration: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockKey) //nolint:errcheck // closing the session releases it too
	return applyMigrations(ctx, dia, db, client)
}

func openSQLite(ctx context.Context, dsn string) (db, read *sql.DB, err error) {
	if err := privateFiles(dsn); err != nil {
		return nil, nil, fmt.Errorf("opening database: %w", err)
	}
	if db, err = sql.Open("sqlite3", dsn); err != nil {
		return nil, nil, fmt.Errorf("opening database: %w", err)
	}
	// One writer at a time is what SQLite does anyway; readers run in parallel under WAL.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8) // keep them: a new SQLite connection re-reads the schema (default keeps 2)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("opening database: %w", err)
	}
	if read, err = sql.Open("sqlite3", readDSN(dsn)); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("opening database for reading: %w", err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	return db, read, nil
}

// openPostgres opens two pgx pools on dsn: the main one and a read-only one. Pool sizes come
// from the URL's pool_max_conns when given (pgx's own parameter, removed before connecting),
// else 20 and 4.
func openPostgres(ctx context.Context, dsn string) (db, read *sql.DB, err error) {
	maxConns := 20
	if u, perr := url.Parse(dsn); perr == nil {
		q := u.Query()
		if v := q.Get("pool_max_conns"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				return nil, nil, fmt.Errorf("CRM_DB_URL: pool_max_conns: want a number from 1 to 1000, got %q", v)
			}
			maxConns = n
			q.Del("pool_max_conns")
			u.RawQuery = q.Encode()
			dsn = u.String()
		}
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("CRM_DB_URL: %v", redactErr(err, dsn))
	}
	db = stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("opening database: %w", err)
	}
	rcfg := cfg.Copy()
	if rcfg.RuntimeParams == nil {
		rcfg.RuntimeParams = map[string]string{}
	}
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	read = stdlib.OpenDB(*rcfg)
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	return db, read, nil
}

// redactErr keeps a password out of a DSN parse error.
func redactErr(err error, dsn string) error {
	if u, perr := url.Parse(dsn); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			return errors.New(strings.ReplaceAll(err.Error(), pw, "…"))
		}
	}
	return err
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
// On PostgreSQL the same is a serialization failure, a deadlock or a lock not available.
func IsBusy(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03")
}
