package app

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/crmadmin/crmadmin/graph"
	"github.com/crmadmin/crmadmin/internal/gqlimit"
)

// Issue 9 items 1 and 2: every operation the SPA sends (each feature's graphql/operations.ts
// and session/operations.ts: every ui/src file codegen reads, src/gql excepted) fits the
// limits with twice the room: pages given in the text as written (first: 200 at most), pages
// given in variables at 50 (the largest PAGE_SIZE of ui/src).
func TestSPAOperationsFitTheLimits(t *testing.T) {
	var src strings.Builder
	err := filepath.WalkDir("../../ui/src", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "gql" {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".tsx")) {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			src.Write(b)
			src.WriteString("\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var ops, fragments []string
	for _, m := range regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(src.String(), -1) {
		if strings.HasPrefix(strings.TrimSpace(m[1]), "fragment") {
			fragments = append(fragments, m[1])
		} else {
			ops = append(ops, m[1])
		}
	}
	if len(ops) < 20 {
		t.Fatalf("found %d operations; have the operation files moved out of ui/src?", len(ops))
	}
	es := graph.NewSchema(&graph.Resolver{})
	limits := &graph.Limits{MaxDepth: MaxDepth, MaxPage: MaxPage, MaxCost: MaxCost, Inputs: gqlimit.Default, MaxString: MaxString, LongText: LongText}
	if err := limits.Validate(es); err != nil {
		t.Fatal(err)
	}
	largest, largestOp := 0, ""
	for _, op := range ops {
		used := op
		for range 3 { // fragments used by fragments
			for _, f := range fragments {
				name := regexp.MustCompile(`fragment (\w+)`).FindStringSubmatch(f)[1]
				if strings.Contains(used, "..."+name) && !strings.Contains(used, "fragment "+name) {
					used += "\n" + f
				}
			}
		}
		if err := limits.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: used}); err != nil {
			t.Fatalf("refused before parsing: %v\n%s", err, op)
		}
		doc, gerr := gqlparser.LoadQuery(es.Schema(), used)
		if gerr != nil {
			t.Fatalf("%v\n%s", gerr, used)
		}
		vars := map[string]any{"first": int64(50), "last": int64(50)}
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: vars, RawQuery: used}
		if err := limits.MutateOperationContext(context.Background(), oc); err != nil {
			t.Fatalf("refused: %v\n%s", err, op)
		}
		// The cost itself: lower the limit until the operation is refused.
		lo, hi := 0, MaxCost
		for lo < hi {
			mid := (lo + hi) / 2
			l := *limits
			l.MaxCost = mid
			if l.MutateOperationContext(context.Background(), oc) != nil {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo > largest {
			largest, largestOp = lo, doc.Operations[0].Name
		}
	}
	t.Logf("%d operations; the largest, %s, costs %d (limit %d)", len(ops), largestOp, largest, MaxCost)
	if largest > MaxCost/2 {
		t.Fatalf("%s costs %d: less than 2x headroom under %d", largestOp, largest, MaxCost)
	}
}

// Issue 9 item 2: the cost is the number of fields the answer would hold; each connection's
// page multiplies its edges, nodes(ids:) its IDs, other lists of records 50 and lists of values
// 10. The figure is in the message; the limits of depth and page size still hold.
func TestCost(t *testing.T) {
	es := graph.NewSchema(&graph.Resolver{})
	limits := &graph.Limits{MaxDepth: MaxDepth, MaxPage: MaxPage, MaxCost: 1, Inputs: gqlimit.Default, MaxString: MaxString, LongText: LongText}
	if err := limits.Validate(es); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		vars  map[string]any
		want  string
	}{
		{`{ me { id } }`, nil, "would hold 2 fields"},
		{`{ contacts(first: 0) { totalCount } }`, nil, "would hold 2 fields"},
		{`{ contacts(first: 10) { edges { node { id } } } }`, nil, "would hold 22 fields"}, // 1 + (1 + 10 × (1 + 1))
		{`{ contacts { edges { node { id } } } }`, nil, "would hold 102 fields"},           // 50 when first is absent
		{`query($n: Int) { contacts(first: $n) { edges { node { id } } } }`, map[string]any{"n": int64(3)}, "would hold 8 fields"},
		{`{ contacts(last: 4) { edges { cursor node { id } } pageInfo { hasNextPage } } }`, nil, "would hold 16 fields"}, // 1 + (1 + 4 × 3) + 2
		{`{ nodes(ids: [1, 2, 3]) { id } }`, nil, "would hold 4 fields"},
		{`{ contacts(first: 2) { edges { node { deals { id } } } } }`, nil, "would hold 106 fields"}, // 1 + (1 + 2 × (1 + (1 + 50 × 1))): a record's list edge counts 50
		{`{ a: me { id } b: me { id } ...F } fragment F on Query { c: me { id } }`, nil, "would hold 6 fields"},
		{`{ contacts(first: 501) { totalCount } }`, nil, "first: 501 on contacts is over the page limit of 500"},
		{`{ contacts(first: -1) { totalCount } }`, nil, "first on contacts must not be negative"},
		{`{ contacts(where: {lastNameContains: "` + strings.Repeat("x", 4097) + `"}) { totalCount } }`, nil, "lastNameContains is 4097 bytes long; the limit is 4096 bytes"},
		{`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, map[string]any{"i": map[string]any{"lastName": "x", "description": strings.Repeat("x", 128001)}}, "description is 128001 bytes long; the limit is 128000 bytes"},
	} {
		doc, gerr := gqlparser.LoadQuery(es.Schema(), tc.query)
		if gerr != nil {
			t.Fatalf("%s: %v", tc.query, gerr)
		}
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: tc.vars}
		err := limits.MutateOperationContext(context.Background(), oc)
		if err == nil || !strings.Contains(err.Message, tc.want) {
			t.Errorf("%s: got %v; want %q", tc.query, err, tc.want)
		}
	}
}
