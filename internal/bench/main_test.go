package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// TestMain runs the websocket client process when the fan-out benchmark re-executes this
// test binary for it, and prints the README summary after the benchmarks.
func TestMain(m *testing.M) {
	if os.Getenv(wsClientEnv) != "" {
		os.Exit(wsClientMain())
	}
	code := m.Run()
	printSummary(os.Stdout)
	os.Exit(code)
}

// summary collects the figures of the benchmarks that ran, for the README at the end:
// markdown sections (addSection) and one-line rows of a shared table (addSummary).
var summary struct {
	mu       sync.Mutex
	sections []string
	rows     []summaryRow
	notes    []string
}

type summaryRow struct {
	Bench, Variant, Figures, Target string
}

// addSection records a markdown section (a heading and its text) for the README summary.
func addSection(title, body string) {
	summary.mu.Lock()
	defer summary.mu.Unlock()
	summary.sections = append(summary.sections, "### "+title+"\n\n"+body)
}

// addSummary records one row of the README summary table.
func addSummary(bench, variant, figures, target string) {
	summary.mu.Lock()
	defer summary.mu.Unlock()
	summary.rows = append(summary.rows, summaryRow{bench, variant, figures, target})
}

// addNote records a bullet printed under the README summary table.
func addNote(format string, args ...any) {
	summary.mu.Lock()
	defer summary.mu.Unlock()
	summary.notes = append(summary.notes, fmt.Sprintf(format, args...))
}

func printSummary(w io.Writer) {
	summary.mu.Lock()
	defer summary.mu.Unlock()
	if len(summary.sections) == 0 && len(summary.rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\n======== README summary (markdown) ========\n\n")
	fmt.Fprintf(w, "Measured with `make bench` on %s: %s/%s, %d CPUs (%s), %s, shared with other work. Each figure is compared with a baseline measured in the same run.\n\n",
		time.Now().Format(time.DateOnly), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), runtime.Version())
	if len(summary.rows) > 0 {
		fmt.Fprintln(w, "| Benchmark | Variant | Figures | Target |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, r := range summary.rows {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.Bench, r.Variant, r.Figures, r.Target)
		}
		fmt.Fprintln(w)
		for _, n := range summary.notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
		if len(summary.notes) > 0 {
			fmt.Fprintln(w)
		}
	}
	if len(summary.sections) > 0 {
		fmt.Fprintln(w, strings.Join(summary.sections, "\n"))
	}
	fmt.Fprintf(w, "======== end of README summary ========\n\n")
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "unknown CPU"
}

// envInt reads a positive integer override (for quick local runs), or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// raiseFDLimit raises the soft RLIMIT_NOFILE to the hard limit (and the hard limit to need
// when the process may) and reports whether at least need descriptors are available.
func raiseFDLimit(need uint64) (cur uint64, err error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Max < need { // a privileged process (CAP_SYS_RESOURCE) may raise the hard limit itself
		want := syscall.Rlimit{Cur: need, Max: need}
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want) == nil {
			_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
		}
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
		_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if lim.Cur < need {
		return lim.Cur, fmt.Errorf("RLIMIT_NOFILE is %d (hard %d), %d needed; raise it (ulimit -Hn / LimitNOFILE) and re-run", lim.Cur, lim.Max, need)
	}
	return lim.Cur, nil
}

// redisURL is a private redis-server (the production setup) when installed, else "" for the
// embedded miniredis. CRM_BENCH_REDIS=miniredis forces the embedded one.
func redisURL(b testing.TB) (url, name string) {
	if os.Getenv("CRM_BENCH_REDIS") == "miniredis" {
		return "", "miniredis (in-process)"
	}
	if u := apptest.RedisServer(b); u != "" {
		return u, "redis-server (loopback)"
	}
	return "", "miniredis (in-process)"
}
