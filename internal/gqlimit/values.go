package gqlimit

import (
	"bytes"
	"encoding/json"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// variable is the frame a variable's value is read in, typ its declared input type ("" when
// not known); "extensions" (the request's own extensions) is read like one.
func variable(name, typ string) frame {
	if name == "extensions" {
		return frame{kind: arguments, owner: "request", arg: name, key: name}
	}
	return frame{kind: arguments, owner: "variables", arg: "$" + name, key: "$" + name, typ: typ}
}

// VariableTypes reads the declared types of the operations' variables from the query text
// (the named type, list and non-null wrappers dropped: "$in: [T!]!" is T), lexing at most
// Tokens tokens; a lexical error ends the reading (the parser reports it).
func (b Bounds) VariableTypes(query string) map[string]string {
	lx := lexer.New(&ast.Source{Input: query})
	types := map[string]string{}
	depth, tokens := 0, 0 // depth: brackets open outside the variable definitions
	inDefs, name, wantType := false, "", false
	var prev lexer.Token
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return types
		}
		if tokens++; b.Tokens > 0 && tokens > b.Tokens {
			return types
		}
		switch {
		case tok.Kind == lexer.ParenL && depth == 0 && !inDefs:
			inDefs = true
		case inDefs && tok.Kind == lexer.ParenR && depth == 0:
			inDefs = false
		case inDefs && depth == 0 && tok.Kind == lexer.Name && prev.Kind == lexer.Dollar:
			name, wantType = tok.Value, false
		case inDefs && depth == 0 && tok.Kind == lexer.Colon && name != "":
			wantType = true
		case inDefs && wantType && tok.Kind == lexer.Name:
			types[name], name, wantType = tok.Value, "", false
		case tok.Kind == lexer.BraceL || (tok.Kind == lexer.BracketL && !wantType) || (tok.Kind == lexer.ParenL && !inDefs):
			depth++
		case tok.Kind == lexer.BraceR || (tok.Kind == lexer.BracketR && !wantType && depth > 0) || (tok.Kind == lexer.ParenR && !inDefs):
			depth = max(depth-1, 0)
		}
		prev = tok
	}
}

// CheckJSON reads a variable's (or "extensions") JSON value token by token (encoding/json's Decoder.Token:
// no recursion, nothing kept) and refuses it before it is decoded when its lists or input
// objects nest deeper than ValueDepth or are longer than ListLength. Malformed JSON is left
// to the decoder.
func (b Bounds) CheckJSON(name string, raw []byte) *apperr.Error {
	return b.CheckJSONOf(name, "", raw)
}

// CheckJSONOf is CheckJSON for a variable of the declared input type typ (VariableTypes): its
// fields' lists get their own limits (Lists).
func (b Bounds) CheckJSONOf(name, typ string, raw []byte) *apperr.Error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	stack := []frame{variable(name, typ)}
	wantKey := []bool{false} // per frame: an object's next token is a key
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		i := len(stack) - 1
		top := &stack[i]
		if top.kind == object && wantKey[i] {
			if k, ok := tok.(string); ok {
				top.key, wantKey[i] = k, false
				if err := b.item(top); err != nil {
					return err
				}
				continue
			}
		}
		if top.kind == list {
			if d, ok := tok.(json.Delim); !ok || d == '[' || d == '{' {
				if err := b.item(top); err != nil {
					return err
				}
			}
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			k := list
			if tok == json.Delim('{') {
				k = object
			}
			f, err := b.child(top, k)
			if err != nil {
				return err
			}
			stack, wantKey = append(stack, f), append(wantKey, k == object)
			continue
		case json.Delim(']'), json.Delim('}'):
			if len(stack) == 1 {
				return nil
			}
			stack, wantKey = stack[:i], wantKey[:i]
		}
		wantKey[len(wantKey)-1] = true // a value ended: an object reads a key next
	}
}

// CheckValue is CheckJSON for a variable already decoded (the websocket transports decode the
// message before any extension runs). Recursion stops at ValueDepth.
func (b Bounds) CheckValue(name string, v any) *apperr.Error {
	return b.CheckValueOf(name, "", v)
}

// CheckValueOf is CheckValue for a variable of the declared input type typ.
func (b Bounds) CheckValueOf(name, typ string, v any) *apperr.Error {
	f := variable(name, typ)
	return b.value(&f, v)
}

func (b Bounds) value(parent *frame, v any) *apperr.Error {
	switch x := v.(type) {
	case map[string]any:
		f, err := b.child(parent, object)
		if err != nil {
			return err
		}
		for k, c := range x {
			f.key = k
			if err := b.item(&f); err != nil {
				return err
			}
			if err := b.value(&f, c); err != nil {
				return err
			}
		}
	case []any:
		f, err := b.child(parent, list)
		if err != nil {
			return err
		}
		for _, c := range x {
			if err := b.item(&f); err != nil {
				return err
			}
			if err := b.value(&f, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckVariables checks every variable (CheckValueOf), each with its declared type in types
// (VariableTypes; nil: none known).
func (b Bounds) CheckVariables(types map[string]string, vars map[string]any) *apperr.Error {
	for name, v := range vars {
		if err := b.CheckValueOf(name, types[name], v); err != nil {
			return err
		}
	}
	return nil
}
