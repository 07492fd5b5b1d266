package e2e

import (
	"context"
	"fmt"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

type davResp struct {
	status int
	header http.Header
	body   string
}

func davDo(t *testing.T, srv *apptest.Server, method, path, body string, hdr map[string]string, email, token string) davResp {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if email != "" {
		req.SetBasicAuth(email, token)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return davResp{resp.StatusCode, resp.Header, string(b)}
}

// principalOf discovers the user's principal path the way clients do (/.well-known redirect).
func principalOf(t *testing.T, srv *apptest.Server, email, token string) string {
	t.Helper()
	r := davDo(t, srv, "PROPFIND", "/.well-known/carddav", "", nil, email, token)
	if r.status != http.StatusPermanentRedirect || !strings.HasPrefix(r.header.Get("Location"), "/dav/") {
		t.Fatalf("/.well-known/carddav redirects to the principal: %d %v", r.status, r.header)
	}
	return r.header.Get("Location")
}

const xmlCT = "application/xml; charset=utf-8"

// Issue 12 item 1 (PL-1, PL-2): Basic auth with email + personal API token; wrong credentials
// 401 and throttled like sign-in (429 after the free failures); another user's or org's path 404
// like a missing one; discovery gives both home sets; the DAV client is a sync client of the user.
func TestDAVAuthDiscoveryAndTenancy(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	a := srv.SignUp(t, "Dav A", "ann@dava.test")
	b := srv.SignUp(t, "Dav B", "ben@davb.test")

	annPath := principalOf(t, srv, a.Email, a.Admin.Token)
	if r := davDo(t, srv, "PROPFIND", "/dav/", "", nil, "", ""); r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("WWW-Authenticate"), "Basic") {
		t.Fatalf("no credentials: 401 with a Basic challenge, got %d %v", r.status, r.header)
	}
	if r := davDo(t, srv, "PROPFIND", "/dav/", "", nil, b.Email, a.Admin.Token); r.status != http.StatusUnauthorized {
		t.Fatalf("another user's email with A's token: 401, got %d", r.status)
	}
	for i := 0; i < 3; i++ {
		davDo(t, srv, "PROPFIND", "/dav/", "", nil, "ann@dava.test", "crm_pat_wrong")
	}
	if r := davDo(t, srv, "PROPFIND", "/dav/", "", nil, "ann@dava.test", "crm_pat_wrong"); r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("failures past the free ones are throttled like sign-in: got %d %v", r.status, r.header)
	}

	pa := principalOf(t, srv, b.Email, b.Admin.Token) // B is not throttled: the counts are per account
	r := davDo(t, srv, "PROPFIND", pa, `<?xml version="1.0"?><propfind xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><prop><current-user-principal/><C:addressbook-home-set/><CAL:calendar-home-set/></prop></propfind>`,
		map[string]string{"Content-Type": xmlCT, "Depth": "0"}, b.Email, b.Admin.Token)
	if r.status != http.StatusMultiStatus || !strings.Contains(r.body, pa+"contacts/") || !strings.Contains(r.body, pa+"calendars/") {
		t.Fatalf("the principal names both home sets: %d %s", r.status, r.body)
	}
	r = davDo(t, srv, "PROPFIND", pa+"calendars/", `<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/><displayname/></prop></propfind>`,
		map[string]string{"Content-Type": xmlCT, "Depth": "1"}, b.Email, b.Admin.Token)
	if r.status != http.StatusMultiStatus || !strings.Contains(r.body, pa+"calendars/events/") || !strings.Contains(r.body, pa+"calendars/tasks/") {
		t.Fatalf("two calendars (events, tasks): %d %s", r.status, r.body)
	}
	// A's paths with B's credentials (another org): 404, exactly like a path that does not exist.
	for _, p := range []string{annPath, annPath + "contacts/default/", annPath + "calendars/events/crm-1.ics", "/dav/999999/"} {
		if r := davDo(t, srv, "PROPFIND", p, "", map[string]string{"Depth": "0"}, b.Email, b.Admin.Token); r.status != http.StatusNotFound {
			t.Errorf("another user's path %s: 404, got %d", p, r.status)
		}
	}
	var clients struct {
		SyncClients struct {
			Edges []struct{ Node struct{ Name, Kind string } }
		}
	}
	b.Admin.MustDo(t, `{ syncClients { edges { node { name kind } } } }`, nil, &clients)
	if len(clients.SyncClients.Edges) != 1 || clients.SyncClients.Edges[0].Node.Kind != "DAV" {
		t.Fatalf("the DAV client is a sync client of the user: %+v", clients)
	}
}

// Issue 12 item 2: ETags from the CRM version, If-Match/If-None-Match on PUT and DELETE (412 when
// stale), an over-limit item refused with 403 and a DAV:error naming field and limit, listed in
// the user's sync items as IGNORED (SY-4).
func TestDAVPreconditionsAndLimits(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := srv.SignUp(t, "Dav P", "pat@davp.test")
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	obj := p + "contacts/default/eve.vcf"
	card := func(title string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:eve\r\nFN:Eve Put\r\nN:Put;Eve;;;\r\nTITLE:" + title + "\r\nEND:VCARD\r\n"
	}
	vc := map[string]string{"Content-Type": "text/vcard", "If-None-Match": "*"}
	r := davDo(t, srv, "PUT", obj, card("One"), vc, o.Email, o.Admin.Token)
	if r.status != http.StatusCreated || r.header.Get("ETag") == "" {
		t.Fatalf("PUT creates with an ETag: %d %v %s", r.status, r.header, r.body)
	}
	etag1 := r.header.Get("ETag")
	if r := davDo(t, srv, "PUT", obj, card("Two"), vc, o.Email, o.Admin.Token); r.status != http.StatusPreconditionFailed {
		t.Fatalf("If-None-Match: * on an existing object: 412, got %d", r.status)
	}
	r = davDo(t, srv, "PUT", obj, card("Two"), map[string]string{"Content-Type": "text/vcard", "If-Match": etag1}, o.Email, o.Admin.Token)
	if r.status/100 != 2 || r.header.Get("ETag") == etag1 {
		t.Fatalf("PUT with the current ETag updates and changes the ETag: %d %v", r.status, r.header)
	}
	etag2 := r.header.Get("ETag")
	if r := davDo(t, srv, "PUT", obj, card("Three"), map[string]string{"Content-Type": "text/vcard", "If-Match": etag1}, o.Email, o.Admin.Token); r.status != http.StatusPreconditionFailed {
		t.Fatalf("PUT with a stale ETag: 412, got %d", r.status)
	}
	if r := davDo(t, srv, "DELETE", obj, "", map[string]string{"If-Match": etag1}, o.Email, o.Admin.Token); r.status != http.StatusPreconditionFailed {
		t.Fatalf("DELETE with a stale ETag: 412, got %d", r.status)
	}
	if r := davDo(t, srv, "GET", obj, "", nil, o.Email, o.Admin.Token); r.status != http.StatusOK || !strings.Contains(r.body, "TITLE:Two") || r.header.Get("ETag") != etag2 {
		t.Fatalf("GET: the second version with its ETag: %d %v %s", r.status, r.header, r.body)
	}

	long := "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:long\r\nFN:Long\r\nN:Long;" + strings.Repeat("x", 41) + ";;;\r\nEND:VCARD\r\n"
	r = davDo(t, srv, "PUT", p+"contacts/default/long.vcf", long, map[string]string{"Content-Type": "text/vcard"}, o.Email, o.Admin.Token)
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "DAV:") || !strings.Contains(r.body, "<crm:field>firstName</crm:field>") || !strings.Contains(r.body, "<crm:limit>40</crm:limit>") {
		t.Fatalf("over the limit: 403 with a DAV:error naming field and limit: %d %s", r.status, r.body)
	}
	var items struct {
		SyncItems struct {
			Edges []struct {
				Node struct {
					ClientItemID string
					State        string
					IgnoreField  *string
					IgnoreLimit  *int
				}
			}
		}
	}
	o.Admin.MustDo(t, `{ syncItems(where: {state: IGNORED}) { edges { node { clientItemID state ignoreField ignoreLimit } } } }`, nil, &items)
	if len(items.SyncItems.Edges) != 1 || items.SyncItems.Edges[0].Node.ClientItemID != "long.vcf" ||
		items.SyncItems.Edges[0].Node.IgnoreField == nil || *items.SyncItems.Edges[0].Node.IgnoreField != "firstName" {
		t.Fatalf("SY-4: the refused card is listed as ignored with its field: %+v", items)
	}
	// SY-7: the DAV client's writes are runs in the user's sync history, with their counts.
	var runs struct {
		SyncRuns struct {
			Edges []struct {
				Node struct {
					Added, Updated, Ignored int
					Client                  struct{ Kind string }
				}
			}
		}
	}
	o.Admin.MustDo(t, `{ syncRuns { edges { node { added updated ignored client { kind } } } } }`, nil, &runs)
	added, updated, ignored := 0, 0, 0
	for _, e := range runs.SyncRuns.Edges {
		if e.Node.Client.Kind != "DAV" {
			t.Errorf("run of another client: %+v", e.Node)
		}
		added, updated, ignored = added+e.Node.Added, updated+e.Node.Updated, ignored+e.Node.Ignored
	}
	if added != 1 || updated != 1 || ignored != 1 {
		t.Errorf("history: one added, one updated, one ignored; got %d %d %d (%+v)", added, updated, ignored, runs)
	}
	if r := davDo(t, srv, "DELETE", obj, "", map[string]string{"If-Match": etag2}, o.Email, o.Admin.Token); r.status != http.StatusNoContent {
		t.Fatalf("DELETE with the current ETag: 204, got %d %s", r.status, r.body)
	}
	if r := davDo(t, srv, "GET", obj, "", nil, o.Email, o.Admin.Token); r.status != http.StatusNotFound {
		t.Fatalf("deleted: 404, got %d", r.status)
	}
}

// Issue 12 item 3 (RFC 6578): getctag, sync-token and supported-report-set on the collection;
// sync-collection from an empty token lists every member, from a token only the changes
// (deletions as 404), and an unknown token answers 403 DAV:valid-sync-token.
func TestDAVSyncCollection(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := srv.SignUp(t, "Dav S", "sal@davs.test")
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	book := p + "contacts/default/"
	var c1, c2 struct{ CreateContact struct{ ID string } }
	o.Admin.MustDo(t, `mutation { createContact(input: {lastName: "One"}) { id } }`, nil, &c1)
	o.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Two"}) { id } }`, nil, &c2)

	r := davDo(t, srv, "PROPFIND", book, `<?xml version="1.0"?><propfind xmlns="DAV:" xmlns:CS="http://calendarserver.org/ns/"><prop><CS:getctag/><sync-token/><supported-report-set/></prop></propfind>`,
		map[string]string{"Content-Type": xmlCT, "Depth": "0"}, o.Email, o.Admin.Token)
	if r.status != http.StatusMultiStatus || !strings.Contains(r.body, "getctag") || !strings.Contains(r.body, "urn:crmadmin:sync:") ||
		!strings.Contains(r.body, "sync-collection") || strings.Contains(r.body, "404") {
		t.Fatalf("getctag, sync-token, supported-report-set: %d %s", r.status, r.body)
	}
	report := func(token string) davResp {
		return davDo(t, srv, "REPORT", book, `<?xml version="1.0"?><sync-collection xmlns="DAV:"><sync-token>`+token+`</sync-token><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>`,
			map[string]string{"Content-Type": xmlCT}, o.Email, o.Admin.Token)
	}
	tokenOf := func(body string) string {
		i := strings.Index(body, "urn:crmadmin:sync:")
		if i < 0 {
			t.Fatalf("no sync-token in %s", body)
		}
		return body[i : i+strings.Index(body[i:], "<")]
	}
	r = report("")
	if r.status != http.StatusMultiStatus || strings.Count(r.body, "<href") != 2 {
		t.Fatalf("initial sync-collection lists both contacts: %d %s", r.status, r.body)
	}
	tok := tokenOf(r.body)
	if r := report(tok); strings.Count(r.body, "<href") != 0 {
		t.Fatalf("no change since the token: %s", r.body)
	}
	o.Admin.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {title: "Changed"}) { id } }`, map[string]any{"id": c1.CreateContact.ID}, nil)
	o.Admin.MustDo(t, `mutation($id: ID!) { deleteContact(id: $id) }`, map[string]any{"id": c2.CreateContact.ID}, nil)
	r = report(tok)
	if r.status != http.StatusMultiStatus || strings.Count(r.body, "<href") != 2 || !strings.Contains(r.body, "404 Not Found") || !strings.Contains(r.body, "getetag") {
		t.Fatalf("delta: the change with its ETag and the deletion as 404: %s", r.body)
	}
	if r := report("urn:crmadmin:sync:bogus"); r.status != http.StatusForbidden || !strings.Contains(r.body, "valid-sync-token") {
		t.Fatalf("a bad token: 403 DAV:valid-sync-token, got %d %s", r.status, r.body)
	}
}

// readOnlyPerms shares every record read-only (the CRM has no sharing rules yet; SY-8's model
// plugs into datasync.Service.Perms).
type readOnlyPerms struct{}

func (readOnlyPerms) Record(context.Context, *auth.Viewer, syncenum.Module, int, *int) datasync.Access {
	return datasync.ReadAccess
}
func (readOnlyPerms) CanCreate(context.Context, *auth.Viewer, syncenum.Module) bool { return true }

// Issue 12 item 2 (SY-8): a record shared read-only is read-only in current-user-privilege-set
// and a write to it is refused with 403 DAV:need-privileges; nothing changes in the CRM.
func TestDAVReadOnlyRecords(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := srv.SignUp(t, "Dav R", "rita@davr.test")
	var c struct{ CreateContact struct{ ID string } }
	o.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Shared", title: "Original"}) { id } }`, nil, &c)
	srv.App.Sync.Perms = readOnlyPerms{}
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	r := davDo(t, srv, "PROPFIND", p+"contacts/default/", `<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/><current-user-privilege-set/></prop></propfind>`,
		map[string]string{"Content-Type": xmlCT, "Depth": "1"}, o.Email, o.Admin.Token)
	i := strings.Index(r.body, ".vcf</href>")
	if r.status != http.StatusMultiStatus || i < 0 {
		t.Fatalf("listing: %d %s", r.status, r.body)
	}
	obj := r.body[strings.LastIndex(r.body[:i], ">")+1 : i+len(".vcf")]
	rest := r.body[i:]
	if !strings.Contains(rest, "<read") || strings.Contains(rest, "<write") {
		t.Fatalf("the read-only record's privilege set is read only: %s", rest)
	}
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:s\r\nFN:Shared\r\nN:Shared;;;;\r\nTITLE:Changed\r\nEND:VCARD\r\n"
	if r := davDo(t, srv, "PUT", obj, card, map[string]string{"Content-Type": "text/vcard"}, o.Email, o.Admin.Token); r.status != http.StatusForbidden || !strings.Contains(r.body, "need-privileges") {
		t.Fatalf("a write to a read-only record: 403 need-privileges, got %d %s", r.status, r.body)
	}
	if r := davDo(t, srv, "DELETE", obj, "", nil, o.Email, o.Admin.Token); r.status != http.StatusForbidden {
		t.Fatalf("a delete of a read-only record: 403, got %d %s", r.status, r.body)
	}
	var got struct {
		Contacts struct {
			Edges []struct{ Node struct{ Title string } }
		}
	}
	o.Admin.MustDo(t, `{ contacts { edges { node { title } } } }`, nil, &got)
	if len(got.Contacts.Edges) != 1 || got.Contacts.Edges[0].Node.Title != "Original" {
		t.Fatalf("SY-8: nothing changed: %+v", got)
	}
}

// Issue 12 item 2 (SY-9): both sides changed since the last sync and the client sends no
// If-Match: the newer change wins and the other version is kept as a conflict, never lost.
func TestDAVConflictNewerWins(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := srv.SignUp(t, "Dav C", "cora@davc.test")
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	obj := p + "contacts/default/kim.vcf"
	card := func(title, rev string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:kim\r\nFN:Kim Lo\r\nN:Lo;Kim;;;\r\nTITLE:" + title + "\r\nREV:" + rev + "\r\nEND:VCARD\r\n"
	}
	if r := davDo(t, srv, "PUT", obj, card("First", "2026-01-01T00:00:00Z"), map[string]string{"Content-Type": "text/vcard"}, o.Email, o.Admin.Token); r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var cs struct {
		Contacts struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	o.Admin.MustDo(t, `{ contacts { edges { node { id } } } }`, nil, &cs)
	o.Admin.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {title: "CRM now"}) { id } }`, map[string]any{"id": cs.Contacts.Edges[0].Node.ID}, nil)
	// The client's edit is dated before the CRM's (REV in the past): the CRM's version wins.
	r := davDo(t, srv, "PUT", obj, card("Client old", "2026-01-02T00:00:00Z"), map[string]string{"Content-Type": "text/vcard"}, o.Email, o.Admin.Token)
	if r.status/100 != 2 {
		t.Fatalf("a conflicting PUT is answered (the conflict is reported, not refused): %d %s", r.status, r.body)
	}
	if g := davDo(t, srv, "GET", obj, "", nil, o.Email, o.Admin.Token); !strings.Contains(g.body, "TITLE:CRM now") {
		t.Errorf("the newer (CRM) version wins: %s", g.body)
	}
	var items struct {
		SyncItems struct {
			Edges []struct {
				Node struct {
					State    string
					Conflict map[string]any
				}
			}
		}
	}
	o.Admin.MustDo(t, `{ syncItems { edges { node { state conflict } } } }`, nil, &items)
	if len(items.SyncItems.Edges) != 1 || items.SyncItems.Edges[0].Node.State != "CONFLICT" ||
		!strings.Contains(fmt.Sprint(items.SyncItems.Edges[0].Node.Conflict), "Client old") {
		t.Fatalf("SY-9: the client's version is kept in the conflict: %+v", items)
	}
}

// hidePerms hides one record from every user (a sharing rule the user is outside of).
type hidePerms struct{ hidden int }

func (p hidePerms) Record(_ context.Context, _ *auth.Viewer, _ syncenum.Module, id int, _ *int) datasync.Access {
	if id == p.hidden {
		return datasync.NoAccess
	}
	return datasync.WriteAccess
}
func (hidePerms) CanCreate(context.Context, *auth.Viewer, syncenum.Module) bool { return true }

// Issue 12 acceptance (SY-8, rights): a user sees over DAV only the records they may see — a
// hidden record is absent from the listing and from sync-collection, and its name answers 404.
func TestDAVHiddenRecords(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := srv.SignUp(t, "Dav H", "hana@davh.test")
	var seen, hidden struct{ CreateContact struct{ ID string } }
	o.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Visible"}) { id } }`, nil, &seen)
	o.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Hidden"}) { id } }`, nil, &hidden)
	id, _ := strconv.Atoi(hidden.CreateContact.ID)
	srv.App.Sync.Perms = hidePerms{hidden: id}
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	book := p + "contacts/default/"
	r := davDo(t, srv, "PROPFIND", book, `<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>`,
		map[string]string{"Content-Type": xmlCT, "Depth": "1"}, o.Email, o.Admin.Token)
	if !strings.Contains(r.body, "crm-"+seen.CreateContact.ID+".vcf") || strings.Contains(r.body, "crm-"+hidden.CreateContact.ID+".vcf") {
		t.Fatalf("the listing shows the visible record only: %s", r.body)
	}
	r = davDo(t, srv, "REPORT", book, `<?xml version="1.0"?><sync-collection xmlns="DAV:"><sync-token/><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>`,
		map[string]string{"Content-Type": xmlCT}, o.Email, o.Admin.Token)
	if strings.Count(r.body, "<href") != 1 {
		t.Fatalf("sync-collection lists the visible record only: %s", r.body)
	}
	if r := davDo(t, srv, "GET", book+"crm-"+hidden.CreateContact.ID+".vcf", "", nil, o.Email, o.Admin.Token); r.status != http.StatusNotFound {
		t.Fatalf("the hidden record by name: 404, got %d %s", r.status, r.body)
	}
}

// Issue 12 item 1 (SY-1): the category filter of the DAV client's settings is CATEGORIES: a card
// outside the category is refused (403) and not synced, one in it syncs, and the CRM's records
// carry the category to the client.
func TestDAVCategoryFilter(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := srv.SignUp(t, "Dav K", "kai@davk.test")
	o.Admin.MustDo(t, `mutation { createContact(input: {lastName: "FromCRM"}) { id } }`, nil, nil)
	p := principalOf(t, srv, o.Email, o.Admin.Token)
	book := p + "contacts/default/"
	davDo(t, srv, "PROPFIND", book, "", map[string]string{"Depth": "0"}, o.Email, o.Admin.Token) // registers the device's client
	var cl struct {
		SyncClients struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	o.Admin.MustDo(t, `{ syncClients { edges { node { id } } } }`, nil, &cl)
	o.Admin.MustDo(t, `mutation($c: ID!) { updateSyncSettings(clientId: $c, module: CONTACTS, input: {category: "Zoho"}) { id } }`,
		map[string]any{"c": cl.SyncClients.Edges[0].Node.ID}, nil)
	card := func(uid, cats string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + uid + "\r\nN:" + uid + ";;;;\r\n" + cats + "END:VCARD\r\n"
	}
	if r := davDo(t, srv, "PUT", book+"out.vcf", card("Out", "CATEGORIES:Private\r\n"), map[string]string{"Content-Type": "text/vcard"}, o.Email, o.Admin.Token); r.status != http.StatusForbidden || !strings.Contains(r.body, "Zoho") {
		t.Fatalf("a card outside the category: 403 naming it, got %d %s", r.status, r.body)
	}
	if r := davDo(t, srv, "PUT", book+"in.vcf", card("In", "CATEGORIES:Work,zoho\r\n"), map[string]string{"Content-Type": "text/vcard"}, o.Email, o.Admin.Token); r.status != http.StatusCreated {
		t.Fatalf("a card in the category syncs: %d %s", r.status, r.body)
	}
	var got struct {
		Contacts struct {
			Edges []struct{ Node struct{ ID, LastName string } }
		}
	}
	o.Admin.MustDo(t, `{ contacts { edges { node { id lastName } } } }`, nil, &got)
	if len(got.Contacts.Edges) != 2 {
		t.Fatalf("FromCRM and In, not Out: %+v", got)
	}
	for _, e := range got.Contacts.Edges {
		if e.Node.LastName == "FromCRM" {
			r := davDo(t, srv, "GET", book+"crm-"+e.Node.ID+".vcf", "", nil, o.Email, o.Admin.Token)
			if !strings.Contains(r.body, "CATEGORIES:Zoho") {
				t.Errorf("the CRM's record carries the category: %s", r.body)
			}
		}
	}
}
