package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceSerially replaces graphql.MarshalSliceConcurrently in the generated executor
// (internal/tools/gqlserial rewrites the calls after gqlgen runs, and says why): the same contract —
// each element is marshalled with a field context holding its index, and a panic in one
// element is reported as that element's error and turns the whole list into null — without a
// goroutine per element. workerLimit and omitPanicHandler are accepted for the same signature;
// the panic handler is always on.
func marshalSliceSerially(ctx context.Context, length int, _ int64, _ bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if !marshalElement1(childCtx, i, ret, marshalElement) {
			return nil
		}
	}
	return ret
}

// marshalElement1 marshals element i into ret[i]; false when it panicked.
func marshalElement1(ctx context.Context, i int, ret graphql.Array,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			ok = false
		}
	}()
	ret[i] = marshalElement(ctx, i)
	return true
}
