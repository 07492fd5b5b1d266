// Package apptest starts the real server in-process for integration tests and benchmarks:
// real SQLite in a temp dir, and either the embedded miniredis or a real redis-server.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/config"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/redistest"
)

// Options shape a test server.
type Options struct {
	RedisURL   string      // "" = embedded miniredis
	Clock      clock.Clock // default real
	NoWorker   bool        // API only (a separate worker process runs the jobs)
	DataDir    string      // default t.TempDir()
	Env        map[string]string
	LogWriter  io.Writer                           // default: discard (set CRM_TEST_LOG=1 to see logs)
	WrapDriver func(dialect.Driver) dialect.Driver // e.g. (&QueryCounter{}).Wrap
}

// Server is a running in-process crmadmin.
type Server struct {
	*httptest.Server
	App *app.App
	Cfg *config.Config
}

// Start starts a server and stops it when the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	if o.RedisURL == "" && os.Getenv("CRM_TEST_BACKEND") == "redis-server" {
		o.RedisURL = RedisServer(t) // the whole suite again on a real redis-server (make test)
	}
	srv := httptest.NewUnstartedServer(nil) // its address is the base URL of links in emails
	env := map[string]string{
		"CRM_BASE_URL":   "http://" + srv.Listener.Addr().String(),
		"CRM_DATA_DIR":   o.DataDir,
		"CRM_REDIS_URL":  o.RedisURL,
		"CRM_LOG_FORMAT": "text",
		"CRM_LOG_LEVEL":  "warn",
	}
	if env["CRM_DATA_DIR"] == "" {
		env["CRM_DATA_DIR"] = t.TempDir()
	}
	for k, v := range o.Env {
		env[k] = v
	}
	if env["CRM_DB_URL"] == "" && pgtest.Enabled() {
		// The suite on PostgreSQL: a fresh database per data dir; servers started on the same
		// data dir share it, as they share the SQLite file.
		env["CRM_DB_URL"] = pgtest.URLForDir(t, env["CRM_DATA_DIR"])
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	w := o.LogWriter
	if w == nil {
		w = io.Discard
		if os.Getenv("CRM_TEST_LOG") != "" {
			w = os.Stderr
		}
	}
	ctx := context.Background()
	t.Cleanup(srv.Close)
	a, err := app.New(ctx, cfg, app.Options{Clock: o.Clock, WrapDriver: o.WrapDriver, Logger: slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	if !o.NoWorker {
		if err := a.StartWorker(ctx); err != nil {
			a.Close()
			t.Fatal(err)
		}
	}
	if err := a.StartSMTP(); err != nil { // CRM_SMTP_LISTEN in Env (127.0.0.1:0 in tests)
		a.Close()
		t.Fatal(err)
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		a.Close()
	})
	return &Server{Server: srv, App: a, Cfg: cfg}
}

// Backend is a Redis to run a suite against.
type Backend struct{ Name, RedisURL string }

// Backends are the Redis flavours every integration suite runs on: the embedded miniredis,
// and a real redis-server (Debian package) started on a free loopback port. Outside CI a
// missing redis-server skips that variant; in CI (CI=true) it fails the test.
func Backends(t testing.TB) []Backend {
	b := []Backend{{Name: "miniredis"}}
	if url := RedisServer(t); url != "" {
		b = append(b, Backend{Name: "redis-server", RedisURL: url})
	}
	return b
}

// RedisServer starts a private redis-server for this test and returns its URL ("" when the
// binary is missing outside CI; a failure in CI). See redistest.Start.
func RedisServer(t testing.TB) string { return redistest.Start(t) }

// Redis is a private redis-server that a test can stop and start again on the same port.
type Redis = redistest.Server

// StartRedis starts a private redis-server for this test, stopped when it ends; nil (and a
// note) when the binary is missing outside CI.
func StartRedis(t testing.TB) *Redis { return redistest.StartServer(t) }

// FreePort returns a free loopback TCP port.
func FreePort(t testing.TB) int {
	t.Helper()
	return redistest.FreePort(t)
}

// Client calls the GraphQL API as one caller.
type Client struct {
	URL    string // the server's base URL
	Token  string // API token (Bearer), if any
	Header http.Header
	HTTP   *http.Client
}

// Response is a GraphQL response.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	Status int             `json:"-"`
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { c, _ := e.Extensions["code"].(string); return c }

// Codes lists the codes of r's errors.
func (r *Response) Codes() []string {
	var c []string
	for _, e := range r.Errors {
		c = append(c, e.Code())
	}
	return c
}

// Do posts a query and decodes the response (it does not fail the test on GraphQL errors).
func (c *Client) Do(t testing.TB, query string, vars map[string]any) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r Response
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("not a GraphQL response (%d): %s", resp.StatusCode, b)
	}
	r.Status = resp.StatusCode
	return &r
}

// MustDo is Do that fails the test on any GraphQL error and decodes data into out.
func (c *Client) MustDo(t testing.TB, query string, vars map[string]any, out any) {
	t.Helper()
	r := c.Do(t, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("GraphQL errors: %+v\nquery: %s", r.Errors, query)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatal(err)
		}
	}
}

// Org is an org signed up through the API, with its super admin's client.
type Org struct {
	ID, UserID string
	Admin      *Client
	Email      string
}

// Password is the password SignUp uses.
const Password = "correct horse battery staple"

// SignUp creates an org and returns its super admin, authenticated with an API token.
func (s *Server) SignUp(t testing.TB, orgName, email string) *Org {
	t.Helper()
	c := &Client{URL: s.URL}
	var out struct {
		SignUp struct {
			User         struct{ ID string }
			Organization struct{ ID string }
			APIToken     string
		}
	}
	c.MustDo(t, `mutation($i: SignUpInput!) { signUp(input: $i) { user { id } organization { id } apiToken } }`,
		map[string]any{"i": map[string]any{"organizationName": orgName, "region": "EU", "name": strings.Split(email, "@")[0],
			"email": email, "password": Password, "apiTokenName": "test"}}, &out)
	c.Token = out.SignUp.APIToken
	return &Org{ID: out.SignUp.Organization.ID, UserID: out.SignUp.User.ID, Admin: c, Email: email}
}

// TablesWithColumn lists the tables of the server's database that have the column (SQLite or
// PostgreSQL), sorted by name.
func (s *Server) TablesWithColumn(t testing.TB, column string) []string {
	t.Helper()
	q := `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = $1 ORDER BY m.name`
	if s.App.DB.Dialect == dialect.Postgres {
		q = `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = $1 ORDER BY table_name`
	}
	return s.names(t, q, column)
}

func (s *Server) names(t testing.TB, q string, args ...any) []string {
	t.Helper()
	rows, err := s.App.DB.SQL.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Tables lists every table of the server's database (SQLite or PostgreSQL), sorted by name.
func (s *Server) Tables(t testing.TB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if s.App.DB.Dialect == dialect.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return s.names(t, q)
}
