package bench

// The PostgreSQL variant of BenchmarkArchive (issue 15): the same generated rows, copied
// from the SQLite benchmark database into a PostgreSQL database with COPY (pgx CopyFrom), then
// the Writer and the scan floor run on it in child processes like SQLite's. The database is
// kept between runs (crmadmin_archive_bench_<schema>_<contacts>), as the SQLite file is.

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// archivePGTables are the tables archiveGenerate fills, parents first.
var archivePGTables = []string{"organizations", "users", "accounts", "contacts", "tasks", "events"}

// archivePGDB returns the URL of a PostgreSQL database holding the rows of the SQLite
// database at sqlitePath (n contacts), loading it once.
func archivePGDB(b *testing.B, n int, sqlitePath string) (string, error) {
	if err := benchPostgresReachable(); err != nil {
		return "", err
	}
	ctx := context.Background()
	name := fmt.Sprintf("crmadmin_archive_bench_%s_%d", archiveSchemaKey(), n)
	admin, err := sql.Open("pgx", pgtest.AdminURL())
	if err != nil {
		return "", err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return pgtest.URLFor(name), nil
	}
	start := time.Now()
	tmp := fmt.Sprintf("%s_tmp", name)
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+tmp+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+tmp); err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+tmp+" WITH (FORCE)")
		}
	}()
	s, err := store.Open(ctx, pgtest.URLFor(tmp), nil) // migrated like production
	if err != nil {
		return "", fmt.Errorf("migrating %s: %w", tmp, err)
	}
	s.Close()
	rows, err := archivePGLoad(ctx, sqlitePath, pgtest.URLFor(tmp))
	if err != nil {
		return "", fmt.Errorf("loading %s: %w", tmp, err)
	}
	if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+tmp+" RENAME TO "+name); err != nil {
		return "", err
	}
	ok = true
	b.Logf("loaded %d rows into PostgreSQL database %s in %s", rows, name, time.Since(start).Round(time.Millisecond))
	return pgtest.URLFor(name), nil
}

// archivePGLoad copies archivePGTables from the SQLite file into the PostgreSQL database with
// COPY, then VACUUM ANALYZE (a loaded, settled database, as the SQLite file is).
func archivePGLoad(ctx context.Context, sqlitePath, url string) (int64, error) {
	src, err := sql.Open("sqlite3", "file:"+sqlitePath+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer src.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var total int64
	for _, t := range archivePGTables {
		rows, err := src.QueryContext(ctx, "SELECT * FROM "+t+" ORDER BY id")
		if err != nil {
			return total, err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return total, err
		}
		types := map[string]string{}
		trows, err := conn.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, t)
		if err != nil {
			rows.Close()
			return total, err
		}
		for trows.Next() {
			var c, ty string
			if err := trows.Scan(&c, &ty); err != nil {
				trows.Close()
				rows.Close()
				return total, err
			}
			types[c] = ty
		}
		trows.Close()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n, err := conn.CopyFrom(ctx, pgx.Identifier{t}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if !rows.Next() {
				return nil, rows.Err()
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, err
			}
			for i, v := range vals { // SQLite keeps booleans as integers
				if x, ok := v.(int64); ok && types[cols[i]] == "boolean" {
					vals[i] = x != 0
				}
			}
			return vals, nil
		}))
		rows.Close()
		if err != nil {
			return total, fmt.Errorf("COPY %s: %w", t, err)
		}
		total += n
	}
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		return total, err
	}
	return total, nil
}

// archivePostgres runs floor and Writer (best of repeat) on PostgreSQL and adds a section
// beside SQLite's figures (sqliteWriter, sqliteFloor of the same rows).
func archivePostgres(b *testing.B, n, repeat int, sqlitePath string, sqliteWriter, sqliteFloor archiveRun) {
	load0 := archiveLoadAvg()
	url, err := archivePGDB(b, n, sqlitePath)
	if err != nil {
		msg := "PostgreSQL variant skipped: " + err.Error()
		b.Log("archive benchmark: " + msg)
		addSection(fmt.Sprintf("Backup archive on PostgreSQL (%s contacts)", archiveCount(n)), msg+"\n")
		return
	}
	best := func(mode string) archiveRun {
		var best archiveRun
		for i := range repeat {
			out := b.TempDir()
			run := archiveChild(b, archiveChildArgs{Mode: mode, PG: url, Out: out})
			if i == 0 || run.Wall < best.Wall {
				best = run
			}
		}
		return best
	}
	_ = archiveChild(b, archiveChildArgs{Mode: "floor", PG: url}) // warms PostgreSQL's cache
	idle := archiveChild(b, archiveChildArgs{Mode: "idle", PG: url})
	floor := best("floor")
	writer := best("writer")
	if writer.Rows != sqliteWriter.Rows || floor.Rows != sqliteFloor.Rows {
		b.Fatalf("PostgreSQL exported %d rows (floor %d), SQLite %d (floor %d): not the same data", writer.Rows, floor.Rows, sqliteWriter.Rows, sqliteFloor.Rows)
	}
	var out strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&out, format, args...) }
	p("The same rows as the SQLite database above, copied into PostgreSQL (COPY, then VACUUM ANALYZE; %s), "+
		"read over loopback by the same child processes. %d CPUs shared with other work; PostgreSQL runs on the same machine "+
		"(load average %s before, %s after). Best of %d runs after one warm-up scan. Peak RSS is the Go process's "+
		"(its own %.0f MB at rest included); PostgreSQL's backend memory is not counted.\n\n",
		archiveCount(int(writer.Rows))+" rows exported", runtime.NumCPU(), load0, archiveLoadAvg(), repeat, float64(idle.RSSKB)/1024)
	p("| Database | Variant | Wall | rows/s | × floor | Output | Peak RSS |\n|---|---|---:|---:|---:|---:|---:|\n")
	row := func(db string, v, floor archiveRun) {
		size := "—"
		if v.Bytes > 0 {
			size = fmt.Sprintf("%.0f MB", float64(v.Bytes)/1e6)
		}
		p("| %s | %s | %.2f s | %.0f | %.2f | %s | %.0f MB |\n", db, v.Variant, v.Wall.Seconds(),
			float64(v.Rows)/max(v.Wall.Seconds(), 1e-9), v.Wall.Seconds()/floor.Wall.Seconds(), size, float64(v.RSSKB)/1024)
	}
	row("SQLite", sqliteWriter, sqliteFloor)
	row("SQLite", sqliteFloor, sqliteFloor)
	row("PostgreSQL", writer, floor)
	row("PostgreSQL", floor, floor)
	p("\nWriter on PostgreSQL / on SQLite: %.2f×; floor: %.2f×.\n", writer.Wall.Seconds()/sqliteWriter.Wall.Seconds(),
		floor.Wall.Seconds()/sqliteFloor.Wall.Seconds())
	b.ReportMetric(writer.Wall.Seconds(), "pg-writer-s")
	b.ReportMetric(floor.Wall.Seconds(), "pg-floor-s")
	b.ReportMetric(float64(writer.RSSKB)/1024, "pg-writer-RSS-MB")
	addSection(fmt.Sprintf("Backup archive on PostgreSQL (%s contacts)", archiveCount(n)), out.String())
}
