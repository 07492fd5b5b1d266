package bench

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gocloud.dev/blob/fileblob"

	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/store"
)

var updateArchiveGolden = flag.Bool("update-archive-golden", false, "rewrite testdata/archive-content.json from this build's writer")

// archiveContent is what an archive holds, read back by unzipping it: every entry's name,
// size and SHA-256 of its uncompressed bytes (CSV cells, attachments, manifest.json), per
// part. Not the ZIP bytes: how the data is compressed may change, not what it is.
type archiveContent struct {
	Records int64                    `json:"records"`
	Parts   map[string][]entryDigest `json:"parts"` // "data-part1.zip" → entries in order
}

type entryDigest struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Issue 16 item 1 (no behaviour change): the writer, as fast as it now is, writes archives
// whose content — every CSV cell, every manifest count — is byte for byte what the writer
// before issue 16 wrote for the same data: the benchmark's generated database (2,000
// contacts, text with commas, quotes, line breaks and formula-looking cells), in one part and
// in parts of the smallest size. testdata/archive-content.json was written by the writer of
// main before issue 16 (commit d2963d4) with -update-archive-golden.
func TestArchiveContentUnchanged_Issue16Item1(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a database")
	}
	ctx := store.AllOrgs(context.Background())
	path := filepath.Join(t.TempDir(), "golden.db")
	sdb, err := store.Open(ctx, "file:"+path+"?_fk=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if err := archiveGenerate(ctx, sdb.SQL, 2000); err != nil {
		t.Fatal(err)
	}
	got := map[string]archiveContent{}
	for _, size := range []int64{0, archive.MinPartSize} {
		out := t.TempDir()
		bucket, err := fileblob.OpenBucket(out, &fileblob.Options{CreateDir: true, NoTempDir: true})
		if err != nil {
			t.Fatal(err)
		}
		w := &archive.Writer{DB: sdb.SQL, Bucket: bucket, PartSize: size,
			Clock: func() time.Time { return time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC) }}
		man, err := w.Write(ctx, archiveOrg, "golden")
		if err != nil {
			t.Fatal(err)
		}
		c := archiveContent{Records: man.Records, Parts: map[string][]entryDigest{}}
		for _, a := range man.Archives {
			b, err := bucket.ReadAll(ctx, a.Key)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatalf("%s: %v", a.Key, err)
			}
			var entries []entryDigest
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, err := io.ReadAll(rc) // checks the CRC-32 too
				rc.Close()
				if err != nil {
					t.Fatalf("%s %s: %v", a.Key, f.Name, err)
				}
				sum := sha256.Sum256(data)
				entries = append(entries, entryDigest{Name: f.Name, Size: len(data), SHA256: hex.EncodeToString(sum[:])})
			}
			c.Parts[filepath.Base(a.Key)] = entries
		}
		bucket.Close()
		got[fmt.Sprintf("part size %d", size)] = c
	}
	golden := filepath.Join("testdata", "archive-content.json")
	if *updateArchiveGolden {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]archiveContent
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		g := got[k]
		if g.Records != w.Records || len(g.Parts) != len(w.Parts) {
			t.Fatalf("%s: %d records in %d parts, before issue 16: %d in %d", k, g.Records, len(g.Parts), w.Records, len(w.Parts))
		}
		for name, we := range w.Parts {
			ge := g.Parts[name]
			if len(ge) != len(we) {
				t.Fatalf("%s %s: %d entries, before issue 16: %d", k, name, len(ge), len(we))
			}
			for i := range we {
				if ge[i] != we[i] {
					t.Errorf("%s %s: entry %d is %+v, before issue 16: %+v", k, name, i, ge[i], we[i])
				}
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d variants, golden has %d", len(got), len(want))
	}
}
