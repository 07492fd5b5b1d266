package gqlimit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

var small = Bounds{ValueDepth: 3, ListLength: 3, Tokens: 60, SetFields: 3, QueryFields: 6, SelectionSet: 3}

// Issue 9 item 1 (values) and item 2 (aliases, selections, tokens): what CheckQuery refuses
// in the query text, with the code, the argument named and the limit.
func TestCheckQuery(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		code        apperr.Code // "" : accepted
		want        string      // in the message
		field       string
	}{
		{"flat", `{ contacts(where: {lastName: "x"}) { totalCount } }`, "", "", ""},
		{"depth at the limit", `{ contacts(where: {not: {not: {lastName: "x"}}}) { totalCount } }`, "", "", ""},
		{"depth over the limit", `{ contacts(where: {not: {not: {not: {lastName: "x"}}}}) { totalCount } }`,
			apperr.Validation, `argument "where" of contacts: input values nest more than 3 levels deep; the limit is 3`, "where"},
		{"lists count as levels", `{ contacts(where: {or: [{or: [{a: 1}]}]}) { id } }`, apperr.Validation, "nest more than 3", "where"},
		{"list at the limit", `{ nodes(ids: [1, 2 3]) { id } }`, "", "", ""},
		{"list over the limit, commas optional", `{ nodes(ids: [1 2 3 "4"]) { id } }`,
			apperr.Validation, `argument "ids" of nodes: the list "ids" has more than 3 items; the limit is 3`, "ids"},
		{"list of variables", `query($a: ID) { nodes(ids: [$a $a $a $a]) { id } }`, apperr.Validation, "has more than 3 items", "ids"},
		{"list inside an object names its field", `{ contacts(where: {idIn: [1, 2, 3, 4]}) { id } }`, apperr.Validation, `the list "idIn"`, "where"},
		{"nested lists count their own items", `{ a(x: [[1, 2, 3], [1, 2, 3], [1]]) { id } }`, "", "", ""},
		{"input object fields", `{ a(x: {a: 1, b: 2, c: 3, d: 4}) { id } }`, apperr.Validation, "an input object has more than 3 fields", "x"},
		{"directive arguments", `{ a @include(if: {a: {b: {c: {d: 1}}}}) }`, apperr.Validation, `"if" of @include`, "if"},
		{"variable default value", `query($w: W = {not: {not: {not: {}}}}) { a }`, apperr.Validation, `variable "$w"`, "$w"},
		{"variable type", `query($w: [[[[ID]]]]) { a }`, apperr.Validation, `variable "$w"`, "$w"},
		{"strings hide brackets", `{ a(x: "{{{{[[[[") b(y: """ ]]]] {{{{ """) }`, "", "", ""},
		{"comments hide brackets", "{ a # {{{{ [[[[\n }", "", "", ""},
		{"fields per set", `{ a b c d }`, apperr.QueryTooComplex, "a selection set has more than 3 fields; the limit is 3", ""},
		{"aliases count", `{ x: a y: a z: a w: a }`, apperr.QueryTooComplex, "more than 3 fields", ""},
		{"alias, arguments and directives are one field", `{ x: a(i: 1) @skip(if: false) y: b @include(if: true) z: c }`, "", "", ""},
		{"spreads count, fragment names and type conditions do not", `{ ...F ... on Query { a } ...G } fragment F on Query { a }`, "", "", ""},
		{"fields per query", `{ a { b c } d { e f } g }`, apperr.QueryTooComplex, "the query selects more than 6 fields; the limit is 6", ""},
		{"selection sets nested", `{ a { b { c { d } } } }`, apperr.QueryTooComplex, "nests selection sets more than 3 levels deep; the limit is 3", ""},
		{"tokens", "{ a " + strings.Repeat("@skip(if: false) ", 20) + "}", apperr.QueryTooComplex, "more than 60 tokens; the limit is 60", ""},
		{"fragments expanded", `{ ...A } fragment A on Q { ...B ...B } fragment B on Q { a b }`, apperr.QueryTooComplex, "fragments expand to more than 6 fields", ""},
		{"fragments expanded within the limit", `{ ...A } fragment A on Q { ...B } fragment B on Q { a b }`, "", "", ""},
		{"fragment cycles end", `{ ...A } fragment A on Q { ...B } fragment B on Q { ...A }`, "", "", ""},
		{"20000 levels", `{ contacts(where: ` + strings.Repeat("{not: ", 20000) + "{}" + strings.Repeat("}", 20000) + `) { id } }`, apperr.Validation, "nest more than 3", "where"},
		{"lexical errors are left to the parser", `{ a(x: "unterminated`, "", "", ""},
		{"unbalanced brackets are left to the parser", `{ a ] ] ) }`, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := small.CheckQuery(tc.query)
			check(t, err, tc.code, tc.want, tc.field)
		})
	}
}

// Issue 9 item 1: variables are bounded as raw JSON (CheckJSON, the POST transport) and as
// decoded values (CheckValue, the websocket transports) alike.
func TestCheckVariables(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		code       apperr.Code
		want       string
	}{
		{"scalar", `"x"`, "", ""},
		{"depth at the limit", `{"not": {"not": {"lastName": "x"}}}`, "", ""},
		{"depth over the limit", `{"not": {"not": {"not": {"lastName": "x"}}}}`, apperr.Validation, `variable "$w": input values nest more than 3 levels deep; the limit is 3`},
		{"list at the limit", `{"or": [{}, {}, {}]}`, "", ""},
		{"list over the limit", `{"or": [1, 2, 3, 4]}`, apperr.Validation, `variable "$w": the list "or" has more than 3 items; the limit is 3`},
		{"list of lists", `[[1, 2, 3], [1, 2, 3], []]`, "", ""},
		{"object fields", `{"a": 1, "b": 2, "c": 3, "d": 4}`, apperr.Validation, "an input object has more than 3 fields"},
		{"keys that look like brackets", `{"[[[[": "{{{{", "b": "]]]]"}`, "", ""},
		{"20000 levels", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), apperr.Validation, "nest more than 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, small.CheckJSON("w", []byte(tc.json)), tc.code, tc.want, "$w")
			var v any
			if err := json.Unmarshal([]byte(tc.json), &v); err != nil {
				return // deeper than encoding/json decodes: CheckJSON alone sees it
			}
			check(t, small.CheckValue("w", v), tc.code, tc.want, "$w")
		})
	}
	if err := small.CheckJSON("extensions", []byte(`{"a": {"b": {"c": {"d": 1}}}}`)); err == nil || !strings.Contains(err.Message, `the request's "extensions"`) {
		t.Fatalf("extensions: %v", err)
	}
}

func check(t *testing.T, err *apperr.Error, code apperr.Code, want, field string) {
	t.Helper()
	switch {
	case code == "" && err != nil:
		t.Fatalf("refused: %v", err)
	case code == "":
	case err == nil:
		t.Fatalf("accepted; want %s %q", code, want)
	case err.Code != code || !strings.Contains(err.Message, want):
		t.Fatalf("got %s %q; want %s %q", err.Code, err.Message, code, want)
	case code == apperr.Validation && err.Field != field:
		t.Fatalf("field %q; want %q", err.Field, field)
	}
}
