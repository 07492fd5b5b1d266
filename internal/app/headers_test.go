package app

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/config"
)

// Issue 9 item 10: the origin check compares scheme, host and port with CRM_BASE_URL and
// CRM_ALLOWED_ORIGINS; the Host header, which the client chooses, counts for nothing.
func TestOriginAllowed(t *testing.T) {
	a := &App{Cfg: &config.Config{BaseURL: "https://crm.example", AllowedOrigins: []string{"http://localhost:5173"}}}
	for _, tc := range []struct {
		origin, host string
		want         bool
	}{
		{"", "crm.example", true}, // not a browser
		{"https://crm.example", "crm.example", true},
		{"HTTPS://CRM.example:443", "crm.example", true}, // default port, case
		{"http://localhost:5173", "crm.example", true},   // CRM_ALLOWED_ORIGINS
		{"https://evil.example", "evil.example", false},  // Host forged to match the Origin
		{"http://crm.example", "crm.example", false},     // another scheme
		{"https://crm.example:8443", "crm.example:8443", false},
		{"https://crm.example.evil.test", "crm.example", false},
		{"null", "crm.example", false},
		{"https://user@crm.example", "crm.example", false},
	} {
		r := httptest.NewRequest("POST", "/query", nil)
		r.Host = tc.host
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		if got := a.originAllowed(r); got != tc.want {
			t.Errorf("Origin %q, Host %q: allowed=%v, want %v", tc.origin, tc.host, got, tc.want)
		}
	}
}

// Issue 9 item 10: the SPA's policy allows only its own files and its websocket; GraphiQL and
// asynqmon get their own; no page may be framed.
func TestContentSecurityPolicy(t *testing.T) {
	spa := spaCSP("https://crm.example")
	if !strings.Contains(spa, "script-src 'self';") || !strings.Contains(spa, "connect-src 'self' wss://crm.example;") {
		t.Fatalf("SPA policy %q", spa)
	}
	if p := spaCSP("http://localhost:8080"); !strings.Contains(p, "connect-src 'self' ws://localhost:8080;") {
		t.Fatalf("SPA policy over http %q", p)
	}
	for path, want := range map[string]string{"/": spa, "/assets/x.js": spa, "/query": spa, "/graphiql": spa, "/ops/jobs/": opsCSP} {
		got := contentSecurityPolicy(path, spa)
		if got != want || !strings.Contains(got, "frame-ancestors 'none'") {
			t.Errorf("%s: policy %q, want %q with frame-ancestors 'none'", path, got, want)
		}
	}
}
