// Command gqlserial runs after gqlgen (see generate.go): it makes the generated executor
// marshal list elements one after the other instead of in one goroutine each, and build each
// object's field set, @defer group and scalar field contexts with graph's newFieldSet,
// newDeferredGroup and newScalarFieldContext, which do not allocate for what a page does not
// use (graph/fieldset.go says why; issue 16 item 2), write a query's answer into a pooled buffer
// (graph/respbuf.go), and resolve trivial scalar fields without
// graphql.ResolveField while an operation has no field middleware (inline.go says which and why).
//
// gqlgen v0.17 starts a goroutine for every element of every non-scalar list
// (graphql.MarshalSliceConcurrently; the @concurrent opt-out was reverted upstream, see
// 99designs/gqlgen#3287, and exec.worker_limit only bounds the goroutines). Here every list
// element is already loaded when it is marshalled (entgql eager-loads the selected edges in
// the query; there are no data loaders to batch), so the goroutines only cost: on
// contacts(first:50) they were a quarter of the request's CPU (stack growth and scheduling).
// The replacement, graph.marshalSliceSerially, keeps the same contract (field context with
// the index, a panic turns the list into null with the error) — see graph/slice.go.
//
// It rewrites the calls in place and fails if it finds none, so a gqlgen upgrade that changes
// the generated code is noticed by `make generate` instead of silently undoing this.
package main

import (
	"bytes"
	"fmt"
	"os"
)

// rewrites are applied in order; each must be found at least once.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "marshalSliceSerially("},
	{"out := graphql.NewFieldSet(fields)", "out := newFieldSet(fields)"},
	{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := newDeferredGroup(ctx, fields)"},
	{"graphql.NewScalarFieldContext(", "newScalarFieldContext("},
	// a query's answer is written into a pooled buffer (graph/respbuf.go)
	{"var buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()",
		"buf := responseBuffer()\n\t\t\tdata.MarshalGQL(buf)\n\t\t\tresponse.Data = buf.Bytes()"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlserial <gqlgen exec file>")
		os.Exit(2)
	}
	path := os.Args[1]
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gqlserial:", err)
		os.Exit(1)
	}
	out := src
	for _, r := range rewrites {
		if bytes.Count(out, []byte(r.from)) == 0 {
			fmt.Fprintf(os.Stderr, "gqlserial: no %q in %s: has gqlgen's generated code changed? (see internal/tools/gqlserial)\n", r.from, path)
			os.Exit(1)
		}
		out = bytes.ReplaceAll(out, []byte(r.from), []byte(r.to))
	}
	out, n, err := inlineScalars(out)
	if err == nil && n == 0 {
		err = fmt.Errorf("no trivial scalar field in %s: has gqlgen's generated code changed? (see internal/tools/gqlserial/inline.go)", path)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gqlserial:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gqlserial:", err)
		os.Exit(1)
	}
}
