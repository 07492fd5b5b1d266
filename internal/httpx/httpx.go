// Package httpx carries the HTTP request into resolvers that must set cookies, and holds the
// session cookie's settings in one place.
package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/i18n"
)

// SessionCookie is the name of the session cookie (HttpOnly, SameSite=Lax).
const SessionCookie = "crm_session"

type reqKey struct{}

// Request is the HTTP exchange behind a GraphQL operation.
type Request struct {
	W      http.ResponseWriter
	R      *http.Request
	Secure bool // set cookies with Secure (the public URL is https)
	// ClientIP is the caller's address (ClientAddr with the configured trusted proxies).
	ClientIP string
}

// With stores the exchange in ctx.
func With(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, reqKey{}, r)
}

// From returns the exchange, or nil outside HTTP (tests calling resolvers directly).
func From(ctx context.Context) *Request { r, _ := ctx.Value(reqKey{}).(*Request); return r }

// SetSession sets the session cookie on the response.
func SetSession(ctx context.Context, secret string, expires time.Time) {
	if r := From(ctx); r != nil {
		http.SetCookie(r.W, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", Expires: expires,
			HttpOnly: true, Secure: r.Secure, SameSite: http.SameSiteLaxMode})
	}
}

// ClearSession removes the session cookie.
func ClearSession(ctx context.Context) {
	if r := From(ctx); r != nil {
		http.SetCookie(r.W, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
			HttpOnly: true, Secure: r.Secure, SameSite: http.SameSiteLaxMode})
	}
}

// ClientIP is the caller's address: Request.ClientIP, else the connection's.
func ClientIP(ctx context.Context) string {
	r := From(ctx)
	if r == nil {
		return "local"
	}
	if r.ClientIP != "" {
		return r.ClientIP
	}
	return ClientAddr(r.R, nil)
}

// ClientAddr is the address of the client behind r (issue 9 item 4). It is the connection's
// peer, unless that peer is one of the trusted proxies: then X-Forwarded-For is read from the
// right, each trusted proxy's hop skipped, and the first address not trusted is the client's.
// What lies further left was written by the client itself and is never believed; a malformed
// hop stops the walk at the last proxy. With no trusted proxies X-Forwarded-For is ignored.
func ClientAddr(r *http.Request, trusted []netip.Prefix) string {
	client := r.RemoteAddr
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		client = host
	}
	trust := func(s string) (netip.Addr, bool) {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			return a, false
		}
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return a, true
			}
		}
		return a, false
	}
	if _, ok := trust(client); !ok {
		return client
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := trust(hops[i])
		if !a.IsValid() {
			break
		}
		client = a.String()
		if !ok {
			break
		}
	}
	return client
}

// UserAgent of the caller, cut to 255 characters.
func UserAgent(ctx context.Context) string {
	r := From(ctx)
	if r == nil {
		return ""
	}
	ua := r.R.UserAgent()
	if len(ua) > 255 {
		ua = ua[:255]
	}
	return strings.ToValidUTF8(ua, "")
}

// Locale is the language to word messages in for this request (issue 9 item 12): the signed-in
// user's saved locale, else the request's Accept-Language, else English.
func Locale(ctx context.Context) string {
	saved := ""
	if v := auth.FromContext(ctx); v != nil {
		saved = v.Locale
	}
	accept := ""
	if r := From(ctx); r != nil {
		accept = r.R.Header.Get("Accept-Language")
	}
	return i18n.Pick(saved, accept)
}
