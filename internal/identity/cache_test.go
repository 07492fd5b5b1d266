package identity

import (
	"strconv"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/apitoken"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// testCache is a cache whose wall clock the test sets.
func testCache(ttl time.Duration) (*authCache, *time.Time) {
	c := newAuthCache(ttl)
	wall := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return wall }
	return c, &wall
}

func TestAuthCacheTTLAndExpiry(t *testing.T) {
	c, wall := testCache(5 * time.Second)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) // service clock
	hash := auth.HashSecret(auth.APITokenPrefix + "secret")
	exp := now.Add(time.Hour)
	c.put(hash, c.begin(), cachedAuth{viewer: auth.Viewer{UserID: 7, OrgID: 3, TokenID: 11}, expires: exp, lastUsed: now})

	v, ok := c.get(hash, now)
	if !ok || v.UserID != 7 || v.OrgID != 3 || v.TokenID != 11 {
		t.Fatalf("fresh entry: %+v %v", v, ok)
	}
	v.Role = auth.RoleSuperAdmin // callers get a copy
	if v2, _ := c.get(hash, now); v2.Role != "" {
		t.Fatal("a caller changed the cached viewer")
	}
	if _, ok := c.get(auth.HashSecret(auth.APITokenPrefix+"other"), now); ok {
		t.Fatal("another secret must miss")
	}
	if _, ok := c.get(hash, exp); ok {
		t.Fatal("an expired token must miss even while the entry is fresh")
	}
	if _, ok := c.get(hash, now.Add(61*time.Second)); ok {
		t.Fatal("a due last-use stamp must miss (Authenticate writes it)")
	}
	*wall = wall.Add(5 * time.Second)
	if _, ok := c.get(hash, now); ok {
		t.Fatal("an entry older than the ttl must miss")
	}

	// The ttl runs from the start of the database read, not from its end.
	ticket := c.begin()
	*wall = wall.Add(4 * time.Second) // a slow read
	c.put(hash, ticket, cachedAuth{viewer: auth.Viewer{TokenID: 11}, lastUsed: now})
	if _, ok := c.get(hash, now); !ok {
		t.Fatal("fresh entry after a slow read")
	}
	*wall = wall.Add(time.Second)
	if _, ok := c.get(hash, now); ok {
		t.Fatal("an entry must stop being used ttl after its read began")
	}
}

func TestAuthCacheSessionSlidingExpiry(t *testing.T) {
	c, _ := testCache(time.Minute)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	hash := auth.HashSecret(auth.SessionPrefix + "secret")
	exp := now.Add(SessionTTL)
	c.put(hash, c.begin(), cachedAuth{viewer: auth.Viewer{UserID: 7, SessionID: 5}, expires: exp})
	if _, ok := c.get(hash, now.Add(59*time.Minute)); !ok {
		t.Fatal("a session not due for extension must hit")
	}
	if _, ok := c.get(hash, now.Add(61*time.Minute)); ok {
		t.Fatal("a session due for its sliding extension must miss (Authenticate writes it)")
	}
}

// An authentication that read the database before a flush must not store what it read: the
// row may have changed (a revocation) between its read and its put.
func TestAuthCacheFlushWinsOverReadsInFlight(t *testing.T) {
	c, _ := testCache(time.Minute)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	hash := auth.HashSecret(auth.APITokenPrefix + "secret")
	entry := cachedAuth{viewer: auth.Viewer{UserID: 7, TokenID: 11}, lastUsed: now}

	ticket := c.begin() // the read starts
	c.flush()           // a revocation commits meanwhile
	c.put(hash, ticket, entry)
	if _, ok := c.get(hash, now); ok {
		t.Fatal("a read that started before a flush was stored")
	}
	c.put(hash, c.begin(), entry)
	if _, ok := c.get(hash, now); !ok {
		t.Fatal("a read after the flush must be stored")
	}
	c.flush()
	if _, ok := c.get(hash, now); ok {
		t.Fatal("flush must forget every entry")
	}
}

func TestAuthCacheIsBounded(t *testing.T) {
	c, wall := testCache(time.Minute)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range maxCachedCredentials + 10 {
		c.put(auth.HashSecret(auth.APITokenPrefix+strconv.Itoa(i)), c.begin(), cachedAuth{lastUsed: now})
		if i == maxCachedCredentials/2 {
			*wall = wall.Add(2 * time.Minute) // the first half expires
		}
	}
	if n := len(c.entries); n > maxCachedCredentials {
		t.Fatalf("%d entries, the bound is %d", n, maxCachedCredentials)
	}
}

func TestAuthCacheNilIsOff(t *testing.T) {
	var c *authCache
	hash := auth.HashSecret(auth.APITokenPrefix + "secret")
	c.put(hash, c.begin(), cachedAuth{})
	c.flush()
	if _, ok := c.get(hash, time.Now()); ok {
		t.Fatal("a nil cache must never hit")
	}
}

// Only the stamps Authenticate and SignIn write skip the flush; anything else about tokens,
// users, sessions and organizations empties the cache.
func TestBookkeepingOnly(t *testing.T) {
	client := ent.NewClient() // builders only: nothing is executed
	tokenStamp := client.APIToken.UpdateOneID(1).SetLastUsedAt(time.Now()).Mutation()
	signInStamp := client.User.UpdateOneID(1).SetLastSignInAt(time.Now()).SetUpdatedAt(time.Now()).Mutation()
	for _, tc := range []struct {
		name string
		m    ent.Mutation
		want bool
	}{
		{"token last use", tokenStamp, true},
		{"user last sign-in", signInStamp, true},
		{"token revoked", client.APIToken.UpdateOneID(1).SetRevokedAt(time.Now()).Mutation(), false},
		{"token last use and revoked", client.APIToken.UpdateOneID(1).SetLastUsedAt(time.Now()).SetRevokedAt(time.Now()).Mutation(), false},
		{"token last use, bulk", client.APIToken.Update().Where(apitoken.ID(1)).SetLastUsedAt(time.Now()).Mutation(), false},
		{"user deactivated", client.User.UpdateOneID(1).SetStatus(user.StatusDEACTIVATED).Mutation(), false},
		{"user role", client.User.UpdateOneID(1).SetRole(user.RoleSTANDARD).Mutation(), false},
		{"user renamed", client.User.UpdateOneID(1).SetName("X").SetUpdatedAt(time.Now()).Mutation(), false},
		{"session extended", client.Session.UpdateOneID(1).SetExpiresAt(time.Now()).Mutation(), false},
		{"organization", client.Organization.UpdateOneID(1).SetName("X").Mutation(), false},
	} {
		if got := bookkeepingOnly(tc.m); got != tc.want {
			t.Errorf("%s: bookkeepingOnly = %v, want %v", tc.name, got, tc.want)
		}
	}
}
