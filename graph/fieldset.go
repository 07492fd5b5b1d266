package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
)

// newFieldSet and newDeferredGroup replace graphql.NewFieldSet and graphql.NewDeferredGroup in
// the generated executor (internal/tools/gqlserial rewrites the calls after gqlgen runs). Both
// are made once per object of an answer (~130 on a contacts(first:50) page), and gqlgen
// v0.17.98's versions allocate for features a page does not use:
//   - NewDeferredGroup builds the @defer bookkeeping (the object's path, a second field set, a
//     map) for every object; only a field under @defer ever touches it (FieldSet.
//     ResolveConcurrently with IsDeferred, then ProcessDeferredGroup when Defers is not
//     empty), so it is built only when the object has such a field;
//   - FieldSet.MarshalGQL copies every field to the heap (an iterator over &field) and keeps a
//     map of the names written; fieldSet writes the same JSON from the slice.

// fieldSet is a graphql.FieldSet that marshals itself without the per-field copies.
type fieldSet struct {
	*graphql.FieldSet
	fields []graphql.CollectedField
}

func newFieldSet(fields []graphql.CollectedField) *fieldSet {
	return &fieldSet{FieldSet: graphql.NewFieldSet(fields), fields: fields}
}

// MarshalGQL writes {"alias":value,…} as graphql.FieldSet does: in field order, an alias
// written once (the first), every value present (the executor sets each one).
func (m *fieldSet) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	for i := range m.fields {
		alias := m.fields[i].Alias
		if seenBefore(m.fields[:i], alias) {
			continue
		}
		if i > 0 {
			_, _ = io.WriteString(w, ",")
		}
		graphql.MarshalString(alias).MarshalGQL(w)
		_, _ = io.WriteString(w, ":")
		m.Values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}

// seenBefore reports whether alias is one of fields'. gqlgen's field collection merges the
// selections of one response name, so this is false but for @defer views; the selections
// are bounded (gqlimit), and the scan is short next to marshalling each value.
func seenBefore(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// newDeferredGroup is graphql.NewDeferredGroup(ctx) when a field of the object is deferred,
// and an empty group otherwise (never written to: see above).
func newDeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}

// newScalarFieldContext replaces graphql.NewScalarFieldContext in the generated executor: the
// same field context, but its Child (an error: a scalar has no fields) is made once per type
// name instead of once per field (gqlgen's closure captures the name: one more allocation for
// every scalar of an answer).
func newScalarFieldContext(objectName string, field graphql.CollectedField, isMethod, isResolver bool, typeName string) (*graphql.FieldContext, error) {
	return &graphql.FieldContext{
		Object:     objectName,
		Field:      field,
		IsMethod:   isMethod,
		IsResolver: isResolver,
		Child:      scalarChild(typeName),
	}, nil
}

type childFunc = func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)

var scalarChildren sync.Map // type name → childFunc

func scalarChild(typeName string) childFunc {
	if f, ok := scalarChildren.Load(typeName); ok {
		return f.(childFunc)
	}
	err := "field of type " + typeName + " does not have child fields"
	f, _ := scalarChildren.LoadOrStore(typeName, childFunc(func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
		return nil, errors.New(err)
	}))
	return f.(childFunc)
}

// plainFields reports whether oc resolves its fields without a field middleware: its
// ResolverMiddleware is still the executor's own (which calls the resolver and nothing else),
// not one wrapped by a FieldInterceptor extension or by an OperationContextMutator (AccountLock,
// for a locked org). Only then do the trivial scalar fields of the generated executor take
// their fast path (internal/tools/gqlserial/inline.go); otherwise they run through
// graphql.ResolveField, middleware included. The executor's own middleware is one function
// literal of gqlgen's, recognised by its code pointer.
func plainFields(oc *graphql.OperationContext) bool {
	return reflect.ValueOf(oc.ResolverMiddleware).Pointer() == executorFieldMiddleware
}

// executorFieldMiddleware is the code pointer of the field middleware of an executor without
// extensions.
var executorFieldMiddleware = func() uintptr {
	if parsedSchema == nil { // a reference: Go initialises parsedSchema before this variable
		panic("graph: no schema")
	}
	oc, errs := executor.New(NewExecutableSchema(Config{})).CreateOperationContext(graphql.StartOperationTrace(context.Background()),
		&graphql.RawParams{Query: "{ __typename }"})
	if len(errs) > 0 || oc.ResolverMiddleware == nil {
		panic(fmt.Sprintf("graph: the executor's field middleware: %v", errs))
	}
	return reflect.ValueOf(oc.ResolverMiddleware).Pointer()
}()
