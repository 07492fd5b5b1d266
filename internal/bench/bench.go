// Package bench holds the performance benchmarks that `make bench` runs. Each benchmark
// measures the product side by side with a baseline in the same run (same process, same
// database, same machine load), because absolute figures on a shared machine mean little:
//
//   - BenchmarkContactsGraphQLvsPlain: GraphQL contacts(first:50) against a plain net/http
//     JSON handler reading the same rows from the same *sql.DB.
//     Its graphql-postgres row is the same on PostgreSQL (postgres_test.go).
//   - BenchmarkArchive: the backup archive writer against its baselines, on SQLite and on the
//     same rows in PostgreSQL (archive_test.go, archive_pg_test.go).
//   - BenchmarkNotificationFanout10k: one notification to 10,000 websocket subscribers
//     against the same fan-out to raw in-process pubsub subscribers.
//
// This file holds the measurement helpers; the benchmarks are in the _test.go files.
package bench

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Latencies summarises a set of durations.
type Latencies struct {
	N                  int
	P50, P90, P99, Max time.Duration
}

// Summarise sorts d in place and returns its percentiles (nearest-rank).
func Summarise(d []time.Duration) Latencies {
	slices.Sort(d)
	if len(d) == 0 {
		return Latencies{}
	}
	return Latencies{N: len(d), P50: Percentile(d, 0.50), P90: Percentile(d, 0.90), P99: Percentile(d, 0.99), Max: d[len(d)-1]}
}

// Percentile returns the nearest-rank q-quantile (0 < q ≤ 1) of sorted.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Ms is d in milliseconds, for reports.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// LoadResult is what a closed-loop run measured.
type LoadResult struct {
	Requests int           // completed requests that passed the check
	Errors   int           // failed requests (transport error, bad status, bad body)
	FirstErr error         // the first failure, for the report
	Elapsed  time.Duration // measured window
	Lat      Latencies     // of the successful requests

	samples []time.Duration // sorted latencies of the successful requests
}

// RPS is the throughput of successful requests.
func (r LoadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// ClosedLoop runs `clients` workers that each call do back to back: first for warmup
// (not measured), then for dur (measured). A worker's request in flight when the window
// ends is not counted. do returns an error when the response is wrong.
func ClosedLoop(ctx context.Context, clients int, warmup, dur time.Duration, do func(context.Context) error) LoadResult {
	run := func(d time.Duration, measure bool) LoadResult {
		var (
			mu    sync.Mutex
			res   LoadResult
			all   []time.Duration
			wg    sync.WaitGroup
			start = time.Now()
			end   = start.Add(d)
		)
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lat := make([]time.Duration, 0, 4096)
				var n, errs int
				var first error
				for ctx.Err() == nil {
					t0 := time.Now()
					if !t0.Before(end) {
						break
					}
					err := do(ctx)
					t1 := time.Now()
					if t1.After(end) {
						break // straddles the window's end: not counted
					}
					if err != nil {
						errs++
						if first == nil {
							first = err
						}
						continue
					}
					n++
					lat = append(lat, t1.Sub(t0))
				}
				mu.Lock()
				res.Requests += n
				res.Errors += errs
				if res.FirstErr == nil {
					res.FirstErr = first
				}
				if measure {
					all = append(all, lat...)
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		res.Elapsed = d
		res.Lat = Summarise(all)
		res.samples = all
		return res
	}
	if warmup > 0 {
		w := run(warmup, false)
		if w.Requests == 0 && w.Errors > 0 {
			return LoadResult{Errors: w.Errors, FirstErr: fmt.Errorf("warm-up: %w", w.FirstErr)}
		}
	}
	return run(dur, true)
}
