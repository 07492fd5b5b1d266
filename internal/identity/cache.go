package identity

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/apitoken"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// maxCachedCredentials bounds the cache's memory (a few hundred bytes an entry).
const maxCachedCredentials = 10000

// authCache remembers recent successful authentications, keyed by the SHA-256 of the secret
// (the same hash the database stores), so that a request with a known API token or session
// does not read api_tokens or sessions, users and organizations again. Only successes are
// remembered, with the viewer they produced; failures always go to the database.
//
// Freshness (security first):
//   - In this process, every change made through ent to a user, an organization, an API token
//     or a session empties the cache, when the mutation returns and again when its transaction
//     commits; an authentication that read the database before an emptying does not store its
//     result (epoch check). So revoking a token, signing out, changing a password, deactivating
//     or deleting a user, changing a role, locking or unlocking an organization apply to the
//     very next request. The only exceptions are the bookkeeping stamps Authenticate itself
//     writes (a token's last use, a user's last sign-in). Code that writes those tables with
//     plain SQL calls Service.FlushAuthCache (deleting an organization does).
//   - Other processes (API nodes, workers) have their own caches and do not see this one's
//     invalidations: what they change is seen here at most ttl later (CRM_AUTH_CACHE_TTL).
//   - Expiry is checked on every request with the service clock, and an entry is not used when
//     a token's last-use stamp or a session's sliding expiry is due: that request goes to the
//     database and writes it, as without the cache.
type authCache struct {
	ttl time.Duration
	now func() time.Time // wall clock for the ttl; credential expiry uses Service.Clock

	mu      sync.RWMutex
	epoch   uint64 // bumped by every flush
	entries map[[sha256.Size]byte]cachedAuth
}

// cachedAuth holds copies of what the checks need, never ent entities (which would keep the
// user's password hash in memory).
type cachedAuth struct {
	viewer   auth.Viewer
	until    time.Time // when this entry stops being used (wall clock: ttl after the database read began)
	expires  time.Time // the credential's expiry; zero: none
	lastUsed time.Time // the API token's last_used_at as stored; zero: never stamped
}

func newAuthCache(ttl time.Duration) *authCache {
	return &authCache{ttl: ttl, now: time.Now, entries: make(map[[sha256.Size]byte]cachedAuth)}
}

func cacheKey(hash []byte) (k [sha256.Size]byte) {
	copy(k[:], hash)
	return k
}

// get returns the cached viewer for hash if the entry is fresh and nothing is due at instant
// now (service clock): the credential has not expired and no bookkeeping write is due.
func (c *authCache) get(hash []byte, now time.Time) (*auth.Viewer, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.RLock()
	e, ok := c.entries[cacheKey(hash)]
	c.mu.RUnlock()
	if !ok || !c.now().Before(e.until) || (!e.expires.IsZero() && !now.Before(e.expires)) {
		return nil, false
	}
	if e.viewer.SessionID != 0 && e.expires.Sub(now) < SessionTTL-time.Hour {
		return nil, false // the sliding expiry is due: Authenticate writes it
	}
	if e.viewer.TokenID != 0 && (e.lastUsed.IsZero() || now.Sub(e.lastUsed) > time.Minute) {
		return nil, false // the last-use stamp is due: Authenticate writes it
	}
	v := e.viewer // a copy: callers may not change the cached one
	return &v, true
}

// readTicket is taken before reading the database and handed to put with what was read.
type readTicket struct {
	epoch uint64    // the cache's epoch then: a flush since means the read may be stale
	at    time.Time // wall clock then: the entry is used until at + ttl
}

// begin returns the ticket of a database read that is about to start.
func (c *authCache) begin() readTicket {
	if c == nil {
		return readTicket{}
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return readTicket{epoch: c.epoch, at: c.now()}
}

// put stores an authentication read from the database after begin returned t, unless the
// cache was flushed in between (the read may predate a change). The entry is used until ttl
// after the read started, so what another process changed is seen here at most ttl later.
func (c *authCache) put(hash []byte, t readTicket, e cachedAuth) {
	if c == nil {
		return
	}
	e.until = t.at.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != t.epoch {
		return
	}
	if len(c.entries) >= maxCachedCredentials {
		now := c.now()
		for k, old := range c.entries {
			if !now.Before(old.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedCredentials {
			clear(c.entries)
		}
	}
	c.entries[cacheKey(hash)] = e
}

// flush forgets every entry and makes authentications in flight not store theirs.
func (c *authCache) flush() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.epoch++
	clear(c.entries)
	c.mu.Unlock()
}

// hook empties the cache after every mutation of users, organizations, API tokens and
// sessions, and again when the mutation's transaction commits (before that, other requests
// still read the old rows and might cache them).
func (c *authCache) hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if bookkeepingOnly(m) {
				return v, err
			}
			c.flush()
			if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if tx, terr := txm.Tx(); terr == nil {
					tx.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Commit(ctx, tx)
							c.flush()
							return err
						})
					})
				}
			}
			return v, err
		})
	}
}

// bookkeepingOnly reports whether m only stamps a token's last use or a user's last sign-in
// (what Authenticate and SignIn write), which changes no viewer and no access.
func bookkeepingOnly(m ent.Mutation) bool {
	if m.Op() != ent.OpUpdateOne || len(m.AddedFields()) > 0 || len(m.ClearedFields()) > 0 ||
		len(m.AddedEdges()) > 0 || len(m.RemovedEdges()) > 0 || len(m.ClearedEdges()) > 0 {
		return false
	}
	var stamps []string
	switch m.Type() {
	case ent.TypeAPIToken:
		stamps = []string{apitoken.FieldLastUsedAt}
	case ent.TypeUser:
		stamps = []string{user.FieldLastSignInAt, user.FieldUpdatedAt}
	default:
		return false
	}
	fields := m.Fields()
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		found := false
		for _, s := range stamps {
			found = found || f == s
		}
		if !found {
			return false
		}
	}
	return true
}

// EnableAuthCache makes Authenticate remember successful authentications for ttl (see
// authCache for what invalidates them); ttl ≤ 0 leaves it off. It installs the invalidation
// hooks on s.Client, so call it once, before serving.
func (s *Service) EnableAuthCache(ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	s.cache = newAuthCache(ttl)
	h := s.cache.hook()
	s.Client.User.Use(h)
	s.Client.Organization.Use(h)
	s.Client.APIToken.Use(h)
	s.Client.Session.Use(h)
}

// FlushAuthCache forgets every cached authentication. Code that changes users, organizations,
// API tokens or sessions with plain SQL (not through ent, whose hooks do it) calls it after
// committing.
func (s *Service) FlushAuthCache() { s.cache.flush() }
