package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/klauspost/compress/flate"
	"golang.org/x/sync/errgroup"
)

// ---------------------------------------------------------------------------------------------
// DATA archive: reader (scan + CSV) → deflate workers → assembler

const maxChunkRows = 16384

// chunk is one block of a module's rows as CSV and, once a deflate worker has done it, as an
// independent deflate segment. Chunks come from a fixed set (job.blocks) and go back to it
// once the assembler has written them, so their buffers are reused and their number is bounded.
type chunk struct {
	mod   int
	end   bool // marks the end of module mod (no rows)
	rows  int
	bytes int    // approximate size of the rows' values: where a chunk ends (see readModule)
	csv   []byte // the rows as CSV
	comp  []byte // csv as an independent deflate segment
	ready chan struct{}
	err   error
}

// blockCount is how many chunks exist at once: the one the reader fills, one per deflate
// worker, as many queued for the assembler, and the one it writes.
func (j *job) blockCount() int { return 2*j.s.workers + 2 }

// getChunk takes a free chunk, waiting for the assembler to give one back when all are in
// flight (the reader's back-pressure).
func (j *job) getChunk(ctx context.Context, mod int) (*chunk, error) {
	var c *chunk
	select {
	case c = <-j.blocks:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if c == nil {
		c = &chunk{}
	}
	c.mod, c.end, c.rows, c.bytes, c.err = mod, false, 0, 0, nil
	c.csv, c.comp = c.csv[:0], c.comp[:0]
	c.ready = make(chan struct{})
	return c, nil
}

// putChunk gives a chunk back. A buffer that one very large row grew far beyond the chunk
// size is dropped, so that the blocks stay about j.s.chunk each.
func (j *job) putChunk(c *chunk) {
	if cap(c.csv) > 4*j.s.chunk+(1<<16) {
		c.csv = nil
	}
	if cap(c.comp) > 4*j.s.chunk+(1<<16) {
		c.comp = nil
	}
	j.blocks <- c // never blocks: there are never more chunks than its capacity
}

func (j *job) writeData(ctx context.Context, tx *sql.Tx) error {
	n := j.blockCount()
	j.blocks = make(chan *chunk, n)
	for range n {
		j.blocks <- nil // allocated on first use
	}
	g, gctx := errgroup.WithContext(ctx)
	ordered := make(chan *chunk, n) // what the assembler waits for, in order
	work := make(chan *chunk, n)
	g.Go(func() error { return j.readModules(gctx, tx, ordered, work) })
	for range j.s.workers {
		g.Go(func() error { return j.deflateChunks(gctx, work) })
	}
	g.Go(func() error { return j.assemble(gctx, ordered) })
	return g.Wait()
}

// readModules streams every module's rows (database/sql, one row at a time) into chunks of
// CSV: the reader formats each row as it scans it, so no row is kept as driver values.
func (j *job) readModules(ctx context.Context, tx *sql.Tx, ordered, work chan<- *chunk) error {
	defer close(work)
	defer close(ordered)
	send := func(c *chunk) error {
		if c.end {
			close(c.ready) // before the assembler can see (and recycle) it
		}
		select {
		case ordered <- c:
		case <-ctx.Done():
			return ctx.Err()
		}
		if c.end {
			return nil
		}
		select {
		case work <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	e := &encoder{}
	for mi := range j.mods {
		m := &j.mods[mi]
		if err := j.readModule(ctx, tx, mi, m, e, send); err != nil {
			return fmt.Errorf("reading %s: %w", m.Table, err)
		}
		end, err := j.getChunk(ctx, mi)
		if err != nil {
			return err
		}
		end.end = true
		if err := send(end); err != nil {
			return err
		}
	}
	return nil
}

func (j *job) readModule(ctx context.Context, tx *sql.Tx, mi int, m *modState, e *encoder, send func(*chunk) error) error {
	if m.count == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, m.SelectSQL(m.fullScan), j.org)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := len(m.Columns)
	scratch := make([]any, n)
	dest := make([]any, n)
	for i := range dest {
		dest[i] = &scratch[i]
	}
	next := func() (*chunk, error) {
		c, err := j.getChunk(ctx, mi)
		if err == nil && cap(c.csv) == 0 {
			c.csv = make([]byte, 0, j.s.chunk+j.s.chunk/4)
		}
		return c, err
	}
	c, err := next()
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c.csv = e.appendRow(c.csv, m.Columns, scratch)
		c.rows++
		// Chunk boundaries are counted on the values, as they always were, so chunks (and
		// where a part ends) do not depend on how the cells are quoted.
		for _, v := range scratch {
			switch s := v.(type) {
			case string:
				c.bytes += len(s) + 1
			case []byte:
				c.bytes += len(s) + 1
			default:
				c.bytes += 12
			}
		}
		j.read[mi]++
		j.tick(1)
		if c.bytes >= j.s.chunk || c.rows >= maxChunkRows {
			if err := send(c); err != nil {
				return err
			}
			if c, err = next(); err != nil {
				return err
			}
		}
	}
	clear(scratch) // let the driver's last values go
	if err := rows.Err(); err != nil {
		return err
	}
	if c.rows > 0 {
		return send(c)
	}
	j.putChunk(c)
	return nil
}

// deflateChunks compresses chunks into independent deflate segments (one klauspost writer
// per worker, reset for each chunk).
func (j *job) deflateChunks(ctx context.Context, work <-chan *chunk) error {
	var out appendWriter
	fw, err := flate.NewWriter(&out, j.s.level)
	if err != nil {
		return err
	}
	for c := range work {
		if c.err = ctx.Err(); c.err == nil {
			c.comp, c.err = deflateSegment(fw, &out, c.comp[:0], c.csv)
		}
		close(c.ready)
	}
	return nil
}

// deflateSegment appends src, compressed as an independent segment ended by a sync flush, to dst.
func deflateSegment(fw *flate.Writer, out *appendWriter, dst, src []byte) ([]byte, error) {
	out.b = &dst
	fw.Reset(out)
	if _, err := fw.Write(src); err != nil {
		return dst, err
	}
	err := fw.Flush()
	out.b = nil
	return dst, err
}

type appendWriter struct{ b *[]byte }

func (a *appendWriter) Write(p []byte) (int, error) {
	*a.b = append(*a.b, p...)
	return len(p), nil
}

// encoder formats rows as CSV, appending to a chunk's buffer. Cells are built in an arena and
// appended as strings that alias it (no allocation per cell). The CSV is what encoding/csv's
// Writer writes (comma, LF, RFC 4180 quoting; TestAppendRecordIsEncodingCSV holds it to that).
type encoder struct {
	arena []byte
	list  []string
}

func (e *encoder) appendRow(dst []byte, columns []Column, row []any) []byte {
	e.arena = e.arena[:0]
	for i, v := range row {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendField(dst, e.cell(columns[i].Type, v))
	}
	return append(dst, '\n')
}

// appendField appends one CSV field as encoding/csv.Writer writes it with Comma ',' and
// UseCRLF false: quoted when it holds a comma, a quote, CR or LF, starts with a space, or is
// `\.`; quotes doubled inside.
func appendField(dst []byte, f string) []byte {
	if !fieldNeedsQuotes(f) {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(f, '"')
		if i < 0 {
			break
		}
		dst = append(dst, f[:i+1]...)
		dst = append(dst, '"')
		f = f[i+1:]
	}
	dst = append(dst, f...)
	return append(dst, '"')
}

func fieldNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` {
		return true
	}
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r1, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r1)
}

// cell formats one value. Values the driver returns as text are written as stored and
// neutralised when formula-looking (BK-3); numbers, times and booleans are formatted here and
// never changed (a -5 in an integer column stays -5).
func (e *encoder) cell(t ColumnType, v any) string {
	start := len(e.arena)
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if t == ListColumn {
			return e.joinList(x)
		}
		return e.text(x)
	case []byte:
		return e.cell(t, unsafe.String(unsafe.SliceData(x), len(x)))
	case int64:
		e.arena = strconv.AppendInt(e.arena, x, 10)
	case float64:
		e.arena = strconv.AppendFloat(e.arena, x, 'f', -1, 64)
	case bool:
		e.arena = strconv.AppendBool(e.arena, x)
	case time.Time:
		e.arena = x.UTC().AppendFormat(e.arena, time.RFC3339Nano)
	default:
		return e.text(fmt.Sprint(x))
	}
	return e.since(start)
}

func (e *encoder) since(start int) string {
	b := e.arena[start:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func (e *encoder) text(s string) string {
	if !NeedsNeutralising(s) {
		return s
	}
	start := len(e.arena)
	e.arena = append(e.arena, '\'')
	e.arena = append(e.arena, s...)
	return e.since(start)
}

func (e *encoder) joinList(s string) string {
	e.list = e.list[:0]
	if s == "" || s == "null" {
		return ""
	}
	if json.Unmarshal([]byte(s), &e.list) != nil {
		return e.text(s) // not a JSON list: keep the text
	}
	return e.text(strings.Join(e.list, "; "))
}

// NeedsNeutralising reports whether a spreadsheet would run s as a formula: it starts with
// =, +, -, @, a tab or a carriage return (BK-3). Such text cells are written with a leading '.
func NeedsNeutralising(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// Neutralise returns the cell text as the archive writes it (BK-3).
func Neutralise(s string) string {
	if NeedsNeutralising(s) {
		return "'" + s
	}
	return s
}

// assembler writes chunks, in order, into ZIP entries and parts.
type assembler struct {
	j      *job
	ctx    context.Context
	p      *part
	e      *entry
	pieces []int // per module: CSV pieces opened so far
	num    int   // part number
}

type entry struct {
	mod     int
	fh      *zip.FileHeader
	w       io.Writer
	crc     uint32
	sha     hash.Hash
	size    int64
	csize   int64
	records int64
}

func (j *job) assemble(ctx context.Context, ordered <-chan *chunk) (err error) {
	a := &assembler{j: j, ctx: ctx, pieces: make([]int, len(j.mods))}
	defer func() {
		if err != nil && a.p != nil {
			a.p.discard()
		}
	}()
	for c := range ordered {
		select {
		case <-c.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
		if c.err != nil {
			return c.err
		}
		if c.end {
			if a.e == nil || a.e.mod != c.mod {
				if err := a.open(c.mod, 0); err != nil { // a module without rows: header only
					return err
				}
			}
			if err := a.finish(); err != nil {
				return err
			}
			j.putChunk(c)
			continue
		}
		if a.e == nil || a.e.mod != c.mod {
			if err := a.open(c.mod, int64(len(c.comp))); err != nil {
				return err
			}
		} else {
			ok, err := a.p.fits(int64(len(c.comp)), j.s.partSize)
			if err != nil {
				return err
			}
			if !ok {
				if err := a.finish(); err != nil {
					return err
				}
				if err := a.rotate(); err != nil {
					return err
				}
				if err := a.open(c.mod, int64(len(c.comp))); err != nil {
					return err
				}
			}
		}
		if err := a.write(c); err != nil {
			return err
		}
		j.putChunk(c)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.p == nil {
		if a.p, err = j.newPart(ctx, KindData, 1); err != nil {
			return err
		}
	}
	p := a.p
	a.p = nil
	return j.closePart(p)
}

func (a *assembler) rotate() error {
	if a.p != nil {
		p := a.p
		a.p = nil
		if err := a.j.closePart(p); err != nil {
			return err
		}
	}
	a.num++
	p, err := a.j.newPart(a.ctx, KindData, a.num)
	if err != nil {
		return err
	}
	a.p = p
	return nil
}

// open starts the module's next CSV piece (header row included), in a new part when the
// header and the first chunk do not fit in this one.
func (a *assembler) open(mod int, first int64) error {
	m := &a.j.mods[mod]
	name := m.FileName(a.pieces[mod] + 1)
	now, later := entryCost(name, m.Name)
	if a.p == nil {
		if err := a.rotate(); err != nil {
			return err
		}
	} else {
		ok, err := a.p.fits(now+later+int64(len(m.headerSeg))+first+entryTail, a.j.s.partSize)
		if err != nil {
			return err
		}
		if !ok {
			if err := a.rotate(); err != nil {
				return err
			}
		}
	}
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x8, CreatorVersion: 20, ReaderVersion: 20}
	fh.ModifiedDate, fh.ModifiedTime = dosTime(a.j.s.now)
	w, err := a.p.zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	a.pieces[mod]++
	a.p.entries++
	a.p.reserved += later + entryTail // the tail is counted twice once written: a few bytes of slack
	a.e = &entry{mod: mod, fh: fh, w: w, sha: sha256.New()}
	if _, err := w.Write(m.headerSeg); err != nil {
		return err
	}
	a.e.crc = m.headerCRC
	a.e.sha.Write(m.header)
	a.e.size = m.headerLen
	a.e.csize = int64(len(m.headerSeg))
	return nil
}

func (a *assembler) write(c *chunk) error {
	if _, err := a.e.w.Write(c.comp); err != nil {
		return err
	}
	a.e.crc = crc32.Update(a.e.crc, crc32.IEEETable, c.csv)
	a.e.sha.Write(c.csv)
	a.e.size += int64(len(c.csv))
	a.e.csize += int64(len(c.comp))
	a.e.records += int64(c.rows)
	return nil
}

// finish ends the open entry: the final deflate block, then the sizes and CRC that
// zip.Writer puts in the data descriptor and the central directory (it keeps fh).
func (a *assembler) finish() error {
	e := a.e
	a.e = nil
	if _, err := e.w.Write(finalBlock); err != nil {
		return err
	}
	e.csize += int64(len(finalBlock))
	fh := e.fh
	fh.CRC32 = e.crc
	fh.CompressedSize64, fh.UncompressedSize64 = uint64(e.csize), uint64(e.size)
	fh.CompressedSize, fh.UncompressedSize = uint32(min(e.csize, math.MaxUint32)), uint32(min(e.size, math.MaxUint32))
	if e.csize >= math.MaxUint32 || e.size >= math.MaxUint32 {
		fh.ReaderVersion = 45 // zip64
	}
	m := &a.j.mods[e.mod]
	a.p.files = append(a.p.files, File{Name: fh.Name, Module: m.Name, Records: e.records, Size: e.size,
		SHA256: hex.EncodeToString(e.sha.Sum(nil))})
	return nil
}

// dosTime converts t to the MS-DOS date and time of ZIP headers (2-second resolution).
func dosTime(t time.Time) (date, tm uint16) {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tm
}
