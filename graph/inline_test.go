package graph

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/task"
)

// inlineQuery selects trivial scalar fields (strings, optional strings, IDs, optional IDs,
// enums, optional times) beside fields that keep graphql.ResolveField (non-null times), with
// an alias and a repeated field.
const inlineQuery = `{
  contacts(first:1) { edges { node { id createdAt ownerID firstName lastName email title phone description again: lastName __typename } } }
  tasks(first:1) { edges { node { id subject dueDate priority status ownerID contactID updatedAt } } }
}`

// nodeSelections is the selection set under root.edges.node in oc's operation.
func nodeSelections(t *testing.T, oc *graphql.OperationContext, root string) ast.SelectionSet {
	t.Helper()
	set := oc.Operation.SelectionSet
	for _, name := range []string{root, "edges", "node"} {
		var next ast.SelectionSet
		for _, s := range set {
			if f, ok := s.(*ast.Field); ok && f.Name == name {
				next = f.SelectionSet
			}
		}
		if next == nil {
			t.Fatalf("no %s in the query", name)
		}
		set = next
	}
	return set
}

// inlineOperation is the operation context of inlineQuery, with the executor's own field
// middleware (middleware nil) or with middleware installed as a FieldInterceptor would be.
func inlineOperation(t *testing.T, middleware graphql.FieldMiddleware) *graphql.OperationContext {
	t.Helper()
	oc, errs := executor.New(NewExecutableSchema(Config{})).CreateOperationContext(graphql.StartOperationTrace(context.Background()),
		&graphql.RawParams{Query: inlineQuery})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if middleware != nil {
		oc.ResolverMiddleware = middleware
	}
	return oc
}

// marshalObjects writes each object as the executor would under oc, and returns the JSON and
// the errors the operation collected.
func marshalObjects(t *testing.T, oc *graphql.OperationContext, contacts []*ent.Contact, tasks []*ent.Task) (string, int) {
	t.Helper()
	ctx := graphql.WithResponseContext(graphql.WithOperationContext(context.Background(), oc),
		graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ec := newExecutionContext(oc, NewExecutableSchema(Config{}).(*executableSchema), nil)
	var b bytes.Buffer
	for _, c := range contacts {
		ec._Contact(ctx, nodeSelections(t, oc, "contacts"), c).MarshalGQL(&b)
		b.WriteByte('\n')
	}
	for _, x := range tasks {
		ec._Task(ctx, nodeSelections(t, oc, "tasks"), x).MarshalGQL(&b)
		b.WriteByte('\n')
	}
	return b.String(), len(graphql.GetErrors(ctx))
}

// Issue 16 item 2: a trivial scalar field's fast path (no field context, no closures) writes
// byte for byte what graphql.ResolveField writes, empty values, nulls and escapes included;
// with a field middleware installed, every field goes through it as before.
func TestInlineScalarsAsResolveField_Issue16Item2(t *testing.T) {
	when := time.Date(2026, 12, 3, 20, 15, 0, 123456789, time.UTC)
	owner := 7
	contacts := []*ent.Contact{
		{ID: 1, CreatedAt: when, LastName: "Durand"},
		{ID: 2, CreatedAt: when, OwnerID: &owner, FirstName: "Zoé", LastName: `O"Brien \ <b>`, Email: "z@example.com",
			Title: "Head\nof \u2028 things", Phone: "+33 1", Description: "\x00\x1f ☃"},
	}
	tasks := []*ent.Task{
		{ID: 3, UpdatedAt: when, Subject: "Call", Priority: task.PriorityHIGH, Status: task.StatusCOMPLETED},
		{ID: 4, UpdatedAt: when, Subject: "", DueDate: &when, OwnerID: &owner, ContactID: &owner, Priority: task.PriorityLOW, Status: task.StatusNOT_STARTED},
	}

	plain := inlineOperation(t, nil)
	calls := 0
	wrapped := inlineOperation(t, func(ctx context.Context, next graphql.Resolver) (any, error) {
		calls++
		return next(ctx)
	})
	if !plainFields(plain) || plainFields(wrapped) {
		t.Fatalf("plainFields: %v for the executor's own middleware (want true), %v with one installed (want false)",
			plainFields(plain), plainFields(wrapped))
	}
	fast, fastErrs := marshalObjects(t, plain, contacts, tasks)
	slow, slowErrs := marshalObjects(t, wrapped, contacts, tasks)
	if fast != slow || fastErrs != 0 || slowErrs != 0 {
		t.Fatalf("fast path (%d errors):\n%s\nResolveField (%d errors):\n%s", fastErrs, fast, slowErrs, slow)
	}
	// The middleware ran for every field but __typename (which has no resolver): 10 per
	// contact, 8 per task.
	if want := 10*len(contacts) + 8*len(tasks); calls != want {
		t.Fatalf("the field middleware ran %d times, want %d (every selected field)", calls, want)
	}
}

// Issue 16 item 2: the fast path allocates less than graphql.ResolveField for the same object.
func TestInlineScalarsAllocateLess_Issue16Item2(t *testing.T) {
	c := []*ent.Contact{{ID: 1, CreatedAt: time.Now(), FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}}
	plain := inlineOperation(t, nil)
	wrapped := inlineOperation(t, func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) })
	fast := testing.AllocsPerRun(50, func() { marshalObjects(t, plain, c, nil) })
	slow := testing.AllocsPerRun(50, func() { marshalObjects(t, wrapped, c, nil) })
	if fast >= slow {
		t.Fatalf("fast path %v allocations per object, ResolveField %v", fast, slow)
	}
	t.Logf("one contact, 11 fields: %v allocations with the fast path, %v through ResolveField", fast, slow)
}
