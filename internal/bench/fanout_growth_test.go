package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// fanoutGrowthTargets are issue 16 item 3's p99 targets by number of websocket subscribers.
var fanoutGrowthTargets = map[int]time.Duration{10000: 250 * time.Millisecond, 20000: time.Second}

// BenchmarkNotificationFanoutGrowth measures websocket fan-out at several sizes of one org
// (issue 16 items 3 and 4): for each size in CRM_BENCH_FANOUT_SIZES (default
// 1000,5000,10000,20000), a client process opens that many graphql-transport-ws
// subscriptions, a warm-up notification must reach every one, then CRM_BENCH_ROUNDS (5)
// measured notifications are published with App.Notify.Send; p50/p99 per round, the load
// average when each was published, and the server's memory per 1,000 subscribers (Go heap and
// stacks after a GC, and the process's RSS, both against the same process before the size was
// opened). A size needs one descriptor per websocket in the server (this process) and in the
// client process: the benchmark raises RLIMIT_NOFILE itself, and skips a size the hard limit
// cannot hold, saying so.
func BenchmarkNotificationFanoutGrowth(b *testing.B) {
	sizes := envInts("CRM_BENCH_FANOUT_SIZES", []int{1000, 5000, 10000, 20000})
	rounds := envInt("CRM_BENCH_ROUNDS", 5)
	conc := envInt("CRM_BENCH_CONNECT_CONCURRENCY", 200)
	lim, _ := raiseFDLimit(uint64(max(slicesMax(sizes), 1)) + 1000)
	rurl, rname := redisURL(b)
	srv := apptest.Start(b, apptest.Options{RedisURL: rurl, NoWorker: true})
	org := srv.SignUp(b, "Bench Fanout Growth", "bench@fanout-growth.example")
	orgID, err := strconv.Atoi(org.ID)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	send := func(title string) (time.Time, time.Duration, error) {
		t0 := time.Now()
		_, err := srv.App.Notify.Send(ctx, orgID, notify.Message{Event: event.Test{}, Title: title, Audience: notify.ForAll})
		return t0, time.Since(t0), err
	}
	waitSubscribers := func(want int, d time.Duration) error {
		if !wait.Until(d, 10*time.Millisecond, func() bool { return srv.App.Broker.Subscribers() == want }) {
			return fmt.Errorf("%d broker subscribers, want %d", srv.App.Broker.Subscribers(), want)
		}
		return nil
	}

	type result struct {
		l               *fanoutLayer
		skip            string
		heapKB, rssKB   float64 // per 1,000 subscribers
		loadBefore, end string
	}
	var results []*result
	for _, n := range sizes {
		r := &result{l: &fanoutLayer{Name: "websocket-graphql", N: n}}
		results = append(results, r)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportMetric(0, "ns/op")
			// The server holds n sockets plus its database, Redis and listener descriptors.
			if need := uint64(n) + 500; lim < need {
				r.skip = fmt.Sprintf("skipped: RLIMIT_NOFILE is %d in this process, %d needed (raise the hard limit: ulimit -Hn)", lim, need)
				b.Skip(r.skip)
			}
			heap0, rss0 := goMemory(), processRSS()
			r.loadBefore = loadAverage()
			r.l.ready = func() {
				heap1, rss1 := goMemory(), processRSS()
				r.heapKB = float64(heap1-heap0) / 1024 / (float64(n) / 1000)
				r.rssKB = float64(rss1-rss0) / 1024 / (float64(n) / 1000)
			}
			wsFanout(b, r.l, srv, org, conc, rounds, send, waitSubscribers)
			r.end = loadAverage()
			if err := waitSubscribers(0, 60*time.Second); err != nil {
				b.Errorf("after closing: %v", err)
			}
			delivered, p50, p99, _, _ := r.l.worst()
			b.ReportMetric(float64(delivered), "delivered")
			b.ReportMetric(Ms(p50), "p50-ms")
			b.ReportMetric(Ms(p99), "p99-ms")
			b.ReportMetric(r.heapKB, "heap-KB/1k-subs")
			if r.l.Err != nil {
				b.Error(r.l.Err)
			}
		})
	}

	var tb strings.Builder
	fmt.Fprintf(&tb, "| subscribers | delivered | p50 ms (worst round) | p99 ms (worst round) | target p99 | server CPU per delivery | Go heap+stacks per 1k | RSS per 1k | load average before / after |\n")
	fmt.Fprintf(&tb, "|---:|---:|---:|---:|---|---:|---:|---:|---|\n")
	var details strings.Builder
	for _, r := range results {
		l := r.l
		if r.skip != "" {
			fmt.Fprintf(&tb, "| %d | — | — | — | %s | — | — | — | %s |\n", l.N, targetText(l.N, 0, false), r.skip)
			continue
		}
		d, p50, p99, _, _ := l.worst()
		met := l.Err == nil && len(l.Rounds) == rounds && d == l.N
		fmt.Fprintf(&tb, "| %d | %d | %.0f | %.0f | %s | %.1f µs | %.0f KB | %.0f KB | %s / %s |\n", l.N, d, Ms(p50), Ms(p99),
			targetText(l.N, p99, met), float64(l.CPUPerDelivery)/float64(time.Microsecond), r.heapKB, r.rssKB, r.loadBefore, r.end)
		var per []string
		for _, rd := range l.Rounds {
			per = append(per, fmt.Sprintf("%d/%.0f/%.0f (load %s)", rd.Delivered, Ms(rd.Lat.P50), Ms(rd.Lat.P99), rd.Load))
		}
		fmt.Fprintf(&details, "- %d rounds (delivered/p50/p99 ms): %s\n", l.N, strings.Join(per, ", "))
		if l.Note != "" {
			fmt.Fprintf(&details, "- %d: %s\n", l.N, strings.TrimPrefix(l.Note, "; "))
		}
		if l.Err != nil {
			fmt.Fprintf(&details, "- %d ERROR: %v\n", l.N, l.Err)
		}
	}
	head := fmt.Sprintf("One notification (App.Notify.Send: INSERT, Redis PUBLISH via %s, UPDATE) to N graphql-transport-ws subscribers of one org, opened by a client process on the same machine; latency from the Send call to the client reading the message; %d measured publishes per size after a warm-up that must reach everyone. Memory: the server process's, after the warm-up, against before the size was opened (kernel socket buffers are not included).",
		rname, rounds)
	fmt.Printf("\n%s\n\n%s\n%s\n", head, tb.String(), details.String())
	addSection("Notification fan-out by number of subscribers (BenchmarkNotificationFanoutGrowth)", head+"\n\n"+tb.String()+"\n"+details.String())
}

// targetText is the target cell of size n: "< 250 ms: MET" etc., "—" without a target.
func targetText(n int, p99 time.Duration, ok bool) string {
	t, has := fanoutGrowthTargets[n]
	switch {
	case !has:
		return "—"
	case p99 == 0:
		return fmt.Sprintf("< %v", t)
	case ok && p99 < t:
		return fmt.Sprintf("< %v: **met**", t)
	}
	return fmt.Sprintf("< %v: **not met**", t)
}

// envInts reads a comma-separated list of positive integers, or def.
func envInts(name string, def []int) []int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var out []int
	for f := range strings.SplitSeq(v, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return def
	}
	return out
}

func slicesMax(s []int) int {
	m := 0
	for _, v := range s {
		m = max(m, v)
	}
	return m
}

// goMemory is the Go heap in use plus goroutine stacks, after a collection.
func goMemory() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}

// processRSS is this process's resident set size in bytes (0 if unknown).
func processRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// loadAverage is /proc/loadavg's three figures ("?" if unknown).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// loadAverage1 is /proc/loadavg's 1-minute figure ("?" if unknown).
func loadAverage1() string {
	l, _, _ := strings.Cut(loadAverage(), " ")
	return l
}

// processCPU is this process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
