package gqlimit

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// CheckQuery reads the query text with gqlparser's lexer, before the (recursive) parser sees
// it: input values in arguments and default values (depth, list length, input object fields:
// VALIDATION naming the argument), selections (per selection set, in the whole text, nesting of
// selection sets) and tokens (QUERY_TOO_COMPLEX). A lexical error is left to the parser.
func (b Bounds) CheckQuery(query string) *apperr.Error {
	lx := lexer.New(&ast.Source{Input: query})
	var (
		stack            []frame
		prev, prev2      lexer.Token
		tokens, fields   int
		selectionNesting int
		defs             = map[string]*definition{"": {}} // "": the operations
		def              = defs[""]
	)
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return b.checkExpansion(defs)
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		if tokens++; b.Tokens > 0 && tokens > b.Tokens {
			return tooComplex("the query has more than %d tokens; the limit is %d", b.Tokens, b.Tokens)
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if top != nil && top.kind == list && startsValue(tok, prev) {
			if err := b.item(top); err != nil {
				return err
			}
		}
		switch tok.Kind {
		case lexer.BraceL, lexer.BracketL, lexer.ParenL:
			var f frame
			switch {
			case tok.Kind == lexer.ParenL:
				f = frame{kind: arguments, owner: owner(top, prev, prev2)}
			case top != nil && top.kind != selection:
				k := object
				if tok.Kind == lexer.BracketL {
					k = list
				}
				var cerr *apperr.Error
				if f, cerr = b.child(top, k); cerr != nil {
					return cerr
				}
			case tok.Kind == lexer.BracketL: // outside values: a syntax error the parser reports
				return nil
			default:
				f = frame{kind: selection}
				if selectionNesting++; b.SelectionSet > 0 && selectionNesting > b.SelectionSet {
					return tooComplex("the query nests selection sets more than %d levels deep; the limit is %d", b.SelectionSet, b.SelectionSet)
				}
			}
			stack = append(stack, f)
		case lexer.BraceR, lexer.BracketR, lexer.ParenR:
			if top == nil {
				return nil // unbalanced: the parser reports it
			}
			if top.kind == selection {
				selectionNesting--
			}
			stack = stack[:len(stack)-1]
		case lexer.Colon:
			switch {
			case top == nil:
			case top.kind == arguments:
				top.arg = top.key
			case top.kind == object:
				if err := b.item(top); err != nil {
					return err
				}
			}
		case lexer.Name, lexer.Spread:
			if top == nil {
				if tok.Kind == lexer.Name && prev.Kind == lexer.Name && prev.Value == "fragment" {
					def = &definition{}
					defs[tok.Value] = def
				} else if tok.Kind == lexer.Name && (tok.Value == "query" || tok.Value == "mutation" || tok.Value == "subscription") {
					def = defs[""]
				}
				break
			}
			if top.kind == selection && tok.Kind == lexer.Name && prev.Kind == lexer.Spread && tok.Value != "on" {
				def.spreads = append(def.spreads, tok.Value)
			}
			if top.kind == selection && startsSelection(tok, prev, prev2) {
				def.own++
				if top.n++; b.SetFields > 0 && top.n > b.SetFields {
					return tooComplex("a selection set has more than %d fields; the limit is %d (aliases count)", b.SetFields, b.SetFields)
				}
				if fields++; b.QueryFields > 0 && fields > b.QueryFields {
					return tooComplex("the query selects more than %d fields; the limit is %d (aliases count)", b.QueryFields, b.QueryFields)
				}
			}
			if tok.Kind == lexer.Name {
				top.key = tok.Value
				if prev.Kind == lexer.Dollar {
					top.key = "$" + tok.Value
				}
			}
		}
		prev2, prev = prev, tok
	}
}

// definition is an operation or a fragment: its own selections and the fragments it spreads.
type definition struct {
	own     int
	spreads []string
}

// checkExpansion refuses fragments that spread fragments into more than QueryFields
// selections (two spreads of a fragment that spreads two of another… doubles at each level):
// gqlparser's validation walks every expansion.
func (b Bounds) checkExpansion(defs map[string]*definition) *apperr.Error {
	if b.QueryFields <= 0 {
		return nil
	}
	memo := map[string]int{}
	var size func(name string) int
	size = func(name string) int {
		if n, ok := memo[name]; ok {
			return n
		}
		d := defs[name]
		if d == nil {
			return 0
		}
		memo[name] = 0 // a cycle counts nothing more (validation refuses it)
		n := d.own
		for _, s := range d.spreads {
			n = min(n+size(s), b.QueryFields+1)
		}
		memo[name] = n
		return n
	}
	for name := range defs {
		if size(name) > b.QueryFields {
			return tooComplex("the query's fragments expand to more than %d fields; the limit is %d", b.QueryFields, b.QueryFields)
		}
	}
	return nil
}

// owner names what an argument list belongs to: the field or directive before it, or the
// operation's variable definitions.
func owner(top *frame, prev, prev2 lexer.Token) string {
	switch {
	case top == nil:
		return "variables"
	case top.kind != selection:
		return top.owner
	case prev2.Kind == lexer.At:
		return "@" + prev.Value
	}
	return prev.Value
}

// startsValue: tok begins a value (a variable's name after $ does not).
func startsValue(tok, prev lexer.Token) bool {
	switch tok.Kind {
	case lexer.Int, lexer.Float, lexer.String, lexer.BlockString, lexer.Dollar, lexer.BracketL, lexer.BraceL:
		return true
	case lexer.Name:
		return prev.Kind != lexer.Dollar
	}
	return false
}

// startsSelection: tok begins a field (alias or name), a fragment spread or an inline fragment
// in a selection set; a field's name after its alias, a directive's name, a fragment's name and
// a type condition do not.
func startsSelection(tok, prev, prev2 lexer.Token) bool {
	if tok.Kind == lexer.Spread {
		return true
	}
	switch prev.Kind {
	case lexer.Colon, lexer.Spread, lexer.At:
		return false
	case lexer.Name:
		return !(prev.Value == "on" && prev2.Kind == lexer.Spread)
	}
	return true
}
