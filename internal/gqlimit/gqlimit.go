// Package gqlimit bounds what a GraphQL request may ask before gqlgen parses or decodes it
// (issue 9 items 1 and 2): how deep input values nest, how long their lists are, how many
// fields a query selects, how many tokens it has. The checks read the query text token by token
// and the variables' JSON value by value, without recursion, so a hostile request is refused in
// time and memory proportional to what was read up to the first limit crossed.
package gqlimit

import (
	"fmt"
	"strings"

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
}

// Default are the limits the server uses (documented in the README, "Limits and abuse").
var Default = Bounds{
	ValueDepth:   16,
	ListLength:   100,
	Tokens:       10000,
	SetFields:    100,
	QueryFields:  1000,
	SelectionSet: 24, // twice the field depth limit: inline fragments nest without adding depth
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
	if b.ValueDepth > 0 && f.depth > b.ValueDepth {
		return f, valueError(parent, "input values nest more than %d levels deep; the limit is %d", b.ValueDepth, b.ValueDepth)
	}
	return f, nil
}

// item counts one more item of a list or field of an input object.
func (b Bounds) item(f *frame) *apperr.Error {
	f.n++
	if b.ListLength <= 0 || f.n <= b.ListLength {
		return nil
	}
	if f.kind == list {
		return valueError(f, "the list %q has more than %d items; the limit is %d", f.key, b.ListLength, b.ListLength)
	}
	return valueError(f, "an input object has more than %d fields; the limit is %d", b.ListLength, b.ListLength)
}
