package archive

// The archive writer (BK-2, BK-3, BK-4, BK-13): one org's CRM data streamed from the database
// into a DATA archive (one CSV per module) and an ATTACHMENTS archive (Module/RecordID/filename),
// each split into ZIP parts of at most PartSize bytes, each part carrying manifest.json, all
// written under a temporary key and published only once every part is complete.
//
// How the data archive is produced, and why it is fast:
//
//	reader goroutine ── chunks of ~1 MiB of rows ──▶ Concurrency encoder goroutines ──▶ assembler
//	(database/sql rows,                               (CSV via encoding/csv, BK-3         (in order: SHA-256,
//	 one module after                                  neutralisation, then an             CRC-32, raw copy of
//	 another, nothing                                  independent deflate segment         the compressed bytes
//	 but Scan)                                         with klauspost/compress)            into the ZIP entry)
//
// The reader only scans rows and keeps the driver's values; CSV encoding and compression run on
// the other cores. Each chunk is compressed as an independent deflate segment ended by a sync
// flush, so segments can be compressed in parallel and concatenated into one valid deflate
// stream (the technique of pgzip) and copied into the ZIP with zip.Writer.CreateRaw. Chunk
// boundaries are row boundaries, which is also where a part can end. At most 2×Concurrency+2
// chunks are in flight, so memory does not grow with the data.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/klauspost/compress/flate"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
	"golang.org/x/sync/errgroup"

	"github.com/crmadmin/crmadmin/internal/blobstore"
)

// ---------------------------------------------------------------------------------------------
// Modules: what goes into the DATA archive

// ColumnType says how a column's values are written to CSV.
type ColumnType uint8

const (
	// TextColumn values are written as stored; formula-looking ones are neutralised (BK-3).
	TextColumn ColumnType = iota
	// IntColumn values (IDs, amounts in minor units, sizes) are written as decimal digits and
	// never neutralised: -5 stays -5.
	IntColumn
	// TimeColumn values are written in RFC 3339, UTC.
	TimeColumn
	// ListColumn values are JSON arrays of strings (email addresses), written joined by "; "
	// and neutralised like text.
	ListColumn
)

func (t ColumnType) String() string {
	switch t {
	case IntColumn:
		return "integer"
	case TimeColumn:
		return "time"
	case ListColumn:
		return "list"
	default:
		return "text"
	}
}

// Column is one CSV column of a module.
type Column struct {
	Header string     // CSV header: "First Name", "Record ID", "Created Time"
	Name   string     // database column, or the alias of Expr
	Expr   string     // SQL expression selected instead of the column ("" = the column itself)
	Type   ColumnType // how values are written
}

// Module is one CRM record type and the table it is read from. Every table has org_id, and
// rows are read WHERE org_id = ? only (PL-1).
type Module struct {
	Name     string   // "Contacts": the CSV is Contacts.csv, attachments go under Contacts/
	Table    string   // "contacts"
	Columns  []Column // in CSV order: Record ID first, then fields, links, owner, times
	Internal []string // table columns deliberately left out (org_id; blob_key; email bodies, BK-2)
}

// Headers are readable names derived from the column names ("first_name" → "First Name"),
// with "id" → "Record ID", created_at/updated_at → "Created Time"/"Modified Time" and *_id
// links → "… ID". Every manifest maps each header back to its column for restores.
var headerWords = map[string]string{"id": "ID", "ids": "IDs", "of": "of", "cc": "CC", "sha256": "SHA-256"}

func header(column string) string {
	switch column {
	case "id":
		return "Record ID"
	case "created_at":
		return "Created Time"
	case "updated_at":
		return "Modified Time"
	}
	words := strings.Split(column, "_")
	for i, w := range words {
		if r, ok := headerWords[w]; ok {
			words[i] = r
		} else if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func cols(t ColumnType, names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Header: header(n), Name: n, Type: t}
	}
	return out
}

// module assembles a module: Record ID, the given columns, then Created/Modified Time.
func module(name, table string, groups ...[]Column) Module {
	c := cols(IntColumn, "id")
	for _, g := range groups {
		c = append(c, g...)
	}
	c = append(c, cols(TimeColumn, "created_at", "updated_at")...)
	return Module{Name: name, Table: table, Columns: c, Internal: []string{"org_id"}}
}

// linkedIDs selects the IDs an email is linked to through a join table, "3; 7; 12".
func linkedIDs(alias, joinTable, idColumn string) Column {
	return Column{Header: header(alias), Name: alias, Type: TextColumn,
		Expr: fmt.Sprintf(`(SELECT group_concat(%[2]s, '; ' ORDER BY %[2]s) FROM %[1]s WHERE %[1]s.email_id = emails.id)`, joinTable, idColumn)}
}

var registry = func() []Module {
	text := func(n ...string) []Column { return cols(TextColumn, n...) }
	ints := func(n ...string) []Column { return cols(IntColumn, n...) }
	times := func(n ...string) []Column { return cols(TimeColumn, n...) }
	emails := module("Emails", "emails",
		text("subject", "from_address", "from_name"), cols(ListColumn, "to_addresses", "cc_addresses"),
		times("sent_at"), text("direction", "message_id"), ints("support_case_id"),
		[]Column{linkedIDs("lead_ids", "email_leads", "lead_id"), linkedIDs("contact_ids", "email_contacts", "contact_id"),
			linkedIDs("deal_ids", "email_deals", "deal_id")})
	emails.Internal = append(emails.Internal, "body") // BK-2: email bodies are not backed up
	attachments := module("Attachments", "attachments",
		text("file_name", "content_type"), ints("size"), text("sha256"),
		ints("lead_id", "contact_id", "account_id", "deal_id", "task_id", "event_id", "support_case_id"))
	attachments.Internal = append(attachments.Internal, "blob_key") // the bytes are in the ATTACHMENTS archive
	return []Module{
		module("Leads", "leads",
			text("first_name", "last_name", "email", "company", "title", "phone", "mobile", "lead_source", "status", "description"),
			ints("owner_id")),
		module("Contacts", "contacts",
			text("first_name", "last_name", "email", "title", "department", "phone", "home_phone", "other_phone", "fax",
				"mobile", "assistant", "asst_phone", "reports_to", "mailing_street", "mailing_city", "mailing_state",
				"mailing_zip", "mailing_country", "other_street", "other_city", "other_state", "other_zip", "other_country",
				"description"),
			times("date_of_birth"), ints("account_id", "owner_id")),
		module("Accounts", "accounts",
			text("name", "website", "phone", "industry", "billing_street", "billing_city", "billing_state", "billing_zip",
				"billing_country", "description"),
			ints("owner_id")),
		module("Deals", "deals",
			text("name"), ints("amount"), text("currency", "stage"), times("closing_date"), text("description"),
			ints("account_id", "contact_id", "owner_id")),
		module("Tasks", "tasks",
			text("subject"), times("due_date"), text("priority", "status", "description"),
			ints("contact_id", "deal_id", "owner_id")),
		module("Events", "events",
			text("subject"), times("start_at", "end_at"), text("venue", "description"), ints("owner_id")),
		module("Event Participants", "event_participants",
			ints("event_id"), text("email", "name"), ints("contact_id", "lead_id", "user_id")),
		module("Cases", "support_cases",
			text("subject", "status", "priority", "origin", "email", "contact_name", "description"),
			ints("contact_id", "account_id", "owner_id")),
		module("Notes", "notes",
			text("title", "body"), ints("lead_id", "contact_id", "account_id", "deal_id", "support_case_id", "owner_id")),
		attachments,
		emails,
	}
}()

// Modules returns every CRM module in archive order (a fresh copy; callers may change it).
func Modules() []Module {
	out := make([]Module, len(registry))
	for i, m := range registry {
		m.Columns = slices.Clone(m.Columns)
		m.Internal = slices.Clone(m.Internal)
		out[i] = m
	}
	return out
}

// FileName is the name of the module's CSV inside the DATA archive; piece > 1 is a
// continuation in a later part ("Contacts.part2.csv").
func (m Module) FileName(piece int) string {
	if piece <= 1 {
		return m.Name + ".csv"
	}
	return fmt.Sprintf("%s.part%d.csv", m.Name, piece)
}

// SelectSQL is the query Write streams the module with (one bind parameter: the org ID).
// fullScan reads the table in rowid order (SQLite's NOT INDEXED), which is right when the org
// owns a large share of the table; otherwise the (org_id, …) index finds the rows and SQLite
// sorts them by id. Both return the same rows in the same order.
func (m Module) SelectSQL(fullScan bool) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range m.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.Expr != "" {
			b.WriteString(c.Expr + " AS ")
		}
		b.WriteString(quoteIdent(c.Name))
	}
	b.WriteString(" FROM " + quoteIdent(m.Table))
	if fullScan {
		b.WriteString(" NOT INDEXED")
	}
	b.WriteString(" WHERE org_id = ? ORDER BY id")
	return b.String()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// useFullScan picks the plan of SelectSQL from the org's row count and the table's highest
// id (a cheap bound on its size): a full scan when the org has at least a quarter of it.
func useFullScan(orgRows, maxID int64) bool { return orgRows*4 >= maxID }

func (m Module) info(records int64) ModuleInfo {
	ci := make([]ColumnInfo, len(m.Columns))
	for i, c := range m.Columns {
		ci[i] = ColumnInfo{Header: c.Header, Column: c.Name, Type: c.Type.String()}
	}
	return ModuleInfo{Name: m.Name, Table: m.Table, File: m.FileName(1), Records: records, Columns: ci}
}

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
// Atomic publication (BK-13): parts are written under <run prefix>/tmp-<random>/ and copied to
// their final keys (ArchiveKey) only after every part of both archives is complete; then the
// temporary objects are deleted, and so is anything else left under the run prefix by an
// earlier attempt (temporary objects of a worker that died, or parts of a larger earlier
// archive), so the run prefix ends up holding exactly one archive set. A failed or cancelled
// Write publishes nothing and deletes its temporary objects (best effort; a killed process
// leaves them, and the next Write of the run deletes them as it starts). Once every part is complete the
// publication runs to its end even if ctx is cancelled, so a cancel never leaves a half
// published set. Callers record the returned keys only after Write returns, so a set that a
// killed process may have half published is never referenced, and the retry replaces it.
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
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	j := &job{s: s, org: orgID, run: runKey, base: base, tmp: base + tmpMarker + hex.EncodeToString(rnd[:]) + "/"}
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
	tmp  string // temporary prefix of this attempt

	mods       []modState // read-only once the pipeline starts
	read       []int64    // rows read per module (the reader goroutine's)
	records    int64      // rows of every module (snapshot counts)
	attachN    int64      // attachment files (rows of the attachments table)
	total      int64
	done       int64
	reported   int64
	missing    []MissingAttachment
	parts      []*finished // completed temporary parts, in order
	published  []string    // final keys copied by this attempt
	deflate    sync.Pool   // *flate.Writer for zip entries that zip.Writer compresses
	baseCost   map[string]int64
	chunkPool  sync.Pool // *chunk
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
	tmpKey string
	Archive
}

func (j *job) execute(ctx context.Context) (*Manifest, error) {
	// One read transaction: counts, rows and attachments come from one snapshot (SQLite WAL),
	// so the manifest's counts are exactly the rows in the archive.
	tx, err := j.s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
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
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(m.Table)+" WHERE org_id = ?", j.org).Scan(&st.count); err != nil {
			return fmt.Errorf("counting %s: %w", m.Table, err)
		}
		var maxID sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT MAX(id) FROM "+quoteIdent(m.Table)).Scan(&maxID); err != nil {
			return fmt.Errorf("sizing %s: %w", m.Table, err)
		}
		st.fullScan = useFullScan(st.count, maxID.Int64)
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

// ---------------------------------------------------------------------------------------------
// Parts: one ZIP file being written to a temporary key

type part struct {
	kind     string
	num      int
	tmpKey   string
	finalKey string
	bw       *blob.Writer
	abort    context.CancelFunc
	sum      hash.Hash
	n        int64 // bytes handed to the blob writer
	zw       *zip.Writer
	files    []File
	missing  []MissingAttachment
	reserved int64 // bytes still to come at close: central directory, manifest, end records
	entries  int
}

// Write receives the ZIP bytes: to the blob, and through the part's SHA-256.
func (p *part) Write(b []byte) (int, error) {
	n, err := p.bw.Write(b)
	p.sum.Write(b[:n])
	p.n += int64(n)
	return n, err
}

// used is the part's size so far.
func (p *part) used() (int64, error) {
	err := p.zw.Flush()
	return p.n, err
}

// fits reports whether need more bytes (entry data and headers) fit in the part, counting what
// closing it will add. An empty part takes anything, so that every part makes progress: a part
// exceeds PartSize only when a single chunk or attachment alone does not fit in one.
func (p *part) fits(need, limit int64) (bool, error) {
	if p.entries == 0 {
		return true, nil
	}
	n, err := p.used()
	return n+need+p.reserved <= limit, err
}

// entryCost is what an entry adds besides its data: local header (+ extended timestamp extra
// for entries that zip.Writer creates), data descriptor (zip64 size), central directory
// record (+ zip64 extra), and its line in the manifest (JSON, indented, escaped).
func entryCost(name string, module string) (now, atClose int64) {
	n := int64(len(name))
	return 30 + n + 9 + 24, 46 + n + 9 + 28 + 220 + 6*n + 2*int64(len(module))
}

func (j *job) newPart(ctx context.Context, kind string, num int) (*part, error) {
	name := partName(kind, num)
	wctx, cancel := context.WithCancel(ctx)
	bw, err := j.s.bucket.NewWriter(wctx, j.tmp+name, blobstore.Private(&blob.WriterOptions{ContentType: "application/zip"}))
	if err != nil {
		cancel()
		return nil, err
	}
	p := &part{kind: kind, num: num, tmpKey: j.tmp + name, finalKey: j.base + name, bw: bw, abort: cancel,
		sum: sha256.New(), reserved: j.baseCost[kind]}
	p.zw = zip.NewWriter(p)
	p.zw.RegisterCompressor(zip.Deflate, j.compressor)
	return p, nil
}

// compressor gives zip.Writer a pooled klauspost deflate writer at the configured level.
func (j *job) compressor(out io.Writer) (io.WriteCloser, error) {
	fw := j.deflate.Get().(*flate.Writer)
	fw.Reset(out)
	return &pooledFlate{Writer: fw, pool: &j.deflate}, nil
}

type pooledFlate struct {
	*flate.Writer
	pool *sync.Pool
}

func (f *pooledFlate) Close() error {
	err := f.Writer.Close()
	f.pool.Put(f.Writer)
	f.Writer = nil
	return err
}

// closePart writes the part's manifest.json and commits the temporary object.
func (j *job) closePart(p *part) error {
	b, err := j.partManifest(p.kind, p.num, p).encode()
	if err == nil {
		var mw io.Writer
		mw, err = p.zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Store, Modified: j.s.now})
		if err == nil {
			_, err = mw.Write(b)
		}
	}
	if err == nil {
		err = p.zw.Close()
	}
	if err != nil {
		p.discard()
		return err
	}
	if err := p.bw.Close(); err != nil {
		p.abort()
		return err
	}
	p.abort() // releases the writer's context
	j.parts = append(j.parts, &finished{tmpKey: p.tmpKey, Archive: Archive{Kind: p.kind, Part: p.num, Key: p.finalKey,
		Size: p.n, SHA256: hex.EncodeToString(p.sum.Sum(nil)), Files: p.files}})
	return nil
}

// discard aborts the part's blob write: nothing is stored under its key.
func (p *part) discard() {
	p.abort()
	_ = p.bw.Close()
}

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

// ---------------------------------------------------------------------------------------------
// ATTACHMENTS archive

// attachmentLinks are the record links of an attachment, in the order that picks its folder
// when it is linked to more than one record.
var attachmentLinks = []struct{ column, module string }{
	{"lead_id", "Leads"}, {"contact_id", "Contacts"}, {"account_id", "Accounts"}, {"deal_id", "Deals"},
	{"task_id", "Tasks"}, {"event_id", "Events"}, {"support_case_id", "Cases"},
}

// UnlinkedFolder holds attachments linked to no record, as Unlinked/<attachment ID>/filename.
const UnlinkedFolder = "Unlinked"

// attachmentsSQL lists the org's attachments grouped by folder (module, record), so that name
// clashes inside one folder are found with a small per-folder set.
var attachmentsSQL = func() string {
	var links, rank, rec []string
	for i, l := range attachmentLinks {
		links = append(links, l.column)
		rank = append(rank, fmt.Sprintf("WHEN %s IS NOT NULL THEN %d", l.column, i))
		rec = append(rec, l.column)
	}
	return fmt.Sprintf("SELECT id, file_name, content_type, blob_key, updated_at, %s FROM attachments WHERE org_id = ? "+
		"ORDER BY CASE %s ELSE %d END, COALESCE(%s, id), file_name, id",
		strings.Join(links, ", "), strings.Join(rank, " "), len(attachmentLinks), strings.Join(rec, ", "))
}()

func (j *job) writeAttachments(ctx context.Context, tx *sql.Tx) (err error) {
	rows, err := tx.QueryContext(ctx, attachmentsSQL, j.org)
	if err != nil {
		return fmt.Errorf("reading attachments: %w", err)
	}
	defer rows.Close()
	num := 1
	p, err := j.newPart(ctx, KindAttachments, num)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil && p != nil {
			p.discard()
		}
	}()
	var (
		folder string
		used   = map[string]bool{}
		buf    = make([]byte, 256<<10)
		links  = make([]sql.NullInt64, len(attachmentLinks))
		dest   = make([]any, 0, 5+len(links))
	)
	var (
		id                       int
		fileName, ctype, blobKey string
		updated                  sql.NullTime
	)
	dest = append(dest, &id, &fileName, &ctype, &blobKey, &updated)
	for i := range links {
		dest = append(dest, &links[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		module, recordID := UnlinkedFolder, id
		for i, l := range links {
			if l.Valid {
				module, recordID = attachmentLinks[i].module, int(l.Int64)
				break
			}
		}
		dir := module + "/" + strconv.Itoa(recordID) + "/"
		if dir != folder {
			folder = dir
			clear(used)
		}
		name := dir + uniqueName(SafeFileName(fileName), id, used)
		rd, err := j.s.source.NewReader(ctx, blobKey, nil)
		if gcerrors.Code(err) == gcerrors.NotFound {
			ma := MissingAttachment{AttachmentID: id, Module: module, RecordID: recordID, FileName: fileName}
			j.missing = append(j.missing, ma)
			p.missing = append(p.missing, ma)
			p.reserved += 200 + 6*int64(len(fileName))
			j.tick(1)
			continue
		}
		if err != nil {
			return fmt.Errorf("attachment %d: %w", id, err)
		}
		method := compressMethod(ctype, name)
		size := rd.Size()
		bound := size
		if method == zip.Deflate {
			bound += size/8192 + 1024 // deflate falls back to stored blocks: 5 bytes per 64 KiB
		}
		now, later := entryCost(name, module)
		ok, err := p.fits(now+later+bound, j.s.partSize)
		if err == nil && !ok {
			done := p
			p = nil
			if err = j.closePart(done); err == nil {
				num++
				p, err = j.newPart(ctx, KindAttachments, num)
			}
		}
		if err != nil {
			rd.Close()
			return err
		}
		mod := time.Time{}
		if updated.Valid {
			mod = updated.Time.UTC()
		}
		fw, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: mod})
		if err != nil {
			rd.Close()
			return err
		}
		p.entries++
		p.reserved += later + 24 // the data descriptor, written at the next entry or at close
		h := sha256.New()
		n, err := io.CopyBuffer(io.MultiWriter(fw, h), struct{ io.Reader }{rd}, buf)
		rd.Close()
		if err != nil {
			return fmt.Errorf("attachment %d: %w", id, err)
		}
		p.files = append(p.files, File{Name: name, Module: module, RecordID: recordID, AttachmentID: id, Size: n,
			SHA256: hex.EncodeToString(h.Sum(nil))})
		j.tick(1)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	done := p
	p = nil
	return j.closePart(done)
}

// SafeFileName makes an attachment's name safe as the last element of a ZIP path: no
// separators or control characters, valid UTF-8, not "." or "..", at most 200 bytes (the
// extension kept).
func SafeFileName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	const maxBytes = 200
	if len(name) > maxBytes {
		ext := path.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		stem := name[:maxBytes-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	return name
}

// uniqueName returns name, or "stem (attachment ID).ext" when the folder already has it.
func uniqueName(name string, id int, used map[string]bool) string {
	cand := name
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 0; used[cand]; i++ {
		if i == 0 {
			cand = fmt.Sprintf("%s (%d)%s", stem, id, ext)
		} else {
			cand = fmt.Sprintf("%s (%d-%d)%s", stem, id, i, ext)
		}
	}
	used[cand] = true
	return cand
}

// compressMethod stores files that are compressed already; deflates the rest.
func compressMethod(contentType, name string) uint16 {
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	switch {
	case strings.HasPrefix(ct, "image/") && ct != "image/svg+xml" && ct != "image/bmp" && ct != "image/tiff",
		strings.HasPrefix(ct, "video/"), strings.HasPrefix(ct, "audio/"),
		ct == "application/zip", ct == "application/gzip", ct == "application/x-7z-compressed",
		ct == "application/vnd.rar", ct == "application/x-rar-compressed",
		strings.HasPrefix(ct, "application/vnd.openxmlformats-officedocument."),
		strings.HasPrefix(ct, "application/vnd.oasis.opendocument."):
		return zip.Store
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".mp3", ".m4a", ".zip", ".gz",
		".7z", ".rar", ".docx", ".xlsx", ".pptx", ".odt", ".ods":
		return zip.Store
	}
	return zip.Deflate
}

// ---------------------------------------------------------------------------------------------
// Publication and clean-up (BK-13)

func (j *job) publish(ctx context.Context, man *Manifest) error {
	b := j.s.bucket
	final := map[string]bool{}
	for _, p := range j.parts {
		if err := b.Copy(ctx, p.Key, p.tmpKey, blobstore.PrivateCopy()); err != nil {
			return fmt.Errorf("publishing %s: %w", p.Key, err)
		}
		j.published = append(j.published, p.Key)
		final[p.Key] = true
	}
	for _, p := range j.parts {
		if err := b.Delete(ctx, p.tmpKey); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return fmt.Errorf("removing %s: %w", p.tmpKey, err)
		}
	}
	j.parts = nil
	j.published = nil // from here on the set is complete: a failure below must not remove it
	// Anything else under the run prefix is from an earlier attempt: stale parts, temporaries.
	return deletePrefix(ctx, b, j.base, final)
}

// discard removes what this attempt wrote (temporary objects, and final keys if publication
// failed half way). It runs even when ctx is cancelled, with its own time limit.
func (j *job) discard(ctx context.Context) {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	for _, k := range j.published {
		_ = j.s.bucket.Delete(dctx, k)
	}
	_ = deletePrefix(dctx, j.s.bucket, j.tmp, nil)
}

// deletePrefix deletes every object under prefix except those in keep.
func deletePrefix(ctx context.Context, b *blob.Bucket, prefix string, keep map[string]bool) error {
	it := b.List(&blob.ListOptions{Prefix: prefix})
	var doomed []string
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if !obj.IsDir && !keep[obj.Key] {
			doomed = append(doomed, obj.Key)
		}
	}
	for _, k := range doomed {
		if err := b.Delete(ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
	}
	return nil
}
