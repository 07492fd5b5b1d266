package app

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/crmadmin/crmadmin/graph"
	"github.com/crmadmin/crmadmin/internal/gqlimit"
)

// Issue 9 items 1 and 2: every operation the SPA sends (ui/src/api/operations.ts) fits the
// limits with twice the room: pages given in the text as written (first: 200 at most), pages
// given in variables at 50 (the largest PAGE_SIZE of ui/src).
func TestSPAOperationsFitTheLimits(t *testing.T) {
	src, err := os.ReadFile("../../ui/src/api/operations.ts")
	if err != nil {
		t.Fatal(err)
	}
	var ops, fragments []string
	for _, m := range regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(string(src), -1) {
		if strings.HasPrefix(strings.TrimSpace(m[1]), "fragment") {
			fragments = append(fragments, m[1])
		} else {
			ops = append(ops, m[1])
		}
	}
	if len(ops) < 20 {
		t.Fatalf("found %d operations; has operations.ts moved?", len(ops))
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
