package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Limiter counts failed sign-ins in Redis so every API process shares the count. After Max
// failures for one email (or 4×Max from one client address) within Window, sign-in is refused
// until the window passes, even with the right password.
type Limiter struct {
	Redis  redis.UniversalClient
	Max    int
	Window time.Duration
}

func (l *Limiter) keys(email, ip string) []string {
	h := sha256.Sum256([]byte(strings.ToLower(email))) // no plain emails in Redis keys
	return []string{"crm:login:email:" + hex.EncodeToString(h[:12]), "crm:login:ip:" + ip}
}

// Blocked reports whether sign-in for email from ip is refused now, and for how long.
func (l *Limiter) Blocked(ctx context.Context, email, ip string) (bool, time.Duration, error) {
	keys := l.keys(email, ip)
	for i, k := range keys {
		max := l.Max
		if i == 1 {
			max = 4 * l.Max
		}
		n, err := l.Redis.Get(ctx, k).Int()
		if err == redis.Nil {
			continue
		}
		if err != nil {
			return false, 0, err
		}
		if n >= max {
			ttl, err := l.Redis.TTL(ctx, k).Result()
			if err != nil || ttl < 0 {
				ttl = l.Window
			}
			return true, ttl, nil
		}
	}
	return false, 0, nil
}

// Failed records one failed attempt.
func (l *Limiter) Failed(ctx context.Context, email, ip string) error {
	for _, k := range l.keys(email, ip) {
		n, err := l.Redis.Incr(ctx, k).Result()
		if err != nil {
			return err
		}
		if n == 1 { // the window starts at the first failure
			if err := l.Redis.Expire(ctx, k, l.Window).Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Succeeded clears the email's count.
func (l *Limiter) Succeeded(ctx context.Context, email, ip string) error {
	return l.Redis.Del(ctx, l.keys(email, ip)[0]).Err()
}
