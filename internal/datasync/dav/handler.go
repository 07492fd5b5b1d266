// Package dav is the CardDAV (RFC 6352) and CalDAV (RFC 4791) door of the sync engine
// (issue 12): emersion/go-webdav serves discovery, PROPFIND, GET, PUT, DELETE, query and
// multiget on a Backend (backend.go) that is a thin adapter over datasync.Service; this file
// adds what go-webdav v0.7.0 lacks: HTTP Basic authentication with a personal API token, the
// bounds on every input, RFC 6578 sync-collection, CS:getctag, DAV:sync-token,
// supported-report-set, read-only privilege sets (SY-8) and DAV:error bodies.
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
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		writeDAVError(w, http.StatusRequestEntityTooLarge, `<C:max-resource-size xmlns:C="urn:ietf:params:xml:ns:carddav"/>`,
			fmt.Sprintf("the request body is over the limit of %d bytes", limit))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
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

// rewriter stands between go-webdav and the client: it turns a refused write's error into a
// DAV:error body and, for PROPFIND, adds the properties go-webdav v0.7.0 does not know.
type rewriter struct {
	http.ResponseWriter
	st      *state
	buffer  bool
	code    int
	buf     bytes.Buffer
	skipped bool
}

func (w *rewriter) WriteHeader(code int) {
	if code == http.StatusForbidden && w.st.refusal != nil && !w.buffer {
		writeDAVError(w.ResponseWriter, code, refusalBody(w.st.refusal), w.st.refusal.message)
		w.skipped = true
		return
	}
	if w.buffer {
		w.code = code
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *rewriter) Write(p []byte) (int, error) {
	if w.skipped {
		return len(p), nil
	}
	if w.buffer {
		return w.buf.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// ---- XML shapes for rewriting a multistatus ----

type msXML struct {
	XMLName   xml.Name  `xml:"DAV: multistatus"`
	Responses []respXML `xml:"response"`
	SyncToken string    `xml:"DAV: sync-token,omitempty"`
}

type respXML struct {
	XMLName  xml.Name      `xml:"DAV: response"`
	Href     string        `xml:"DAV: href"`
	Propstat []propstatXML `xml:"DAV: propstat,omitempty"`
	Status   string        `xml:"DAV: status,omitempty"`
}

type propstatXML struct {
	Prop   propXML `xml:"DAV: prop"`
	Status string  `xml:"DAV: status"`
}

type propXML struct {
	Any []rawXML `xml:",any"`
}

type rawXML struct {
	XMLName xml.Name
	Inner   []byte `xml:",innerxml"`
}

const (
	okStatus       = "HTTP/1.1 200 OK"
	notFoundStatus = "HTTP/1.1 404 Not Found"
)

var (
	getctagName   = xml.Name{Space: "http://calendarserver.org/ns/", Local: "getctag"}
	syncTokenName = xml.Name{Space: "DAV:", Local: "sync-token"}
	reportSetName = xml.Name{Space: "DAV:", Local: "supported-report-set"}
	privSetName   = xml.Name{Space: "DAV:", Local: "current-user-privilege-set"}
)

func reportSet(m syncenum.Module) []byte {
	ns, q, mg := "urn:ietf:params:xml:ns:caldav", "calendar-query", "calendar-multiget"
	if m == syncenum.Contacts {
		ns, q, mg = "urn:ietf:params:xml:ns:carddav", "addressbook-query", "addressbook-multiget"
	}
	var b strings.Builder
	for _, r := range []string{`<sync-collection xmlns="DAV:"/>`, `<` + q + ` xmlns="` + ns + `"/>`, `<` + mg + ` xmlns="` + ns + `"/>`} {
		b.WriteString(`<supported-report xmlns="DAV:"><report xmlns="DAV:">` + r + `</report></supported-report>`)
	}
	return []byte(b.String())
}

func privileges(readOnly bool) []byte {
	if readOnly {
		return []byte(`<privilege xmlns="DAV:"><read xmlns="DAV:"/></privilege>`)
	}
	return []byte(`<privilege xmlns="DAV:"><read xmlns="DAV:"/></privilege><privilege xmlns="DAV:"><write xmlns="DAV:"/></privilege>`)
}

// finish writes the buffered PROPFIND answer with the properties added: getctag, sync-token and
// supported-report-set on collections; current-user-privilege-set (read-only records: read
// only, SY-8) on objects.
func (w *rewriter) finish(ctx context.Context, b *backend, m syncenum.Module, _ bool) {
	out := w.ResponseWriter
	if w.code != http.StatusMultiStatus {
		if w.code == 0 {
			w.code = http.StatusOK
		}
		out.WriteHeader(w.code)
		_, _ = out.Write(w.buf.Bytes())
		return
	}
	var ms msXML
	if err := xml.Unmarshal(w.buf.Bytes(), &ms); err != nil {
		out.WriteHeader(w.code)
		_, _ = out.Write(w.buf.Bytes())
		return
	}
	var tok, ctag string
	var readOnly map[string]bool
	for i := range ms.Responses {
		r := &ms.Responses[i]
		coll := strings.HasSuffix(r.Href, "/")
		for j := range r.Propstat {
			ps := &r.Propstat[j]
			if !strings.Contains(ps.Status, " 404 ") {
				continue
			}
			var keep []rawXML
			var found []rawXML
			for _, p := range ps.Prop.Any {
				var val []byte
				switch {
				case coll && m != "" && p.XMLName == getctagName, coll && m != "" && p.XMLName == syncTokenName:
					if tok == "" {
						t, c, err := b.ctag(ctx)
						if err != nil {
							continue
						}
						tok, ctag = "urn:crmadmin:sync:"+t, c
					}
					val = []byte(ctag)
					if p.XMLName == syncTokenName {
						val = []byte(tok)
					}
				case coll && m != "" && p.XMLName == reportSetName:
					val = reportSet(m)
				case !coll && m != "" && p.XMLName == privSetName:
					if readOnly == nil {
						readOnly = map[string]bool{}
						objs, _ := b.list(ctx, m, false)
						for _, o := range objs {
							readOnly[o.name] = o.readOnly
						}
					}
					val = privileges(readOnly[r.Href[strings.LastIndex(r.Href, "/")+1:]])
				}
				if val == nil {
					keep = append(keep, p)
				} else {
					found = append(found, rawXML{XMLName: p.XMLName, Inner: val})
				}
			}
			if len(found) > 0 {
				ps.Prop.Any = keep
				r.Propstat = append(r.Propstat, propstatXML{Prop: propXML{Any: found}, Status: okStatus})
			}
		}
		var ps []propstatXML
		for _, p := range r.Propstat {
			if len(p.Prop.Any) > 0 {
				ps = append(ps, p)
			}
		}
		r.Propstat = ps
	}
	writeMultiStatus(out, &ms)
}

func writeMultiStatus(w http.ResponseWriter, ms *msXML) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(ms); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", `application/xml; charset="utf-8"`)
	w.Header().Del("Content-Length")
	w.WriteHeader(http.StatusMultiStatus)
	_, _ = w.Write(b.Bytes())
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

type syncReq struct {
	XMLName   xml.Name `xml:"DAV: sync-collection"`
	SyncToken string   `xml:"DAV: sync-token"`
	Limit     *struct {
		NResults int `xml:"DAV: nresults"`
	} `xml:"DAV: limit"`
	Prop propXML `xml:"DAV: prop"`
}

// syncCollection answers RFC 6578's sync-collection REPORT from the change ledger: changed
// members with their ETag (and data when asked for), deleted ones as 404, and the new token.
// An unknown or expired token answers 403 DAV:valid-sync-token (the client then syncs in full).
func (h *Handler) syncCollection(w http.ResponseWriter, r *http.Request, b *backend, m syncenum.Module, body []byte) {
	ctx := r.Context()
	var req syncReq
	if err := xml.Unmarshal(body, &req); err != nil {
		writeDAVError(w, http.StatusBadRequest, `<D:valid-sync-token/>`, "malformed sync-collection request")
		return
	}
	token := strings.TrimSpace(req.SyncToken)
	if token != "" {
		t, ok := strings.CutPrefix(token, "urn:crmadmin:sync:")
		if !ok || t == "" {
			writeDAVError(w, http.StatusForbidden, `<D:valid-sync-token/>`, "not a sync token of this collection")
			return
		}
		token = t
	}
	changed, deleted, next, err := b.changesSince(ctx, m, token)
	if errors.Is(err, errBadToken) {
		writeDAVError(w, http.StatusForbidden, `<D:valid-sync-token/>`, "the sync token is unknown or older than the history kept; sync in full")
		return
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	wantData := false
	for _, p := range req.Prop.Any {
		if p.XMLName.Local == "address-data" || p.XMLName.Local == "calendar-data" {
			wantData = true
		}
	}
	dir := r.URL.Path
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	ms := msXML{SyncToken: "urn:crmadmin:sync:" + next}
	for _, o := range changed {
		if wantData {
			full, err := b.get(ctx, m, o.name, true)
			if err != nil || full == nil {
				continue
			}
			o = full
		}
		var found, missing []rawXML
		for _, p := range req.Prop.Any {
			switch p.XMLName.Local {
			case "getetag":
				found = append(found, rawXML{XMLName: p.XMLName, Inner: []byte(escape(`"` + o.etag + `"`))})
			case "getcontenttype":
				ct := "text/vcard"
				if m != syncenum.Contacts {
					ct = "text/calendar"
				}
				found = append(found, rawXML{XMLName: p.XMLName, Inner: []byte(ct)})
			case "address-data", "calendar-data":
				found = append(found, rawXML{XMLName: p.XMLName, Inner: []byte(escape(string(o.data)))})
			default:
				missing = append(missing, rawXML{XMLName: p.XMLName})
			}
		}
		resp := respXML{Href: dir + o.name}
		if len(found) > 0 {
			resp.Propstat = append(resp.Propstat, propstatXML{Prop: propXML{Any: found}, Status: okStatus})
		}
		if len(missing) > 0 {
			resp.Propstat = append(resp.Propstat, propstatXML{Prop: propXML{Any: missing}, Status: notFoundStatus})
		}
		if len(resp.Propstat) == 0 {
			resp.Status = okStatus
		}
		ms.Responses = append(ms.Responses, resp)
	}
	for _, name := range deleted {
		ms.Responses = append(ms.Responses, respXML{Href: dir + name, Status: notFoundStatus})
	}
	writeMultiStatus(w, &ms)
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
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
