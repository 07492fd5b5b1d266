package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/gqlimit"
)

// Limits refuses requests that are too large to serve before any of their work starts
// (issue 9 items 1 and 2, README "Limits and abuse"):
//   - before parsing (MutateOperationParameters): the query text and the variables are read
//     flat by gqlimit (value nesting, list lengths, selections, tokens);
//   - after validation, before any resolver (MutateOperationContext): selection depth, page
//     sizes, strings by where they go, and the cost: the number of fields the answer would
//     hold, each connection's page size (first/last, DefaultPage when absent) multiplying what
//     is selected in its edges.
type Limits struct {
	MaxDepth int // selection nesting, fragments expanded
	MaxPage  int // largest first/last on any connection
	MaxCost  int // estimated fields in the answer
	// MaxIntrospectionCost bounds an introspection (__schema, __type) on its own: its answer
	// grows with the server's schema, not with the data, so it is not charged to MaxCost.
	MaxIntrospectionCost int
	Inputs               gqlimit.Bounds
	// MaxString is the largest string argument or input field, in bytes, except the fields
	// of LongText.
	MaxString int
	LongText  map[string]int // input field → its own limit in bytes

	// introspection lists: "__Type.fields" → how many items one counts for (the schema's
	// average), set by Validate.
	introspection map[string]int
	records       map[string]bool // types that implement Node (database records)
}

// ValueList is what a list of values that are not records counts for (a payment's lines, a
// subscription's add-ons, a plan's prices): a few.
const ValueList = 10

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = &Limits{}

func (*Limits) ExtensionName() string { return "Limits" }

// Validate measures the schema for the cost of introspection: its answers are as large as the
// schema (a full introspection of this one holds about 44,000 fields), so each introspection
// list counts for what it lists on average: every type for __Schema.types, the mean number of
// fields per type for __Type.fields, of arguments per field for __Field.args…
func (l *Limits) Validate(es graphql.ExecutableSchema) error {
	s := es.Schema()
	var fields, inputFields, enumValues, interfaces, possible, args int
	l.records = map[string]bool{}
	for _, d := range s.Types {
		if slices.Contains(d.Interfaces, "Node") {
			l.records[d.Name] = true
		}
		if d.Kind == ast.InputObject {
			inputFields += len(d.Fields)
		} else {
			fields += len(d.Fields)
		}
		for _, f := range d.Fields {
			args += len(f.Arguments)
		}
		enumValues += len(d.EnumValues)
		interfaces += len(d.Interfaces)
		possible += len(s.PossibleTypes[d.Name])
	}
	l.Inputs = l.Inputs.WithSchema(s) // the argument types of the lists with their own limits
	types := max(len(s.Types), 1)
	mean := func(n, of int) int { return max(1, (n+of-1)/max(of, 1)) }
	l.introspection = map[string]int{
		"__Schema.types":        types,
		"__Schema.directives":   len(s.Directives),
		"__Type.fields":         mean(fields, types),
		"__Type.inputFields":    mean(inputFields, types),
		"__Type.enumValues":     mean(enumValues, types),
		"__Type.interfaces":     mean(interfaces, types),
		"__Type.possibleTypes":  mean(possible, types),
		"__Field.args":          mean(args, fields),
		"__Directive.args":      mean(args, fields),
		"__Directive.locations": 5,
	}
	return nil
}

// MutateOperationParameters runs before gqlgen parses the query or coerces the variables (after
// the persisted-query extension has put the query in place).
func (l *Limits) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if err := l.Inputs.CheckQuery(p.Query); err != nil {
		return asGQL(err)
	}
	if err := l.Inputs.CheckVariables(l.Inputs.VariableTypes(p.Query), p.Variables); err != nil {
		return asGQL(err)
	}
	return nil
}

func (l *Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{doc: oc.Doc, vars: oc.Variables, limits: l}
	cost, err := w.set(oc.Operation.SelectionSet, 1, 0)
	if err != nil {
		return err
	}
	if l.MaxCost > 0 && cost > l.MaxCost {
		more := ""
		if w.visited > maxVisits {
			more = "at least "
		}
		return asGQL(apperr.New(apperr.QueryTooComplex,
			"the answer would hold %s%d fields (each page counted in full, %d items when first/last is absent); the limit is %d",
			more, cost, DefaultPage, l.MaxCost).With("cost", cost).With("limit", l.MaxCost))
	}
	return nil
}

// maxVisits bounds the walk itself: fragments spread in fragments multiply what is walked.
const maxVisits = 100_000

type walker struct {
	doc     *ast.QueryDocument
	vars    map[string]any
	limits  *Limits
	visited int
	// introCost: the fields of every introspection in the operation (MaxIntrospectionCost).
	introCost int
	intro     bool // inside __schema or __type: no depth limit (the cost bounds it)
}

// set returns the cost of a selection set; page is the page size of the connection whose
// selection set this is (0 when it is not one).
func (w *walker) set(set ast.SelectionSet, depth, page int) (int, *gqlerror.Error) {
	if depth > w.limits.MaxDepth && !w.intro {
		return 0, tooComplex("the query is nested %d levels deep; the limit is %d", depth, w.limits.MaxDepth)
	}
	cost := 0
	for _, sel := range set {
		if w.visited++; w.visited > maxVisits {
			return cost, nil // the figure so far; the message says "at least"
		}
		var c int
		var err *gqlerror.Error
		switch s := sel.(type) {
		case *ast.Field:
			c, err = w.field(s, depth, page)
		case *ast.InlineFragment:
			c, err = w.set(s.SelectionSet, depth, page)
		case *ast.FragmentSpread:
			if f := w.doc.Fragments.ForName(s.Name); f != nil {
				c, err = w.set(f.SelectionSet, depth, page)
			}
		}
		if err != nil {
			return 0, err
		}
		cost = add(cost, c)
	}
	return cost, nil
}

func (w *walker) field(f *ast.Field, depth, page int) (int, *gqlerror.Error) {
	if (f.Name == "__schema" || f.Name == "__type") && !w.intro {
		w.intro = true
		defer func() { w.intro = false }()
	}
	childPage, sized := 0, false
	for _, name := range []string{"first", "last"} {
		a := f.Arguments.ForName(name)
		if a == nil {
			continue
		}
		v, _ := a.Value.Value(w.vars)
		n, ok := toInt(v)
		if !ok {
			continue
		}
		if n > int64(w.limits.MaxPage) {
			return 0, tooComplex("%s: %d on %s is over the page limit of %d", name, n, f.Name, w.limits.MaxPage)
		}
		if n < 0 {
			return 0, &gqlerror.Error{Message: fmt.Sprintf("%s on %s must not be negative; got %d", name, f.Name, n),
				Extensions: map[string]any{"code": string(apperr.Validation), "field": name}}
		}
		childPage, sized = max(childPage, int(n)), true
	}
	if !sized && f.Definition != nil && f.Definition.Arguments.ForName("first") != nil {
		childPage = DefaultPage // as pageSize does
	}
	for _, a := range f.Arguments {
		if err := w.strings(a.Name, a.Value); err != nil {
			return 0, err
		}
	}
	if len(f.SelectionSet) == 0 || (w.intro && f.Name == "ofType") {
		return 1, nil // ofType: a short chain, mostly null
	}
	children, err := w.set(f.SelectionSet, depth+1, childPage)
	if err != nil {
		return 0, err
	}
	cost := add(1, mul(w.items(f, page), children))
	if (f.Name == "__schema" || f.Name == "__type") && w.limits.MaxIntrospectionCost > 0 {
		// Introspections have their own bound, over all of them in the request; each counts as
		// one field of the answer's cost.
		w.introCost = add(w.introCost, cost)
		if w.introCost > w.limits.MaxIntrospectionCost {
			return 0, tooComplex("the introspection would hold %d fields; the limit is %d", w.introCost, w.limits.MaxIntrospectionCost)
		}
		return 1, nil
	}
	return cost, nil
}

// items is how many objects a field is counted for: the page of its connection for edges, the
// IDs asked for by nodes(ids:), DefaultPage for any other list of records (a record's edges that
// are not connections), ValueList for a list of values, else one.
func (w *walker) items(f *ast.Field, page int) int {
	if f.Definition == nil || f.Definition.Type.Elem == nil {
		return 1
	}
	if f.ObjectDefinition != nil {
		if n, ok := w.limits.introspection[f.ObjectDefinition.Name+"."+f.Name]; ok {
			return n
		}
	}
	if f.Name == "edges" && page > 0 {
		return page
	}
	if a := f.Arguments.ForName("ids"); a != nil {
		if v, err := a.Value.Value(w.vars); err == nil {
			if ids, ok := v.([]any); ok {
				return len(ids)
			}
		}
	}
	if f.Name == "edges" { // a connection asked with first: 0
		return 0
	}
	if !w.limits.records[f.Definition.Type.Name()] {
		return ValueList
	}
	return DefaultPage
}

// strings refuses a string argument or input field longer than its limit, whether it is
// written in the query or passed in a variable; name is where it goes.
func (w *walker) strings(name string, v *ast.Value) *gqlerror.Error {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ast.Variable:
		return w.goStrings(name, w.vars[v.Raw])
	case ast.StringValue, ast.BlockValue:
		return w.stringLimit(name, len(v.Raw))
	case ast.ListValue:
		for _, c := range v.Children {
			if err := w.strings(name, c.Value); err != nil {
				return err
			}
		}
	case ast.ObjectValue:
		for _, c := range v.Children {
			if err := w.strings(c.Name, c.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *walker) goStrings(name string, v any) *gqlerror.Error {
	switch x := v.(type) {
	case string:
		return w.stringLimit(name, len(x))
	case []any:
		for _, c := range x {
			if err := w.goStrings(name, c); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, c := range x {
			if err := w.goStrings(k, c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *walker) stringLimit(name string, n int) *gqlerror.Error {
	limit, ok := w.limits.LongText[name]
	if !ok {
		limit = w.limits.MaxString
	}
	if limit <= 0 || n <= limit {
		return nil
	}
	return asGQL(apperr.Invalid(name, "%s is %d bytes long; the limit is %d bytes", name, n, limit).With("limit", limit))
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// add and mul saturate instead of overflowing.
func add(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func mul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}

// asGQL hands an apperr to gqlgen; the error presenter adds its code and field.
func asGQL(err *apperr.Error) *gqlerror.Error {
	return &gqlerror.Error{Message: err.Message, Err: err}
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": string(apperr.QueryTooComplex)}}
}
