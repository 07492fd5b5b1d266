package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Limits refuses operations that are too deep or ask for too large pages, before any resolver
// runs, with QUERY_TOO_COMPLEX and the limit in the message. (Complexity has its own extension.)
type Limits struct {
	MaxDepth int // selection nesting, fragments expanded
	MaxPage  int // largest first/last on any connection
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Limits{}

func (Limits) ExtensionName() string                   { return "Limits" }
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{doc: oc.Doc, vars: oc.Variables, limits: l}
	if err := w.walk(oc.Operation.SelectionSet, 1); err != nil {
		return err
	}
	return nil
}

type walker struct {
	doc    *ast.QueryDocument
	vars   map[string]any
	limits Limits
}

func (w walker) walk(set ast.SelectionSet, depth int) *gqlerror.Error {
	if depth > w.limits.MaxDepth {
		return tooComplex("the query is nested %d levels deep; the limit is %d", depth, w.limits.MaxDepth)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			for _, name := range []string{"first", "last"} {
				if a := s.Arguments.ForName(name); a != nil {
					if v, err := a.Value.Value(w.vars); err == nil {
						if n, ok := v.(int64); ok && n > int64(w.limits.MaxPage) {
							return tooComplex("%s: %d on %s is over the page limit of %d", name, n, s.Name, w.limits.MaxPage)
						}
						if n, ok := v.(int64); ok && n < 0 {
							return &gqlerror.Error{Message: fmt.Sprintf("%s on %s must not be negative; got %d", name, s.Name, n),
								Extensions: map[string]any{"code": string(apperr.Validation), "field": name}}
						}
					}
				}
			}
			if len(s.SelectionSet) > 0 {
				if err := w.walk(s.SelectionSet, depth+1); err != nil {
					return err
				}
			}
		case *ast.InlineFragment:
			if err := w.walk(s.SelectionSet, depth); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if f := w.doc.Fragments.ForName(s.Name); f != nil {
				if err := w.walk(f.SelectionSet, depth); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": string(apperr.QueryTooComplex)}}
}
