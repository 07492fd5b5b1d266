package e2e

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// The authentication cache (CRM_AUTH_CACHE_TTL) never delays, on the process that made it, a
// change that takes access away: revoking a token, signing out, deactivating a user, lowering
// a role, locking or deleting the organization apply to the very next request. The ttl here is
// a minute, so only invalidation can explain a refusal.
func TestAuthCacheRevocationAppliesAtOnce(t *testing.T) {
	var qc apptest.QueryCounter
	srv := apptest.Start(t, apptest.Options{WrapDriver: qc.Wrap, Env: map[string]string{"CRM_AUTH_CACHE_TTL": "1m"}})
	org := srv.SignUp(t, "Cache Co", "cleo@cache.test")
	ctx := store.AllOrgs(context.Background())

	// The cache is used: a known token costs no authentication query (api_tokens, users,
	// organizations) until something empties the cache.
	org.Admin.MustDo(t, meQuery, nil, nil)
	qc.Reset()
	org.Admin.MustDo(t, meQuery, nil, nil)
	hit := qc.Count()
	srv.App.Identity.FlushAuthCache()
	qc.Reset()
	org.Admin.MustDo(t, meQuery, nil, nil)
	if miss := qc.Count(); miss != hit+3 {
		t.Fatalf("a cached token must save the 3 authentication queries: %d queries cached, %d not", hit, miss)
	}

	// Revoked token: refused at once, saying so.
	var created struct {
		CreateAPIToken struct {
			Token  struct{ ID string }
			Secret string
		}
	}
	org.Admin.MustDo(t, `mutation { createAPIToken(input: {name: "ci"}) { token { id } secret } }`, nil, &created)
	second := &apptest.Client{URL: srv.URL, Token: created.CreateAPIToken.Secret}
	second.MustDo(t, meQuery, nil, nil)
	second.MustDo(t, meQuery, nil, nil) // cached now
	id := created.CreateAPIToken.Token.ID
	org.Admin.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`, map[string]any{"id": id}, nil)
	r := second.Do(t, meQuery, nil)
	if e := assertCode(t, r, apperr.Unauthenticated); r.Status != http.StatusUnauthorized || !strings.Contains(e.Message, "revoked") {
		t.Fatalf("revoked token on the same process: status %d %+v", r.Status, e)
	}

	// Deactivated user: refused at once.
	std := srv.AddUser(t, org.ID, "stan@cache.test", user.RoleSTANDARD)
	var me struct{ Me struct{ ID string } }
	std.MustDo(t, meQuery, nil, &me)
	std.MustDo(t, meQuery, nil, nil)
	org.Admin.MustDo(t, `mutation($id: ID!) { deactivateUser(id: $id) { status } }`, map[string]any{"id": me.Me.ID}, nil)
	if e := assertCode(t, std.Do(t, meQuery, nil), apperr.Unauthenticated); !strings.Contains(e.Message, "deactivated") {
		t.Fatalf("deactivated user: %+v", e)
	}

	// Lowered role: the admin-only query is refused at once.
	adm := srv.AddUser(t, org.ID, "ada@cache.test", user.RoleADMIN)
	adm.MustDo(t, `{ plans { __typename } }`, nil, nil)
	adm.MustDo(t, meQuery, nil, &me)
	admID, _ := strconv.Atoi(me.Me.ID)
	srv.App.DB.Client.User.UpdateOneID(admID).SetRole(user.RoleSTANDARD).ExecX(ctx)
	assertCode(t, adm.Do(t, `{ plans { __typename } }`, nil), apperr.Forbidden)

	// Signed out: the session cookie is dead at once, even kept by a client.
	jar, _ := cookiejar.New(nil)
	web := &apptest.Client{URL: srv.URL, HTTP: &http.Client{Jar: jar}}
	web.MustDo(t, `mutation($i: SignInInput!) { signIn(input: $i) { user { id } } }`,
		map[string]any{"i": map[string]any{"email": org.Email, "password": apptest.Password}}, nil)
	var cookie string
	base, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range jar.Cookies(base) {
		if c.Name == "crm_session" {
			cookie = c.Value
		}
	}
	kept := &apptest.Client{URL: srv.URL, Header: http.Header{"Cookie": {"crm_session=" + cookie}}}
	var who struct{ Me *struct{ ID string } }
	kept.MustDo(t, meQuery, nil, &who)
	kept.MustDo(t, meQuery, nil, &who)
	if who.Me == nil {
		t.Fatal("the session cookie must authenticate")
	}
	web.MustDo(t, `mutation { signOut }`, nil, nil)
	kept.MustDo(t, meQuery, nil, &who)
	if who.Me != nil {
		t.Fatal("a signed-out session must be anonymous at once")
	}

	// Locked organization (SB-12): refused at once with ACCOUNT_LOCKED.
	orgID, _ := strconv.Atoi(org.ID)
	org.Admin.MustDo(t, `{ contacts { totalCount } }`, nil, nil)
	srv.App.DB.Client.Organization.UpdateOneID(orgID).SetStatus(organization.StatusLOCKED).ExecX(ctx)
	assertCode(t, org.Admin.Do(t, `{ contacts { totalCount } }`, nil), apperr.AccountLocked)
	srv.App.DB.Client.Organization.UpdateOneID(orgID).SetStatus(organization.StatusACTIVE).ExecX(ctx)
	org.Admin.MustDo(t, `{ contacts { totalCount } }`, nil, nil)

}

// Deleting an organization is plain SQL, which no ent hook sees: billing empties the cache
// after the commit, so the org's cached tokens are refused at once.
func TestAuthCacheForgetsDeletedOrganization(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true, Env: map[string]string{"CRM_AUTH_CACHE_TTL": "1m"}})
	gone := srv.SignUp(t, "Gone Cache Co", "gia@gonecache.test")
	stays := srv.SignUp(t, "Stays Cache Co", "sam@stayscache.test")
	for range 2 {
		gone.Admin.MustDo(t, meQuery, nil, nil)
		stays.Admin.MustDo(t, meQuery, nil, nil)
	}
	gone.Admin.MustDo(t, `mutation { deleteOrganization(confirmName: "Gone Cache Co") }`, nil, nil)
	assertCode(t, gone.Admin.Do(t, meQuery, nil), apperr.Unauthenticated)
	stays.Admin.MustDo(t, meQuery, nil, nil)
}

// Another process's cache does not see this one's changes: a token revoked on one API node is
// refused by another one at most CRM_AUTH_CACHE_TTL later (the documented bounded staleness).
func TestAuthCacheStalenessAcrossProcessesIsBounded_Redis(t *testing.T) {
	dir := t.TempDir()
	const ttl = 2 * time.Second
	env := map[string]string{"CRM_AUTH_CACHE_TTL": ttl.String()}
	a := apptest.Start(t, apptest.Options{DataDir: dir, NoWorker: true, Env: env})
	b := apptest.Start(t, apptest.Options{DataDir: dir, NoWorker: true, Env: env}) // same database
	org := a.SignUp(t, "Two Nodes Co", "tia@twonodes.test")
	onA := org.Admin
	onB := &apptest.Client{URL: b.URL, Token: onA.Token}
	onB.MustDo(t, meQuery, nil, nil) // B caches the token

	var list struct {
		APITokens struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	onA.MustDo(t, `{ apiTokens { edges { node { id } } } }`, nil, &list)
	revoked := time.Now()
	onA.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`,
		map[string]any{"id": list.APITokens.Edges[0].Node.ID}, nil)
	assertCode(t, onA.Do(t, meQuery, nil), apperr.Unauthenticated) // A: at once

	var r *apptest.Response
	if !wait.Until(ttl+time.Second-time.Since(revoked), 50*time.Millisecond, func() bool {
		r = onB.Do(t, meQuery, nil)
		return len(r.Errors) == 1 && r.Errors[0].Code() == string(apperr.Unauthenticated)
	}) {
		t.Fatalf("the other process still accepts the revoked token %v after the revocation (ttl %v): %+v",
			time.Since(revoked), ttl, r.Errors)
	}
	t.Logf("the other process refused the revoked token after %v (ttl %v)", time.Since(revoked).Round(time.Millisecond), ttl)
}
