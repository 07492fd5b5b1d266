// Package abuse is the abuse suite: hostile requests, one table per class of attack, each run
// against the real in-process server (real SQLite, the embedded Redis) and checked for the
// status, the error code, an upper bound on what the server allocated while answering, and
// that nothing was written. Every new input or door adds its cases here (one file per class).
package abuse_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apptest"
)

// MiB is a mebibyte, for allocation bounds.
const MiB = 1 << 20

// Case is one hostile request and the answer the server must give.
type Case struct {
	Name string
	// Who sends it: "" (anonymous), "admin" (org A's super admin) or "standard" (a STANDARD
	// user of org A).
	As string
	// Body is a GraphQL request body posted to /query as application/json (used when Request
	// is nil). Build large ones with strings.Repeat; they are sent as they are.
	Body string
	// Request builds any other request (another door, method or header); env gives URLs and
	// tokens. Authorization is not added to it.
	Request func(env *Env) *http.Request
	// Status is the HTTP status wanted (0: not checked).
	Status int
	// Code is the extensions.code wanted in the first error ("" : the answer has no error).
	Code string
	// Contains, when set, must appear in the first error's message (the limit, the field…).
	Contains string
	// MaxAlloc bounds what the process allocated from sending to reading the whole answer
	// (runtime/metrics /gc/heap/allocs:bytes; the client's share is included). 0: 32 MiB.
	MaxAlloc uint64
	// MayWrite lets the request change the database (a refused request never may).
	MayWrite bool
}

// Env is the server the suite attacks: two orgs, A and B, with an admin and a standard user
// in A.
type Env struct {
	Srv            *apptest.Server
	A, B           *apptest.Org
	StandardA      *apptest.Client
	ContactB       string // a contact of org B (global ID)
	AdminA, AdminB string // tokens
}

// run runs each case as a subtest against one shared server.
func run(t *testing.T, cases []Case) {
	t.Helper()
	e := setup(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { e.check(t, c) })
	}
}

// setup starts one server per test function (each Test* gets its own, so tables are
// independent and may run in parallel).
func setup(t *testing.T) *Env {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{})
	e := &Env{Srv: srv}
	e.A = srv.SignUp(t, "Abuse A", "admin@a.abuse.test")
	e.B = srv.SignUp(t, "Abuse B", "admin@b.abuse.test")
	e.StandardA = srv.AddUser(t, e.A.ID, "standard@a.abuse.test", user.RoleSTANDARD)
	e.AdminA, e.AdminB = e.A.Admin.Token, e.B.Admin.Token
	var out struct{ CreateContact struct{ ID string } }
	e.B.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Secret"}) { id } }`, nil, &out)
	e.ContactB = out.CreateContact.ID
	// Warm every caller once: their first request may write (a token's last use).
	for _, c := range []*apptest.Client{e.A.Admin, e.B.Admin, e.StandardA} {
		c.MustDo(t, `{ me { id } }`, nil, nil)
	}
	return e
}

func (e *Env) token(as string) string {
	switch as {
	case "admin":
		return e.AdminA
	case "standard":
		return e.StandardA.Token
	case "":
		return ""
	}
	panic("unknown caller " + as)
}

// Result is what the server answered.
type Result struct {
	Status int
	Body   []byte
	Header http.Header
	Errors []apptest.Error
	Alloc  uint64
}

// Send sends c once and measures the allocation.
func (e *Env) Send(t testing.TB, c Case) Result {
	t.Helper()
	var req *http.Request
	if c.Request != nil {
		req = c.Request(e)
	} else {
		req, _ = http.NewRequest(http.MethodPost, e.Srv.URL+"/query", strings.NewReader(c.Body))
		req.Header.Set("Content-Type", "application/json")
		if tok := e.token(c.As); tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	before := heapAllocs()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v (did the server die?)", c.Name, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := Result{Status: resp.StatusCode, Body: body, Header: resp.Header, Alloc: heapAllocs() - before}
	var gr struct{ Errors []apptest.Error }
	if json.Unmarshal(body, &gr) == nil {
		r.Errors = gr.Errors
	}
	return r
}

func (e *Env) check(t *testing.T, c Case) {
	t.Helper()
	before := e.fingerprint(t)
	r := e.Send(t, c)
	if c.Status != 0 && r.Status != c.Status {
		t.Errorf("status %d, want %d; body %s", r.Status, c.Status, clip(r.Body))
	}
	switch {
	case c.Code == "" && len(r.Errors) > 0:
		t.Errorf("want no error, got %+v", r.Errors)
	case c.Code != "" && len(r.Errors) == 0:
		t.Errorf("want %s, got no error; body %s", c.Code, clip(r.Body))
	case c.Code != "" && r.Errors[0].Code() != c.Code:
		t.Errorf("code %q, want %s; message %q", r.Errors[0].Code(), c.Code, r.Errors[0].Message)
	case c.Contains != "" && !strings.Contains(r.Errors[0].Message, c.Contains):
		t.Errorf("message %q does not say %q", r.Errors[0].Message, c.Contains)
	}
	limit := c.MaxAlloc
	if limit == 0 {
		limit = 32 * MiB
	}
	if r.Alloc > limit {
		t.Errorf("the request allocated %.1f MiB; the bound is %.1f MiB", float64(r.Alloc)/MiB, float64(limit)/MiB)
	}
	if !c.MayWrite {
		if after := e.fingerprint(t); after != before {
			t.Errorf("the request changed the database")
		}
	}
	// The server is still alive and answers a plain query.
	e.A.Admin.MustDo(t, `{ me { id } }`, nil, nil)
}

// fingerprint hashes every row of every table: equal fingerprints mean nothing was written.
func (e *Env) fingerprint(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	db := e.Srv.App.DB.SQL
	tables := e.Srv.Tables(t)
	h := sha256.New()
	for _, table := range tables {
		rs, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q`, table))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		fmt.Fprintf(h, "%s\n", table)
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
		}
		rs.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// gql builds a GraphQL request body.
func gql(query string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(b)
}

// post builds a request to path with body and headers (pairs).
func post(e *Env, path, contentType string, body []byte, headers ...string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, e.Srv.URL+path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}
