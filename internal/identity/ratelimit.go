package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/crmadmin/crmadmin/internal/clock"
)

// Policy is the sign-in throttling rule (issue 9 item 4), after OWASP's Authentication Cheat
// Sheet: failures slow sign-in down, they never lock an account for everyone.
//
//   - Per account and client address: the first FreeFailures failures cost nothing; then each
//     attempt waits BaseDelay, doubled at every further failure, at most MaxDelay.
//   - Per account over every address: after AccountFailures failures, addresses where the
//     account has not signed in successfully within KnownFor are slowed the same way. An address
//     the owner signed in from stays exempt, so an attacker elsewhere never keeps them out.
//   - Per address over every account: after AddressFailures failures, attempts from it are
//     spaced by AddressDelay; high enough for a NAT or a proxy, and it only slows.
//
// Counts are forgotten Window after the last failure; a success clears its own (account,
// address) count. A refused attempt is not counted and no password is checked for it.
type Policy struct {
	FreeFailures    int
	BaseDelay       time.Duration
	MaxDelay        time.Duration
	AccountFailures int
	AddressFailures int
	AddressDelay    time.Duration
	Window          time.Duration
	KnownFor        time.Duration
}

// DefaultPolicy is the policy the server uses (README "Limits and abuse").
var DefaultPolicy = Policy{FreeFailures: 3, BaseDelay: time.Second, MaxDelay: 15 * time.Minute,
	AccountFailures: 20, AddressFailures: 100, AddressDelay: 2 * time.Second,
	Window: time.Hour, KnownFor: 30 * 24 * time.Hour}

// Failures is one failure count and when its last failure happened.
type Failures struct {
	N    int
	Last time.Time
}

// Attempt is what is known about a sign-in attempt's account and client address.
type Attempt struct {
	Pair    Failures // this account from this address
	Account Failures // this account from every address
	Address Failures // this address, every account
	Known   bool     // the account signed in successfully from this address within KnownFor
}

// Wait is how long the attempt must wait from now; 0 lets it through.
func (p Policy) Wait(a Attempt, now time.Time) time.Duration {
	until := a.Pair.Last.Add(backoff(a.Pair.N, p.FreeFailures, p.BaseDelay, p.MaxDelay))
	if !a.Known {
		if t := a.Account.Last.Add(backoff(a.Account.N, p.AccountFailures, p.BaseDelay, p.MaxDelay)); t.After(until) {
			until = t
		}
	}
	if a.Address.N >= p.AddressFailures {
		if t := a.Address.Last.Add(p.AddressDelay); t.After(until) {
			until = t
		}
	}
	return max(until.Sub(now), 0)
}

// backoff is the delay after n failures: none before free, then base doubling up to max.
func backoff(n, free int, base, max time.Duration) time.Duration {
	if n < free {
		return 0
	}
	if n-free >= 30 || base<<(n-free) > max {
		return max
	}
	return base << (n - free)
}

// Limiter keeps the counts of Policy in Redis, shared by every API process.
type Limiter struct {
	Redis  redis.UniversalClient
	Clock  clock.Clock
	Policy Policy
}

type limiterKeys struct{ pair, account, address, known string }

// keys hashes emails: no plain email in Redis keys.
func (l *Limiter) keys(email, ip string) limiterKeys {
	h := func(s string) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:12]) }
	acct := h(strings.ToLower(email))
	pair := h(strings.ToLower(email) + "\x00" + ip)
	// One hash tag, {login}, for every key: an attempt's counts change in one MULTI/EXEC,
	// which a Redis Cluster allows only on keys of one hash slot (issue 15 item 4).
	return limiterKeys{pair: "crm:{login}:pair:" + pair, account: "crm:{login}:acct:" + acct,
		address: "crm:{login}:addr:" + ip, known: "crm:{login}:known:" + pair}
}

// Blocked reports whether sign-in for email from ip must wait now, and how long.
func (l *Limiter) Blocked(ctx context.Context, email, ip string) (bool, time.Duration, error) {
	k := l.keys(email, ip)
	pipe := l.Redis.Pipeline()
	counts := []*redis.SliceCmd{pipe.HMGet(ctx, k.pair, "n", "last"), pipe.HMGet(ctx, k.account, "n", "last"),
		pipe.HMGet(ctx, k.address, "n", "last")}
	known := pipe.Exists(ctx, k.known)
	if _, err := pipe.Exec(ctx); err != nil && err != redis.Nil {
		return false, 0, err
	}
	var f [3]Failures
	for i, c := range counts {
		var v struct {
			N    int   `redis:"n"`
			Last int64 `redis:"last"`
		}
		if err := c.Scan(&v); err != nil {
			return false, 0, err
		}
		f[i] = Failures{N: v.N, Last: time.UnixMilli(v.Last)}
	}
	wait := l.Policy.Wait(Attempt{Pair: f[0], Account: f[1], Address: f[2], Known: known.Val() == 1}, l.Clock.Now())
	return wait > 0, wait, nil
}

// Failed records one failed attempt.
func (l *Limiter) Failed(ctx context.Context, email, ip string) error {
	k := l.keys(email, ip)
	now := l.Clock.Now().UnixMilli()
	pipe := l.Redis.TxPipeline()
	for _, key := range []string{k.pair, k.account, k.address} {
		pipe.HIncrBy(ctx, key, "n", 1)
		pipe.HSet(ctx, key, "last", now)
		pipe.PExpire(ctx, key, l.Policy.Window)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Succeeded clears the (account, address) count and remembers the address as known.
func (l *Limiter) Succeeded(ctx context.Context, email, ip string) error {
	k := l.keys(email, ip)
	pipe := l.Redis.TxPipeline()
	pipe.Del(ctx, k.pair)
	pipe.Set(ctx, k.known, 1, l.Policy.KnownFor)
	_, err := pipe.Exec(ctx)
	return err
}
