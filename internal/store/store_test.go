package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmadmin/crmadmin/internal/store"
)

// issue 9 item 6: the SQLite files (database, -wal, -shm) are the owner's only, new or left
// 0644 by an older version.
func TestSQLiteFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "crmadmin.db")
	dsn := "file:" + path + "?_fk=1&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate"
	check := func(round string) {
		t.Helper()
		db, err := store.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.SQL.Exec(`CREATE TABLE IF NOT EXISTS t (x INTEGER); INSERT INTO t VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("%s database: %s has mode %o, want 600", round, filepath.Base(p), got)
			}
		}
	}
	check("new")
	// As an older version left them (-wal and -shm exist while the first connection is open).
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("existing 0644")
}
