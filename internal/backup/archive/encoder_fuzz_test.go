package archive

import (
	"bytes"
	"compress/flate"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// FuzzCSVEncoder (issue 9, the abuse suite's CSV writer target; BK-3): whatever text a record
// holds, the archive's CSV encoder writes rows that an RFC 4180 reader gives back cell for
// cell (formula-looking text neutralised with a leading '), and its deflate segment inflates to
// exactly that CSV; the CSV is byte for byte what encoding/csv's Writer writes for the same
// cells (issue 16 item 1: the reader appends CSV itself). The seeds run as an ordinary test.
func FuzzCSVEncoder(f *testing.F) {
	for _, s := range []string{"", "plain", "=1+1", "-5", "@SUM(A1)", "\tx", "\rx", `say "hi", then`,
		"line\nbreak", "日本語, 「引用」", "élève ; à côté", "a\"\"b", "\x00\xff", " lead", "\u00a0nbsp", `\.`, "\r\n", strings.Repeat("x", 5000)} {
		f.Add(s, `["a","b"]`, int64(-5))
	}
	f.Fuzz(func(t *testing.T, text, list string, n int64) {
		columns := []Column{{Name: "text", Type: TextColumn}, {Name: "list", Type: ListColumn}, {Name: "n", Type: IntColumn}}
		e := &encoder{}
		c := &chunk{rows: 2}
		c.csv = e.appendRow(c.csv, columns, []any{text, list, n})
		c.csv = e.appendRow(c.csv, columns, []any{[]byte(text), nil, n})
		// The encoder writes what encoding/csv's Writer writes for the same cells.
		var want1 bytes.Buffer
		cw := csv.NewWriter(&want1)
		lw := &encoder{}
		cells := []string{Neutralise(text), lw.cell(ListColumn, list), strconv.FormatInt(n, 10)}
		_ = cw.Write(cells)
		cells[1] = ""
		_ = cw.Write(cells)
		cw.Flush()
		if !bytes.Equal(c.csv, want1.Bytes()) {
			t.Fatalf("the encoder wrote %q, encoding/csv writes %q", c.csv, want1.Bytes())
		}
		fw, err := kflate.NewWriter(nil, kflate.BestSpeed)
		if err != nil {
			t.Fatal(err)
		}
		var out appendWriter
		if c.comp, err = deflateSegment(fw, &out, nil, c.csv); err != nil {
			t.Fatal(err)
		}
		inflated, err := io.ReadAll(flate.NewReader(bytes.NewReader(c.comp)))
		if err != nil && err != io.ErrUnexpectedEOF { // a flushed, unterminated segment
			t.Fatalf("the deflate segment does not inflate: %v", err)
		}
		if !bytes.Equal(inflated, c.csv) {
			t.Fatalf("the deflate segment holds other bytes than the CSV")
		}
		recs, err := csv.NewReader(bytes.NewReader(c.csv)).ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not parse: %v\n%q", err, c.csv)
		}
		if len(recs) != 2 {
			t.Fatalf("%d records, want 2: %q", len(recs), c.csv)
		}
		// encoding/csv's reader turns \r\n inside a quoted field into \n (documented).
		norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
		want := norm(Neutralise(text))
		for i, rec := range recs {
			if len(rec) != 3 || norm(rec[0]) != want {
				t.Fatalf("row %d text cell %q, want %q", i, rec[0], want)
			}
			if rec[2] != strconv.FormatInt(n, 10) {
				t.Fatalf("row %d number cell %q, want %d", i, rec[2], n)
			}
		}
		if recs[1][1] != "" {
			t.Fatalf("a NULL list is an empty cell, got %q", recs[1][1])
		}
	})
}
