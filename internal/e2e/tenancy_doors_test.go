package e2e

// PL-1 on the doors that are not GraphQL (issues 12 and 13): the CardDAV/CalDAV door, walked by
// TestTenantIsolationEveryOperation (checkDAV) with every DAV method on every path of org A's
// principal, collections and objects, and on A's object names under B's own collections; and
// TestTenantIsolationDAVPermissionAndDropbox_PL1 (the same runner, its own server): every DAV
// method on a record the user has no permission on, and the SMTP dropbox, whose token of org B
// never links mail to org A's records.

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/inboundemail"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

type tiDAV struct {
	principal string
	objects   []string          // A's object paths, from A's own listing
	tokens    map[string]string // A's sync-token per collection
}

var tiDAVCollections = []string{"contacts/default/", "calendars/events/", "calendars/tasks/"}

func tiDAVDo(t *testing.T, srv *apptest.Server, method, path, body, email, token string) (int, string) {
	t.Helper()
	code, _, b := tiDAVReq(t, srv, method, path, body, nil, email, token)
	return code, b
}

// tiDAVReq sends one DAV request (Depth 1 unless hdr says otherwise; davDo); a redirect
// answers its Location as the body.
func tiDAVReq(t *testing.T, srv *apptest.Server, method, path, body string, hdr map[string]string, email, token string) (int, http.Header, string) {
	t.Helper()
	h := map[string]string{"Depth": "1"}
	if body != "" {
		h["Content-Type"] = "application/xml"
	}
	if method == http.MethodPut {
		h["Content-Type"] = "text/vcard"
		if strings.HasPrefix(body, "BEGIN:VCALENDAR") {
			h["Content-Type"] = "text/calendar"
		}
	}
	for k, v := range hdr {
		h[k] = v
	}
	r := davDo(t, srv, method, path, body, h, email, token)
	if r.status == http.StatusPermanentRedirect {
		return r.status, r.header, r.header.Get("Location")
	}
	return r.status, r.header, r.body
}

// tiDAVSetup discovers A's principal, lists A's objects and takes A's sync tokens (the
// control: A sees its own).
func tiDAVSetup(t *testing.T, srv *apptest.Server, a *apptest.Org) tiDAV {
	t.Helper()
	code, principal := tiDAVDo(t, srv, "PROPFIND", "/.well-known/carddav", "", a.Email, a.Admin.Token)
	if code != http.StatusPermanentRedirect {
		t.Fatalf("control: A's DAV discovery answered %d", code)
	}
	d := tiDAV{principal: principal, tokens: map[string]string{}}
	for _, coll := range tiDAVCollections {
		code, body := tiDAVDo(t, srv, "PROPFIND", principal+coll, `<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>`, a.Email, a.Admin.Token)
		if code != http.StatusMultiStatus {
			t.Fatalf("control: A cannot list its %s: %d", coll, code)
		}
		for _, m := range regexp.MustCompile(`<href[^>]*>([^<]+\.(?:vcf|ics))</href>`).FindAllStringSubmatch(body, -1) {
			d.objects = append(d.objects, m[1])
		}
		_, body = tiDAVDo(t, srv, "REPORT", principal+coll, tiSyncReport(""), a.Email, a.Admin.Token)
		if m := regexp.MustCompile(`urn:crmadmin:sync:[^<]+`).FindString(body); m != "" {
			d.tokens[coll] = m
		}
	}
	if len(d.objects) == 0 || len(d.tokens) != len(tiDAVCollections) {
		t.Fatalf("control: A's DAV collections list none of A's records (%d) or give no sync token (%v)", len(d.objects), d.tokens)
	}
	return d
}

func tiSyncReport(token string) string {
	return `<?xml version="1.0"?><sync-collection xmlns="DAV:"><sync-token>` + token + `</sync-token><sync-level>1</sync-level><prop><getetag/>` +
		`<address-data xmlns="urn:ietf:params:xml:ns:carddav"/><calendar-data xmlns="urn:ietf:params:xml:ns:caldav"/></prop></sync-collection>`
}

// tiMultiget is an addressbook-multiget (or calendar-multiget) of hrefs, with the data.
func tiMultiget(cal bool, hrefs []string) string {
	var b strings.Builder
	if cal {
		b.WriteString(`<?xml version="1.0"?><C:calendar-multiget xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><prop><getetag/><C:calendar-data/></prop>`)
	} else {
		b.WriteString(`<?xml version="1.0"?><C:addressbook-multiget xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><prop><getetag/><C:address-data/></prop>`)
	}
	for _, h := range hrefs {
		b.WriteString("<href>" + h + "</href>")
	}
	if cal {
		b.WriteString(`</C:calendar-multiget>`)
	} else {
		b.WriteString(`</C:addressbook-multiget>`)
	}
	return b.String()
}

// tiDAVMethod is one DAV request shape: method, body and headers (Destination is filled in
// from the path: the object's name with "-moved").
type tiDAVMethod struct {
	method, body string
	hdr          map[string]string
}

const (
	tiVCard    = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b\r\nFN:B Intruder\r\nN:Intruder;B;;;\r\nEND:VCARD\r\n"
	tiVCalEvt  = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//b//EN\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T100000Z\r\nDTEND:20260101T110000Z\r\nSUMMARY:B Intruder\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	tiPropfind = `<?xml version="1.0"?><propfind xmlns="DAV:"><allprop/></propfind>`
)

// tiDAVMethods is every method a DAV client sends, with the bodies that make each do its work.
func tiDAVMethods() []tiDAVMethod {
	return []tiDAVMethod{
		{"PROPFIND", "", map[string]string{"Depth": "0"}},
		{"PROPFIND", tiPropfind, nil},
		{"PROPPATCH", `<?xml version="1.0"?><propertyupdate xmlns="DAV:"><set><prop><displayname>B was here</displayname></prop></set></propertyupdate>`, nil},
		{"GET", "", nil},
		{"HEAD", "", nil},
		{"OPTIONS", "", nil},
		{"REPORT", tiSyncReport(""), nil},
		{"REPORT", tiMultiget(false, nil), nil},
		{"REPORT", tiMultiget(true, nil), nil},
		{"REPORT", `<?xml version="1.0"?><C:addressbook-query xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><prop><getetag/><C:address-data/></prop></C:addressbook-query>`, nil},
		{"REPORT", `<?xml version="1.0"?><C:calendar-query xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><prop><getetag/><C:calendar-data/></prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>`, nil},
		{http.MethodPut, tiVCard, nil},
		{http.MethodPut, tiVCard, map[string]string{"If-Match": "*"}},
		{http.MethodPut, tiVCalEvt, nil},
		{http.MethodDelete, "", nil},
		{http.MethodDelete, "", map[string]string{"If-Match": "*"}},
		{"MKCOL", "", nil},
		{"MKCALENDAR", "", nil},
		{"MOVE", "", map[string]string{"Overwrite": "T"}},
		{"COPY", "", map[string]string{"Overwrite": "T"}},
		{http.MethodPost, "", nil},
		{"LOCK", `<?xml version="1.0"?><lockinfo xmlns="DAV:"><lockscope><exclusive/></lockscope><locktype><write/></locktype></lockinfo>`, nil},
	}
}

func (m tiDAVMethod) headers(srv *apptest.Server, path string) map[string]string {
	h := map[string]string{}
	for k, v := range m.hdr {
		h[k] = v
	}
	if m.method == "MOVE" || m.method == "COPY" {
		h["Destination"] = srv.URL + strings.TrimSuffix(path, "/") + "-moved"
	}
	return h
}

func (m tiDAVMethod) label() string {
	l := m.method
	if i := strings.Index(m.body, "<C:"); i >= 0 {
		l += " " + m.body[i+3:i+3+strings.IndexAny(m.body[i+3:], " >")]
	} else if strings.Contains(m.body, "sync-collection") {
		l += " sync-collection"
	}
	for k, v := range m.hdr {
		l += " " + k + ":" + v
	}
	return l
}

// checkDAV: B, with B's own credentials, sends every DAV method to A's principal, collections
// and objects: each answers 404 exactly as the same path under a principal that does not
// exist. Under B's own principal, A's object names answer every method as missing names do,
// a multiget of A's names and paths returns none of A's data, and A's sync tokens are refused
// like unknown ones. Nothing of A's changes (the caller's snapshot).
func (r *tiRunner) checkDAV(b *apptest.Org, a tiDAV) {
	r.t.Helper()
	t, srv := r.t, r.srv
	began := r.calls
	_, own := tiDAVDo(t, srv, "PROPFIND", "/.well-known/carddav", "", b.Email, b.Admin.Token)
	missing := "/dav/999999999/"
	paths := []string{a.principal, a.principal + "contacts/", a.principal + "calendars/"}
	for _, c := range tiDAVCollections {
		paths = append(paths, a.principal+c)
	}
	paths = append(paths, a.objects...)
	for _, p := range paths {
		for _, m := range tiDAVMethods() {
			mp := missing + strings.TrimPrefix(p, a.principal)
			code, _, body := tiDAVReq(t, srv, m.method, p, m.body, m.headers(srv, p), b.Email, b.Admin.Token)
			mcode, _, mbody := tiDAVReq(t, srv, m.method, mp, m.body, m.headers(srv, mp), b.Email, b.Admin.Token)
			r.calls += 2
			if code != mcode || body != mbody || code != http.StatusNotFound {
				t.Errorf("PL-1: %s %s (A's) as B answered %d %q; a missing principal answers %d %q", m.label(), p, code, tiClip(body, 200), mcode, tiClip(mbody, 200))
			}
		}
	}
	// A's object names under B's own collections: as missing names (same status; the body
	// the same once the name is put back).
	for i, p := range a.objects {
		name := p[strings.LastIndex(p, "/")+1:]
		coll := strings.TrimPrefix(p[:strings.LastIndex(p, "/")+1], a.principal)
		ghost := "crm-99999999" + strconv.Itoa(i) + name[strings.LastIndex(name, "."):]
		for _, m := range tiDAVMethods() {
			if m.method == http.MethodPut && m.hdr == nil {
				continue // an unconditional PUT creates B's own object: below, with an If-None-Match
			}
			code, _, body := tiDAVReq(t, srv, m.method, own+coll+name, m.body, m.headers(srv, own+coll+name), b.Email, b.Admin.Token)
			mcode, _, mbody := tiDAVReq(t, srv, m.method, own+coll+ghost, m.body, m.headers(srv, own+coll+ghost), b.Email, b.Admin.Token)
			r.calls += 2
			if code != mcode || strings.ReplaceAll(body, name, ghost) != mbody || r.leaked(body) {
				t.Errorf("PL-1: %s %s (A's record name under B's own collection) answered %d %q; a missing name answers %d %q",
					m.label(), own+coll+name, code, tiClip(body, 200), mcode, tiClip(mbody, 200))
			}
		}
	}
	for _, coll := range tiDAVCollections {
		var names, full []string
		for _, p := range a.objects {
			if strings.HasPrefix(p, a.principal+coll) {
				names = append(names, own+coll+strings.TrimPrefix(p, a.principal+coll))
				full = append(full, p)
			}
		}
		cal := coll != "contacts/default/"
		for what, hrefs := range map[string][]string{"A's names": names, "A's paths": full} {
			if len(hrefs) == 0 {
				continue
			}
			code, body := tiDAVDo(t, srv, "REPORT", own+coll, tiMultiget(cal, hrefs), b.Email, b.Admin.Token)
			r.calls++
			if code/100 == 2 && (strings.Contains(body, "BEGIN:V") || strings.Contains(body, "200 OK")) || r.leaked(body) {
				t.Errorf("PL-1: a multiget of %s in B's own %s returned data: %d %s", what, coll, code, tiClip(body, 300))
			}
		}
		// A's sync token on B's own collection: refused like an unknown token.
		code, body := tiDAVDo(t, srv, "REPORT", own+coll, tiSyncReport(a.tokens[coll]), b.Email, b.Admin.Token)
		mcode, mbody := tiDAVDo(t, srv, "REPORT", own+coll, tiSyncReport("urn:crmadmin:sync:bogus"), b.Email, b.Admin.Token)
		r.calls += 2
		if code != mcode || code/100 == 2 || r.leaked(body) {
			t.Errorf("PL-1: A's sync token on B's own %s answered %d %q; an unknown token answers %d %q", coll, code, tiClip(body, 200), mcode, tiClip(mbody, 200))
		}
		// B's own collection, synced in full with the data: none of A's.
		code, body = tiDAVDo(t, srv, "REPORT", own+coll, tiSyncReport(""), b.Email, b.Admin.Token)
		r.calls++
		if code != http.StatusMultiStatus {
			t.Errorf("control: B cannot sync its own %s: %d %s", coll, code, tiClip(body, 200))
		}
		if r.leaked(body) {
			t.Errorf("PL-1: B's own %s lists A's data: %s", coll, tiClip(body, 300))
		}
	}
	r.perField["dav (HTTP requests)"] = r.calls - began
}

// leaked reports whether body carries one of A's marker texts.
func (r *tiRunner) leaked(body string) bool {
	low := strings.ToLower(body)
	for _, l := range r.leakText {
		if strings.Contains(low, l) {
			return true
		}
	}
	return false
}

// PL-1, SY-8, issue 13 (EM-1): the doors outside GraphQL with the same runner as the walk.
// (1) A user of the org whose permissions hide one record gets, for every DAV method on its
// name, what a missing name gets, and the record does not change. (2) Org B's dropbox token
// never links mail to org A's records: mail from an address only A has as a contact is
// refused (no record of B matches) and stored nowhere; mail from an address both orgs have
// links only to B's contact; the same Message-ID A already has becomes B's own email, and
// A's email keeps its links and count.
func TestTenantIsolationDAVPermissionAndDropbox_PL1(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{
		"CRM_SMTP_LISTEN": "127.0.0.1:0", "CRM_SMTP_DROPBOX_DOMAIN": dropboxDomain}})
	orgA := srv.SignUp(t, "Org A", "alice@tenant-a.test")
	orgB := srv.SignUp(t, "Org B", "bob@tenant-b.test")
	marker := "SECRET-A-" + tiRandomHex(6)
	r := &tiRunner{t: t, srv: srv, b: orgB.Admin, perField: map[string]int{}, leakText: []string{strings.ToLower(marker), "tenant-a.test"}}

	// (1) A hidden record, for a user of the same org (permissions, not tenancy).
	seen := emCreate(t, orgA.Admin, "createContact", map[string]any{"lastName": "Visible"})
	hidden := emCreate(t, orgA.Admin, "createContact", map[string]any{"lastName": "Hidden " + marker, "title": "Original"})
	hid, _ := strconv.Atoi(hidden)
	srv.App.Sync.Perms = hidePerms{hidden: hid}
	p := principalOf(t, srv, orgA.Email, orgA.Admin.Token)
	book := p + "contacts/default/"
	began := r.calls
	for _, m := range tiDAVMethods() {
		if m.method == http.MethodPut && m.hdr == nil {
			continue // an unconditional PUT of a missing name creates one: checked with If-Match below
		}
		name, ghost := "crm-"+hidden+".vcf", "crm-999999999.vcf"
		code, _, body := tiDAVReq(t, srv, m.method, book+name, m.body, m.headers(srv, book+name), orgA.Email, orgA.Admin.Token)
		mcode, _, mbody := tiDAVReq(t, srv, m.method, book+ghost, m.body, m.headers(srv, book+ghost), orgA.Email, orgA.Admin.Token)
		r.calls += 2
		if code != mcode || strings.ReplaceAll(body, name, ghost) != mbody || strings.Contains(strings.ToLower(body), strings.ToLower(marker)) {
			t.Errorf("SY-8: %s of a hidden record answered %d %q; a missing name answers %d %q", m.label(), code, tiClip(body, 200), mcode, tiClip(mbody, 200))
		}
	}
	for _, body := range []string{tiMultiget(false, []string{book + "crm-" + hidden + ".vcf"}), tiSyncReport("")} {
		code, got := tiDAVDo(t, srv, "REPORT", book, body, orgA.Email, orgA.Admin.Token)
		r.calls++
		if code != http.StatusMultiStatus || strings.Contains(strings.ToLower(got), strings.ToLower(marker)) || strings.Contains(got, "crm-"+hidden+".vcf</href><propstat") {
			t.Errorf("SY-8: a report shows the hidden record: %d %s", code, tiClip(got, 300))
		}
	}
	r.perField["dav (record without permission)"] = r.calls - began
	var still struct {
		Node struct{ LastName, Title string }
	}
	orgA.Admin.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Contact { lastName title } } }`, map[string]any{"id": hidden}, &still)
	if still.Node.Title != "Original" || !strings.Contains(still.Node.LastName, marker) {
		t.Errorf("SY-8: the hidden record changed through DAV: %+v", still.Node)
	}
	if code, body := tiDAVDo(t, srv, "GET", book+"crm-"+seen+".vcf", "", orgA.Email, orgA.Admin.Token); code != http.StatusOK || !strings.Contains(body, "Visible") {
		t.Fatalf("control: the visible record is served: %d %s", code, tiClip(body, 200))
	}

	// (2) The dropbox.
	began = r.calls
	onlyA := emCreate(t, orgA.Admin, "createContact", map[string]any{"lastName": "OnlyA " + marker, "email": "dana@only-a.example"})
	bothA := emCreate(t, orgA.Admin, "createContact", map[string]any{"lastName": "Carol A " + marker, "email": "carol@shared.example"})
	bothB := emCreate(t, orgB.Admin, "createContact", map[string]any{"lastName": "Carol B", "email": "carol@shared.example"})
	addrA, addrB := rotateDropbox(t, orgA.Admin), rotateDropbox(t, orgB.Admin)
	msg := func(from, id, subject string) string {
		return "From: " + from + "\r\nTo: someone@elsewhere.example\r\nSubject: " + subject + "\r\nMessage-ID: <" + id +
			">\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nHello.\r\n"
	}
	res := sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{
		{From: "carol@shared.example", Rcpts: []string{addrA}, Data: msg("Carol <carol@shared.example>", "shared-1@shared.example", "First to A")},
	})
	r.calls++
	all := store.AllOrgs(context.Background())
	done := func(n int) {
		t.Helper()
		wait.Eventually(t, 60*time.Second, 50*time.Millisecond, func() bool {
			c, err := srv.App.DB.Client.InboundEmail.Query().Where(inboundemail.StateIn(inboundemail.StateDONE, inboundemail.StateFAILED)).Count(all)
			return err == nil && c == n
		}, "%d dropbox messages processed", n)
	}
	if res[0].Data != 250 {
		t.Fatalf("control: A's dropbox refused its mail: %+v", res)
	}
	done(1)
	emailsA := tiEmailsOf(t, orgA.Admin)
	if len(emailsA) != 1 || !slicesEqual(emailsA[0].contacts, []string{bothA}) {
		t.Fatalf("control: A's mail is on A's Carol: %+v", emailsA)
	}
	res = sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{
		{From: "dana@only-a.example", Rcpts: []string{addrB}, Data: msg("Dana <dana@only-a.example>", "only-a-1@only-a.example", "To B about A's contact")},
		{From: "carol@shared.example", Rcpts: []string{addrB}, Data: msg("Carol <carol@shared.example>", "shared-2@shared.example", "To B, both have Carol")},
		{From: "carol@shared.example", Rcpts: []string{addrB}, Data: msg("Carol <carol@shared.example>", "shared-1@shared.example", "First to A")},
	})
	r.calls += len(res)
	for i, x := range res {
		if x.Data != 250 { // accepted: the matching is the job's, in B's org
			t.Fatalf("B's dropbox refused message %d: %+v", i, x)
		}
	}
	done(4)
	emailsB := tiEmailsOf(t, orgB.Admin)
	byID := map[string]tiEmail{}
	for _, e := range emailsB {
		byID[e.messageID] = e
		for _, c := range e.contacts {
			if c != bothB {
				t.Errorf("PL-1: B's dropbox linked %s to %s, not B's contact", e.messageID, c)
			}
		}
	}
	if _, ok := byID["only-a-1@only-a.example"]; ok || len(emailsB) != 2 ||
		!slicesEqual(byID["shared-2@shared.example"].contacts, []string{bothB}) || !slicesEqual(byID["shared-1@shared.example"].contacts, []string{bothB}) {
		t.Errorf("PL-1: B's emails: want shared-1 and shared-2 on B's Carol only, nothing for A's Dana; got %+v", emailsB)
	}
	if after := tiEmailsOf(t, orgA.Admin); len(after) != 1 || !slicesEqual(after[0].contacts, []string{bothA}) || after[0].id != emailsA[0].id {
		t.Errorf("PL-1: A's emails changed when B's dropbox got mail: before %+v, after %+v", emailsA, after)
	}
	for _, c := range []string{onlyA, bothA} {
		var n struct {
			Node struct {
				Emails []struct{ ID string }
			}
		}
		orgA.Admin.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Contact { emails { id } } } }`, map[string]any{"id": c}, &n)
		if want := map[string]int{onlyA: 0, bothA: 1}[c]; len(n.Node.Emails) != want {
			t.Errorf("PL-1: A's contact %s has %d emails, want %d", c, len(n.Node.Emails), want)
		}
	}
	r.perField["smtp dropbox (messages)"] = r.calls - began
	t.Logf("PL-1 doors: %d requests (DAV methods on a record without permission %d, dropbox messages %d)",
		r.calls, r.perField["dav (record without permission)"], r.perField["smtp dropbox (messages)"])
}

type tiEmail struct {
	id, messageID string
	contacts      []string
}

func tiEmailsOf(t *testing.T, c *apptest.Client) []tiEmail {
	t.Helper()
	var out struct {
		Emails struct {
			Edges []struct {
				Node struct {
					ID, MessageID string
					Contacts      []struct{ ID string }
				}
			}
		}
	}
	c.MustDo(t, `{ emails(first: 50) { edges { node { id messageID contacts { id } } } } }`, nil, &out)
	var l []tiEmail
	for _, e := range out.Emails.Edges {
		x := tiEmail{id: e.Node.ID, messageID: e.Node.MessageID}
		for _, k := range e.Node.Contacts {
			x.contacts = append(x.contacts, k.ID)
		}
		l = append(l, x)
	}
	return l
}

func slicesEqual(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }
