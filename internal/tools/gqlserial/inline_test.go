package main

import (
	"strings"
	"testing"
)

// inlineSrc has, in gqlgen v0.17.98's shapes, one field of each kind inlineScalars must tell
// apart.
const inlineSrc = `package graph

func (ec *executionContext) _T_plain(ctx context.Context, field graphql.CollectedField, obj *ent.T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) { return ec.fieldContext_T_plain(ctx, field) },
		func(ctx context.Context) (any, error) { return obj.Plain, nil },
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler { return ec.marshalNString2string(ctx, selections, v) },
		true, true)
}
func (ec *executionContext) fieldContext_T_plain(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return newScalarFieldContext("T", field, false, false, "String")
}

func (ec *executionContext) _T_resolved(ctx context.Context, field graphql.CollectedField, obj *ent.T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) { return ec.fieldContext_T_plain(ctx, field) },
		func(ctx context.Context) (any, error) { return ec.Resolvers.T().Resolved(ctx, obj) },
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler { return ec.marshalNString2string(ctx, selections, v) },
		true, true)
}

func (ec *executionContext) _T_directive(ctx context.Context, field graphql.CollectedField, obj *ent.T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) { return ec.fieldContext_T_plain(ctx, field) },
		func(ctx context.Context) (any, error) { return obj.Plain, nil },
		func(ctx context.Context, next graphql.Resolver) graphql.Resolver { return next },
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler { return ec.marshalNString2string(ctx, selections, v) },
		true, true)
}

func (ec *executionContext) _T_time(ctx context.Context, field graphql.CollectedField, obj *ent.T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) { return ec.fieldContext_T_plain(ctx, field) },
		func(ctx context.Context) (any, error) { return obj.At, nil },
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v time.Time) graphql.Marshaler { return ec.marshalNTime2timeᚐTime(ctx, selections, v) },
		true, true)
}

func (ec *executionContext) _T_object(ctx context.Context, field graphql.CollectedField, obj *ent.T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) { return ec.fieldContext_T_object(ctx, field) },
		func(ctx context.Context) (any, error) { return obj.Node, nil },
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *ent.U) graphql.Marshaler { return ec.marshalOU2ᚖU(ctx, selections, v) },
		true, false)
}
func (ec *executionContext) fieldContext_T_object(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{Object: "T", Field: field}
	return fc, nil
}

func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalString(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "String!")
	}
	return res
}

func (ec *executionContext) marshalNTime2timeᚐTime(ctx context.Context, sel ast.SelectionSet, v time.Time) graphql.Marshaler {
	_ = sel
	res := scalar.MarshalTime(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Time!")
	}
	return res
}

func (ec *executionContext) marshalOU2ᚖU(ctx context.Context, sel ast.SelectionSet, v *ent.U) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	return ec._U(ctx, sel, v)
}
`

// Issue 16 item 2: only a scalar read from a struct field, without directive, with a
// marshaller that cannot report an error, gets the fast path; a resolver, a directive, a
// marshaller that may report a null (Time!) or an object keeps graphql.ResolveField only.
func TestInlineScalarsOnlyTrivialFields_Issue16Item2(t *testing.T) {
	out, n, err := inlineScalars([]byte(inlineSrc))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d fields inlined, want 1 (_T_plain):\n%s", n, out)
	}
	want := "func (ec *executionContext) _T_plain(ctx context.Context, field graphql.CollectedField, obj *ent.T) (ret graphql.Marshaler) {\n" +
		"\tif plainFields(ec.OperationContext) {\n\t\treturn ec.marshalNString2string(ctx, field.Selections, obj.Plain)\n\t}\n" +
		"\treturn graphql.ResolveField("
	if !strings.Contains(string(out), want) {
		t.Fatalf("_T_plain has no fast path:\n%s", out)
	}
	if strings.Count(string(out), "plainFields(") != 1 {
		t.Fatalf("a fast path outside _T_plain:\n%s", out)
	}
}
