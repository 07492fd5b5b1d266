package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// BenchmarkQueryAmplification (issue 9 items 1 and 2): the hostile queries that were served
// (seconds, hundreds of MB) or killed the process, each refused before its work starts, side by
// side with the normal contacts(first:50) page in the same run: server time and allocation
// per request, the handler called directly.
func BenchmarkQueryAmplification(b *testing.B) {
	srv := apptest.Start(b, apptest.Options{NoWorker: true})
	org := srv.SignUp(b, "Bench Limits", "bench@limits.example")
	orgID, err := strconv.Atoi(org.ID)
	if err != nil {
		b.Fatal(err)
	}
	seedContacts(b, srv.App, orgID, 1000, 50)
	page := `contacts(first: 500) { edges { node { id account { name } } } }`
	aliases := func(n int, field string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("a%d: %s", i, field)
		}
		return "{ " + strings.Join(parts, " ") + " }"
	}
	variants := []struct{ name, query, code string }{
		{"contacts(first:50) (baseline)", contactsQuery, ""},
		{"200 aliases of contacts(first:500)", aliases(200, page), "QUERY_TOO_COMPLEX"},
		{"30 aliases of contacts(first:500)", aliases(30, page), "QUERY_TOO_COMPLEX"},
		{"contacts→account→contacts, pages of 500", `{ contacts(first: 500) { edges { node { account { contacts(first: 500) { edges { node { account { contacts(first: 500) { edges { node { id } } } } } } } } } } } }`, "QUERY_TOO_COMPLEX"},
		{"5000 aliases of __schema", aliases(5000, "__schema { types { name } }"), "QUERY_TOO_COMPLEX"},
		{"where: not nested 20000 levels", `{ contacts(where: ` + strings.Repeat("{not: ", 20000) + "{}" + strings.Repeat("}", 20000) + `) { totalCount } }`, "VALIDATION"},
	}
	n := envInt("CRM_BENCH_SERVER_REQUESTS", 2000) / 10
	var tb strings.Builder
	tw := tabwriter.NewWriter(&tb, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| query\t body KB\t answer\t µs/request\t KB allocated/request\t")
	fmt.Fprintln(tw, "|---\t ---:\t ---\t ---:\t ---:\t")
	for _, v := range variants {
		body, _ := json.Marshal(map[string]string{"query": v.query})
		do := func() string {
			req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+org.Admin.Token)
			w := httptest.NewRecorder()
			srv.Config.Handler.ServeHTTP(w, req)
			var r struct {
				Errors []apptest.Error
				Data   json.RawMessage
			}
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
				b.Fatalf("%s: %v", v.name, err)
			}
			if len(r.Errors) > 0 {
				return r.Errors[0].Code()
			}
			return ""
		}
		if got := do(); got != v.code { // warm-up and check
			b.Fatalf("%s: answered %q, want %q", v.name, got, v.code)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		for range n {
			do()
		}
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		us := float64(elapsed.Microseconds()) / float64(n)
		kb := float64(after.TotalAlloc-before.TotalAlloc) / float64(n) / 1024
		answer := v.code
		if answer == "" {
			answer = "50 contacts"
		}
		fmt.Fprintf(tw, "| %s\t %.1f\t %s\t %.0f\t %.0f\t\n", v.name, float64(len(body))/1024, answer, us, kb)
		b.ReportMetric(us, strings.ReplaceAll(v.name, " ", "_")+"-µs")
	}
	tw.Flush()
	report := fmt.Sprintf("Each query %d times through the HTTP handler (one goroutine, GC included); 1000 contacts in the org. The refused queries are answered before any resolver runs.\n\n%s", n, tb.String())
	fmt.Println("\n" + report)
	addSection("Hostile queries refused (issue 9 items 1 and 2)", report)
}
