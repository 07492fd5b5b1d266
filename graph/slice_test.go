package graph

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// PL-6: the serial list marshaller keeps MarshalSliceConcurrently's contract: order, one field
// context per element with its index (so error paths name the element), and a panicking
// element reported as an error (INTERNAL after the presenter) that turns the list into null.
func TestMarshalSliceSerially(t *testing.T) {
	newCtx := func() context.Context {
		ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
			func(_ context.Context, r any) error { return errors.New("internal: " + r.(string)) })
		return graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{}})
	}

	ctx := newCtx()
	var indexes []int
	got := marshalSliceSerially(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		indexes = append(indexes, *graphql.GetFieldContext(ctx).Index)
		return graphql.MarshalString("v" + strconv.Itoa(i))
	})
	var buf bytes.Buffer
	got.MarshalGQL(&buf)
	if buf.String() != `["v0","v1","v2"]` {
		t.Fatalf("marshalled %s", buf.String())
	}
	if len(indexes) != 3 || indexes[0] != 0 || indexes[2] != 2 {
		t.Fatalf("field context indexes %v, want [0 1 2]", indexes)
	}

	ctx = newCtx()
	got = marshalSliceSerially(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if i == 1 {
			panic("boom")
		}
		return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, "1") })
	})
	if got != nil {
		t.Fatalf("a panicking element must turn the list into null, got %v", got)
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Message != "internal: boom" {
		t.Fatalf("errors %v, want the recovered panic", errs)
	}
	if p := errs[0].Path.String(); p != "[1]" {
		t.Fatalf("error path %q, want the element's index 1", p)
	}

	if got := marshalSliceSerially(newCtx(), 0, 0, false, nil); got == nil || len(got) != 0 {
		t.Fatalf("empty list: %v", got)
	}
}
