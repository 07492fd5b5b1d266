package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// BenchmarkSignInMix (issue 9 item 3): 50 closed-loop clients doing a mixed authenticated
// load (70% contacts(first:10) reads, 30% createContact writes, over 5 orgs) against the same
// mix where 2% of the requests are signIn (argon2id). Variants interleave in rounds so machine
// noise hits both alike. Target: p99 with sign-ins within 2× of the mix without.
func BenchmarkSignInMix(b *testing.B) {
	var (
		clients = envInt("CRM_BENCH_SIGNIN_CLIENTS", 50)
		seconds = envInt("CRM_BENCH_SECONDS", 6) // measured seconds per variant
		rounds  = 3
	)
	srv := apptest.Start(b, apptest.Options{NoWorker: true})
	var orgs []*apptest.Org
	for i := range 5 {
		orgs = append(orgs, srv.SignUp(b, fmt.Sprintf("Bench Mix %d", i), fmt.Sprintf("mix%d@signin.example", i)))
	}
	tr := &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	post := func(ctx context.Context, token, query string, vars map[string]any) error {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || bytes.Contains(out, []byte(`"errors"`)) {
			return fmt.Errorf("status %d: %.300s", resp.StatusCode, out)
		}
		return nil
	}
	mix := func(signInShare float64) func(context.Context) error {
		return func(ctx context.Context) error {
			org := orgs[rand.IntN(len(orgs))]
			switch p := rand.Float64(); {
			case p < signInShare:
				return post(ctx, "", `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { user { id } } }`,
					map[string]any{"e": org.Email, "p": apptest.Password})
			case p < 0.70:
				return post(ctx, org.Admin.Token, `{ contacts(first: 10) { edges { node { id lastName } } } }`, nil)
			default:
				return post(ctx, org.Admin.Token, `mutation { createContact(input: {lastName: "Mix"}) { id } }`, nil)
			}
		}
	}
	type variant struct {
		name    string
		do      func(context.Context) error
		samples []LoadResult
	}
	variants := []*variant{{name: "mix without sign-ins", do: mix(0)}, {name: "mix with 2% sign-ins", do: mix(0.02)}}
	load0 := archiveLoadAvg()
	per := time.Duration(seconds) * time.Second / time.Duration(rounds)
	for range rounds {
		for _, v := range variants {
			v.samples = append(v.samples, ClosedLoop(context.Background(), clients, 500*time.Millisecond, per, v.do))
		}
	}
	load1 := archiveLoadAvg()
	var tb strings.Builder
	fmt.Fprintf(&tb, "| variant | req/s | p50 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|\n")
	var res []LoadResult
	for _, v := range variants {
		r := mergeLoad(v.samples)
		res = append(res, r)
		fmt.Fprintf(&tb, "| %s | %.0f | %.2f | %.2f | %.2f | %d |\n", v.name, r.RPS(), Ms(r.Lat.P50), Ms(r.Lat.P99), Ms(r.Lat.Max), r.Errors)
		if r.FirstErr != nil {
			b.Logf("%s: first error: %v", v.name, r.FirstErr)
		}
	}
	ratio := float64(res[1].Lat.P99) / float64(res[0].Lat.P99)
	verdict := "met"
	if ratio > 2 {
		verdict = "**not met**"
	}
	head := fmt.Sprintf("%d closed-loop clients over loopback HTTP, 5 orgs, 70%% `contacts(first:10)` reads and 30%% `createContact` writes with API tokens; the second variant turns 2%% of the requests into `signIn` (argon2id, m=19 MiB, t=2). %d s measured per variant in %d interleaved rounds after 0.5 s warm-up each; a request counts as an error unless it answers 200 without errors. Load average %s before, %s after.",
		clients, seconds, rounds, load0, load1)
	target := fmt.Sprintf("Target: p99 with sign-ins ≤ 2× without: %.2f× (%s).", ratio, verdict)
	addSection("Sign-ins in a mixed load (issue 9 item 3)", head+"\n\n"+tb.String()+"\n"+target+"\n")
	addSummary("BenchmarkSignInMix", "2% sign-ins vs none", fmt.Sprintf("p99 %.1f vs %.1f ms, %.0f vs %.0f req/s, %d errors",
		Ms(res[1].Lat.P99), Ms(res[0].Lat.P99), res[1].RPS(), res[0].RPS(), res[1].Errors+res[0].Errors), fmt.Sprintf("p99 ≤ 2×: %.2f× %s", ratio, verdict))
	b.ReportMetric(ratio, "p99-ratio")
}
