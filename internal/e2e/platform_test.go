// Package e2e holds integration tests that run the real server in-process (real SQLite, the
// embedded miniredis and, where it matters, a real redis-server) and talk to it over HTTP.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
)

// assertCode fails unless r has exactly one error, with code.
func assertCode(t *testing.T, r *apptest.Response, code apperr.Code) apptest.Error {
	t.Helper()
	if len(r.Errors) != 1 || r.Errors[0].Code() != string(code) {
		t.Fatalf("want one %s error, got status %d errors %+v data %s", code, r.Status, r.Errors, r.Data)
	}
	return r.Errors[0]
}

const meQuery = `{ me { id email role } }`

// PL-2: sign-up and sign-in give an HttpOnly, SameSite session cookie; sign-out ends it;
// only hashes of passwords and session tokens are stored.
func TestSessionCookieLifecycle(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	jar, _ := cookiejar.New(nil)
	c := &apptest.Client{URL: srv.URL, HTTP: &http.Client{Jar: jar}}

	body, _ := json.Marshal(map[string]any{"query": `mutation($i: SignUpInput!) { signUp(input: $i) { user { email role } organization { region timeZone currency } } }`,
		"variables": map[string]any{"i": map[string]any{"organizationName": "Cookie Co", "region": "JP", "name": "Kenji",
			"email": "Kenji@Cookie.test", "password": apptest.Password}}})
	resp, err := c.HTTP.Post(srv.URL+"/query", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// PL-3: region JP gives Asia/Tokyo and JPY by default; the email is normalised.
	if !strings.Contains(string(out), `"region":"JP","timeZone":"Asia/Tokyo","currency":"JPY"`) ||
		!strings.Contains(string(out), `"email":"kenji@cookie.test","role":"SUPER_ADMIN"`) {
		t.Fatalf("signUp: %s", out)
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "crm_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Fatalf("session cookie must be HttpOnly, SameSite=Lax, Path=/: %+v", cookie)
	}

	var me struct{ Me *struct{ Email string } }
	c.MustDo(t, meQuery, nil, &me)
	if me.Me == nil || me.Me.Email != "kenji@cookie.test" {
		t.Fatalf("me with cookie: %+v", me.Me)
	}

	// Only hashes are stored (PL-2: passwords slow-hashed, tokens hashed).
	var hash string
	var tokenHash []byte
	db := srv.App.DB.SQL
	if err := db.QueryRow(`SELECT password_hash FROM users WHERE email = $1`, "kenji@cookie.test").Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, apptest.Password) {
		t.Fatalf("password must be stored as an argon2id hash, got %q", hash)
	}
	if err := db.QueryRow(`SELECT token_hash FROM sessions`).Scan(&tokenHash); err != nil {
		t.Fatal(err)
	}
	if len(tokenHash) != 32 || bytes.Contains(tokenHash, []byte(cookie.Value)) {
		t.Fatal("session tokens must be stored as SHA-256 hashes only")
	}

	var so struct{ SignOut bool }
	c.MustDo(t, `mutation { signOut }`, nil, &so)
	c.MustDo(t, meQuery, nil, &me)
	if me.Me != nil {
		t.Fatal("me must be null after signOut")
	}
	// The old cookie value is dead even if a client kept it.
	stale := &apptest.Client{URL: srv.URL, Header: http.Header{"Cookie": {"crm_session=" + cookie.Value}}}
	stale.MustDo(t, meQuery, nil, &me)
	if me.Me != nil {
		t.Fatal("a signed-out session must not authenticate")
	}

	// Sign in again (email is case-insensitive).
	c.MustDo(t, `mutation { signIn(input: {email: "KENJI@cookie.test", password: "`+apptest.Password+`"}) { user { email } } }`, nil, nil)
	c.MustDo(t, meQuery, nil, &me)
	if me.Me == nil {
		t.Fatal("me must work after signIn")
	}
}

// PL-2: wrong passwords are refused with one message (unknown email looks the same), and
// after 3 failures from one address sign-in there waits (issue 9 item 4: a growing delay,
// RATE_LIMITED with retryAfterSeconds), even with the right password. The clock stands still.
func TestSignInRateLimited_Redis(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Clock: clock.NewSettable(time.Now())})
	org := srv.SignUp(t, "Limit Co", "ana@limit.test")
	anon := &apptest.Client{URL: srv.URL}
	signIn := func(email, pw string) *apptest.Response {
		return anon.Do(t, `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { user { id } } }`,
			map[string]any{"e": email, "p": pw})
	}
	unknown := assertCode(t, signIn("nobody@limit.test", "whatever-password"), apperr.Unauthenticated)
	for i := 0; i < 3; i++ {
		e := assertCode(t, signIn(org.Email, "wrong-password-"+strconv.Itoa(i)), apperr.Unauthenticated)
		if e.Message != unknown.Message {
			t.Fatalf("wrong password and unknown email must read the same: %q vs %q", e.Message, unknown.Message)
		}
	}
	e := assertCode(t, signIn(org.Email, apptest.Password), apperr.RateLimited)
	if secs, _ := e.Extensions["retryAfterSeconds"].(float64); secs <= 0 || secs > 15*60 {
		t.Fatalf("retryAfterSeconds must say when to retry: %+v", e.Extensions)
	}
	// Another account from another address is not affected by this email's count.
	other := srv.SignUp(t, "Other Co", "bo@other.test")
	if r := signIn(other.Email, apptest.Password); len(r.Errors) != 0 {
		t.Fatalf("other account must sign in: %+v", r.Errors)
	}
}

// PL-2: personal API tokens: created once with their secret, listed without it, stored
// hashed; revoked and expired tokens are refused with a message that says which.
func TestAPITokenLifecycle(t *testing.T) {
	clk := clock.NewSettable(time.Now())
	srv := apptest.Start(t, apptest.Options{Clock: clk})
	org := srv.SignUp(t, "Token Co", "tom@token.test")

	var created struct {
		CreateAPIToken struct {
			Secret string
			Token  struct{ ID, Name, Prefix string }
		}
	}
	org.Admin.MustDo(t, `mutation { createAPIToken(input: {name: "CI", expiresInDays: 1}) { secret token { id name prefix } } }`, nil, &created)
	tok := created.CreateAPIToken
	if !strings.HasPrefix(tok.Secret, auth.APITokenPrefix) || !strings.HasPrefix(tok.Secret, tok.Token.Prefix) || len(tok.Token.Prefix) >= len(tok.Secret) {
		t.Fatalf("secret/prefix: %+v", tok)
	}
	ci := &apptest.Client{URL: srv.URL, Token: tok.Secret}
	var me struct{ Me struct{ Email string } }
	ci.MustDo(t, meQuery, nil, &me)
	if me.Me.Email != org.Email {
		t.Fatalf("token must act as its user: %+v", me)
	}
	var list struct {
		APITokens struct {
			Edges []struct{ Node map[string]any }
		}
	}
	org.Admin.MustDo(t, `{ apiTokens { edges { node { id name prefix createdAt lastUsedAt expiresAt revokedAt } } } }`, nil, &list)
	raw, _ := json.Marshal(list)
	if len(list.APITokens.Edges) != 2 || strings.Contains(string(raw), tok.Secret) {
		t.Fatalf("list must show both tokens and never a secret: %s", raw)
	}
	var n int
	if err := srv.App.DB.SQL.QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = $1`, auth.HashSecret(tok.Secret)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("token must be stored as its hash: n=%d err=%v", n, err)
	}

	// Expired: one day later the token is refused (401, UNAUTHENTICATED, says expired).
	clk.Advance(25 * time.Hour)
	r := ci.Do(t, meQuery, nil)
	if e := assertCode(t, r, apperr.Unauthenticated); r.Status != http.StatusUnauthorized || !strings.Contains(e.Message, "expired") {
		t.Fatalf("expired token: status %d %+v", r.Status, e)
	}

	// Revoked: refused, saying so.
	org.Admin.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`, map[string]any{"id": listIDs(list)[0]}, nil) // the admin's own (older) token
	r = org.Admin.Do(t, meQuery, nil)
	if e := assertCode(t, r, apperr.Unauthenticated); !strings.Contains(e.Message, "revoked") {
		t.Fatalf("revoked token: %+v", e)
	}

	// Malformed and unknown credentials.
	bad := &apptest.Client{URL: srv.URL, Header: http.Header{"Authorization": {"Basic dG9tOnB3"}}}
	if r := bad.Do(t, meQuery, nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("Basic auth must be refused with 401, got %d", r.Status)
	}
	unknown := &apptest.Client{URL: srv.URL, Token: auth.APITokenPrefix + "AAAA"}
	assertCode(t, unknown.Do(t, meQuery, nil), apperr.Unauthenticated)
}

// listIDs returns the token IDs of an apiTokens listing, oldest first (the list is newest first).
func listIDs(list struct {
	APITokens struct {
		Edges []struct{ Node map[string]any }
	}
}) []string {
	var ids []string
	for _, e := range list.APITokens.Edges {
		ids = append(ids, e.Node["id"].(string))
	}
	slices.Reverse(ids)
	return ids
}

// PL-2, PL-5: admin-only operations refuse STANDARD users with FORBIDDEN; standard users
// still use the CRM; the audit log is readable by admins only.
func TestRolesEnforced(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Roles Co", "ria@roles.test")
	std := srv.AddUser(t, org.ID, "sam@roles.test", user.RoleSTANDARD)
	admin := srv.AddUser(t, org.ID, "ada@roles.test", user.RoleADMIN)

	for _, q := range []string{
		`{ auditEvents { totalCount } }`,
		`mutation { sendTestNotification(title: "x") }`,
		`mutation { updateOrganization(input: {name: "Hijacked"}) { name } }`,
	} {
		e := assertCode(t, std.Do(t, q, nil), apperr.Forbidden)
		if !strings.Contains(e.Message, "ADMIN") {
			t.Errorf("FORBIDDEN must say which role is needed: %q", e.Message)
		}
		if r := admin.Do(t, q, nil); len(r.Errors) != 0 {
			t.Errorf("an ADMIN may %s: %+v", q, r.Errors)
		}
	}
	std.MustDo(t, `mutation { createContact(input: {lastName: "Durand", firstName: "Élodie"}) { id } }`, nil, nil)
	var contacts struct{ Contacts struct{ TotalCount int } }
	std.MustDo(t, `{ contacts { totalCount } }`, nil, &contacts)
	if contacts.Contacts.TotalCount != 1 {
		t.Fatalf("standard user must use the CRM: %+v", contacts)
	}
}

// PL-5: the audit log is append-only: no API changes it, and even code holding the ent
// client cannot update or delete an entry.
func TestAuditLogAppendOnly(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Audit Co", "aud@audit.test")
	org.Admin.MustDo(t, `mutation { createAPIToken(input: {name: "deploy"}) { token { id } } }`, nil, nil)
	var log struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ ID, Action, Summary, ActorName string }
			}
		}
	}
	org.Admin.MustDo(t, `{ auditEvents(orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { id action summary actorName } } } }`, nil, &log)
	var actions []string
	for _, e := range log.AuditEvents.Edges {
		actions = append(actions, e.Node.Action)
	}
	if !slices.Contains(actions, "org.created") || !slices.Contains(actions, "api_token.created") {
		t.Fatalf("audit log must record org creation and token creation: %v", actions)
	}
	for _, e := range log.AuditEvents.Edges {
		if e.Node.Action == "org.created" && (e.Node.ActorName != "aud" || !strings.Contains(e.Node.Summary, "Audit Co")) {
			t.Fatalf("entries say who and what: %+v", e.Node)
		}
	}

	orgID, _ := strconv.Atoi(org.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	id, _ := strconv.Atoi(log.AuditEvents.Edges[0].Node.ID)
	if err := srv.App.DB.Client.AuditEvent.UpdateOneID(id).Exec(ctx); err == nil {
		t.Fatal("updating an audit entry must be refused")
	}
	if err := srv.App.DB.Client.AuditEvent.DeleteOneID(id).Exec(ctx); err == nil {
		t.Fatal("deleting an audit entry must be refused")
	}
	// No mutation of the API touches the audit log.
	var schema struct {
		Schema struct {
			MutationType struct{ Fields []struct{ Name string } }
		} `json:"__schema"`
	}
	org.Admin.MustDo(t, `{ __schema { mutationType { fields { name } } } }`, nil, &schema)
	for _, f := range schema.Schema.MutationType.Fields {
		if strings.Contains(strings.ToLower(f.Name), "audit") {
			t.Errorf("mutation %s touches the audit log", f.Name)
		}
	}
}

// PL-4, PL-6, PL-7: bad input gets its documented error code, names the field and the limit,
// and writes nothing.
func TestBadInputErrors(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Input Co", "ivy@input.test")
	c := org.Admin
	seen := map[string]bool{}
	check := func(r *apptest.Response, code apperr.Code) apptest.Error {
		t.Helper()
		e := assertCode(t, r, code)
		seen[e.Code()] = true
		return e
	}

	// PL-4: limits count characters: 40 Japanese characters fit First Name (40), 41 do not.
	jp40 := strings.Repeat("健", 40)
	c.MustDo(t, `mutation($f: String!) { createContact(input: {firstName: $f, lastName: "佐藤"}) { id } }`, map[string]any{"f": jp40}, nil)
	e := check(c.Do(t, `mutation($f: String!) { createContact(input: {firstName: $f, lastName: "佐藤"}) { id } }`,
		map[string]any{"f": jp40 + "健"}), apperr.Validation)
	if e.Extensions["field"] != "firstName" || !strings.Contains(e.Message, "40") {
		t.Fatalf("must name the field and the limit: %+v", e)
	}
	for _, blank := range []string{"", "   ", "\t\n"} {
		e = check(c.Do(t, `mutation($l: String!) { createContact(input: {lastName: $l}) { id } }`, map[string]any{"l": blank}), apperr.Validation)
		if e.Extensions["field"] != "lastName" || e.Message != "lastName must not be empty" {
			t.Fatalf("required text %q: %+v", blank, e)
		}
	}
	e = check(c.Do(t, `mutation { createAPIToken(input: {name: "  "}) { token { id } } }`, nil), apperr.Validation)
	if e.Extensions["field"] != "name" {
		t.Fatalf("blank token name: %+v", e)
	}
	e = check(c.Do(t, `mutation { createContact(input: {lastName: "X", email: "not-an-email"}) { id } }`, nil), apperr.Validation)
	if e.Extensions["field"] != "email" {
		t.Fatalf("invalid email: %+v", e)
	}
	e = check(c.Do(t, `mutation($d: String!) { createTask(input: {subject: "Call", description: $d}) { id } }`,
		map[string]any{"d": strings.Repeat("a", 32001)}), apperr.Validation)
	if e.Extensions["field"] != "description" || !strings.Contains(e.Message, "32000") {
		t.Fatalf("description limit: %+v", e)
	}

	// PL-7: a failed write leaves nothing: a contact linked to a missing account is not created.
	before := countRows(t, srv, "contacts")
	e = check(c.Do(t, `mutation { createContact(input: {lastName: "Ghost", accountID: "4294999999"}) { id } }`, nil), apperr.NotFound)
	if e.Extensions["field"] != "accountID" || countRows(t, srv, "contacts") != before {
		t.Fatalf("failed create must write nothing: %+v", e)
	}

	// Sign-up input.
	anon := &apptest.Client{URL: srv.URL}
	signUp := `mutation($i: SignUpInput!) { signUp(input: $i) { user { id } } }`
	in := func(mod func(map[string]any)) map[string]any {
		m := map[string]any{"organizationName": "N", "region": "EU", "name": "N", "email": "n@n.test", "password": apptest.Password}
		mod(m)
		return map[string]any{"i": m}
	}
	e = check(anon.Do(t, signUp, in(func(m map[string]any) { m["password"] = "short" })), apperr.Validation)
	if e.Extensions["field"] != "password" {
		t.Fatalf("weak password: %+v", e)
	}
	check(anon.Do(t, signUp, in(func(m map[string]any) { m["email"] = org.Email })), apperr.Conflict)
	check(anon.Do(t, signUp, in(func(m map[string]any) { m["timeZone"] = "Mars/Olympus" })), apperr.Validation)
	check(anon.Do(t, signUp, in(func(m map[string]any) { m["region"] = "MOON" })), apperr.Validation)

	// Query shape limits.
	deep := `{ contacts { edges { node { account { contacts { edges { node { account { contacts { edges { node { account { name } } } } } } } } } } } } }`
	e = check(c.Do(t, deep, nil), apperr.QueryTooComplex)
	if !strings.Contains(e.Message, "limit is 12") {
		t.Fatalf("depth error must give the limit: %q", e.Message)
	}
	e = check(c.Do(t, `{ contacts(first: 100000) { totalCount } }`, nil), apperr.QueryTooComplex)
	if !strings.Contains(e.Message, "500") {
		t.Fatalf("page error must give the limit: %q", e.Message)
	}
	check(c.Do(t, `{ contacts { nope } }`, nil), apperr.Validation)
	check(c.Do(t, `{ contacts {`, nil), apperr.Validation)

	// Oversized body, with and without Content-Length: 413 and REQUEST_TOO_LARGE.
	big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(big)
		if chunked {
			body = io.MultiReader(strings.NewReader(big)) // hides the length: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/query", body)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var r apptest.Response
		_ = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		r.Status = resp.StatusCode
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("oversized body (chunked=%v): status %d", chunked, resp.StatusCode)
		}
		if e := check(&r, apperr.RequestTooLarge); !strings.Contains(e.Message, "1 MiB") {
			t.Fatalf("must give the limit: %q", e.Message)
		}
	}

	// PL-6: every code seen is in the documented closed set.
	for code := range seen {
		if !slices.Contains(apperr.Codes, apperr.Code(code)) {
			t.Errorf("code %s is not in apperr.Codes", code)
		}
	}
}

func countRows(t *testing.T, srv *apptest.Server, table string) int {
	t.Helper()
	var n int
	if err := srv.App.DB.SQL.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// PL-2: a cookie-authenticated request from a foreign Origin is refused (CSRF); an allowed
// origin and Bearer tokens (not sent by browsers on their own) are accepted.
func TestCrossOriginCookieRefused(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_ALLOWED_ORIGINS": "https://admin.example.com"}})
	org := srv.SignUp(t, "Csrf Co", "cy@csrf.test")
	jar, _ := cookiejar.New(nil)
	c := &apptest.Client{URL: srv.URL, HTTP: &http.Client{Jar: jar}}
	c.MustDo(t, `mutation { signIn(input: {email: "cy@csrf.test", password: "`+apptest.Password+`"}) { user { id } } }`, nil, nil)

	c.Header = http.Header{"Origin": {"https://evil.example"}}
	r := c.Do(t, `mutation { createContact(input: {lastName: "Forged"}) { id } }`, nil)
	if r.Status != http.StatusForbidden {
		t.Fatalf("foreign origin with cookie: status %d", r.Status)
	}
	assertCode(t, r, apperr.Forbidden)
	if countRows(t, srv, "contacts") != 0 {
		t.Fatal("the forged request must write nothing")
	}
	c.Header = http.Header{"Origin": {"https://admin.example.com"}}
	c.MustDo(t, `mutation { createContact(input: {lastName: "Allowed"}) { id } }`, nil, nil)
	c.Header = http.Header{"Origin": {srv.URL}}
	c.MustDo(t, meQuery, nil, nil)

	org.Admin.Header = http.Header{"Origin": {"https://evil.example"}}
	org.Admin.MustDo(t, meQuery, nil, nil)
}

// GraphQL list queries are free of N+1: the number of SQL queries for a connection with
// nested edges does not grow with the page size.
func TestConnectionsAreFreeOfNPlusOne(t *testing.T) {
	var qc apptest.QueryCounter
	srv := apptest.Start(t, apptest.Options{WrapDriver: qc.Wrap})
	org := srv.SignUp(t, "Bulk Co", "bu@bulk.test")
	orgID, _ := strconv.Atoi(org.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	cl := srv.App.DB.Client
	owner, err := cl.User.Query().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		acc := cl.Account.Create().SetName("Account " + strconv.Itoa(i)).SetOwnerID(owner.ID).SaveX(ctx)
		con := cl.Contact.Create().SetLastName("Contact " + strconv.Itoa(i)).SetAccountID(acc.ID).SetOwnerID(owner.ID).SaveX(ctx)
		cl.Note.Create().SetTitle("n1").SetContactID(con.ID).SaveX(ctx)
		cl.Task.Create().SetSubject("t1").SetContactID(con.ID).SaveX(ctx)
	}
	query := `query($n: Int!) { contacts(first: $n) { totalCount edges { node { id lastName
		owner { name }
		account { name owner { email } contacts(first: 3) { totalCount edges { node { id } } } }
		notes { title }
		tasks(first: 5) { edges { node { subject } } } } } } }`
	counts := map[int]int64{}
	org.Admin.MustDo(t, `{ me { id } }`, nil, nil) // first use of the token records lastUsedAt once
	for _, n := range []int{10, 100} {
		qc.Reset()
		var out struct {
			Contacts struct {
				Edges []struct {
					Node struct{ Account struct{ Name string } }
				}
			}
		}
		org.Admin.MustDo(t, query, map[string]any{"n": n}, &out)
		if len(out.Contacts.Edges) != n || out.Contacts.Edges[n-1].Node.Account.Name == "" {
			t.Fatalf("page of %d: got %d edges", n, len(out.Contacts.Edges))
		}
		counts[n] = qc.Count()
	}
	t.Logf("SQL queries: first:10 → %d, first:100 → %d", counts[10], counts[100])
	if counts[100] != counts[10] {
		t.Fatalf("query count grows with page size (N+1): %v", counts)
	}
	if counts[100] > 12 {
		t.Fatalf("too many queries for one page: %d", counts[100])
	}
}

// Operations endpoints: health, metrics, GraphiQL, job dashboard behind the operator token,
// SPA fallback.
func TestOperationsEndpoints(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_OPERATOR_TOKEN": "op-secret-123"}})
	get := func(path string, hdr http.Header) (int, string, *http.Response) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header = hdr
		cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp
	}
	if code, body, _ := get("/healthz", nil); code != 200 || !strings.Contains(body, `"database":"ok"`) || !strings.Contains(body, `"redis":"ok"`) {
		t.Fatalf("healthz: %d %s", code, body)
	}
	// Client-chosen operation names never become metric labels (unbounded series): the root field does.
	org := srv.SignUp(t, "Metrics Co", "mo@metrics.test")
	org.Admin.MustDo(t, `query ClientChosenName12345 { me { id } }`, nil, nil)
	_, body, _ := get("/metrics", nil)
	if strings.Contains(body, "ClientChosenName12345") || !strings.Contains(body, `crm_graphql_operation_seconds_count{field="me",type="query"}`) {
		t.Errorf("/metrics labels operations by client-chosen names, or lacks the root-field label:\n%s", body)
	}
	for _, m := range []string{"go_goroutines", "crm_jobs_pending", "crm_pubsub_subscribers"} {
		if !strings.Contains(body, m) {
			t.Errorf("/metrics lacks %s", m)
		}
	}
	if code, body, _ := get("/graphiql", nil); code != 200 || !strings.Contains(body, "/query") {
		t.Fatalf("graphiql: %d", code)
	}
	if code, _, _ := get("/ops/jobs/", nil); code != http.StatusUnauthorized {
		t.Fatalf("ops without token: %d", code)
	}
	if code, _, _ := get("/ops/jobs/", http.Header{"Authorization": {"Bearer wrong"}}); code != http.StatusUnauthorized {
		t.Fatalf("ops with a wrong token: %d", code)
	}
	if code, _, _ := get("/ops/jobs/", http.Header{"Authorization": {"Bearer op-secret-123"}}); code != 200 {
		t.Fatalf("ops with token: %d", code)
	}
	code, _, resp := get("/ops/jobs/?token=op-secret-123", nil)
	if code != http.StatusSeeOther || len(resp.Cookies()) == 0 || !resp.Cookies()[0].HttpOnly || strings.Contains(resp.Header.Get("Location"), "op-secret") {
		t.Fatalf("ops ?token= must set an HttpOnly cookie and drop the token from the URL: %d %v", code, resp.Header)
	}
	if code, body, _ := get("/some/client/route", nil); code != 200 || !strings.Contains(body, "<html") {
		t.Fatalf("SPA fallback: %d", code)
	}
}

// The reconciler publishes notifications whose publishing failed (DB is the source of truth).
func TestReconcilerRedeliversNotifications_Redis(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	org := srv.SignUp(t, "Recon Co", "re@recon.test")
	orgID, _ := strconv.Atoi(org.ID)
	sub := srv.App.Broker.Subscribe(orgID)
	defer sub.Close()
	// A notification stored but never published (as if Redis was down at the time).
	n := srv.App.DB.Client.Notification.Create().SetType("test").SetTitle("missed").
		SaveX(auth.SystemContext(context.Background(), orgID))
	if err := srv.App.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-sub.C:
		if !strings.Contains(string(msg), `"title":"missed"`) {
			t.Fatalf("redelivered: %s", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the reconciler did not publish the stored notification")
	}
	got := srv.App.DB.Client.Notification.GetX(store.AllOrgs(context.Background()), n.ID)
	if got.PublishedAt == nil {
		t.Fatal("redelivered notification must be marked published")
	}
	if err := srv.App.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-sub.C:
		t.Fatalf("published twice: %s", msg)
	case <-time.After(300 * time.Millisecond):
	}
}

// PL-1: an attachment's file downloads for its own org only; another org's admin, an
// anonymous caller and a missing ID all get the same 404.
func TestAttachmentDownloadScoped(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	a := srv.SignUp(t, "Files A", "fa@files.test")
	b := srv.SignUp(t, "Files B", "fb@files.test")
	orgID, _ := strconv.Atoi(a.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	bucket, err := srv.App.Blobs.Bucket(ctx, "EU")
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("compte-rendu de réunion, 会議メモ")
	if err := bucket.WriteAll(ctx, "attachments/a/1/memo.txt", content, nil); err != nil {
		t.Fatal(err)
	}
	con := srv.App.DB.Client.Contact.Create().SetLastName("Durand").SaveX(ctx)
	att := srv.App.DB.Client.Attachment.Create().SetFileName("mémo réunion.txt").SetContentType("text/plain; charset=utf-8").
		SetSize(int64(len(content))).SetSha256("x").SetBlobKey("attachments/a/1/memo.txt").SetContactID(con.ID).SaveX(ctx)

	get := func(c *apptest.Client, id int) (int, []byte, http.Header) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/download/attachment/"+strconv.Itoa(id), nil)
		if c != nil {
			req.Header.Set("Authorization", "Bearer "+c.Token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body, resp.Header
	}
	code, body, hdr := get(a.Admin, att.ID)
	if code != 200 || !bytes.Equal(body, content) || hdr.Get("Content-Length") != strconv.Itoa(len(content)) ||
		!strings.Contains(hdr.Get("Content-Disposition"), "attachment; filename*=UTF-8''m%C3%A9mo") {
		t.Fatalf("own org: %d %q %v", code, body, hdr)
	}
	_, missingBody, _ := get(a.Admin, att.ID+1000)
	for name, c := range map[string]*apptest.Client{"other org": b.Admin, "anonymous": nil} {
		code, body, _ := get(c, att.ID)
		if code != http.StatusNotFound || !bytes.Equal(body, missingBody) {
			t.Errorf("%s: %d %q (must answer like a missing file)", name, code, body)
		}
	}
}

// Notifications meant for admins are not listed to standard users; both see the ones for all.
func TestNotificationAudience_Redis(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Notif Co", "no@notif.test")
	std := srv.AddUser(t, org.ID, "st@notif.test", user.RoleSTANDARD)
	orgID, _ := strconv.Atoi(org.ID)
	ctx := context.Background()
	if _, err := srv.App.Notify.Send(ctx, orgID, notify.Message{Event: event.BackupReady{}, Title: "admins only"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Notify.Send(ctx, orgID, notify.Message{Event: event.Test{}, Title: "everyone", Audience: notify.ForAll}); err != nil {
		t.Fatal(err)
	}
	titles := func(c *apptest.Client) []string {
		var out struct {
			Notifications struct {
				Edges []struct{ Node struct{ Title string } }
			}
		}
		c.MustDo(t, `{ notifications { edges { node { title } } } }`, nil, &out)
		var ts []string
		for _, e := range out.Notifications.Edges {
			ts = append(ts, e.Node.Title)
		}
		return ts
	}
	if got := titles(org.Admin); strings.Join(got, ",") != "everyone,admins only" {
		t.Fatalf("admin sees both, newest first: %v", got)
	}
	if got := titles(std); strings.Join(got, ",") != "everyone" {
		t.Fatalf("standard user sees only notifications for all: %v", got)
	}
}

// PL-4, PL-1, PL-7: files are attached to records through POST /upload/attachment; another
// org's record answers like a missing one; too large or malformed uploads are refused and
// leave nothing behind.
func TestAttachmentUpload(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	a := srv.SignUp(t, "Up A", "ua@upload.test")
	b := srv.SignUp(t, "Up B", "ub@upload.test")
	var c struct{ CreateContact struct{ ID string } }
	a.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Ono"}) { id } }`, nil, &c)
	upload := func(org *apptest.Org, record, field, name string, body []byte) (int, map[string]any) {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile(field, name)
		_, _ = fw.Write(body)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload/attachment?record="+record, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if org != nil {
			req.Header.Set("Authorization", "Bearer "+org.Admin.Token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	body := []byte("devis signé — 見積書, v2")
	code, out := upload(a, c.CreateContact.ID, "file", "devis, v2.txt", body)
	if code != http.StatusCreated || out["fileName"] != "devis, v2.txt" || out["size"] != float64(len(body)) {
		t.Fatalf("upload: %d %v", code, out)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+out["downloadUrl"].(string), nil)
	req.Header.Set("Authorization", "Bearer "+a.Admin.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, body) {
		t.Fatalf("the uploaded file downloads as %q", got)
	}
	var list struct {
		Contact struct{ Attachments []struct{ FileName string } }
	}
	a.Admin.MustDo(t, `query($id: ID!) { contact: node(id: $id) { ... on Contact { attachments { fileName } } } }`, map[string]any{"id": c.CreateContact.ID}, &list)
	if len(list.Contact.Attachments) != 1 {
		t.Fatalf("the contact's attachments: %+v", list.Contact.Attachments)
	}
	before := countRows(t, srv, "attachments")
	// PL-1: B attaching to A's contact gets what a missing record gets.
	fc, fo := upload(b, c.CreateContact.ID, "file", "x.txt", body)
	mc, mo := upload(b, "999999999", "file", "x.txt", body)
	if fc != http.StatusNotFound || fc != mc || fmt.Sprint(fo) != fmt.Sprint(mo) {
		t.Fatalf("PL-1: B uploading to A's contact: %d %v; to a missing record: %d %v", fc, fo, mc, mo)
	}
	if code, _ := upload(nil, c.CreateContact.ID, "file", "x.txt", body); code != http.StatusUnauthorized {
		t.Fatalf("anonymous upload: %d", code)
	}
	if code, out := upload(a, c.CreateContact.ID, "other", "x.txt", body); code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out), "VALIDATION") {
		t.Fatalf("upload without a file part: %d %v", code, out)
	}
	if code, out := upload(a, c.CreateContact.ID, "file", "big.bin", make([]byte, app.MaxUploadBytes+1)); code != http.StatusRequestEntityTooLarge ||
		!strings.Contains(fmt.Sprint(out), "REQUEST_TOO_LARGE") {
		t.Fatalf("too large an upload: %d %v", code, out)
	}
	if after := countRows(t, srv, "attachments"); after != before {
		t.Fatalf("PL-7: refused uploads left %d attachment rows", after-before)
	}
}

// PL-6: the POST transport answers as GraphQL over HTTP says: a request that cannot be run
// (syntax, validation) is 422 as application/json and 400 as application/graphql-response+json,
// a body that is not JSON is 400, and an executed operation is 200 even with field errors.
func TestGraphQLOverHTTPStatuses(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Http Co", "hana@http.test")
	post := func(body, accept string) (int, string, apptest.Response) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/query", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+org.Admin.Token)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r apptest.Response
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatalf("%s: answer is not JSON: %v", body, err)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), r
	}
	status, ctype, r := post(`{"query":"{ me { email } }"}`, "")
	if status != 200 || ctype != "application/json" || len(r.Errors) != 0 || !strings.Contains(string(r.Data), "hana@http.test") {
		t.Fatalf("ok query: %d %s %+v %s", status, ctype, r.Errors, r.Data)
	}
	if status, ctype, r = post(`{"query":"{ contacts {"}`, ""); status != 422 || ctype != "application/json" || len(r.Errors) != 1 {
		t.Fatalf("syntax error: %d %s %+v", status, ctype, r.Errors)
	}
	if status, ctype, _ = post(`{"query":"{ nope }"}`, "application/graphql-response+json"); status != 400 || ctype != "application/graphql-response+json" {
		t.Fatalf("validation error as graphql-response+json: %d %s", status, ctype)
	}
	if status, _, r = post(`{"query":`, ""); status != 400 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "could not be decoded") {
		t.Fatalf("body that is not JSON: %d %+v", status, r.Errors)
	}
	if status, _, r = post(`{"query":"{ node(id: \"4294999999\") { id } }"}`, ""); status != 200 || len(r.Errors) != 1 || string(r.Data) != `{"node":null}` {
		t.Fatalf("field error: %d %+v %s", status, r.Errors, r.Data)
	}

	// Other methods and media types: 405 (with Allow) and 415, with a code (PL-6).
	for _, tc := range []struct {
		method, ctype string
		status        int
	}{{http.MethodGet, "", 405}, {http.MethodPut, "application/json", 405}, {http.MethodPost, "text/plain", 415}} {
		req, _ := http.NewRequest(tc.method, srv.URL+"/query", strings.NewReader(`{"query":"{ me { id } }"}`))
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		req.Header.Set("Authorization", "Bearer "+org.Admin.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var r apptest.Response
		_ = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		r.Status = resp.StatusCode
		if resp.StatusCode != tc.status {
			t.Fatalf("%s %s: status %d, want %d", tc.method, tc.ctype, resp.StatusCode, tc.status)
		}
		e := assertCode(t, &r, apperr.Validation)
		if tc.status == 405 && (resp.Header.Get("Allow") != "POST, OPTIONS" || !strings.Contains(e.Message, tc.method)) {
			t.Fatalf("%s: Allow %q, message %q", tc.method, resp.Header.Get("Allow"), e.Message)
		}
	}

	// An ID that is not a number, as a literal or a variable, and a negative page size are
	// VALIDATION errors naming the argument (they were INTERNAL and QUERY_TOO_COMPLEX).
	c := org.Admin
	for _, tc := range []struct {
		query string
		vars  map[string]any
		field string
	}{
		{`{ node(id: "abc") { id } }`, nil, "id"},
		{`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "abc"}, "id"},
		{`mutation { deleteContact(id: "12x") }`, nil, "id"},
		{`{ contacts(first: -1) { totalCount } }`, nil, "first"},
	} {
		e := assertCode(t, c.Do(t, tc.query, tc.vars), apperr.Validation)
		if e.Extensions["field"] != tc.field {
			t.Fatalf("%s: field %v, want %s (%q)", tc.query, e.Extensions["field"], tc.field, e.Message)
		}
	}
}
