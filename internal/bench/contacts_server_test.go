package bench

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// BenchmarkContactsServerSide is the server-side half of BenchmarkContactsGraphQLvsPlain on
// its own (issue 16 item 2): each handler called directly, one goroutine, b.N requests, with
// allocations per request — the figure to profile a lever with (-memprofile, -cpuprofile):
//
//	go test -run '^$' -bench ContactsServerSide -benchmem ./internal/bench/
//
// The same org, seed, query and check of the answer (50 contacts) as the closed-loop one.
func BenchmarkContactsServerSide(b *testing.B) {
	srv := apptest.Start(b, apptest.Options{NoWorker: true})
	org := srv.SignUp(b, "Bench Contacts", "bench@contacts.example")
	orgID, err := strconv.Atoi(org.ID)
	if err != nil {
		b.Fatalf("org id %q: %v", org.ID, err)
	}
	seedContacts(b, srv.App, orgID, envInt("CRM_BENCH_GQL_CONTACTS", 5000), 100)
	body, _ := json.Marshal(map[string]any{"query": contactsQuery})
	plain := plainContactsHandler(srv.App.DB.SQL, func(*http.Request) (int, error) { return orgID, nil })
	for _, v := range []struct {
		name, path string
		h          http.Handler
	}{
		{"plain-net/http", "/contacts", plain},
		{"graphql", "/query", srv.Config.Handler},
	} {
		b.Run(v.name, func(b *testing.B) {
			serve := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodPost, v.path, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+org.Admin.Token)
				w := httptest.NewRecorder()
				v.h.ServeHTTP(w, req)
				return w
			}
			w := serve()
			var page contactsPage
			if err := json.Unmarshal(w.Body.Bytes(), &page); w.Code != http.StatusOK || err != nil ||
				len(page.Data.Contacts.Edges) != pageSize || len(page.Errors) > 0 {
				b.Fatalf("status %d, %v: %.300s", w.Code, err, w.Body)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if w := serve(); w.Code != http.StatusOK {
					b.Fatalf("status %d: %.200s", w.Code, w.Body)
				}
			}
		})
	}
}
