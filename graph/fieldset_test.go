package graph

import (
	"bytes"
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Issue 16 item 2: the allocation-free field set writes byte for byte what gqlgen's writes
// (order, first alias wins, nulls and nested objects), and the @defer group is built only for
// an object with a deferred field.
func TestFieldSetMarshalsAsGqlgen_Issue16Item2(t *testing.T) {
	field := func(alias string, deferred bool) graphql.CollectedField {
		f := graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
		if deferred {
			f.Deferrables = []*graphql.Deferrable{{Label: "later"}}
		}
		return f
	}
	cases := map[string][]graphql.CollectedField{
		"empty":      nil,
		"one":        {field("id", false)},
		"several":    {field("id", false), field("firstName", false), field("account", false)},
		"duplicate":  {field("id", false), field("name", false), field("id", false)},
		"first dupe": {field("a", false), field("a", false), field("b", false)},
	}
	values := []graphql.Marshaler{graphql.MarshalString("42"), graphql.Null, graphql.MarshalString(`"quoted"`)}
	for name, fields := range cases {
		ours, theirs := newFieldSet(fields), graphql.NewFieldSet(fields)
		for i := range fields {
			ours.Values[i], theirs.Values[i] = values[i%len(values)], values[i%len(values)]
		}
		var a, b bytes.Buffer
		ours.MarshalGQL(&a)
		theirs.MarshalGQL(&b)
		if a.String() != b.String() {
			t.Errorf("%s: ours %s, gqlgen's %s", name, a.String(), b.String())
		}
	}
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{Field: field("contacts", false)})
	if g := newDeferredGroup(ctx, []graphql.CollectedField{field("id", false)}); g.FieldSet != nil || g.Defers != nil {
		t.Errorf("no deferred field: got a group %+v", g)
	}
	if g := newDeferredGroup(ctx, []graphql.CollectedField{field("id", false), field("notes", true)}); g.FieldSet == nil || g.Defers == nil {
		t.Errorf("a deferred field: got an empty group")
	}
}

// Issue 16 item 2: a scalar's field context is gqlgen's, with the same Child error, shared
// per type name.
func TestScalarFieldContextAsGqlgen_Issue16Item2(t *testing.T) {
	f := graphql.CollectedField{Field: &ast.Field{Alias: "firstName", Name: "firstName"}}
	ours, _ := newScalarFieldContext("Contact", f, false, true, "String")
	theirs, _ := graphql.NewScalarFieldContext("Contact", f, false, true, "String")
	_, e1 := ours.Child(context.Background(), f)
	_, e2 := theirs.Child(context.Background(), f)
	if ours.Object != theirs.Object || ours.Field.Field != theirs.Field.Field || ours.IsMethod != theirs.IsMethod ||
		ours.IsResolver != theirs.IsResolver || e1 == nil || e2 == nil || e1.Error() != e2.Error() {
		t.Fatalf("ours %+v (%v), gqlgen's %+v (%v)", ours, e1, theirs, e2)
	}
	if allocs := testing.AllocsPerRun(100, func() { _, _ = newScalarFieldContext("Contact", f, false, true, "String") }); allocs > 1 {
		t.Fatalf("%v allocations per field context, want 1", allocs)
	}
}
