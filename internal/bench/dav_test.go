package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// BenchmarkDAVSync (issue 12): a DAV client's full initial sync of an address book of
// CRM_BENCH_DAV_CONTACTS contacts (default 10,000) as vdirsyncer does it (PROPFIND Depth 1 for
// the ETags, then addressbook-multiget of 100 hrefs at a time with the vCards), and an
// incremental sync-collection after 100 changes; each against a baseline in the same run: the
// GraphQL syncChanges path (pages of 500) for the same data.
func BenchmarkDAVSync(b *testing.B) {
	n := envInt("CRM_BENCH_DAV_CONTACTS", 10_000)
	srv := apptest.Start(b, apptest.Options{NoWorker: true})
	org := srv.SignUp(b, "Dav Bench", "owner@davbench.test")
	orgID, _ := strconv.Atoi(org.ID)
	userID, _ := strconv.Atoi(org.UserID)
	ctx := auth.WithViewer(context.Background(), &auth.Viewer{UserID: userID, OrgID: orgID, Role: auth.RoleSuperAdmin, Name: "owner"})
	if _, err := srv.App.DB.SQL.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
INSERT INTO contacts (org_id, created_at, updated_at, last_name, first_name, email, title)
SELECT ?, ?, ?, 'Seed' || i, 'Ann', 'seed' || i || '@bench.test', 'Buyer' FROM n`, n, orgID, time.Now().UTC(), time.Now().UTC()); err != nil {
		b.Fatal(err)
	}
	do := func(method, path, body string, hdr map[string]string) string {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.SetBasicAuth(org.Email, org.Admin.Token)
		req.Header.Set("Content-Type", "application/xml")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusMultiStatus && resp.StatusCode != http.StatusPermanentRedirect {
			b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, out)
		}
		if resp.StatusCode == http.StatusPermanentRedirect {
			return resp.Header.Get("Location")
		}
		return string(out)
	}
	noRedirect := http.DefaultClient.CheckRedirect
	http.DefaultClient.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	principal := do("PROPFIND", "/.well-known/carddav", "", nil)
	http.DefaultClient.CheckRedirect = noRedirect
	book := principal + "contacts/default/"
	do("PROPFIND", book, `<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>`, map[string]string{"Depth": "0"}) // registers the client, backfills the log

	var reg struct{ RegisterSyncClient struct{ ID string } }
	org.Admin.MustDo(b, `mutation { registerSyncClient(name: "bench plug-in") { id } }`, nil, &reg)
	type page struct {
		SyncChanges struct {
			Changes   []struct{ CrmID string }
			NextToken string
			HasMore   bool
		}
	}
	pull := func(token string) (int, string) {
		count := 0
		for {
			var p page
			org.Admin.MustDo(b, `query($c: ID!, $t: String) { syncChanges(clientId: $c, module: CONTACTS, token: $t, first: 500) { changes { crmId fields { name value } } nextToken hasMore } }`,
				map[string]any{"c": reg.RegisterSyncClient.ID, "t": token}, &p)
			count += len(p.SyncChanges.Changes)
			token = p.SyncChanges.NextToken
			if !p.SyncChanges.HasMore {
				return count, token
			}
		}
	}
	hrefRE := regexp.MustCompile(`<href[^>]*>([^<]+\.vcf)</href>`)

	// 1. Full initial sync.
	b.ResetTimer()
	start := time.Now()
	listing := do("PROPFIND", book, `<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>`, map[string]string{"Depth": "1"})
	hrefs := hrefRE.FindAllStringSubmatch(listing, -1)
	cards := 0
	for i := 0; i < len(hrefs); i += 100 {
		var mb strings.Builder
		mb.WriteString(`<?xml version="1.0"?><C:addressbook-multiget xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><prop><getetag/><C:address-data/></prop>`)
		for _, h := range hrefs[i:min(i+100, len(hrefs))] {
			mb.WriteString("<href>" + h[1] + "</href>")
		}
		mb.WriteString(`</C:addressbook-multiget>`)
		cards += strings.Count(do("REPORT", book, mb.String(), nil), "BEGIN:VCARD")
	}
	davFull := time.Since(start)
	b.StopTimer()
	if len(hrefs) != n || cards != n {
		b.Fatalf("the DAV sync saw %d hrefs and %d cards, want %d", len(hrefs), cards, n)
	}
	start = time.Now()
	pulled, gqlToken := pull("")
	gqlFull := time.Since(start)
	if pulled != n {
		b.Fatalf("syncChanges pulled %d, want %d", pulled, n)
	}

	// 2. Incremental sync after 100 changes.
	davToken := regexp.MustCompile(`urn:crmadmin:sync:[^<]+`).FindString(do("PROPFIND", book,
		`<?xml version="1.0"?><propfind xmlns="DAV:"><prop><sync-token/></prop></propfind>`, map[string]string{"Depth": "0"}))
	ids, err := srv.App.DB.Client.Contact.Query().Order(contact.ByID()).Limit(100).IDs(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range ids {
		org.Admin.MustDo(b, `mutation($id: ID!) { updateContact(id: $id, input: {title: "Changed"}) { id } }`, map[string]any{"id": strconv.Itoa(id)}, nil)
	}
	start = time.Now()
	delta := do("REPORT", book, `<?xml version="1.0"?><sync-collection xmlns="DAV:"><sync-token>`+davToken+`</sync-token><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>`, nil)
	davDelta := time.Since(start)
	if got := len(hrefRE.FindAllString(delta, -1)); got != len(ids) {
		b.Fatalf("sync-collection after %d changes listed %d", len(ids), got)
	}
	start = time.Now()
	pulled, _ = pull(gqlToken)
	gqlDelta := time.Since(start)
	if pulled != len(ids) {
		b.Fatalf("syncChanges after %d changes pulled %d", len(ids), pulled)
	}
	_ = syncenum.Contacts
	b.ReportMetric(davFull.Seconds(), "dav-full-s")
	b.ReportMetric(gqlFull.Seconds(), "gql-full-s")
	b.ReportMetric(float64(davDelta.Microseconds())/1000, "dav-delta-ms")
	b.ReportMetric(float64(gqlDelta.Microseconds())/1000, "gql-delta-ms")
	addSection("CardDAV sync (BenchmarkDAVSync, issue 12)", fmt.Sprintf(
		"An address book of %d contacts.\n\n| sync | DAV | baseline: GraphQL syncChanges (pages of 500) |\n|---|---|---|\n"+
			"| full initial (DAV: PROPFIND Depth 1 + addressbook-multiget of 100 hrefs, as vdirsyncer) | %s | %s |\n"+
			"| incremental after %d changes (DAV: sync-collection from the token) | %s | %s |\n",
		n, davFull.Round(time.Millisecond), gqlFull.Round(time.Millisecond), len(ids), davDelta.Round(time.Microsecond), gqlDelta.Round(time.Microsecond)))
	addSummary("BenchmarkDAVSync", fmt.Sprintf("%d contacts; 100 changes", n),
		fmt.Sprintf("full %s vs %s; delta %s vs %s", davFull.Round(time.Millisecond), gqlFull.Round(time.Millisecond),
			davDelta.Round(time.Millisecond), gqlDelta.Round(time.Millisecond)), "reported against syncChanges")
}
