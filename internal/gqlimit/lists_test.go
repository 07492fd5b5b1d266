package gqlimit

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Issue 11 (batches of 500): one input field's lists get their own limit (Lists), in
// variables (their declared type read from the query text) and in the query text (the
// argument's type from the schema); every other list keeps ListLength.
func TestListsOwnLimit_Issue11(t *testing.T) {
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `
type Query { a: Int }
type Mutation { push(input: Batch!): Int, other(input: Other): Int, many(input: [Batch!]): Int }
input Batch { key: String, items: [Item!]!, tags: [String!] }
input Item { id: String, attendees: [String!] }
input Other { items: [Int!] }`})
	b := Bounds{ValueDepth: 6, ListLength: 3, Tokens: 500, Lists: map[string]int{"Batch.items": 5}}.WithSchema(schema)
	if want := map[string]string{"push.input": "Batch", "many.input": "Batch"}; !maps.Equal(b.ArgTypes, want) {
		t.Fatalf("ArgTypes %v, want %v", b.ArgTypes, want)
	}
	list := func(n int, item string) string { return "[" + strings.Repeat(item+",", n-1) + item + "]" }
	jsonItems := func(n int) string { return list(n, `{"id":"x"}`) }
	for _, tc := range []struct {
		name, query, vars string // vars: the variable "i" as JSON ("" : none)
		want              string // "" : accepted
	}{
		{"5 items in a Batch variable", `mutation($i: Batch!) { push(input: $i) }`, `{"items":` + jsonItems(5) + `}`, ""},
		{"6 items in a Batch variable", `mutation($i: Batch!) { push(input: $i) }`, `{"items":` + jsonItems(6) + `}`,
			`variable "$i": the list "items" has more than 5 items; the limit is 5`},
		{"6 items in a list of Batch", `mutation($i: [Batch!]) { many(input: $i) }`, `[{"items":` + jsonItems(6) + `}]`, `has more than 5 items; the limit is 5`},
		{"5 items in a list of Batch", `mutation($i: [Batch!]) { many(input: $i) }`, `[{"items":` + jsonItems(5) + `}]`, ""},
		{"another list of Batch keeps the default", `mutation($i: Batch!) { push(input: $i) }`, `{"tags":["a","b","c","d"]}`, `the list "tags" has more than 3 items; the limit is 3`},
		{"a list inside an item keeps the default", `mutation($i: Batch!) { push(input: $i) }`, `{"items":[{"attendees":["a","b","c","d"]}]}`, `the list "attendees" has more than 3 items`},
		{"another type's items keep the default", `mutation($i: Other) { other(input: $i) }`, `{"items":[1,2,3,4]}`, `the list "items" has more than 3 items; the limit is 3`},
		{"an undeclared variable keeps the default", `mutation { push(input: {items: []}) }`, `{"items":` + jsonItems(4) + `}`, `has more than 3 items`},
		{"items in a variable of their own keep the default", `mutation($i: [Item!]!) { push(input: {items: $i}) }`, jsonItems(4), `variable "$i": the list "$i" has more than 3 items`},
		{"5 items in the query", `mutation { push(input: {items: ` + list(5, `{id: "x"}`) + `}) }`, "", ""},
		{"6 items in the query", `mutation { push(input: {items: ` + list(6, `{id: "x"}`) + `}) }`, "",
			`argument "input" of push: the list "items" has more than 5 items; the limit is 5`},
		{"6 items in the query, in a list of Batch", `mutation { many(input: [{items: ` + list(6, `{id: "x"}`) + `}]) }`, "", `the limit is 5`},
		{"another argument's items in the query", `mutation { other(input: {items: [1, 2, 3, 4]}) }`, "", `the list "items" has more than 3 items; the limit is 3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs []*apperr.Error
			if err := b.CheckQuery(tc.query); err != nil {
				errs = append(errs, err)
			}
			if tc.vars != "" {
				types := b.VariableTypes(tc.query)
				raw := b.CheckJSONOf("i", types["i"], []byte(tc.vars))
				var v any
				if err := json.Unmarshal([]byte(tc.vars), &v); err != nil {
					t.Fatal(err)
				}
				decoded := b.CheckVariables(types, map[string]any{"i": v})
				if (raw == nil) != (decoded == nil) {
					t.Fatalf("the raw and the decoded checks disagree: %v / %v", raw, decoded)
				}
				if raw != nil {
					errs = append(errs, raw)
				}
			}
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Fatalf("refused: %v", errs[0])
			case tc.want != "" && len(errs) == 0:
				t.Fatal("accepted")
			case tc.want != "" && (errs[0].Code != apperr.Validation || !strings.Contains(errs[0].Message, tc.want)):
				t.Fatalf("%s %q, want VALIDATION saying %q", errs[0].Code, errs[0].Message, tc.want)
			}
		})
	}
}

func TestVariableTypes_Issue11(t *testing.T) {
	got := Default.VariableTypes(`query Q($a: PushSyncBatchInput!, $b: [[Item!]]!, $c: Int = 3, $d: W = {x: [1, {y: "$e"}]}) @dir(x: $z) {
  f(arg: $a) { g(h: {i: $b}) }
}
mutation($e: E) { m(x: $e) }
fragment F on T { f(arg: $q) }`)
	want := map[string]string{"a": "PushSyncBatchInput", "b": "Item", "c": "Int", "d": "W", "e": "E"}
	if !maps.Equal(got, want) {
		t.Fatalf("VariableTypes = %v, want %v", got, want)
	}
	long := fmt.Sprintf("query(%s) { a }", strings.Repeat("$v: Int, ", 5000))
	if n := len((Bounds{Tokens: 100}).VariableTypes(long)); n > 100 {
		t.Errorf("read %d variables past the token limit", n)
	}
}
