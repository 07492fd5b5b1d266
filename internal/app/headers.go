package app

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// withSecurityHeaders sets on every response (issue 9 item 10): a Content-Security-Policy
// (contentSecurityPolicy), no framing by other sites (X-Frame-Options and frame-ancestors),
// no Referer — download links carry their token in the URL — and no MIME sniffing.
func (a *App) withSecurityHeaders(next http.Handler) http.Handler {
	spa := spaCSP(a.Cfg.BaseURL)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy(r.URL.Path, spa))
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// The policies. The SPA loads only its own files (Vite emits no inline script); styles allow
// 'unsafe-inline' because Mantine injects its theme variables in a <style> element. GraphiQL
// is built with the SPA (its own files, fonts as data: URLs) and shares its policy; asynqmon's
// page is its build (an inline bootstrap script, Google fonts) and gets only what it needs.
// No page may be framed.
const (
	opsCSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; " +
		"style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src https://fonts.gstatic.com; " +
		"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

// spaCSP is the policy of the SPA and everything else served: its websocket (graphql-ws on
// /query) is allowed by name too, for browsers whose 'self' does not cover ws: and wss:.
func spaCSP(baseURL string) string {
	connect := "'self'"
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		ws := "ws://"
		if u.Scheme == "https" {
			ws = "wss://"
		}
		connect += " " + ws + u.Host
	}
	return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
		"font-src 'self' data:; connect-src " + connect + "; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
}

// contentSecurityPolicy is the policy for a request path.
func contentSecurityPolicy(path, spa string) string {
	switch {
	case strings.HasPrefix(path, "/ops/jobs"):
		return opsCSP
	}
	return spa
}

// originAllowed accepts requests without Origin (non-browser clients), from the configured
// public origin (CRM_BASE_URL) and from CRM_ALLOWED_ORIGINS, comparing scheme, host and port.
// The request's Host header is never trusted: a client chooses it (issue 9 item 10).
func (a *App) originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	o := canonicalOrigin(origin)
	if o == "" {
		return false
	}
	return o == canonicalOrigin(a.Cfg.BaseURL) ||
		slices.ContainsFunc(a.Cfg.AllowedOrigins, func(allowed string) bool { return o == canonicalOrigin(allowed) })
}

// canonicalOrigin is scheme://host[:port] of an http(s) URL, lower-cased and without the
// scheme's default port, or "" when s is not one ("null", a path, another scheme).
func canonicalOrigin(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host
}
