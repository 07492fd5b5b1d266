package blobstore_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocloud.dev/blob"

	"github.com/crmadmin/crmadmin/internal/blobstore"
)

// issue 9 item 6: a write to a file:// store keeps its temporary file inside the store (never
// in TMPDIR), 0600 from its first byte; its directories are 0700; the final file and a copy
// are 0600 too.
func TestFileStoreKeepsDataPrivate(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := filepath.Join(t.TempDir(), "blobs", "eu")
	stores := &blobstore.Stores{URL: func(string) string { return "file://" + dir }}
	defer stores.Close()
	ctx := context.Background()
	b, err := stores.Bucket(ctx, "EU")
	if err != nil {
		t.Fatal(err)
	}

	w, err := b.NewWriter(ctx, "backups/1/run-1/tmp-ab/data-part1.zip", blobstore.Private(&blob.WriterOptions{ContentType: "application/zip"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("Nom,Prénom\nDoe,Jane\n")); err != nil {
		t.Fatal(err)
	}
	// Mid-write (as when a worker is killed): the temporary file is in the store, 0600.
	if left := entries(t, tmp); len(left) != 0 {
		t.Fatalf("tenant data written to TMPDIR: %v", left)
	}
	temps := files(t, dir, func(p string) bool { return strings.HasSuffix(p, ".tmp") })
	if len(temps) != 1 {
		t.Fatalf("want one temporary file in the store, got %v", temps)
	}
	assertMode(t, temps[0], 0o600)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Copy(ctx, "backups/1/run-1/data-part1.zip", "backups/1/run-1/tmp-ab/data-part1.zip", blobstore.PrivateCopy()); err != nil {
		t.Fatal(err)
	}
	if err := (blobstore.Writer{Bucket: b}).WriteBlob(ctx, "attachments/1/x", []byte("cv"), "text/plain"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"backups/1/run-1/tmp-ab/data-part1.zip", "backups/1/run-1/data-part1.zip", "attachments/1/x"} {
		assertMode(t, filepath.Join(dir, filepath.FromSlash(p)), 0o600)
	}
	for _, p := range []string{"backups", "backups/1/run-1/tmp-ab", "attachments/1"} {
		assertMode(t, filepath.Join(dir, filepath.FromSlash(p)), 0o700)
	}
	if left := entries(t, tmp); len(left) != 0 {
		t.Fatalf("tenant data written to TMPDIR: %v", left)
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func files(t *testing.T, dir string, keep func(string) bool) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && keep(p) {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %o, want %o", path, got, want)
	}
}
