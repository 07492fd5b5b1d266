package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	atpostgres "ariga.io/atlas/sql/postgres"
	atsqlite "ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"

	"github.com/crmadmin/crmadmin/ent"
)

// The versioned migrations of the schema (issue 15 item 3), one directory per database, in
// Atlas's format, written by `make generate` (internal/store/migrategen) and applied at start
// and by `crmadmin migrate`.
//
//go:embed migrations/sqlite migrations/postgres
var migrationFiles embed.FS

// RevisionsTable records the migrations applied to a database.
const RevisionsTable = "crm_schema_revisions"

// ErrSchemaNewer is returned when the database was migrated by a newer crmadmin than this one:
// this binary does not know its schema and refuses to start rather than corrupt it.
var ErrSchemaNewer = errors.New("the database schema is newer than this crmadmin knows: run the newer crmadmin (or restore a backup made for this version)")

// MigrationDir is the embedded migration directory of a dialect.
func MigrationDir(dia string) (atlas.Dir, error) {
	sub := "migrations/sqlite"
	if dia == dialect.Postgres {
		sub = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrationFiles, sub)
	if err != nil {
		return nil, err
	}
	d := &atlas.MemDir{}
	for _, e := range entries {
		b, err := migrationFiles.ReadFile(path.Join(sub, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := d.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// applyMigrations brings the database to the newest embedded migration. A database without
// revisions but with crmadmin's tables was made by an earlier version's automatic migration:
// it is adopted — brought to the current schema by that same automatic migration once, then
// every migration file is recorded as applied (Atlas's baseline). A database whose newest
// revision this binary does not know is refused (ErrSchemaNewer).
func applyMigrations(ctx context.Context, dia string, db *sql.DB, client *ent.Client) error {
	dir, err := MigrationDir(dia)
	if err != nil {
		return err
	}
	files, err := dir.Files()
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("no migration files embedded")
	}
	rrw := &revisions{db: db}
	if err := rrw.init(ctx); err != nil {
		return err
	}
	if dia == dialect.Postgres { // Atlas looks for a clean schema but for this table
		if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&rrw.schema); err != nil {
			return err
		}
	}
	revs, err := rrw.ReadRevisions(ctx)
	if err != nil {
		return err
	}
	last := files[len(files)-1].Version()
	if n := len(revs); n > 0 && revs[n-1].Version > last {
		return fmt.Errorf("%w (database at %s, this binary at %s)", ErrSchemaNewer, revs[n-1].Version, last)
	}
	var opts []atlas.ExecutorOption
	if len(revs) == 0 {
		var n int
		q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'organizations'`
		if dia == dialect.Postgres {
			q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'organizations'`
		}
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return err
		}
		if n > 0 { // an install made before versioned migrations: adopt it
			if err := client.Schema.Create(ctx); err != nil {
				return fmt.Errorf("bringing an automatically migrated database to the baseline: %w", err)
			}
			opts = append(opts, atlas.WithBaselineVersion(last))
		}
	}
	var drv atlas.Driver
	if dia == dialect.Postgres {
		drv, err = atpostgres.Open(db)
	} else {
		drv, err = atsqlite.Open(db)
	}
	if err != nil {
		return err
	}
	ex, err := atlas.NewExecutor(drv, dir, rrw, opts...)
	if err != nil {
		return err
	}
	if err := ex.ExecuteN(ctx, 0); err != nil && !errors.Is(err, atlas.ErrNoPendingFiles) {
		return err
	}
	return nil
}

// SchemaVersion is the newest migration applied to the database ("" before any).
func (d *DB) SchemaVersion(ctx context.Context) (string, error) {
	revs, err := (&revisions{db: d.SQL}).ReadRevisions(ctx)
	if err != nil || len(revs) == 0 {
		return "", err
	}
	return revs[len(revs)-1].Version, nil
}

// revisions keeps Atlas's revisions in one portable table: the version and the revision as
// JSON.
type revisions struct {
	db     *sql.DB
	schema string // PostgreSQL's current schema; "" on SQLite
}

type revisionJSON struct {
	Version, Description string
	Type                 uint
	Applied, Total       int
	ExecutedAt           time.Time
	ExecutionTime        time.Duration
	Error, ErrorStmt     string `json:",omitempty"`
	Hash                 string
	PartialHashes        []string `json:",omitempty"`
	OperatorVersion      string
}

func (r *revisions) init(ctx context.Context) error {
	_, err := r.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+RevisionsTable+` (version VARCHAR(64) PRIMARY KEY, data TEXT NOT NULL)`)
	return err
}

func (r *revisions) Ident() *atlas.TableIdent {
	return &atlas.TableIdent{Name: RevisionsTable, Schema: r.schema}
}

func (r *revisions) ReadRevisions(ctx context.Context) ([]*atlas.Revision, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT data FROM `+RevisionsTable+` ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*atlas.Revision
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		rev, err := decodeRevision(data)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

func (r *revisions) ReadRevision(ctx context.Context, v string) (*atlas.Revision, error) {
	var data string
	err := r.db.QueryRowContext(ctx, `SELECT data FROM `+RevisionsTable+` WHERE version = $1`, v).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, atlas.ErrRevisionNotExist
	}
	if err != nil {
		return nil, err
	}
	return decodeRevision(data)
}

func (r *revisions) WriteRevision(ctx context.Context, rev *atlas.Revision) error {
	if rev.ExecutedAt.IsZero() {
		rev.ExecutedAt = time.Now()
	}
	b, err := json.Marshal(revisionJSON{Version: rev.Version, Description: rev.Description, Type: uint(rev.Type),
		Applied: rev.Applied, Total: rev.Total, ExecutedAt: rev.ExecutedAt, ExecutionTime: rev.ExecutionTime,
		Error: rev.Error, ErrorStmt: rev.ErrorStmt, Hash: rev.Hash, PartialHashes: rev.PartialHashes,
		OperatorVersion: rev.OperatorVersion})
	if err != nil {
		return err
	}
	res, err := r.db.ExecContext(ctx, `UPDATE `+RevisionsTable+` SET data = $1 WHERE version = $2`, string(b), rev.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = r.db.ExecContext(ctx, `INSERT INTO `+RevisionsTable+` (version, data) VALUES ($1, $2)`, rev.Version, string(b))
	return err
}

func (r *revisions) DeleteRevision(ctx context.Context, v string) error {
	_, err := r.db.ExecContext(ctx, `DELETE FROM `+RevisionsTable+` WHERE version = $1`, v)
	return err
}

func decodeRevision(data string) (*atlas.Revision, error) {
	var j revisionJSON
	if err := json.Unmarshal([]byte(data), &j); err != nil {
		return nil, err
	}
	return &atlas.Revision{Version: j.Version, Description: j.Description, Type: atlas.RevisionType(j.Type),
		Applied: j.Applied, Total: j.Total, ExecutedAt: j.ExecutedAt, ExecutionTime: j.ExecutionTime,
		Error: j.Error, ErrorStmt: j.ErrorStmt, Hash: j.Hash, PartialHashes: j.PartialHashes,
		OperatorVersion: j.OperatorVersion}, nil
}
