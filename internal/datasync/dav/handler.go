// Package dav is the CardDAV (RFC 6352) and CalDAV (RFC 4791) door of the sync engine
// (issue 12): emersion/go-webdav serves discovery, PROPFIND, GET, PUT, DELETE, query and
// multiget on a Backend (backend*.go) that is a thin adapter over datasync.Service; this file
// (with rewriter.go and sync_collection.go) adds what go-webdav v0.7.0 lacks: HTTP Basic
// authentication with a personal API token, the bounds on every input, RFC 6578
// sync-collection, CS:getctag, DAV:sync-token, supported-report-set, read-only privilege sets
// (SY-8) and DAV:error bodies.
//
// URLs: /dav/<user id>/ is the principal, /dav/<user id>/contacts/default/ the address book,
// /dav/<user id>/calendars/{events,tasks}/ the calendars; another user's segment answers 404.
package dav

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"github.com/emersion/go-webdav/carddav"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/httpx"
	"github.com/crmadmin/crmadmin/internal/identity"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// Bounds (issue 12 item 4): refused before any work starts.
const (
	MaxObjectBytes  = datasync.MaxRawBytes // a PUT body (one vCard or calendar object): 413 over it
	MaxReportBytes  = 512 << 10            // a REPORT or PROPFIND body: 413 over it
	MaxMultigetHref = 1000                 // hrefs in one multiget: 403 over it
	MaxSyncPages    = 40                   // engine pages (of datasync.MaxPage) read by one sync-collection
)

const crmNS = "urn:crmadmin:dav"

// Handler serves /dav/ and /.well-known/{carddav,caldav}.
type Handler struct {
	Sync           *datasync.Service
	Identity       *identity.Service
	TrustedProxies []netip.Prefix
	Log            *slog.Logger
	// BodyTimeout bounds the time the request body takes to arrive (CRM_DAV_BODY_TIMEOUT; 0:
	// none): a client dribbling its PUT is answered 408 and the connection closed.
	BodyTimeout time.Duration
}

// state is the request's DAV context.
type state struct {
	userID, clientID int
	ifMatch          webdav.ConditionalMatch
	refusal          *refusal           // set by the backend: the DAV:error body of a 403
	cache            map[string]*object // a multiget's objects, read at once (nil: none)
}

func (s *state) principal() string { return "/dav/" + strconv.Itoa(s.userID) + "/" }

type stateKey struct{}

func stateOf(ctx context.Context) *state { return ctx.Value(stateKey{}).(*state) }

// limitError names the field and limit of an item refused by SY-4.
type limitError struct {
	Field  string
	Limit  int
	Reason string
}

type refusal struct {
	limit   *limitError
	message string
}

type refusedErr struct{ r *refusal }

func (e refusedErr) Error() string { return e.r.message }

// refuse is a 403 whose DAV:error body names why (and, for SY-4, the field and its limit).
func refuse(ctx context.Context, l *limitError, msg string) error {
	stateOf(ctx).refusal = &refusal{limit: l, message: msg}
	return webdav.NewHTTPError(http.StatusForbidden, refusedErr{&refusal{limit: l, message: msg}})
}

var errBadToken = errors.New("unknown or expired sync token")

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := httpx.With(r.Context(), &httpx.Request{W: w, R: r, ClientIP: httpx.ClientAddr(r, h.TrustedProxies)})
	v, ok := h.authenticate(ctx, w, r)
	if !ok {
		return
	}
	ctx = auth.WithViewer(ctx, v)
	st := &state{userID: v.UserID, ifMatch: webdav.ConditionalMatch(r.Header.Get("If-Match"))}
	p := r.URL.Path
	if p == "/.well-known/carddav" || p == "/.well-known/caldav" {
		http.Redirect(w, r, st.principal(), http.StatusPermanentRedirect)
		return
	}
	rest, _ := strings.CutPrefix(p, "/dav/")
	seg, sub, _ := strings.Cut(rest, "/")
	if seg != "" && seg != strconv.Itoa(v.UserID) {
		http.Error(w, "not found", http.StatusNotFound) // another user's (or org's) path: as missing (PL-1)
		return
	}
	if r.Method == "PROPFIND" && strings.EqualFold(strings.TrimSpace(r.Header.Get("Depth")), "infinity") {
		writeDAVError(w, http.StatusForbidden, `<D:propfind-finite-depth/>`, "Depth: infinity is not supported; use 0 or 1")
		return
	}
	limit := int64(MaxReportBytes)
	if r.Method == http.MethodPut {
		limit = MaxObjectBytes
	}
	if r.ContentLength > limit {
		writeDAVError(w, http.StatusRequestEntityTooLarge, `<C:max-resource-size xmlns:C="urn:ietf:params:xml:ns:carddav"/>`,
			fmt.Sprintf("the request body is %d bytes; the limit is %d", r.ContentLength, limit))
		return
	}
	rc := http.NewResponseController(w)
	if h.BodyTimeout > 0 {
		_ = rc.SetReadDeadline(time.Now().Add(h.BodyTimeout))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
		w.Header().Set("Connection", "close")
		writeDAVError(w, http.StatusRequestTimeout, "", fmt.Sprintf("the request body did not arrive within %v", h.BodyTimeout))
		return
	}
	if h.BodyTimeout > 0 {
		_ = rc.SetReadDeadline(time.Time{}) // the next request on this connection has its own time
	}
	if err != nil {
		writeDAVError(w, http.StatusRequestEntityTooLarge, `<C:max-resource-size xmlns:C="urn:ietf:params:xml:ns:carddav"/>`,
			fmt.Sprintf("the request body is over the limit of %d bytes", limit))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if r.Method == http.MethodPut || r.Method == http.MethodDelete {
		// A write received in full is carried out even if the client hangs up from here on
		// (issue 11: vdirsyncer closes its connections when another collection fails): its
		// batch, once pushed, would be applied later by the sync:apply job anyway; finishing it
		// now makes the outcome immediate and the same whatever the client does.
		ctx = context.WithoutCancel(ctx)
	}
	reportName, hrefs := "", 0
	if r.Method == "REPORT" {
		reportName, hrefs = reportKind(body)
		if hrefs > MaxMultigetHref {
			writeDAVError(w, http.StatusForbidden, `<D:number-of-matches-within-limits/>`,
				fmt.Sprintf("the multiget names %d objects; the limit is %d", hrefs, MaxMultigetHref))
			return
		}
	}
	// Every bound is checked: from here the request may register the device's sync client.
	cl, err := h.Sync.EnsureClient(ctx, clientName(v))
	if err != nil {
		h.fail(w, err)
		return
	}
	st.clientID = cl.ID
	ctx = context.WithValue(ctx, stateKey{}, st)
	r = r.WithContext(ctx)
	b := &backend{sync: h.Sync}

	var m syncenum.Module
	switch {
	case seg == "" || sub == "":
		webdav.ServePrincipal(w, r, &webdav.ServePrincipalOptions{CurrentUserPrincipalPath: st.principal(),
			HomeSets:     []webdav.BackendSuppliedHomeSet{carddav.NewAddressBookHomeSet(st.principal() + "contacts/"), caldav.NewCalendarHomeSet(st.principal() + "calendars/")},
			Capabilities: []webdav.Capability{carddav.CapabilityAddressBook, caldav.CapabilityCalendar}})
		return
	case strings.HasPrefix(sub, "contacts/") || sub == "contacts":
		m = syncenum.Contacts
	case strings.HasPrefix(sub, "calendars/") || sub == "calendars":
		m = syncenum.Events
		if strings.HasPrefix(sub, "calendars/tasks") {
			m = syncenum.Tasks
		}
	default:
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	var next http.Handler = &carddav.Handler{Backend: b, Prefix: "/dav"}
	if m != syncenum.Contacts {
		next = &caldav.Handler{Backend: b, Prefix: "/dav"}
	}
	collection := isCollection(sub)
	if strings.HasSuffix(reportName, "-multiget") && collection {
		if err := b.prefetch(ctx, m, hrefNames(body, r.URL.Path)); err != nil {
			h.fail(w, err)
			return
		}
	}
	if reportName == "sync-collection" {
		if !collection {
			writeDAVError(w, http.StatusForbidden, `<D:supported-report/>`, "sync-collection is a report of a collection")
			return
		}
		h.syncCollection(w, r, b, m, body)
		return
	}
	rw := &rewriter{ResponseWriter: w, st: st, buffer: r.Method == "PROPFIND"}
	next.ServeHTTP(rw, r)
	if rw.buffer {
		rw.finish(ctx, b, m, collection)
	}
}

func isCollection(sub string) bool {
	parts := strings.Split(strings.Trim(sub, "/"), "/")
	return len(parts) == 2 && strings.HasSuffix(sub, "/") || len(parts) == 2 && !strings.Contains(parts[1], ".")
}

// clientName names the DAV sync client of the request: one per API token, so that each device
// has its own item links and history (issue 12: a DAV client is a sync client of the user).
func clientName(v *auth.Viewer) string {
	return fmt.Sprintf("CardDAV/CalDAV (API token %d)", v.TokenID)
}

// authenticate checks HTTP Basic: the user's email and a personal API token, throttled like
// sign-in (internal/identity's Limiter). Wrong credentials: 401 with a Basic challenge.
func (h *Handler) authenticate(ctx context.Context, w http.ResponseWriter, r *http.Request) (*auth.Viewer, bool) {
	challenge := func(msg string) {
		w.Header().Set("WWW-Authenticate", `Basic realm="crmadmin", charset="UTF-8"`)
		http.Error(w, msg, http.StatusUnauthorized)
	}
	email, secret, ok := r.BasicAuth()
	if !ok {
		challenge("sign in with your email and a personal API token as the password")
		return nil, false
	}
	if len(email) > 320 || len(secret) > 200 {
		challenge("wrong email or token")
		return nil, false
	}
	ip := httpx.ClientIP(ctx)
	email = strings.ToLower(strings.TrimSpace(email))
	if blocked, wait, err := h.Identity.Limiter.Blocked(ctx, email, ip); err == nil && blocked {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		http.Error(w, fmt.Sprintf("too many failed sign-ins; try again in %d seconds", secs), http.StatusTooManyRequests)
		return nil, false
	}
	v, err := h.Identity.Authenticate(ctx, secret)
	if err == nil && v.TokenID == 0 {
		err = errors.New("not an API token")
	}
	if err == nil {
		u, uerr := h.Sync.Client.User.Query().Where(user.ID(v.UserID)).Only(auth.SystemContext(ctx, v.OrgID))
		if uerr != nil || !strings.EqualFold(u.Email, email) {
			err = errors.New("email does not match the token")
		}
	}
	if err != nil {
		_ = h.Identity.Limiter.Failed(ctx, email, ip)
		challenge("wrong email or token")
		return nil, false
	}
	_ = h.Identity.Limiter.Succeeded(ctx, email, ip)
	return v, true
}

func (h *Handler) fail(w http.ResponseWriter, err error) {
	if apperr.CodeOf(err) == apperr.Internal {
		if h.Log != nil {
			h.Log.Error("dav request failed", "err", err)
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	http.Error(w, err.Error(), http.StatusForbidden)
}

// writeDAVError writes a DAV:error body (RFC 4918 §16) with a precondition element.
func writeDAVError(w http.ResponseWriter, code int, cond, msg string) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<D:error xmlns:D="DAV:" xmlns:crm="` + crmNS + `">` + cond + `<crm:message>`)
	_ = xml.EscapeText(&b, []byte(msg))
	b.WriteString(`</crm:message></D:error>`)
	w.Header().Set("Content-Type", `application/xml; charset="utf-8"`)
	w.Header().Del("Content-Length")
	w.WriteHeader(code)
	_, _ = w.Write(b.Bytes())
}

func refusalBody(r *refusal) string {
	if r.limit == nil {
		return `<D:need-privileges/>`
	}
	var b bytes.Buffer
	b.WriteString(`<crm:field-limit><crm:field>`)
	_ = xml.EscapeText(&b, []byte(r.limit.Field))
	b.WriteString(`</crm:field><crm:limit>` + strconv.Itoa(r.limit.Limit) + `</crm:limit></crm:field-limit>`)
	return b.String()
}

// reportKind names a REPORT's root element and counts its hrefs (a multiget's size).
func reportKind(body []byte) (string, int) {
	d := xml.NewDecoder(bytes.NewReader(body))
	kind, hrefs := "", 0
	for {
		t, err := d.Token()
		if err != nil {
			return kind, hrefs
		}
		if se, ok := t.(xml.StartElement); ok {
			if kind == "" {
				kind = se.Name.Local
			}
			if se.Name.Local == "href" {
				hrefs++
			}
		}
	}
}

// hrefNames lists the names of a multiget's hrefs that are in collection dir.
func hrefNames(body []byte, dir string) []string {
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	var names []string
	in := false
	for {
		t, err := d.Token()
		if err != nil {
			return names
		}
		switch t := t.(type) {
		case xml.StartElement:
			in = t.Name.Local == "href"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				h := strings.TrimSpace(string(t))
				if u, err := url.Parse(h); err == nil {
					h = u.Path
				}
				if name, ok := strings.CutPrefix(h, dir); ok && name != "" && !strings.Contains(name, "/") {
					names = append(names, name)
				}
			}
		}
	}
}
