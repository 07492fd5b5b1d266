package abuse_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 9 item 10, transport: every response carries the security headers; a cookie request
// or a websocket from a foreign origin is refused even when the Host header is forged to
// match it; the websocket's connection_ack does not echo the client's token.
func TestAbuseTransport(t *testing.T) {
	e := setup(t)
	session := signInCookie(t, e)
	withCookie := func(r *http.Request) *http.Request {
		r.AddCookie(&http.Cookie{Name: "crm_session", Value: session})
		return r
	}
	forged := func(r *http.Request) *http.Request {
		r.Host = "evil.example" // the attacker's page and a Host header to match it
		r.Header.Set("Origin", "http://evil.example")
		return r
	}
	for _, c := range []Case{
		{Name: "cookie request, forged Origin and Host", Request: func(e *Env) *http.Request {
			return forged(withCookie(post(e, "/query", "application/json", []byte(gql(`mutation { createContact(input: {lastName: "CSRF"}) { id } }`, nil)))))
		}, Status: http.StatusForbidden, Code: "FORBIDDEN", Contains: "cross-origin"},
		{Name: "cookie request from the configured origin", Request: func(e *Env) *http.Request {
			r := withCookie(post(e, "/query", "application/json", []byte(gql(`{ me { email } }`, nil))))
			r.Header.Set("Origin", e.Srv.Cfg.BaseURL)
			return r
		}, Status: http.StatusOK},
	} {
		t.Run(c.Name, func(t *testing.T) { e.check(t, c) })
	}

	t.Run("websocket upgrade, forged Origin and Host", func(t *testing.T) {
		// gorilla sends a Host header given here as the request's Host.
		h := http.Header{"Origin": {"http://evil.example"}, "Host": {"evil.example"}, "Cookie": {"crm_session=" + session}}
		d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 10 * time.Second}
		conn, resp, err := d.Dial("ws"+strings.TrimPrefix(e.Srv.URL, "http")+"/query", h)
		if conn != nil {
			conn.Close()
		}
		if resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Fatalf("upgrade answered %v (%v); want 403", resp, err)
		}
	})

	t.Run("security headers", func(t *testing.T) {
		for _, path := range []string{"/", "/users", "/graphiql", "/healthz", "/download/backup/nope"} {
			r, _ := http.NewRequest(http.MethodGet, e.Srv.URL+path, nil)
			res := e.Send(t, Case{Name: path, Request: func(*Env) *http.Request { return r }})
			for h, want := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
				"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "frame-ancestors 'none'"} {
				if got := res.Header.Get(h); !strings.Contains(got, want) {
					t.Errorf("GET %s: %s is %q, want %q", path, h, got, want)
				}
			}
		}
		r := e.Send(t, Case{Name: "query", Body: gql(`{ me { id } }`, nil), As: "admin"})
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") {
			t.Errorf("/query: Content-Security-Policy %q", csp)
		}
	})

	t.Run("connection_ack does not echo the token", func(t *testing.T) {
		for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
			d := websocket.Dialer{Subprotocols: []string{proto}, HandshakeTimeout: 10 * time.Second}
			conn, _, err := d.Dial("ws"+strings.TrimPrefix(e.Srv.URL, "http")+"/query", nil)
			if err != nil {
				t.Fatal(err)
			}
			_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			init, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": e.AdminA}})
			if err := conn.WriteMessage(websocket.TextMessage, init); err != nil {
				t.Fatal(err)
			}
			_, ack, err := conn.ReadMessage()
			conn.Close()
			if err != nil || !strings.Contains(string(ack), `"connection_ack"`) || strings.Contains(string(ack), e.AdminA) {
				t.Errorf("%s: connection_ack %s (%v); want an ack without the token", proto, ack, err)
			}
		}
	})
}

// signInCookie signs org A's admin in and returns the session cookie's value.
func signInCookie(t *testing.T, e *Env) string {
	t.Helper()
	body := gql(`mutation($i: SignInInput!) { signIn(input: $i) { user { id } } }`,
		map[string]any{"i": map[string]any{"email": e.A.Email, "password": apptest.Password}})
	res := e.Send(t, Case{Name: "sign in", Body: body})
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "crm_session" && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("signIn set no session cookie: %d %s", res.Status, res.Body)
	return ""
}
