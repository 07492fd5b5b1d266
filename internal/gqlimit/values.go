package gqlimit

import (
	"bytes"
	"encoding/json"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// variable is the frame a variable's value is read in; "extensions" (the request's own
// extensions) is read like one.
func variable(name string) frame {
	if name == "extensions" {
		return frame{kind: arguments, owner: "request", arg: name, key: name}
	}
	return frame{kind: arguments, owner: "variables", arg: "$" + name, key: "$" + name}
}

// CheckJSON reads a variable's (or "extensions") JSON value token by token (encoding/json's Decoder.Token:
// no recursion, nothing kept) and refuses it before it is decoded when its lists or input
// objects nest deeper than ValueDepth or are longer than ListLength. Malformed JSON is left
// to the decoder.
func (b Bounds) CheckJSON(name string, raw []byte) *apperr.Error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	stack := []frame{variable(name)}
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
	f := variable(name)
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

// CheckVariables checks every variable (CheckValue).
func (b Bounds) CheckVariables(vars map[string]any) *apperr.Error {
	for name, v := range vars {
		if err := b.CheckValue(name, v); err != nil {
			return err
		}
	}
	return nil
}
