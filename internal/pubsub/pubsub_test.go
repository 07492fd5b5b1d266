package pubsub

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/crmadmin/crmadmin/internal/redistest"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// testTimeout bounds every test; nothing here should come close to it.
const testTimeout = 15 * time.Second

// realRedisEnv names the env var with the URL of a real Redis to test against in addition to
// miniredis, e.g. redis://127.0.0.1:6379/0. Unset, the tests start their own redis-server
// (redistest.Start): the real-Redis variant runs wherever redis-server is installed, and in CI
// (CI=true) a missing redis-server fails instead of skipping (issue 17 item 11).
const realRedisEnv = "CRM_TEST_REDIS_URL"

// testEnv is one Redis server plus a key prefix unique to the test, so runs
// against a shared real Redis do not see each other's messages.
type testEnv struct {
	tb     testing.TB
	opt    *redis.Options
	prefix string
}

// backend is a Redis implementation the tests run against.
type backend struct {
	name  string
	setup func(tb testing.TB) *testEnv // skips tb when unavailable
}

var backends = []backend{
	{"miniredis", func(tb testing.TB) *testEnv {
		mr := miniredis.RunT(tb)
		return newTestEnv(tb, &redis.Options{Addr: mr.Addr()})
	}},
	{"redis", func(tb testing.TB) *testEnv {
		url := os.Getenv(realRedisEnv)
		if url == "" {
			url = redistest.Start(tb)
		}
		if url == "" {
			tb.Skip("redis-server not installed and " + realRedisEnv + " not set")
		}
		opt, err := redis.ParseURL(url)
		if err != nil {
			tb.Fatalf("%s: %v", realRedisEnv, err)
		}
		env := newTestEnv(tb, opt)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if err := env.client().Ping(ctx).Err(); err != nil {
			tb.Fatalf("%s=%s: %v", realRedisEnv, url, err)
		}
		return env
	}},
}

func newTestEnv(tb testing.TB, opt *redis.Options) *testEnv {
	return &testEnv{tb: tb, opt: opt, prefix: "crmtest:" + rand.Text()[:12] + ":"}
}

// forEachBackend runs fn as one subtest per backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, env *testEnv)) {
	t.Helper()
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) { fn(t, be.setup(t)) })
	}
}

// client returns a new client of env's Redis, closed at the end of the test.
// Each Broker gets its own client, as it would in its own process.
func (e *testEnv) client() *redis.Client {
	c := redis.NewClient(e.opt)
	e.tb.Cleanup(func() { _ = c.Close() })
	return c
}

// broker starts a Broker with env's prefix, closed at the end of the test
// (before its client).
func (e *testEnv) broker(opts ...Option) *Broker {
	e.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	base := []Option{WithPrefix(e.prefix), WithLogger(slog.New(slog.DiscardHandler))}
	b, err := New(ctx, e.client(), append(base, opts...)...)
	if err != nil {
		e.tb.Fatalf("New: %v", err)
	}
	e.tb.Cleanup(func() { _ = b.Close() })
	return b
}

// recvE returns the next message on s, or ok=false once C is closed, or an
// error if neither happens before ctx ends. Safe in any goroutine.
func recvE(ctx context.Context, s *Subscription) (msg []byte, ok bool, err error) {
	select {
	case msg, ok = <-s.C:
		return msg, ok, nil
	case <-ctx.Done():
		return nil, false, fmt.Errorf("org %d: no message and C not closed: %w", s.orgID, ctx.Err())
	}
}

// recv is recvE that fails the test on timeout.
func recv(ctx context.Context, t testing.TB, s *Subscription) (msg []byte, ok bool) {
	t.Helper()
	msg, ok, err := recvE(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return msg, ok
}

// expectMsg fails the test unless the next message on s is want.
func expectMsg(ctx context.Context, t testing.TB, s *Subscription, want string) {
	t.Helper()
	got, ok := recv(ctx, t, s)
	if !ok {
		t.Fatalf("org %d: C closed, want message %q (dropped=%v)", s.orgID, want, s.Dropped())
	}
	if string(got) != want {
		t.Fatalf("org %d: got message %q, want %q", s.orgID, got, want)
	}
}

// drainE reads s until C is closed and returns what it read, or an error if
// C is not closed before ctx ends. Safe in any goroutine.
func drainE(ctx context.Context, s *Subscription) ([]string, error) {
	var rest []string
	for {
		msg, ok, err := recvE(ctx, s)
		if err != nil || !ok {
			return rest, err
		}
		rest = append(rest, string(msg))
	}
}

// expectClosed is drainE that fails the test on timeout.
func expectClosed(ctx context.Context, t testing.TB, s *Subscription) []string {
	t.Helper()
	rest, err := drainE(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return rest
}

// gather collects b's metrics through a fresh registry (which also checks
// that they register cleanly) and returns the values by metric name.
func gather(b *Broker) (map[string]float64, error) {
	reg := prometheus.NewRegistry()
	for _, c := range b.Collectors() {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register: %w", err)
		}
	}
	mfs, err := reg.Gather()
	if err != nil {
		return nil, fmt.Errorf("gather: %w", err)
	}
	out := make(map[string]float64)
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			switch {
			case m.GetGauge() != nil:
				out[mf.GetName()] = m.GetGauge().GetValue()
			case m.GetCounter() != nil:
				out[mf.GetName()] = m.GetCounter().GetValue()
			}
		}
	}
	return out, nil
}

// metrics is gather that fails the test on error.
func metrics(t testing.TB, b *Broker) map[string]float64 {
	t.Helper()
	m, err := gather(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkMetrics(t testing.TB, b *Broker, want map[string]float64) {
	t.Helper()
	got := metrics(t, b)
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("metric %s = %v (present %v), want %v", name, g, ok, w)
		}
	}
}

// TestPublishReachesOtherBroker: a message published by one process (the
// worker) reaches subscribers in another process (the API) and in itself.
func TestPublishReachesOtherBroker(t *testing.T) {
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		worker, api := env.broker(), env.broker()

		remote1, remote2 := api.Subscribe(42), api.Subscribe(42)
		local := worker.Subscribe(42)
		if n := api.Subscribers(); n != 2 {
			t.Fatalf("api.Subscribers() = %d, want 2", n)
		}

		if err := worker.Publish(ctx, 42, []byte(`{"job":1,"state":"done"}`)); err != nil {
			t.Fatalf("Publish: %v", err)
		}
		for _, s := range []*Subscription{remote1, remote2, local} {
			expectMsg(ctx, t, s, `{"job":1,"state":"done"}`)
		}

		checkMetrics(t, worker, map[string]float64{
			"crm_pubsub_published_total": 1,
			"crm_pubsub_delivered_total": 1,
			"crm_pubsub_subscribers":     1,
			"crm_pubsub_dropped_total":   0,
		})
		checkMetrics(t, api, map[string]float64{
			"crm_pubsub_published_total": 0,
			"crm_pubsub_delivered_total": 2,
			"crm_pubsub_subscribers":     2,
		})
	})
}

// TestTenantIsolation (PL-1): a subscriber only ever receives its own org's
// messages, including for org IDs that share a textual prefix (1 vs 11), and
// Brokers with another channel prefix see nothing.
//
// Redis delivers messages of one pattern subscription in publish order, so
// "the first message a subscriber sees is the one published for it last" proves
// it never received the earlier ones meant for other orgs.
func TestTenantIsolation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		worker, api := env.broker(), env.broker()
		otherEnv := *env
		otherEnv.prefix = env.prefix + "other:"
		other := otherEnv.broker()

		org1, org2, org11 := api.Subscribe(1), api.Subscribe(2), api.Subscribe(11)
		otherOrg1 := other.Subscribe(1)

		publish := func(b *Broker, org int, msg string) {
			t.Helper()
			if err := b.Publish(ctx, org, []byte(msg)); err != nil {
				t.Fatalf("Publish(%d): %v", org, err)
			}
		}
		publish(worker, 1, "secret of org 1")
		publish(worker, 11, "secret of org 11")
		publish(worker, 2, "secret of org 2")
		publish(worker, 3, "nobody listens to org 3")
		publish(other, 1, "other deployment's org 1")

		expectMsg(ctx, t, org2, "secret of org 2")
		expectMsg(ctx, t, org11, "secret of org 11")
		expectMsg(ctx, t, org1, "secret of org 1")
		expectMsg(ctx, t, otherOrg1, "other deployment's org 1")

		// Sentinels published after everything else: each subscriber's next
		// message must be its own sentinel, so nothing else got in between.
		for _, org := range []int{1, 2, 11} {
			publish(worker, org, "end "+strconv.Itoa(org))
		}
		publish(other, 1, "other end")
		expectMsg(ctx, t, org1, "end 1")
		expectMsg(ctx, t, org2, "end 2")
		expectMsg(ctx, t, org11, "end 11")
		expectMsg(ctx, t, otherOrg1, "other end")
	})
}

// TestSlowSubscriberDropped: a subscriber that never reads is dropped once its
// buffer is full, while a fast subscriber of the same org on the same Broker
// gets every message and no Publish blocks.
func TestSlowSubscriberDropped(t *testing.T) {
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		const (
			buffer = 8
			n      = 100
		)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		worker, api := env.broker(), env.broker(WithBuffer(buffer))
		slow, fast := api.Subscribe(7), api.Subscribe(7)

		// Lockstep: publish message i, then wait for the fast subscriber to
		// get it. If fan-out ever blocked on the slow subscriber, the fast
		// one would stall and ctx would expire.
		for i := range n {
			pctx, pcancel := context.WithTimeout(ctx, 5*time.Second)
			err := worker.Publish(pctx, 7, []byte(strconv.Itoa(i)))
			pcancel()
			if err != nil {
				t.Fatalf("Publish %d: %v", i, err)
			}
			expectMsg(ctx, t, fast, strconv.Itoa(i))
		}

		got := expectClosed(ctx, t, slow)
		if len(got) != buffer {
			t.Fatalf("slow subscriber got %d buffered messages, want %d: %q", len(got), buffer, got)
		}
		for i, m := range got {
			if m != strconv.Itoa(i) {
				t.Fatalf("slow subscriber message %d = %q, want %q", i, m, strconv.Itoa(i))
			}
		}
		if !slow.Dropped() {
			t.Error("slow.Dropped() = false, want true")
		}
		if fast.Dropped() {
			t.Error("fast.Dropped() = true, want false")
		}
		if n := api.Subscribers(); n != 1 {
			t.Errorf("Subscribers() = %d, want 1", n)
		}
		slow.Close() // no-op on a dropped subscription
		checkMetrics(t, api, map[string]float64{
			"crm_pubsub_subscribers":     1,
			"crm_pubsub_dropped_total":   1,
			"crm_pubsub_delivered_total": n + buffer,
		})

		// The fast subscriber keeps working after the drop.
		if err := worker.Publish(ctx, 7, []byte("after")); err != nil {
			t.Fatalf("Publish: %v", err)
		}
		expectMsg(ctx, t, fast, "after")
	})
}

// TestSubscriptionCloseDuringFanout closes subscriptions (some twice,
// concurrently, some while they are being dropped) during heavy fan-out. It
// is meant for `go test -race`.
func TestSubscriptionCloseDuringFanout(t *testing.T) {
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		const (
			org        = 5
			publishers = 4
			subs       = 800
		)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		pub, api := env.broker(), env.broker(WithBuffer(4))

		stop := make(chan struct{})
		var bg sync.WaitGroup
		for range publishers {
			bg.Go(func() {
				payload := []byte(`{"event":"job.finished"}`)
				for {
					select {
					case <-stop:
						return
					default:
					}
					if err := pub.Publish(ctx, org, payload); err != nil {
						t.Errorf("Publish: %v", err)
						return
					}
				}
			})
		}
		bg.Go(func() { // concurrent metric scrapes and counts
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := gather(api); err != nil {
					t.Error(err)
					return
				}
				_ = api.Subscribers()
			}
		})

		var wg sync.WaitGroup
		for i := range subs {
			wg.Go(func() {
				s := api.Subscribe(org)
				// readN reads up to n messages and stops early if s is dropped.
				readN := func(n int) error {
					for range n {
						_, ok, err := recvE(ctx, s)
						if err != nil || !ok {
							return err
						}
					}
					return nil
				}
				var err error
				switch i % 4 {
				case 0: // reads a few messages, then closes
					err = readN(3)
					s.Close()
				case 1: // never reads; closed twice concurrently, racing the drop
					var cw sync.WaitGroup
					cw.Go(s.Close)
					cw.Go(s.Close)
					cw.Wait()
				case 2: // closes at once
					s.Close()
				case 3: // reads until dropped or 20 messages, then closes twice
					err = readN(20)
					s.Close()
					s.Close()
				}
				if err == nil {
					_, err = drainE(ctx, s)
				}
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		close(stop)
		bg.Wait()

		if n := api.Subscribers(); n != 0 {
			t.Fatalf("Subscribers() = %d after all closed, want 0", n)
		}
		// The Broker is still healthy. All publishes above have completed, and
		// Redis delivers in order, so once a later message for another org
		// arrives the fan-out backlog for org is gone.
		flushed := api.Subscribe(org + 1)
		if err := pub.Publish(ctx, org+1, []byte("flushed")); err != nil {
			t.Fatalf("Publish: %v", err)
		}
		expectMsg(ctx, t, flushed, "flushed")
		s := api.Subscribe(org)
		if err := pub.Publish(ctx, org, []byte("still alive")); err != nil {
			t.Fatalf("Publish: %v", err)
		}
		expectMsg(ctx, t, s, "still alive")
	})
}

// TestBrokerClose: Close closes every subscription (also during fan-out), is
// idempotent, and the Broker refuses work afterwards.
func TestBrokerClose(t *testing.T) {
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		pub, api := env.broker(), env.broker()

		var subs []*Subscription
		for _, org := range []int{1, 1, 2, 3} {
			subs = append(subs, api.Subscribe(org))
		}
		// Keep fan-out busy on org 9 (drained, so not dropped) while closing.
		busy := api.Subscribe(9)
		stop := make(chan struct{})
		var bg sync.WaitGroup
		bg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := pub.Publish(ctx, 9, []byte("x")); err != nil {
					t.Errorf("Publish: %v", err)
					return
				}
			}
		})
		expectMsg(ctx, t, busy, "x") // fan-out is running
		busyDone := make(chan error, 1)
		go func() { _, err := drainE(ctx, busy); busyDone <- err }()

		if err := api.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := <-busyDone; err != nil {
			t.Fatalf("busy subscriber: %v", err)
		}
		close(stop)
		bg.Wait()

		for _, s := range subs {
			expectClosed(ctx, t, s)
			if s.Dropped() {
				t.Errorf("org %d: Dropped() = true after Broker.Close, want false", s.orgID)
			}
			s.Close() // no-op, must not panic
		}
		if n := api.Subscribers(); n != 0 {
			t.Errorf("Subscribers() = %d after Close, want 0", n)
		}
		if err := api.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		late := api.Subscribe(1)
		expectClosed(ctx, t, late)
		late.Close()
		if err := api.Publish(ctx, 1, []byte("late")); !errors.Is(err, ErrClosed) {
			t.Errorf("Publish after Close = %v, want ErrClosed", err)
		}
		if n := api.Subscribers(); n != 0 {
			t.Errorf("Subscribers() = %d after Subscribe on closed Broker, want 0", n)
		}
	})
}

// TestNewErrors: New reports an unreachable Redis and honours ctx when Redis
// never answers the PSUBSCRIBE.
func TestNewErrors(t *testing.T) {
	t.Run("unreachable", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens on addr now
		rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
		defer rdb.Close()
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if b, err := New(ctx, rdb); err == nil {
			b.Close()
			t.Fatal("New succeeded against a closed port")
		}
	})
	t.Run("silent server", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		accepted := make(chan []net.Conn, 1)
		go func() { // accept and never answer
			var conns []net.Conn
			for {
				c, err := ln.Accept()
				if err != nil {
					accepted <- conns
					return
				}
				conns = append(conns, c)
			}
		}()
		defer func() {
			ln.Close()
			for _, c := range <-accepted {
				c.Close()
			}
		}()
		rdb := redis.NewClient(&redis.Options{Addr: ln.Addr().String(), MaxRetries: -1, Protocol: 2})
		defer rdb.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		done := make(chan error, 1)
		go func() {
			b, err := New(ctx, rdb)
			if err == nil {
				b.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("New = %v, want context.DeadlineExceeded", err)
			}
			// go-redis alone would wait for its 3s ReadTimeout.
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("New returned %v after ctx expired", d)
			}
		case <-time.After(testTimeout):
			t.Fatal("New did not return after ctx expired")
		}
	})
}

// TestGlobEscape: a prefix with glob metacharacters only matches itself.
func TestGlobEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"crm:", "crm:"},
		{"a*b?[c]\\", `a\*b\?\[c\]\\`},
	} {
		if got := globEscape(tc.in); got != tc.want {
			t.Errorf("globEscape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		star := *env
		star.prefix = env.prefix + "*:"
		plain := *env
		plain.prefix = env.prefix + "x:"
		starB, plainB := star.broker(), plain.broker()
		s := starB.Subscribe(1)
		if err := plainB.Publish(ctx, 1, []byte("plain")); err != nil {
			t.Fatal(err)
		}
		if err := starB.Publish(ctx, 1, []byte("star")); err != nil {
			t.Fatal(err)
		}
		expectMsg(ctx, t, s, "star") // "plain" must not have matched "<p>*:org:*"
	})
}

// BenchmarkFanout10k measures publish → delivered to all 10,000 subscribers
// of one org, each drained by its own goroutine. "redis-path" publishes from
// a second Broker through Redis; "inprocess" calls the fan-out directly to
// isolate its cost from the Redis round trip.
func BenchmarkFanout10k(b *testing.B) {
	const n = 10000
	for _, be := range backends {
		for _, mode := range []string{"redis-path", "inprocess"} {
			b.Run(fmt.Sprintf("%s/%s", be.name, mode), func(b *testing.B) {
				env := be.setup(b)
				pub, api := env.broker(), env.broker()
				var wg sync.WaitGroup
				for range n {
					s := api.Subscribe(1)
					go func() {
						for range s.C {
							wg.Done()
						}
					}()
				}
				payload := []byte(`{"event":"job.finished","job_id":123456}`)
				ctx := context.Background()
				b.ReportAllocs()
				b.ResetTimer()
				ops := 0
				for b.Loop() {
					wg.Add(n)
					if mode == "inprocess" {
						api.fanout(1, string(payload))
					} else if err := pub.Publish(ctx, 1, payload); err != nil {
						b.Fatal(err)
					}
					wg.Wait()
					ops++
				}
				b.ReportMetric(float64(ops*n)/b.Elapsed().Seconds(), "deliveries/s")
				if d := metrics(b, api)["crm_pubsub_dropped_total"]; d != 0 {
					b.Fatalf("%v subscribers dropped", d)
				}
			})
		}
	}
}
