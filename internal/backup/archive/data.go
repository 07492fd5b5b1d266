package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
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
	"unsafe"

	"github.com/klauspost/compress/flate"
	"golang.org/x/sync/errgroup"
)

// ---------------------------------------------------------------------------------------------
// DATA archive: reader → encoders → assembler

const maxChunkRows = 16384

type chunk struct {
	mod   int
	end   bool  // marks the end of module mod (no rows)
	vals  []any // rows × columns, as the driver returned them
	rows  int
	bytes int // approximate size of vals
	csv   []byte
	comp  []byte // csv as an independent deflate segment
	ready chan struct{}
	err   error
}

func (j *job) getChunk(mod int) *chunk {
	c, _ := j.chunkPool.Get().(*chunk)
	if c == nil {
		c = &chunk{}
	}
	c.mod, c.end, c.rows, c.bytes, c.err = mod, false, 0, 0, nil
	c.vals, c.csv, c.comp = c.vals[:0], c.csv[:0], c.comp[:0]
	c.ready = make(chan struct{})
	return c
}

func (j *job) putChunk(c *chunk) {
	clear(c.vals[:cap(c.vals)]) // let the driver's strings go
	j.chunkPool.Put(c)
}

func (j *job) writeData(ctx context.Context, tx *sql.Tx) error {
	g, gctx := errgroup.WithContext(ctx)
	ordered := make(chan *chunk, 2*j.s.workers) // what the assembler waits for, in order
	work := make(chan *chunk, j.s.workers)
	g.Go(func() error { return j.readModules(gctx, tx, ordered, work) })
	for range j.s.workers {
		g.Go(func() error { return j.encodeChunks(gctx, work) })
	}
	g.Go(func() error { return j.assemble(gctx, ordered) })
	return g.Wait()
}

// readModules streams every module's rows (database/sql, one row at a time) into chunks.
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
	for mi := range j.mods {
		m := &j.mods[mi]
		if err := j.readModule(ctx, tx, mi, m, send); err != nil {
			return fmt.Errorf("reading %s: %w", m.Table, err)
		}
		end := j.getChunk(mi)
		end.end = true
		if err := send(end); err != nil {
			return err
		}
	}
	return nil
}

func (j *job) readModule(ctx context.Context, tx *sql.Tx, mi int, m *modState, send func(*chunk) error) error {
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
	c := j.getChunk(mi)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c.vals = append(c.vals, scratch...)
		c.rows++
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
			c = j.getChunk(mi)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if c.rows > 0 {
		return send(c)
	}
	return nil
}

func (j *job) encodeChunks(ctx context.Context, work <-chan *chunk) error {
	e, err := newEncoder(j.s.level)
	if err != nil {
		return err
	}
	for c := range work {
		if c.err = ctx.Err(); c.err == nil {
			c.err = e.encode(j.mods[c.mod].Columns, c)
		}
		close(c.ready)
	}
	return nil
}

// encoder turns a chunk's rows into CSV and a compressed segment. Cells are built in an arena
// and handed to encoding/csv as strings that alias it (no allocation per cell): csv.Writer
// copies them before the arena is reused for the next row.
type encoder struct {
	csvOut  appendWriter
	cw      *csv.Writer
	compOut appendWriter
	fw      *flate.Writer
	rec     []string
	arena   []byte
	list    []string
}

type appendWriter struct{ b *[]byte }

func (a *appendWriter) Write(p []byte) (int, error) {
	*a.b = append(*a.b, p...)
	return len(p), nil
}

func newEncoder(level int) (*encoder, error) {
	e := &encoder{}
	e.cw = csv.NewWriter(&e.csvOut)
	fw, err := flate.NewWriter(&e.compOut, level)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	return e, nil
}

func (e *encoder) encode(columns []Column, c *chunk) error {
	n := len(columns)
	if cap(e.rec) < n {
		e.rec = make([]string, n)
	}
	rec := e.rec[:n]
	e.csvOut.b = &c.csv
	for r := range c.rows {
		e.arena = e.arena[:0]
		row := c.vals[r*n : r*n+n]
		for i, v := range row {
			rec[i] = e.cell(columns[i].Type, v)
		}
		if err := e.cw.Write(rec); err != nil {
			return err
		}
	}
	e.cw.Flush()
	if err := e.cw.Error(); err != nil {
		return err
	}
	clear(rec)
	e.compOut.b = &c.comp
	e.fw.Reset(&e.compOut)
	if _, err := e.fw.Write(c.csv); err != nil {
		return err
	}
	return e.fw.Flush()
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
