package bench

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// BenchmarkContactsPageGrowth measures contacts(first:50) server side (the GraphQL handler
// called directly, one goroutine, GC included) as the org grows (issue 16 item 4): for each
// size in CRM_BENCH_CONTACTS_SIZES (default 5000,100000,1000000) the same org is grown to
// that many contacts and CRM_BENCH_SERVER_REQUESTS (1500) requests are timed after a warm-up,
// with the SQLite plan of the page's statement. The first 5,000 contacts are made through ent
// (seedContacts, as BenchmarkContactsGraphQLvsPlain); the org then grows by copying its own
// rows with INSERT … SELECT (every column but the id), so a million contacts take seconds.
func BenchmarkContactsPageGrowth(b *testing.B) {
	sizes := envInts("CRM_BENCH_CONTACTS_SIZES", []int{5000, 100000, 1000000})
	n := envInt("CRM_BENCH_SERVER_REQUESTS", 1500)
	trace := &sqlTrace{}
	srv := apptest.Start(b, apptest.Options{NoWorker: true, WrapDriver: trace.wrap})
	org := srv.SignUp(b, "Bench Contacts Growth", "bench@contacts-growth.example")
	orgID, err := strconv.Atoi(org.ID)
	if err != nil {
		b.Fatal(err)
	}
	first := min(sizes[0], 5000)
	seedContacts(b, srv.App, orgID, first, 100)
	have := first
	cols, err := contactColumns(srv.App.DB.SQL)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"query": contactsQuery})
	h := srv.Config.Handler
	do := func() (*httptest.ResponseRecorder, error) {
		req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+org.Admin.Token)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"edges"`) || strings.Contains(w.Body.String(), `"errors"`) {
			return w, fmt.Errorf("status %d: %.300s", w.Code, w.Body)
		}
		return w, nil
	}

	type row struct {
		size     int
		us, kb   float64
		plan     string
		grow     time.Duration
		load     string
		firstRow string
	}
	var rows []row
	for _, size := range sizes {
		t0 := time.Now()
		for have < size { // double by copying the org's own rows, at most up to size
			k := min(have, size-have)
			q := fmt.Sprintf("INSERT INTO contacts (%s) SELECT %s FROM contacts WHERE org_id = ? ORDER BY id LIMIT %d", cols, cols, k)
			if _, err := srv.App.DB.SQL.Exec(q, orgID); err != nil {
				b.Fatalf("growing the org to %d contacts: %v", size, err)
			}
			have += k
		}
		var count int
		if err := srv.App.DB.SQL.QueryRow(`SELECT count(*) FROM contacts WHERE org_id = ?`, orgID).Scan(&count); err != nil || count != size {
			b.Fatalf("org has %d contacts (err %v), want %d", count, err, size)
		}
		_, _ = srv.App.DB.SQL.Exec(`ANALYZE`)
		r := row{size: size, grow: time.Since(t0)}
		r.plan = strings.TrimSpace(traceGraphQL(b, srv.App, trace, func() error { _, err := do(); return err }))
		for range 100 { // warm-up: statement cache, page cache
			if _, err := do(); err != nil {
				b.Fatal(err)
			}
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		for range n {
			if _, err := do(); err != nil {
				b.Fatal(err)
			}
		}
		el := time.Since(start)
		runtime.ReadMemStats(&after)
		r.us = float64(el.Microseconds()) / float64(n)
		r.kb = float64(after.TotalAlloc-before.TotalAlloc) / float64(n) / 1024
		r.load = loadAverage()
		rows = append(rows, r)
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(r.us, "µs/request")
			b.ReportMetric(r.kb, "KB/request")
		})
	}

	var tb strings.Builder
	fmt.Fprintf(&tb, "| contacts in the org | server side per request | allocated per request | × the smallest org's time | load average after |\n|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&tb, "| %d | %.0f µs | %.0f KB | %.2f | %s |\n", r.size, r.us, r.kb, r.us/rows[0].us, r.load)
	}
	var plans strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&plans, "- %d contacts (grown in %.1f s): %s\n", r.size, r.grow.Seconds(), r.plan)
	}
	head := fmt.Sprintf("contacts(first:50) (`%s`) served by the GraphQL handler called directly (one goroutine, %d requests per size after 100 warm-up, GC included), one org grown from %d contacts; the plan is SQLite's for the page's statement at that size.",
		contactsQuery, n, first)
	fmt.Printf("\n%s\n\n%s\n%s\n", head, tb.String(), plans.String())
	addSection("contacts(first:50) by org size (BenchmarkContactsPageGrowth)", head+"\n\n"+tb.String()+"\n"+plans.String())
}

// contactColumns is the contacts table's columns but id, quoted, comma-separated.
func contactColumns(db *sql.DB) (string, error) {
	rows, err := db.Query(`SELECT name FROM pragma_table_info('contacts') WHERE name <> 'id' ORDER BY cid`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		cols = append(cols, `"`+c+`"`)
	}
	if len(cols) == 0 {
		return "", fmt.Errorf("no columns found for contacts")
	}
	return strings.Join(cols, ", "), rows.Err()
}
