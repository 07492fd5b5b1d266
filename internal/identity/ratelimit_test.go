package identity

import (
	"context"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/crmadmin/crmadmin/internal/clock"
)

// Issue 9 item 4: the throttling policy, as a table over a fixed clock.
func TestPolicyWait(t *testing.T) {
	p := DefaultPolicy
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	for _, c := range []struct {
		name string
		a    Attempt
		want time.Duration
	}{
		{"nothing known", Attempt{}, 0},
		{"two failures from here are free", Attempt{Pair: Failures{2, now}}, 0},
		{"the third starts the delay (1 s)", Attempt{Pair: Failures{3, now}}, time.Second},
		{"each further failure doubles it", Attempt{Pair: Failures{6, now}}, 8 * time.Second},
		{"the delay counts from the last failure", Attempt{Pair: Failures{6, ago(5 * time.Second)}}, 3 * time.Second},
		{"a delay that passed lets the next attempt through", Attempt{Pair: Failures{6, ago(9 * time.Second)}}, 0},
		{"at most 15 minutes however many failures", Attempt{Pair: Failures{500, now}}, 15 * time.Minute},
		{"account attacked from elsewhere: a known address is not slowed (the owner gets in)",
			Attempt{Account: Failures{1000, now}, Known: true}, 0},
		{"account attacked from elsewhere: an unknown address waits",
			Attempt{Account: Failures{22, now}}, 4 * time.Second},
		{"account failures under the limit slow no one", Attempt{Account: Failures{19, now}}, 0},
		{"a NAT's address under its limit is not slowed", Attempt{Address: Failures{99, now}}, 0},
		{"a busy address is only slowed (2 s), never locked", Attempt{Address: Failures{100000, now}}, 2 * time.Second},
		{"the longest wait wins", Attempt{Pair: Failures{4, now}, Address: Failures{100, now}}, 2 * time.Second},
	} {
		if got := p.Wait(c.a, now); got != c.want {
			t.Errorf("%s: wait %v, want %v", c.name, got, c.want)
		}
	}
}

// Issue 9 item 4: the limiter on Redis (miniredis, settable clock). An attacker failing from
// other addresses never keeps the owner out of an address they signed in from; the attacker's
// own address is slowed with growing delays; a success clears the owner's count only.
func TestLimiterOwnerNotLockedOut(t *testing.T) {
	mr := miniredis.RunT(t)
	clk := clock.NewSettable(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	l := &Limiter{Redis: redis.NewClient(&redis.Options{Addr: mr.Addr()}), Clock: clk, Policy: DefaultPolicy}
	ctx := context.Background()
	const owner, attacker, email = "198.51.100.7", "203.0.113.9", "Owner@Example.test"
	blocked := func(ip string) time.Duration {
		t.Helper()
		b, wait, err := l.Blocked(ctx, email, ip)
		if err != nil || b != (wait > 0) {
			t.Fatalf("Blocked: %v %v %v", b, wait, err)
		}
		return wait
	}
	if err := l.Succeeded(ctx, email, owner); err != nil { // the owner's usual address
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if w := blocked(attacker); w != 0 {
			t.Fatalf("failure %d from the attacker's address must not wait yet (%v)", i+1, w)
		}
		if err := l.Failed(ctx, "owner@example.test", attacker); err != nil {
			t.Fatal(err)
		}
	}
	if w := blocked(attacker); w != time.Second {
		t.Fatalf("after 3 failures the attacker waits 1 s, got %v", w)
	}
	// Many more failures from many addresses: the account is attacked everywhere.
	for i := 0; i < 40; i++ {
		clk.Advance(time.Hour / 100)
		ip := "203.0.113." + string(rune('a'+i%26))
		if err := l.Failed(ctx, email, ip); err != nil {
			t.Fatal(err)
		}
	}
	if w := blocked(owner); w != 0 {
		t.Fatalf("the owner from their known address must get in, waits %v", w)
	}
	if w := blocked("192.0.2.50"); w == 0 {
		t.Fatal("an unknown address must be slowed while the account is attacked")
	}
	// The owner's own typos slow only the owner's address, and a success clears them.
	for i := 0; i < 3; i++ {
		_ = l.Failed(ctx, email, owner)
	}
	if w := blocked(owner); w != time.Second {
		t.Fatalf("the owner's own 3 failures: 1 s, got %v", w)
	}
	clk.Advance(time.Second)
	if w := blocked(owner); w != 0 {
		t.Fatalf("the delay passed: %v", w)
	}
	_ = l.Succeeded(ctx, email, owner)
	if mr.Exists(l.keys(email, owner).pair) {
		t.Fatal("a success clears the (account, address) count")
	}
	// Counts are forgotten Window after the last failure.
	mr.FastForward(DefaultPolicy.Window + time.Second)
	clk.Advance(DefaultPolicy.Window + time.Second)
	if w := blocked("192.0.2.50"); w != 0 {
		t.Fatalf("after the window the account is not slowed: %v", w)
	}
}
