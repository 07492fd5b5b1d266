package archive

// The archive writer (BK-2, BK-3, BK-4, BK-13): one org's CRM data streamed from the database
// into a DATA archive (one CSV per module) and an ATTACHMENTS archive (Module/RecordID/filename),
// each split into ZIP parts of at most PartSize bytes, each part carrying manifest.json, each
// written to its final key through the blob store's writer, which stores nothing before it is
// closed; the writers are closed (committed) only once every part of both archives is complete.
//
// How the data archive is produced, and why it is fast (issue 16 item 1):
//
//	reader goroutine ── chunks: ~1 MiB of CSV ──▶ Concurrency deflate goroutines ──▶ assembler
//	(database/sql rows,                            (an independent deflate         (in order: SHA-256,
//	 one module after                              segment per chunk with          CRC-32, raw copy of
//	 another: Scan, then                           klauspost/compress)             the compressed bytes
//	 the row as CSV, BK-3)                                                         into the ZIP entry)
//
// The reader formats each row as CSV as soon as it has scanned it, so rows never wait as driver
// values (pointer-rich memory the collector would scan again and again); compression runs on
// the other cores. Each chunk is compressed as an independent deflate segment ended by a sync
// flush, so segments can be compressed in parallel and concatenated into one valid deflate
// stream (the technique of pgzip) and copied into the ZIP with zip.Writer.CreateRaw. Chunk
// boundaries are row boundaries, which is also where a part can end. The chunks are a fixed set
// of 2×Concurrency+2 reused buffers, so memory does not grow with the data.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/jackc/pgx/v5/stdlib"
	"hash/crc32"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
	"gocloud.dev/blob"
)

// ---------------------------------------------------------------------------------------------
// Writer

// Defaults of the Writer's settings.
const (
	DefaultPartSize      int64 = 1 << 30 // BK-4: parts of at most 1 GiB
	DefaultProgressEvery int64 = 10_000  // rows between Progress calls
	DefaultLevel               = 2       // klauspost deflate level: fast, ~5% larger than zip -6
	DefaultPrefix              = "backups"

	// MinPartSize is the smallest part size honoured: a part must have room for its
	// manifest.json (module list and column map, ~15 KiB) besides data.
	MinPartSize int64 = 64 << 10

	tmpMarker = "tmp-" // temporary objects live under <run prefix>/tmp-<random>/
)

// Writer writes backup archives. Its zero value is not usable: DB and Bucket are required.
// A Writer holds no state between calls and may be used by several goroutines, but only one
// Write per (org, runKey) may run at a time (the job queue guarantees it: task ID = run ID).
type Writer struct {
	DB     *sql.DB      // read in one read transaction: a consistent snapshot (store.DB.SQL)
	Bucket *blob.Bucket // where archives are written: the org's region store (BK-5, the caller's choice)
	Source *blob.Bucket // where attachment bytes are read (blob_key); nil = Bucket
	Prefix string       // key prefix, default DefaultPrefix

	PartSize    int64 // maximum bytes of one ZIP part (BK-4), default DefaultPartSize, at least MinPartSize
	Concurrency int   // goroutines encoding and compressing CSV, default GOMAXPROCS
	Level       int   // deflate level 1–9, default DefaultLevel
	NoBOM       bool  // CSV files without the UTF-8 byte-order mark (default: with it, for spreadsheets)

	// Progress, when set, is called with records done and total (rows of every module plus
	// attachment files) at most every ProgressEvery records, and once at the end with
	// done == total. It is called from one goroutine at a time and should return quickly.
	Progress      func(done, total int64)
	ProgressEvery int64

	Clock func() time.Time // the archive's created time; default time.Now
}

var runKeyRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// RunPrefix is the key prefix under which Write keeps everything of one run: the published
// archives and, while it runs, its temporary objects. Write owns every key under it.
func RunPrefix(prefix string, orgID int, runKey string) string {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return fmt.Sprintf("%s/%d/%s/", strings.TrimSuffix(prefix, "/"), orgID, runKey)
}

// ArchiveKey is the final key of one part: <prefix>/<org>/<run>/data-part1.zip,
// attachments-part1.zip, …
func ArchiveKey(prefix string, orgID int, runKey, kind string, part int) string {
	return RunPrefix(prefix, orgID, runKey) + partName(kind, part)
}

func partName(kind string, part int) string {
	return fmt.Sprintf("%s-part%d.zip", strings.ToLower(kind), part)
}

type settings struct {
	db       *sql.DB
	bucket   *blob.Bucket
	source   *blob.Bucket
	prefix   string
	partSize int64
	workers  int
	level    int
	noBOM    bool
	progress func(done, total int64)
	every    int64
	now      time.Time
	chunk    int // target uncompressed bytes of one chunk
	postgres bool
}

func (w *Writer) settings(orgID int, runKey string) (settings, error) {
	if w.DB == nil || w.Bucket == nil {
		return settings{}, errors.New("backup archive: Writer needs DB and Bucket")
	}
	if orgID <= 0 {
		return settings{}, fmt.Errorf("backup archive: invalid org ID %d", orgID)
	}
	if !runKeyRE.MatchString(runKey) || strings.HasPrefix(runKey, tmpMarker) {
		return settings{}, fmt.Errorf("backup archive: run key %q must be 1–128 letters, digits, '.', '_' or '-' and not start with %q", runKey, tmpMarker)
	}
	s := settings{db: w.DB, bucket: w.Bucket, source: w.Source, prefix: w.Prefix, partSize: w.PartSize,
		workers: w.Concurrency, level: w.Level, noBOM: w.NoBOM, progress: w.Progress, every: w.ProgressEvery}
	_, s.postgres = w.DB.Driver().(*stdlib.Driver)
	if s.source == nil {
		s.source = s.bucket
	}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if s.partSize <= 0 {
		s.partSize = DefaultPartSize
	}
	s.partSize = max(s.partSize, MinPartSize)
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	if s.level < flate.BestSpeed || s.level > flate.BestCompression {
		s.level = DefaultLevel
	}
	if s.every <= 0 {
		s.every = DefaultProgressEvery
	}
	now := time.Now
	if w.Clock != nil {
		now = w.Clock
	}
	s.now = now().UTC()
	// Small parts get small chunks, so that a part can end close to its limit.
	s.chunk = int(min(max(s.partSize/8, 512), 1<<20))
	return s, nil
}

// Write archives every module of the org and its attachments, and returns the manifest with
// the published keys, sizes and SHA-256 of every part.
//
// Atomic publication (BK-13): each part is written to its final key (ArchiveKey) through the
// blob store's writer, which stores nothing under the key until it is closed (a file:// store
// renames its temporary file, S3 completes its multipart upload); the writers of every part of
// both archives are kept open and closed one after the other only once the last part is
// complete — no second write of the archive. Anything else under the run prefix was left by an
// earlier attempt (the store's temporary file of a worker that died, parts of a larger earlier
// archive) and is deleted as Write starts and again after publication, so the run prefix ends
// up holding exactly one archive set. A failed or cancelled Write aborts its open writers
// (nothing is stored) and deletes any part it had already committed; a killed process leaves
// at most the store's temporary files (<key>.<n>.tmp in a file:// store; nothing in S3 but an
// incomplete upload), never an object under a final key, unless it dies while committing.
// Once every part is complete the publication runs to its end even if ctx is cancelled, so a
// cancel never leaves a half published set. Callers record the returned keys only after Write
// returns, so a set that a killed process may have half committed is never referenced, and the
// retry replaces it. Each open writer holds its own buffers (S3: one upload part) until the set
// is committed; with parts of 1 GiB a set has few.
func (w *Writer) Write(ctx context.Context, orgID int, runKey string) (*Manifest, error) {
	s, err := w.settings(orgID, runKey)
	if err != nil {
		return nil, err
	}
	base := RunPrefix(s.prefix, orgID, runKey)
	// Nothing under the run prefix is referenced before Write returns, so what an earlier
	// attempt left (its tmp- objects, a half-published set, the store's own temporary file of
	// an interrupted copy) is removed before this attempt writes (issue 9 item 6).
	if err := deletePrefix(ctx, s.bucket, base, nil); err != nil {
		return nil, fmt.Errorf("backup archive: removing leftovers of an earlier attempt: %w", err)
	}
	j := &job{s: s, org: orgID, run: runKey, base: base}
	man, err := j.execute(ctx)
	if err == nil {
		err = j.publish(context.WithoutCancel(ctx), man)
	}
	if err != nil {
		j.discard(ctx)
		return nil, fmt.Errorf("backup archive of org %d run %s: %w", orgID, runKey, err)
	}
	return man, nil
}

// job is one Write.
type job struct {
	s    settings
	org  int
	run  string
	base string // run prefix

	mods       []modState // read-only once the pipeline starts
	read       []int64    // rows read per module (the reader goroutine's)
	records    int64      // rows of every module (snapshot counts)
	attachN    int64      // attachment files (rows of the attachments table)
	total      int64
	done       int64
	reported   int64
	missing    []MissingAttachment
	parts      []*finished // completed parts, not yet committed, in order
	published  []string    // final keys committed by this attempt
	deflate    sync.Pool   // *flate.Writer for zip entries that zip.Writer compresses
	baseCost   map[string]int64
	blocks     chan *chunk // the fixed set of chunks (nil: not yet allocated); see getChunk
	headerFlat *flate.Writer
}

type modState struct {
	Module
	count     int64
	fullScan  bool
	headerSeg []byte // the header row as an independent deflate segment
	headerLen int64
	headerCRC uint32
	header    []byte
}

type finished struct {
	*part // its blob writer is open until publish commits it
	Archive
}

func (j *job) execute(ctx context.Context) (*Manifest, error) {
	// One read transaction: counts, rows and attachments come from one snapshot (SQLite WAL),
	// so the manifest's counts are exactly the rows in the archive.
	// (REPEATABLE READ on PostgreSQL, whose default READ COMMITTED takes a snapshot per statement.)
	tx, err := j.s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := j.prepare(ctx, tx); err != nil {
		return nil, err
	}
	j.report(false)
	if err := j.writeData(ctx, tx); err != nil {
		return nil, err
	}
	for i, m := range j.mods {
		if j.read[i] != m.count {
			return nil, fmt.Errorf("module %s: counted %d rows but read %d (the read was not a snapshot)", m.Name, m.count, j.read[i])
		}
	}
	if err := j.writeAttachments(ctx, tx); err != nil {
		return nil, err
	}
	j.report(true)
	return j.manifest(), nil
}

func (j *job) prepare(ctx context.Context, tx *sql.Tx) error {
	for _, m := range registry {
		st := modState{Module: m}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(m.Table)+" WHERE org_id = $1", j.org).Scan(&st.count); err != nil {
			return fmt.Errorf("counting %s: %w", m.Table, err)
		}
		var maxID sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT MAX(id) FROM "+quoteIdent(m.Table)).Scan(&maxID); err != nil {
			return fmt.Errorf("sizing %s: %w", m.Table, err)
		}
		st.fullScan = !j.s.postgres && useFullScan(st.count, maxID.Int64)
		var hb bytes.Buffer
		if !j.s.noBOM { // every CSV file (and continuation) starts with its header
			hb.WriteString(UTF8BOM)
		}
		cw := csv.NewWriter(&hb)
		hdr := make([]string, len(m.Columns))
		for i, c := range m.Columns {
			hdr[i] = c.Header
		}
		_ = cw.Write(hdr)
		cw.Flush()
		st.header = hb.Bytes()
		st.headerLen = int64(hb.Len())
		st.headerCRC = crc32.ChecksumIEEE(st.header)
		seg, err := j.segment(st.header)
		if err != nil {
			return err
		}
		st.headerSeg = seg
		j.records += st.count
		if m.Table == "attachments" {
			j.attachN = st.count
		}
		j.mods = append(j.mods, st)
	}
	j.total = j.records + j.attachN
	j.read = make([]int64, len(j.mods))
	j.deflate.New = func() any {
		fw, _ := flate.NewWriter(io.Discard, j.s.level)
		return fw
	}
	j.baseCost = map[string]int64{}
	for _, kind := range []string{KindData, KindAttachments} {
		b, err := j.partManifest(kind, 0, nil).encode()
		if err != nil {
			return err
		}
		// manifest entry (stored): local header, data, data descriptor, central record;
		// then the end records (zip64 end, locator, end of central directory); and slack
		// for numbers that grow while the part fills.
		j.baseCost[kind] = int64(len(b)) + 1024 + (30 + 13 + 9) + 24 + (46 + 13 + 9 + 28) + 56 + 20 + 22
	}
	return nil
}

// segment compresses b into an independent deflate segment (sync-flushed, not final).
func (j *job) segment(b []byte) ([]byte, error) {
	var out bytes.Buffer
	if j.headerFlat == nil {
		fw, err := flate.NewWriter(&out, j.s.level)
		if err != nil {
			return nil, err
		}
		j.headerFlat = fw
	} else {
		j.headerFlat.Reset(&out)
	}
	if _, err := j.headerFlat.Write(b); err != nil {
		return nil, err
	}
	if err := j.headerFlat.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// entryTail is what finishing a raw entry writes: the final block and the data descriptor.
var entryTail = int64(len(finalBlock)) + 24

// finalBlock ends a deflate stream made of sync-flushed segments: an empty final block.
var finalBlock = func() []byte {
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestSpeed)
	_ = fw.Close()
	return b.Bytes()
}()

func (j *job) tick(n int64) {
	j.done += n
	if j.s.progress != nil && j.done-j.reported >= j.s.every {
		j.report(false)
	}
}

func (j *job) report(final bool) {
	if j.s.progress == nil {
		return
	}
	j.reported = j.done
	total := max(j.total, j.done)
	if final {
		total = j.done
	}
	j.s.progress(j.done, total)
}

func (j *job) common(kind string, part int) PartManifest {
	return PartManifest{Format: FormatName, FormatVersion: FormatVersion, Kind: kind, Part: part, Org: j.org, Run: j.run,
		CreatedAt: j.s.now, Records: j.records, Attachments: j.attachN, Excluded: Exclusions}
}

func (j *job) partManifest(kind string, part int, p *part) *PartManifest {
	pm := j.common(kind, part)
	if kind == KindData {
		for i := range j.mods {
			pm.Modules = append(pm.Modules, j.mods[i].info(j.mods[i].count))
		}
		f := j.csvFormat()
		pm.CSV = &f
		pm.FormulaNeutralisation = NeutralisationNote
	}
	pm.Files = []File{}
	if p != nil {
		pm.Files = p.files
		pm.MissingAttachments = p.missing
	}
	return &pm
}

func (j *job) csvFormat() CSVFormat {
	f := csvFormat
	f.ByteOrderMark = !j.s.noBOM
	return f
}

func (j *job) manifest() *Manifest {
	m := &Manifest{Format: FormatName, FormatVersion: FormatVersion, Org: j.org, Run: j.run, CreatedAt: j.s.now,
		Records: j.records, Attachments: j.attachN, CSV: j.csvFormat(), FormulaNeutralisation: NeutralisationNote,
		Excluded: slices.Clone(Exclusions), MissingAttachments: j.missing}
	for _, st := range j.mods {
		m.Modules = append(m.Modules, st.info(st.count))
	}
	for _, p := range j.parts {
		m.Archives = append(m.Archives, p.Archive)
	}
	return m
}
