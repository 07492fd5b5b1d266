package bench

// BenchmarkArchive: the backup archive writer (internal/backup, BK-2…BK-4) side by side with
// its baselines on one generated SQLite database, in one run:
//
//	CLI      sqlite3 -header -csv per table, piped (FIFOs) into one `zip -6`
//	stdlib   archive/zip + encoding/csv in one goroutine (the obvious Go program)
//	Writer   archive.Writer.Write: DATA + ATTACHMENTS archives, written to their final keys, committed together
//	floor    the same SELECTs, every row scanned, nothing written
//
// The Go variants each run in a child process (this test binary re-executed) so that peak RSS
// (ru_maxrss) is the variant's own. Figures are wall times on whatever the machine is doing.
//
// Environment: CRM_BENCH_ARCHIVE_CONTACTS (or CRM_BENCH_CONTACTS) sets the contacts of the
// main database (default 1,000,000; tasks and events are 30% of it each); CRM_BENCH_SCALES=1
// adds Writer and floor at 100k and 3M contacts for the linear-growth table;
// CRM_BENCH_ARCHIVE_REPEAT (default 3) runs floor and Writer that many times each, alternately
// (floor, Writer, floor, …) after the database file has been read once (page cache warm), and
// reports the min and the median of each (issue 16 item 1: one floor run moved 4.6 s → 9.6 s).
// Databases are cached in os.TempDir() as crmadmin-archive-bench-<schema>-<contacts>.db.

import (
	"archive/zip"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"gocloud.dev/blob/fileblob"

	"github.com/crmadmin/crmadmin/ent/migrate"
	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/store"
)

const (
	archiveChildEnv  = "CRM_BENCH_ARCHIVE_CHILD"
	archiveOrg       = 1 // the org that is backed up; org 2 holds 1% of every table
	archiveResultTag = "ARCHIVE-RESULT "
)

// Targets from issue 16 item 1: Writer ≤ 0.3× the CLI pipeline, ≤ 1.3× the scan floor, peak
// RSS ≤ 48 MB above the same binary idle.
const (
	archiveTargetCLI   = 0.3
	archiveTargetFloor = 1.3
	archiveTargetRSSMB = 48
)

type archiveRun struct {
	Variant string        `json:"variant"`
	Wall    time.Duration `json:"wall"`
	Bytes   int64         `json:"bytes"` // output size
	Rows    int64         `json:"rows"`
	RSSKB   int64         `json:"rssKB"` // peak RSS of the process that did the work
	Note    string        `json:"note,omitempty"`
	Err     string        `json:"err,omitempty"`
}

type archiveChildArgs struct {
	Mode string `json:"mode"` // floor | stdlib | writer | idle
	DB   string `json:"db"`
	PG   string `json:"pg,omitempty"` // a PostgreSQL URL instead of the SQLite file DB
	Out  string `json:"out"`
}

func BenchmarkArchive(b *testing.B) {
	main := envInt("CRM_BENCH_ARCHIVE_CONTACTS", envInt("CRM_BENCH_CONTACTS", 1_000_000))
	repeat := max(envInt("CRM_BENCH_ARCHIVE_REPEAT", 3), 1)
	scales := []int{main}
	if os.Getenv("CRM_BENCH_SCALES") == "1" {
		scales = archiveScales(main)
	}
	load0 := archiveLoadAvg()
	for b.Loop() {
		var results []archiveScaleResult
		for _, n := range scales {
			db := archiveDB(b, n)
			r := archiveScaleResult{Contacts: n, DB: db}
			archiveWarm(b, db)
			idle := archiveChild(b, archiveChildArgs{Mode: "idle", DB: db})
			r.BaseRSSKB = idle.RSSKB
			r.Load = archiveLoadAvg()
			for range repeat { // alternately, so that a change of the machine's load hits both
				for _, mode := range []string{"floor", "writer"} {
					out := b.TempDir()
					run := archiveChild(b, archiveChildArgs{Mode: mode, DB: db, Out: out})
					os.RemoveAll(out)
					if mode == "floor" {
						r.Floors = append(r.Floors, run)
					} else {
						r.Writers = append(r.Writers, run)
					}
				}
			}
			r.Floor, r.FloorMedian = archiveMinMedian(r.Floors)
			r.Writer, r.WriterMedian = archiveMinMedian(r.Writers)
			if n == main {
				r.CLI = archiveCLI(b, db)
				r.Stdlib = archiveChild(b, archiveChildArgs{Mode: "stdlib", DB: db, Out: b.TempDir()})
				r.Full = true
			}
			results = append(results, r)
		}
		archiveReport(b, results, main, repeat, load0)
		for _, r := range results {
			if r.Full {
				archivePostgres(b, r.Contacts, repeat, r.DB, r.Writer, r.Floor)
			}
		}
	}
}

func archiveScales(main int) []int {
	out := []int{100_000}
	if main != 100_000 {
		out = append(out, main)
	}
	if main < 3_000_000 {
		out = append(out, 3_000_000)
	}
	return out
}

type archiveScaleResult struct {
	Contacts                   int
	DB                         string
	Full                       bool       // all four variants ran
	CLI, Stdlib, Writer, Floor archiveRun // Writer and Floor: the fastest run of each
	WriterMedian, FloorMedian  archiveRun
	Writers, Floors            []archiveRun // every run, in order
	BaseRSSKB                  int64        // the same child process, idle
	Load                       string       // load average before the floor and Writer runs
}

// archiveMinMedian returns the fastest run and the median run (the lower middle one of an
// even count) of runs.
func archiveMinMedian(runs []archiveRun) (fastest, median archiveRun) {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b archiveRun) int { return cmp.Compare(a.Wall, b.Wall) })
	return sorted[0], sorted[(len(sorted)-1)/2]
}

func archiveWalls(runs []archiveRun) string {
	var ws []string
	for _, r := range runs {
		ws = append(ws, fmt.Sprintf("%.2f", r.Wall.Seconds()))
	}
	return strings.Join(ws, ", ")
}

func archiveReport(b *testing.B, rs []archiveScaleResult, main, repeat int, load0 string) {
	var out strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&out, format, args...) }
	mb := func(n int64) float64 { return float64(n) / 1e6 }
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**not met**"
	}
	for _, r := range rs {
		if !r.Full {
			continue
		}
		p("One SQLite database (%s on disk, in the page cache) with %s contacts, %s tasks and %s events of org 1 "+
			"(mixed Japanese/French/English text with commas, quotes and line breaks) and 1%% more rows of org 2. "+
			"%d CPUs shared with other work (load average %s before, %s after). Floor and Writer: %d runs each, "+
			"alternately, after one read of the file; the table shows the fastest run of each, its medians below. "+
			"Go variants run in child processes; their peak RSS includes the test binary's own %.0f MB at rest "+
			"(the same child, idle), shown apart as \"above idle\".\n\n",
			archiveFileSize(r.DB), archiveCount(r.Contacts), archiveCount(r.Contacts*3/10), archiveCount(r.Contacts*3/10),
			runtime.NumCPU(), load0, archiveLoadAvg(), repeat, float64(r.BaseRSSKB)/1024)
		p("| Variant | Wall | × CLI | × floor | Output | Peak RSS | above idle |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, v := range []archiveRun{r.CLI, r.Stdlib, r.Writer, r.Floor} {
			if v.Err != "" {
				p("| %s | skipped: %s | | | | |\n", v.Variant, v.Err)
				continue
			}
			xcli := "—"
			if r.CLI.Err == "" && r.CLI.Wall > 0 {
				xcli = fmt.Sprintf("%.2f", v.Wall.Seconds()/r.CLI.Wall.Seconds())
			}
			size := "—"
			if v.Bytes > 0 {
				size = fmt.Sprintf("%.0f MB", mb(v.Bytes))
			}
			above := "—"
			if !strings.HasPrefix(v.Variant, "CLI") {
				above = fmt.Sprintf("%.0f MB", float64(v.RSSKB-r.BaseRSSKB)/1024)
			}
			p("| %s | %.2f s | %s | %.2f | %s | %.0f MB | %s |\n", v.Variant, v.Wall.Seconds(), xcli,
				v.Wall.Seconds()/r.Floor.Wall.Seconds(), size, float64(v.RSSKB)/1024, above)
		}
		xf := r.Writer.Wall.Seconds() / r.Floor.Wall.Seconds()
		xfMed := r.WriterMedian.Wall.Seconds() / r.FloorMedian.Wall.Seconds()
		var peak int64
		for _, w := range r.Writers {
			peak = max(peak, w.RSSKB)
		}
		rss := float64(peak-r.BaseRSSKB) / 1024
		p("\nFloor runs: %s s (min %.2f, median %.2f); Writer runs: %s s (min %.2f, median %.2f); "+
			"Writer ÷ floor: %.2f (min ÷ min), %.2f (median ÷ median).\n",
			archiveWalls(r.Floors), r.Floor.Wall.Seconds(), r.FloorMedian.Wall.Seconds(),
			archiveWalls(r.Writers), r.Writer.Wall.Seconds(), r.WriterMedian.Wall.Seconds(), xf, xfMed)
		p("\nTargets: Writer ≤ %.1f× the CLI pipeline: ", archiveTargetCLI)
		if r.CLI.Err == "" {
			xc := r.Writer.Wall.Seconds() / r.CLI.Wall.Seconds()
			xcMed := r.WriterMedian.Wall.Seconds() / r.CLI.Wall.Seconds()
			p("%.2f× fastest, %.2f× median (%s)", xc, xcMed, verdict(xc <= archiveTargetCLI))
			b.ReportMetric(r.CLI.Wall.Seconds(), "cli-s")
			b.ReportMetric(xc, "writer/cli")
		} else {
			p("not measured (%s)", r.CLI.Err)
		}
		p("; ≤ %.1f× the scan floor: %.2f× min ÷ min, %.2f× median ÷ median (%s); peak RSS ≤ %d MB above idle: "+
			"%.0f MB, the largest of the Writer runs (%s). The CLI exports contacts, "+
			"tasks and events only; the Writer exports every module (%s rows) and an ATTACHMENTS archive, written to "+
			"the final keys and committed together once complete (BK-13).\n", archiveTargetFloor, xf, xfMed,
			verdict(xf <= archiveTargetFloor && xfMed <= archiveTargetFloor), archiveTargetRSSMB, rss,
			verdict(rss <= archiveTargetRSSMB), archiveCount(int(r.Writer.Rows)))
		b.ReportMetric(r.Writer.Wall.Seconds(), "writer-s")
		b.ReportMetric(r.Floor.Wall.Seconds(), "floor-s")
		b.ReportMetric(xf, "writer/floor")
		b.ReportMetric(rss, "writer-RSS-MB")
	}
	if len(rs) > 1 {
		p("\nGrowth (floor and Writer on a database of each size, fastest of %d runs each; µs/row against "+
			"the %s-contact run's; load average before each size's runs):\n\n", repeat, archiveCount(main))
		p("| Contacts | Rows | Writer | µs/row | vs %s | Writer median | Floor | × floor | Output | Peak RSS above idle | Load |\n"+
			"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n", archiveCount(main))
		perRow := func(r archiveScaleResult) float64 {
			return float64(r.Writer.Wall.Microseconds()) / float64(max(r.Writer.Rows, 1))
		}
		var ref float64
		for _, r := range rs {
			if r.Contacts == main {
				ref = perRow(r)
			}
		}
		for _, r := range rs {
			var peak int64
			for _, w := range r.Writers {
				peak = max(peak, w.RSSKB)
			}
			p("| %s | %s | %.2f s | %.2f | %+.0f%% | %.2f s | %.2f s | %.2f | %.0f MB | %.0f MB | %s |\n", archiveCount(r.Contacts),
				archiveCount(int(r.Writer.Rows)), r.Writer.Wall.Seconds(), perRow(r), 100*(perRow(r)/ref-1),
				r.WriterMedian.Wall.Seconds(), r.Floor.Wall.Seconds(), r.Writer.Wall.Seconds()/r.Floor.Wall.Seconds(),
				mb(r.Writer.Bytes), float64(peak-r.BaseRSSKB)/1024, r.Load)
		}
	}
	addSection(fmt.Sprintf("Backup archive (BenchmarkArchive, %s contacts)", archiveCount(main)), out.String())
	b.Logf("archive benchmark: table in the README summary below")
}

func archiveFileSize(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.0f MB", float64(st.Size())/1e6)
}

func archiveCount(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1_000 && n%1_000 == 0:
		return fmt.Sprintf("%dk", n/1_000)
	}
	return strconv.Itoa(n)
}

func archiveLoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// archiveWarm reads the database file once so every variant starts with it in the page cache.
func archiveWarm(b *testing.B, db string) {
	f, err := os.Open(db)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	_, _ = io.Copy(io.Discard, f)
}

// ---------------------------------------------------------------------------------------------
// Child processes

// archiveChild re-executes this test binary to run one Go variant and reads its result.
func archiveChild(b *testing.B, a archiveChildArgs) archiveRun {
	b.Helper()
	args, _ := json.Marshal(a)
	cmd := exec.Command(os.Args[0], "-test.run=^TestArchiveBenchChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), archiveChildEnv+"="+string(args))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("archive child %s: %v\n%s", a.Mode, err, out)
	}
	var res archiveRun
	found := false
	for _, line := range strings.Split(string(out), "\n") {
		if s, ok := strings.CutPrefix(line, archiveResultTag); ok {
			if err := json.Unmarshal([]byte(s), &res); err != nil {
				b.Fatal(err)
			}
			found = true
		}
	}
	if !found {
		b.Fatalf("archive child %s printed no result:\n%s", a.Mode, out)
	}
	if res.Err != "" {
		b.Fatalf("archive child %s: %s", a.Mode, res.Err)
	}
	return res
}

// TestArchiveBenchChild is the child side of BenchmarkArchive; it does nothing otherwise.
func TestArchiveBenchChild(t *testing.T) {
	raw := os.Getenv(archiveChildEnv)
	if raw == "" {
		t.Skip("runs only as BenchmarkArchive's child process")
	}
	var a archiveChildArgs
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatal(err)
	}
	res, err := archiveVariant(a)
	if err != nil {
		res.Err = err.Error()
	}
	line, _ := json.Marshal(res)
	fmt.Println(archiveResultTag + string(line))
}

func archiveVariant(a archiveChildArgs) (archiveRun, error) {
	ctx := context.Background()
	driver, dsn := "sqlite3", "file:"+a.DB+"?_busy_timeout=5000"
	if a.PG != "" {
		driver, dsn = "pgx", a.PG
		archiveOnPG = true
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return archiveRun{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		return archiveRun{}, err
	}
	run := archiveRun{Variant: a.Mode}
	if path := os.Getenv("CRM_BENCH_ARCHIVE_CPUPROFILE"); path != "" && a.Mode != "idle" {
		f, err := os.Create(path + "." + a.Mode)
		if err != nil {
			return run, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return run, err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	switch a.Mode {
	case "idle":
	case "floor":
		run.Variant = "floor: same SELECTs, scan only"
		run.Rows, err = archiveFloor(ctx, db)
	case "stdlib":
		run.Variant = "stdlib archive/zip + encoding/csv"
		run.Rows, run.Bytes, err = archiveStdlib(ctx, db, filepath.Join(a.Out, "stdlib.zip"))
	case "writer":
		run.Variant = "**archive.Writer**"
		run.Rows, run.Bytes, run.Note, err = archiveWriter(ctx, db, a.Out)
	default:
		err = fmt.Errorf("unknown mode %q", a.Mode)
	}
	run.Wall = time.Since(start)
	run.RSSKB = archivePeakRSS()
	return run, err
}

// archivePeakRSS is this process's peak resident set (VmHWM) in KiB. The child measures it
// itself: ru_maxrss of a child started by os/exec also counts the parent's memory, because
// the child shares the parent's address space until it execs (CLONE_VM|CLONE_VFORK).
func archivePeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// archiveQuery is the query Write runs for a module when the org owns most of the table
// (full rowid scan, no sort), which is the case for org 1 here; on PostgreSQL (no NOT
// INDEXED) the planner chooses, as for the Writer.
func archiveQuery(m archive.Module) string { return m.SelectSQL(!archiveOnPG) }

// archiveOnPG is set in a child process that reads PostgreSQL.
var archiveOnPG bool

func archiveFloor(ctx context.Context, db *sql.DB) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int64
	for _, m := range archive.Modules() {
		rows, err := tx.QueryContext(ctx, archiveQuery(m), archiveOrg)
		if err != nil {
			return n, err
		}
		vals := make([]any, len(m.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return n, err
			}
			n++
		}
		if err := rows.Close(); err != nil {
			return n, err
		}
		if err := rows.Err(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// archiveStdlib is the obvious Go program: one goroutine reads, CSV-encodes and compresses
// (archive/zip's default deflate) into a local file. Cells are formatted like the Writer's.
func archiveStdlib(ctx context.Context, db *sql.DB, path string) (int64, int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	var n int64
	for _, m := range archive.Modules() {
		w, err := zw.Create(m.FileName(1))
		if err != nil {
			return n, 0, err
		}
		cw := csv.NewWriter(w)
		rec := make([]string, len(m.Columns))
		for i, c := range m.Columns {
			rec[i] = c.Header
		}
		if err := cw.Write(rec); err != nil {
			return n, 0, err
		}
		rows, err := db.QueryContext(ctx, archiveQuery(m), archiveOrg)
		if err != nil {
			return n, 0, err
		}
		vals := make([]any, len(m.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return n, 0, err
			}
			for i, v := range vals {
				switch x := v.(type) {
				case nil:
					rec[i] = ""
				case int64:
					rec[i] = strconv.FormatInt(x, 10)
				case time.Time:
					rec[i] = x.UTC().Format(time.RFC3339Nano)
				case []byte:
					rec[i] = archive.Neutralise(string(x))
				case string:
					rec[i] = archive.Neutralise(x)
				default:
					rec[i] = fmt.Sprint(x)
				}
			}
			if err := cw.Write(rec); err != nil {
				rows.Close()
				return n, 0, err
			}
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, 0, err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return n, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return n, 0, err
	}
	return n, st.Size(), f.Sync()
}

func archiveWriter(ctx context.Context, db *sql.DB, out string) (rows, size int64, note string, err error) {
	bucket, err := fileblob.OpenBucket(out, &fileblob.Options{CreateDir: true, NoTempDir: true})
	if err != nil {
		return 0, 0, "", err
	}
	defer bucket.Close()
	w := &archive.Writer{DB: db, Bucket: bucket}
	man, err := w.Write(ctx, archiveOrg, "bench")
	if err != nil {
		return 0, 0, "", err
	}
	for _, a := range man.Archives {
		size += a.Size
	}
	return man.Records, size, fmt.Sprintf("%d data part(s), %d attachments part(s)", len(man.Parts(archive.KindData)), len(man.Parts(archive.KindAttachments))), nil
}

// archiveCLI runs the command-line baseline: sqlite3 -header -csv per table, each piped
// through a FIFO into one `zip -6` process, so reading and compressing overlap as they would
// in a shell pipeline.
func archiveCLI(b *testing.B, db string) archiveRun {
	run := archiveRun{Variant: `CLI: sqlite3 -header -csv \| zip -6`} // \| : a pipe in a markdown table cell
	for _, tool := range []string{"sqlite3", "zip", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			run.Err = tool + " is not installed"
			b.Logf("archive benchmark: CLI baseline skipped: %s", run.Err)
			return run
		}
	}
	dir := b.TempDir()
	var script strings.Builder
	script.WriteString("set -e\ncd " + shellQuote(dir) + "\n")
	var files []string
	for _, m := range archive.Modules() {
		if m.Table != "contacts" && m.Table != "tasks" && m.Table != "events" {
			continue
		}
		var names []string
		for _, c := range m.Columns {
			names = append(names, c.Name)
		}
		q := fmt.Sprintf("select %s from %s where org_id=%d", strings.Join(names, ", "), m.Table, archiveOrg)
		f := m.Table + ".csv"
		files = append(files, f)
		fmt.Fprintf(&script, "mkfifo %s\nsqlite3 -header -csv %s %s > %s &\n", f, shellQuote(db), shellQuote(q), f)
	}
	fmt.Fprintf(&script, "zip -6 -q -FI out.zip %s\nwait\n", strings.Join(files, " "))
	// GNU time forks bash from its own small process and reports the largest peak RSS of
	// bash, sqlite3 and zip (ru_maxrss of this process's direct child would include ours).
	var cmd *exec.Cmd
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		cmd = exec.Command("/usr/bin/time", "-f", "MAXRSS %M", "bash", "-c", script.String())
	} else {
		cmd = exec.Command("bash", "-c", script.String())
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("CLI baseline: %v\n%s", err, stderr.String())
	}
	run.Wall = time.Since(start)
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "MAXRSS "); ok {
			run.RSSKB, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "out.zip")); err == nil {
		run.Bytes = st.Size()
	}
	return run
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// ---------------------------------------------------------------------------------------------
// The generated database

// archiveSchemaKey changes when the ent schema changes, so a cached database is never stale.
func archiveSchemaKey() string {
	h := sha256.New()
	h.Write([]byte("generator 2\n")) // 2: valid UTF-8 (capitalised runes, not bytes)
	for _, t := range migrate.Tables {
		h.Write([]byte(t.Name))
		for _, c := range t.Columns {
			h.Write([]byte(" " + c.Name))
		}
		h.Write([]byte("\n"))
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// archiveDB returns the path of a database with n contacts, 0.3n tasks and 0.3n events for
// org 1 (and 1% more for org 2), generating it once.
func archiveDB(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("crmadmin-archive-bench-%s-%d.db", archiveSchemaKey(), n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	tmp := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	defer os.Remove(tmp)
	ctx := store.AllOrgs(context.Background())
	sdb, err := store.Open(ctx, "file:"+tmp+"?_fk=1", nil) // ent creates the schema; the loader turns FK checks off on its connection
	if err != nil {
		b.Fatal(err)
	}
	if err := archiveGenerate(ctx, sdb.SQL, n); err != nil {
		sdb.Close()
		b.Fatalf("generating the archive benchmark database: %v", err)
	}
	if _, err := sdb.SQL.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil { // as in production
		b.Fatal(err)
	}
	if err := sdb.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.Logf("generated %s (%.0f MB) in %s", path, float64(st.Size())/1e6, time.Since(start).Round(time.Millisecond))
	return path
}

func archiveGenerate(ctx context.Context, db *sql.DB, n int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, p := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA foreign_keys=OFF", "PRAGMA cache_size=-262144"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	g := &archiveGen{r: rand.New(rand.NewPCG(2026, uint64(n)))}
	t0 := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) error { _, err := tx.ExecContext(ctx, q, args...); return err }
	for org := 1; org <= 2; org++ {
		if err := exec(`INSERT INTO organizations (id, created_at, updated_at, name, region, time_zone, currency, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE')`,
			org, t0, t0, []string{"", "Benchmark 株式会社", "Autre SARL"}[org], []string{"", "JP", "EU"}[org], []string{"", "Asia/Tokyo", "Europe/Paris"}[org], []string{"", "JPY", "EUR"}[org]); err != nil {
			return err
		}
	}
	const users = 20
	for u := 1; u <= users+2; u++ {
		org := 1
		if u > users {
			org = 2
		}
		if err := exec(`INSERT INTO users (id, created_at, updated_at, email, name, role, status, license_kind, locale, org_id) VALUES (?, ?, ?, ?, ?, 'STANDARD', 'ACTIVE', 'REGULAR', 'fr', ?)`,
			u, t0, t0, fmt.Sprintf("user%d@example.com", u), g.fullName(), org); err != nil {
			return err
		}
	}
	orgOf := func(i int) int { // 1% of the rows belong to org 2, interleaved like real tenants
		if i%100 == 99 {
			return 2
		}
		return 1
	}
	owner := func(org int) int {
		if org == 2 {
			return users + 1
		}
		return 1 + g.r.IntN(users)
	}
	nAccounts := max(n/100, 10)
	st, err := tx.PrepareContext(ctx, `INSERT INTO accounts (id, created_at, updated_at, name, website, phone, industry, billing_street, billing_city, billing_country, description, org_id, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := range nAccounts {
		org := orgOf(i)
		ts := t0.Add(time.Duration(i) * time.Minute)
		if _, err := st.ExecContext(ctx, i+1, ts, ts, g.pick(archiveCompanies)+" "+strconv.Itoa(i), "https://example.com/"+strconv.Itoa(i), g.phone(),
			g.pick(archiveIndustries), g.street(), g.pick(archiveCities), g.pick(archiveCountries), g.description(), org, owner(org)); err != nil {
			return err
		}
	}
	st.Close()

	st, err = tx.PrepareContext(ctx, `INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, email, title, department, phone, other_phone, mobile, assistant, asst_phone, reports_to, mailing_street, mailing_city, mailing_state, mailing_zip, mailing_country, other_street, other_city, description, date_of_birth, org_id, owner_id, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	nContacts := n + n/99
	for i := range nContacts {
		org := orgOf(i)
		ts := t0.Add(time.Duration(i) * 30 * time.Second)
		up := ts.Add(time.Duration(g.r.IntN(1_000_000)) * time.Second)
		var account, dob, assistant, other any
		if g.r.IntN(3) != 0 {
			account = 1 + g.r.IntN(nAccounts)
		}
		if g.r.IntN(2) == 0 {
			dob = time.Date(1950+g.r.IntN(50), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
		}
		if g.r.IntN(5) == 0 {
			assistant = g.fullName()
		}
		if g.r.IntN(4) == 0 {
			other = g.street()
		}
		first, last := g.name()
		var otherPhone, asstPhone any
		if g.r.IntN(2) == 0 {
			otherPhone = g.phone()
		}
		if assistant != nil {
			asstPhone = g.phone()
		}
		if _, err := st.ExecContext(ctx, i+1, ts, up, first, last, g.email(i), g.pick(archiveTitles),
			g.pick(archiveDepartments), g.phone(), otherPhone, g.phone(), assistant, asstPhone,
			g.maybe(archiveTitles), g.street(), g.pick(archiveCities), g.maybe(archiveStates), fmt.Sprintf("%05d", g.r.IntN(100000)),
			g.pick(archiveCountries), other, g.maybe(archiveCities), g.description(), dob, org, owner(org), account); err != nil {
			return err
		}
	}
	st.Close()

	nTasks := n*3/10 + n*3/10/99
	st, err = tx.PrepareContext(ctx, `INSERT INTO tasks (id, created_at, updated_at, subject, due_date, priority, status, description, org_id, owner_id, contact_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := range nTasks {
		org := orgOf(i)
		ts := t0.Add(time.Duration(i) * 90 * time.Second)
		var contact any
		if g.r.IntN(4) != 0 {
			contact = 1 + g.r.IntN(nContacts)
		}
		if _, err := st.ExecContext(ctx, i+1, ts, ts, g.subject(), ts.Add(72*time.Hour), g.pick(archivePriorities),
			g.pick(archiveStatuses), g.description(), org, owner(org), contact); err != nil {
			return err
		}
	}
	st.Close()

	st, err = tx.PrepareContext(ctx, `INSERT INTO events (id, created_at, updated_at, subject, start_at, end_at, venue, description, org_id, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := range nTasks {
		org := orgOf(i)
		ts := t0.Add(time.Duration(i) * 90 * time.Second)
		start := ts.Add(time.Duration(g.r.IntN(30*24)) * time.Hour)
		if _, err := st.ExecContext(ctx, i+1, ts, ts, g.subject(), start, start.Add(time.Hour), g.pick(archiveVenues),
			g.description(), org, owner(org)); err != nil {
			return err
		}
	}
	st.Close()
	return tx.Commit()
}

type archiveGen struct{ r *rand.Rand }

func (g *archiveGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// maybe is NULL half of the time.
func (g *archiveGen) maybe(xs []string) any {
	if g.r.IntN(2) == 0 {
		return nil
	}
	return g.pick(xs)
}

func (g *archiveGen) name() (first, last string) {
	switch g.r.IntN(3) {
	case 0:
		return g.pick(archiveFirstJA), g.pick(archiveLastJA)
	case 1:
		return g.pick(archiveFirstFR), g.pick(archiveLastFR)
	default:
		return g.pick(archiveFirstEN), g.pick(archiveLastEN)
	}
}

func (g *archiveGen) fullName() string {
	f, l := g.name()
	return f + " " + l
}

// description is 0–4 sentences in mixed languages, with commas, quotes, line breaks, numbers
// and the odd formula-looking line: text about as compressible as real CRM notes (~3–4×).
func (g *archiveGen) description() any {
	k := g.r.IntN(5)
	if k == 0 {
		return nil
	}
	var b strings.Builder
	for i := range k {
		if i > 0 {
			if g.r.IntN(3) == 0 {
				b.WriteString("\n")
			} else {
				b.WriteString(" ")
			}
		}
		g.sentence(&b)
	}
	return b.String()
}

func (g *archiveGen) sentence(b *strings.Builder) {
	switch g.r.IntN(10) {
	case 0:
		b.WriteString(g.pick(archiveSentences)) // fixed phrases, some formula-looking
		return
	case 1, 2, 3: // Japanese
		n := 2 + g.r.IntN(4)
		for i := range n {
			b.WriteString(g.pick(archiveWordsJA))
			if i < n-1 {
				b.WriteString(g.pick([]string{"、", "", "の", "を", "に"}))
			}
		}
		if g.r.IntN(3) == 0 {
			fmt.Fprintf(b, "（%d件）", 1+g.r.IntN(500))
		}
		b.WriteString("。")
		return
	}
	words := archiveWordsEN
	if g.r.IntN(2) == 0 {
		words = archiveWordsFR
	}
	n := 5 + g.r.IntN(11)
	for i := range n {
		if i > 0 {
			b.WriteString(g.pick([]string{" ", " ", " ", " ", ", ", " "}))
		}
		switch g.r.IntN(14) {
		case 0:
			fmt.Fprintf(b, "%d", g.r.IntN(100000))
		case 1:
			fmt.Fprintf(b, `"%s"`, g.pick(words))
		case 2:
			f, l := g.name()
			b.WriteString(f + " " + l)
		case 3:
			fmt.Fprintf(b, "n°%06d", g.r.IntN(1000000))
		default:
			w := g.pick(words)
			if i == 0 { // the first rune, not the first byte: "été" stays valid UTF-8
				r, size := utf8.DecodeRuneInString(w)
				w = string(unicode.ToUpper(r)) + w[size:]
			}
			b.WriteString(w)
		}
	}
	b.WriteString(g.pick([]string{".", ".", ".", " !", "?", "…", ";"}))
}

func (g *archiveGen) subject() string {
	if g.r.IntN(2) == 0 {
		return g.pick(archiveSubjects)
	}
	f, l := g.name()
	return fmt.Sprintf("%s – %s %s (%d)", g.pick(archiveSubjects), f, l, g.r.IntN(10000))
}

func (g *archiveGen) email(i int) string {
	return fmt.Sprintf("%s.%s%d@%s", g.pick(archiveRomajiFirst), g.pick(archiveRomajiLast), i%997, g.pick(archiveDomains))
}

func (g *archiveGen) phone() string {
	d := func(n int) int { return g.r.IntN(n) }
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("+33 1 %02d %02d %02d %02d", d(100), d(100), d(100), d(100))
	case 1:
		return fmt.Sprintf("03-%04d-%04d", d(10000), d(10000))
	case 2:
		return fmt.Sprintf("(%03d) %03d-%04d", d(1000), d(1000), d(10000))
	case 3:
		return fmt.Sprintf("+81 90-%04d-%04d", d(10000), d(10000))
	default:
		return fmt.Sprintf("06 %02d %02d %02d %02d", d(100), d(100), d(100), d(100))
	}
}

func (g *archiveGen) street() string {
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d, %s %s", 1+g.r.IntN(200), g.pick([]string{"rue", "avenue", "boulevard", "place"}), g.pick(archiveLastFR))
	case 1:
		return fmt.Sprintf("%s%s%d-%d-%d", g.pick(archiveStates[1:2]), g.pick([]string{"千代田区丸の内", "港区六本木", "渋谷区神宮前", "中央区銀座"}),
			1+g.r.IntN(9), 1+g.r.IntN(30), 1+g.r.IntN(20))
	default:
		return fmt.Sprintf("%d %s Street, Suite %d", 1+g.r.IntN(9999), g.pick(archiveLastEN), 1+g.r.IntN(900))
	}
}

var (
	archiveFirstJA = []string{"太郎", "花子", "翔太", "美咲", "健一", "さくら", "大輔", "陽菜", "直樹", "由美"}
	archiveLastJA  = []string{"山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村", "小林", "加藤"}
	archiveFirstFR = []string{"François", "Élodie", "Hélène", "Jérôme", "Chloé", "Benoît", "Anaïs", "Loïc", "Maëlle", "Gaëtan"}
	archiveLastFR  = []string{"Dubois", "Lefèvre", "Moreau", "Girard", "de La Fontaine", "Bérenger", "Rousseau", "Faure", "Mercier", "Lemaître"}
	archiveFirstEN = []string{"James", "Olivia", "Michael", "Emma", "Mary-Jane", "Robert", "Sophia", "William", "Ava", "Liam"}
	archiveLastEN  = []string{"Smith", "Johnson", "O'Brien", "Williams", "Brown", "Jones, Jr.", "Miller", "Davis", "García", "Wilson"}
	archiveTitles  = []string{"Directeur commercial", "営業部長", "VP, Sales", `Chief "Happiness" Officer`, "Responsable RH",
		"エンジニア", "CTO", "Head of Procurement, EMEA", "Chargée de clientèle", "代表取締役社長"}
	archiveDepartments = []string{"Ventes", "営業部", "R&D", "Marketing, EMEA", "経理部", "Achats", "Support", "情報システム部"}
	archivePhones      = []string{"+33 1 42 68 53 00", "03-1234-5678", "(555) 123-4567", "+81 3-1234-5678", "06 12 34 56 78",
		"+1 415 555 0100", "090-1234-5678", "-", "+44 20 7946 0958"}
	archiveStreets = []string{"12, rue de la Paix", "東京都千代田区丸の内1-1-1", "1600 Amphitheatre Pkwy, Suite 5",
		"8 avenue des Champs-Élysées", "大阪府大阪市北区梅田3-1-3 グランフロント", "221B Baker Street", "4 place du Général-de-Gaulle, Bât. \"C\""}
	archiveCities     = []string{"Paris", "Lyon", "東京", "大阪", "New York", "Montréal", "Kyōto", "Marseille", "San Francisco"}
	archiveStates     = []string{"Île-de-France", "東京都", "CA", "NY", "Québec", "大阪府"}
	archiveCountries  = []string{"France", "日本", "United States", "Canada", "Belgique", "United Kingdom"}
	archiveCompanies  = []string{"Société Générale, S.A.", "株式会社サンプル", "Acme, Inc.", "Les Établissements \"Durand\"", "トヨタ自動車株式会社"}
	archiveIndustries = []string{"Banque", "製造業", "Software", "Retail, Luxury", "Énergie"}
	archiveSubjects   = []string{"Appeler le client", "見積書を送付", "Follow up: Q3 renewal", `Demo "Enterprise" plan`,
		"契約更新の打ち合わせ", "Relance facture n°2026-001, urgent", "Kick-off meeting", "=1+1 test import", "定例会議"}
	archivePriorities = []string{"HIGHEST", "HIGH", "NORMAL", "LOW", "LOWEST"}
	archiveStatuses   = []string{"NOT_STARTED", "DEFERRED", "IN_PROGRESS", "COMPLETED", "WAITING"}
	archiveVenues     = []string{"Salle Eiffel, 3e étage", "本社 5F 会議室A", "Zoom", "Café de Flore, Paris", "Room 12, \"Blue\" wing"}
	archiveWordsEN    = strings.Fields(`meeting proposal renewal contract invoice pricing discount quarter budget decision
		team customer partner onboarding integration security review migration demo roadmap feature request support
		ticket escalation deadline delivery shipment order quote approval legal procurement signature pilot rollout
		training workshop feedback survey churn upsell expansion forecast pipeline champion sponsor stakeholder
		call email follow-up reminder agenda minutes summary next steps blocked waiting confirmed postponed cancelled
		urgent priority weekly monthly annual licence seats users admin dashboard report export import backup`)
	archiveWordsFR = strings.Fields(`réunion proposition renouvellement contrat facture tarif remise trimestre budget
		décision équipe client partenaire intégration sécurité revue migration démonstration feuille de route demande
		fonctionnalité assistance ticket délai livraison commande devis validation juridique achats signature pilote
		déploiement formation atelier retour enquête développement prévision interlocuteur rappel relance ordre du
		jour compte rendu prochaines étapes bloqué confirmé reporté annulé urgent hebdomadaire mensuel annuel licence
		utilisateurs tableau de bord rapport sauvegarde été hiver très déjà où ça à côté`)
	archiveWordsJA = strings.Fields(`会議 提案 更新 契約 請求書 価格 値引き 四半期 予算 決定 チーム 顧客 パートナー
		導入 連携 セキュリティ レビュー 移行 デモ ロードマップ 機能 要望 サポート 問い合わせ 期限 納品 注文 見積
		承認 法務 購買 署名 試験導入 展開 研修 フィードバック アンケート 拡大 予測 担当者 電話 メール 確認 延期
		中止 至急 毎週 毎月 年間 ライセンス ユーザー 管理画面 報告 バックアップ 来週 先週 本日 明日`)
	archiveRomajiFirst = []string{"taro", "hanako", "shota", "misaki", "francois", "elodie", "helene", "jerome",
		"james", "olivia", "michael", "emma", "liam", "sophia", "chloe", "benoit", "naoki", "yumi"}
	archiveRomajiLast = []string{"yamada", "sato", "suzuki", "takahashi", "dubois", "lefevre", "moreau", "girard",
		"smith", "johnson", "obrien", "williams", "tanaka", "watanabe", "rousseau", "faure", "miller", "garcia"}
	archiveDomains = []string{"example.co.jp", "example.fr", "example.com", "exemple.fr", "sample.jp", "acme.io",
		"entreprise.fr", "kaisha.co.jp", "corp.example", "mail.example.org"}
	archiveSentences = []string{
		"Rencontré au salon VivaTech, intéressé par l'offre « Entreprise ».",
		"来週の火曜日にフォローアップの電話をする予定です。",
		`Follow up re: Q3 renewal, 10% discount approved by "Finance".`,
		`=HYPERLINK("https://example.com","dossier")`,
		"-5% on the next order if signed before Friday.",
		"@Marie : merci de rappeler le client demain matin.",
		"Budget : 25 000 €, décision en mars, après le comité.",
		"議事録:\n- 価格について合意\n- 納期は3月末",
		"Prefers email, not phone; time zone Asia/Tokyo.",
		"Il a dit : « on verra », puis a raccroché.",
		"Asked for the security questionnaire (SOC 2, ISO 27001) and a DPA.",
		"先方の担当者が異動のため、新しい窓口は佐藤様です。",
		"Contrat signé le 12/03, facture envoyée, paiement à 30 jours.",
		"+1 for the upsell, see thread \"Renewal 2026\".",
	}
)
