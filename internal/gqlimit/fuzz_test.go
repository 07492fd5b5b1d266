package gqlimit

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// FuzzCheckQuery (issue 9 items 1 and 2): whatever the text, CheckQuery does not panic, and a
// query it accepts that parses holds no value nested deeper, no list longer, no selection set
// larger or deeper than the bounds: the flat token reading agrees with gqlparser's parser.
func FuzzCheckQuery(f *testing.F) {
	for _, s := range []string{
		`{ contacts(first: 50, where: {or: [{lastNameContains: "a"}, {idIn: [1, 2]}]}) { edges { node { id } } } }`,
		`query Q($w: ContactWhereInput = {not: {lastName: "x"}}, $ids: [ID!]! = [1 2]) @dir(a: [1]) { nodes(ids: $ids) { id ... on Contact { lastName } } }`,
		`{ x: a(i: 1) @skip(if: false) y: b @include(if: true) z: c }`,
		`{ ...F ... on Query { a } } fragment F on Query { a(s: """ {[ """, t: "]}") # {{{
		}`,
		`{ a(x: {a: {b: {c: 1}}}) }`,
		`{ a(x: [[1, 2, 3, 4]]) }`,
		`{ a { b { c { d } } } }`,
		`{ a b c d }`,
		strings.Repeat("{", 50) + strings.Repeat("}", 50),
		`{ a(x: ` + strings.Repeat("[", 50) + strings.Repeat("]", 50) + `) }`,
		`subscription { notifications(types: ["a", "b"]) { id } }`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if small.CheckQuery(q) != nil {
			return
		}
		doc, err := parser.ParseQuery(&ast.Source{Input: q})
		if err != nil {
			return
		}
		for _, op := range doc.Operations {
			for _, v := range op.VariableDefinitions {
				checkValue(t, small, v.DefaultValue, 0)
			}
			checkSet(t, small, op.SelectionSet, 1)
		}
		for _, fr := range doc.Fragments {
			checkSet(t, small, fr.SelectionSet, 1)
		}
	})
}

func checkSet(t *testing.T, b Bounds, set ast.SelectionSet, depth int) {
	if len(set) == 0 {
		return
	}
	if depth > b.SelectionSet || len(set) > b.SetFields {
		t.Fatalf("accepted a selection set of %d selections at nesting %d", len(set), depth)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				checkValue(t, b, a.Value, 0)
			}
			checkSet(t, b, s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			checkSet(t, b, s.SelectionSet, depth+1)
		}
	}
}

func checkValue(t *testing.T, b Bounds, v *ast.Value, depth int) {
	if v == nil {
		return
	}
	if v.Kind == ast.ListValue || v.Kind == ast.ObjectValue {
		depth++
		if depth > b.ValueDepth || len(v.Children) > b.ListLength {
			t.Fatalf("accepted a value of %d items at nesting %d", len(v.Children), depth)
		}
	}
	for _, c := range v.Children {
		checkValue(t, b, c.Value, depth)
	}
}
