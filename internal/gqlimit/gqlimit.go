// Package gqlimit bounds what a GraphQL request may ask before gqlgen parses or decodes it
// (issue 9 items 1 and 2): how deep input values nest, how long their lists are, how many
// fields a query selects, how many tokens it has. The checks read the query text token by token
// and the variables' JSON value by value, without recursion, so a hostile request is refused in
// time and memory proportional to what was read up to the first limit crossed.
package gqlimit

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Bounds are the limits; the zero value of a field means no limit.
type Bounds struct {
	ValueDepth   int // lists and input objects nested in one argument or variable
	ListLength   int // items of one list, fields of one input object
	Tokens       int // tokens of the query text
	SetFields    int // selections of one selection set (aliases included)
	QueryFields  int // selections in the whole query text (fragments counted once)
	SelectionSet int // selection sets nested in the query text (inline fragments included)
	// Lists are the input fields whose lists have their own limit instead of ListLength,
	// keyed "InputType.field" (the one place such exceptions are declared). The type of a
	// value is known before parsing from the query text: a variable's declared type, and for
	// a value written in the query, its argument's type (ArgTypes).
	Lists map[string]int
	// ArgTypes are the input types of the arguments ("field.argument") whose input types have
	// a field in Lists; WithSchema fills it.
	ArgTypes map[string]string
}

// Default are the limits the server uses (documented in the README, "Limits and abuse").
var Default = Bounds{
	ValueDepth:   16,
	ListLength:   100,
	Tokens:       10000,
	SetFields:    100,
	QueryFields:  1000,
	SelectionSet: 24, // twice the field depth limit: inline fragments nest without adding depth
	Lists: map[string]int{
		// a mail client's batch (issue 11): 500 items, within the request body's limit
		"PushSyncBatchInput.items": 500,
	},
}

// ListLimit is the list limit of the input field typ.field: its own (Lists), else ListLength.
func (b Bounds) ListLimit(typ, field string) int {
	if n, ok := b.Lists[typ+"."+field]; ok {
		return n
	}
	return b.ListLength
}

// WithSchema returns b with ArgTypes filled from the schema: every argument whose input type
// (or list of it) has a field in Lists. An argument name two fields use with different types
// is left out: its values get the default limits.
func (b Bounds) WithSchema(s *ast.Schema) Bounds {
	typed := map[string]bool{}
	for k := range b.Lists {
		typed[strings.SplitN(k, ".", 2)[0]] = true
	}
	args := map[string]string{}
	clash := map[string]bool{}
	for _, d := range s.Types {
		for _, f := range d.Fields {
			for _, a := range f.Arguments {
				t := a.Type.Name()
				if !typed[t] {
					continue
				}
				k := f.Name + "." + a.Name
				if old, ok := args[k]; ok && old != t {
					clash[k] = true
				}
				args[k] = t
			}
		}
	}
	for k := range clash {
		delete(args, k)
	}
	b.ArgTypes = args
	return b
}

// kind of an open bracket.
type kind uint8

const (
	selection kind = iota // { … } of fields
	arguments             // ( … ) of a field, a directive or the variable definitions
	list                  // [ … ] value
	object                // { … } value
)

// frame is one open bracket and what was counted in it.
type frame struct {
	kind  kind
	n     int    // items (list), fields (object, selection set)
	depth int    // value nesting (lists and objects since the arguments' parenthesis)
	owner string // arguments: the field, directive or "variables" they belong to
	arg   string // the argument (or $variable) being read; inherited by nested values
	key   string // the last name read in this frame (a field, an argument, an input field)
	typ   string // the input type of the value(s) read in this frame, when known
	max   int    // a list's own limit (Lists); 0: ListLength
}

func (f *frame) where() string {
	if f.owner == "" || f.owner == "variables" || f.owner == "request" {
		return fmt.Sprintf("%q", f.arg)
	}
	return fmt.Sprintf("%q of %s", f.arg, f.owner)
}

func valueError(f *frame, format string, args ...any) *apperr.Error {
	what := "argument "
	switch {
	case f.owner == "request":
		what = "the request's "
	case f.owner == "variables" && strings.HasPrefix(f.arg, "$"):
		what = "variable "
	}
	return apperr.Invalid(f.arg, what+f.where()+": "+format, args...)
}

func tooComplex(format string, args ...any) *apperr.Error {
	return apperr.New(apperr.QueryTooComplex, format, args...)
}

// child opens a list or an input object inside parent and checks the nesting.
func (b Bounds) child(parent *frame, k kind) (frame, *apperr.Error) {
	f := frame{kind: k, depth: parent.depth + 1, owner: parent.owner, arg: parent.arg, key: parent.key}
	switch parent.kind {
	case arguments: // a variable's value, or an argument's written in the query
		f.typ = parent.typ
		if f.typ == "" {
			f.typ = b.ArgTypes[parent.owner+"."+parent.arg]
		}
	case list:
		f.typ = parent.typ
	case object: // an input field's value: its type is not known here, its list limit is
		if k == list && parent.typ != "" {
			if n, ok := b.Lists[parent.typ+"."+parent.key]; ok {
				f.max = n
			}
		}
	}
	if b.ValueDepth > 0 && f.depth > b.ValueDepth {
		return f, valueError(parent, "input values nest more than %d levels deep; the limit is %d", b.ValueDepth, b.ValueDepth)
	}
	return f, nil
}

// item counts one more item of a list or field of an input object.
func (b Bounds) item(f *frame) *apperr.Error {
	f.n++
	limit := b.ListLength
	if f.kind == list && f.max > 0 {
		limit = f.max
	}
	if limit <= 0 || f.n <= limit {
		return nil
	}
	if f.kind == list {
		return valueError(f, "the list %q has more than %d items; the limit is %d", f.key, limit, limit)
	}
	return valueError(f, "an input object has more than %d fields; the limit is %d", b.ListLength, b.ListLength)
}
