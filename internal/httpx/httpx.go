// Package httpx carries the HTTP request into resolvers that must set cookies, and holds the
// session cookie's settings in one place.
package httpx

import (
	"context"
	"net"
	"net/http"
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

// ClientIP is the caller's address (the connection's; proxies are not trusted by default).
func ClientIP(ctx context.Context) string {
	r := From(ctx)
	if r == nil {
		return "local"
	}
	host, _, err := net.SplitHostPort(r.R.RemoteAddr)
	if err != nil {
		return r.R.RemoteAddr
	}
	return host
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
