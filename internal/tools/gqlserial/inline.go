package main

// inlineScalars gives every trivial scalar field of the generated executor a fast path that
// marshals the Go field directly, without graphql.ResolveField's field context, context value,
// closures, boxing of the value in an interface and deferred recover (issue 16 item 2; a
// contacts(first:50) page has ~350 of them). A field is trivial when gqlgen generated, for it:
//
//	return graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(…) { return ec.fieldContext_T_f(ctx, field) },   // a scalar field context: no arguments
//		func(ctx context.Context) (any, error) { return obj.F, nil }, // a struct field: no resolver, no method
//		nil,                                                    // no directive
//		func(ctx, selections, v) { return ec.marshalX(ctx, selections, v) }, true, nonNull)
//
// and marshalX cannot report an error (it never reads ctx but to discard it, or it only reads
// it under `res == graphql.Null` after a marshaller that never returns Null): the fast path
// calls marshalX with the object's ctx instead of the field's, which only an error would see.
// The fast path is taken only while the operation has no field middleware
// (graph.plainFields: the executor's own, which calls the resolver and nothing else); with
// one (a locked org's AccountLock, a FieldInterceptor extension) every field goes through
// graphql.ResolveField as generated, so the middleware runs where it ran before.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// neverNull are marshallers that return a value for every input (never graphql.Null).
var neverNull = map[string]bool{
	"graphql.MarshalString": true, "graphql.MarshalID": true, "graphql.MarshalIntID": true,
	"graphql.MarshalInt": true, "graphql.MarshalInt32": true, "graphql.MarshalInt64": true,
	"graphql.MarshalBoolean": true,
}

// inlineScalars returns src with the fast path added to each trivial scalar field, and how
// many it changed.
func inlineScalars(src []byte) ([]byte, int, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.go", src, 0)
	if err != nil {
		return nil, 0, err
	}
	methods := map[string]*ast.FuncDecl{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Body != nil {
			methods[fd.Name.Name] = fd
		}
	}
	type insert struct {
		at   int
		text string
	}
	var inserts []insert
	for name, fd := range methods {
		if !strings.HasPrefix(name, "_") {
			continue
		}
		fieldName, marshal, ok := trivialScalar(fd, methods)
		if !ok {
			continue
		}
		inserts = append(inserts, insert{
			at: fset.Position(fd.Body.Lbrace).Offset + 1,
			text: fmt.Sprintf("\n\tif plainFields(ec.OperationContext) {\n\t\treturn ec.%s(ctx, field.Selections, obj.%s)\n\t}",
				marshal, fieldName),
		})
	}
	sort.Slice(inserts, func(i, j int) bool { return inserts[i].at > inserts[j].at })
	out := append([]byte(nil), src...)
	for _, in := range inserts {
		out = append(out[:in.at], append([]byte(in.text), out[in.at:]...)...)
	}
	out, err = format.Source(out)
	return out, len(inserts), err
}

// trivialScalar reports whether fd is a trivial scalar field (see inlineScalars), with the
// struct field it reads and its marshaller.
func trivialScalar(fd *ast.FuncDecl, methods map[string]*ast.FuncDecl) (fieldName, marshal string, ok bool) {
	params := fd.Type.Params.List
	if len(params) != 3 || len(params[0].Names) != 1 || params[0].Names[0].Name != "ctx" ||
		len(params[1].Names) != 1 || params[1].Names[0].Name != "field" ||
		len(params[2].Names) != 1 || params[2].Names[0].Name != "obj" {
		return "", "", false
	}
	call, ok := onlyReturn(fd.Body)
	if !ok || exprString(call.Fun) != "graphql.ResolveField" || len(call.Args) != 9 ||
		exprString(call.Args[1]) != "ec.OperationContext" || exprString(call.Args[5]) != "nil" ||
		exprString(call.Args[7]) != "true" {
		return "", "", false
	}
	// the field context: a scalar's (no arguments, no child fields)
	fcCall, ok := litReturnsCall(call.Args[3])
	if !ok || !strings.HasPrefix(exprString(fcCall.Fun), "ec.fieldContext_") {
		return "", "", false
	}
	fcDecl := methods[strings.TrimPrefix(exprString(fcCall.Fun), "ec.")]
	if fcDecl == nil {
		return "", "", false
	}
	if c, ok := onlyReturn(fcDecl.Body); !ok || (exprString(c.Fun) != "newScalarFieldContext" && exprString(c.Fun) != "graphql.NewScalarFieldContext") {
		return "", "", false
	}
	// the resolver: return obj.F, nil
	lit, ok := call.Args[4].(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return "", "", false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || exprString(ret.Results[1]) != "nil" {
		return "", "", false
	}
	sel, ok := ret.Results[0].(*ast.SelectorExpr)
	if !ok || exprString(sel.X) != "obj" {
		return "", "", false
	}
	// the marshaller: return ec.marshalX(ctx, selections, v), and marshalX cannot fail
	mCall, ok := litReturnsCall(call.Args[6])
	if !ok || len(mCall.Args) != 3 || exprString(mCall.Args[0]) != "ctx" || exprString(mCall.Args[2]) != "v" ||
		!strings.HasPrefix(exprString(mCall.Fun), "ec.marshal") {
		return "", "", false
	}
	marshal = strings.TrimPrefix(exprString(mCall.Fun), "ec.")
	if m := methods[marshal]; m == nil || !cannotFail(m) {
		return "", "", false
	}
	return sel.Sel.Name, marshal, true
}

// cannotFail reports whether a generated scalar marshaller never reports an error: ctx is
// read only by `_ = ctx`, or only inside `if res == graphql.Null { … }` where res comes from a
// neverNull marshaller.
func cannotFail(m *ast.FuncDecl) bool {
	safeRes := false
	for _, st := range m.Body.List {
		switch s := st.(type) {
		case *ast.AssignStmt:
			if _, ident := s.Rhs[0].(*ast.Ident); len(s.Lhs) == 1 && exprString(s.Lhs[0]) == "_" && ident {
				continue // _ = ctx, _ = sel
			}
			if len(s.Lhs) == 1 && exprString(s.Lhs[0]) == "res" && len(s.Rhs) == 1 {
				if c, ok := s.Rhs[0].(*ast.CallExpr); ok && neverNull[exprString(c.Fun)] && !uses(c, "ctx") {
					safeRes = true
					continue
				}
			}
			if uses(s, "ctx") {
				return false
			}
		case *ast.IfStmt:
			if exprString(s.Cond) == "res == graphql.Null" && safeRes {
				continue
			}
			if uses(s, "ctx") {
				return false
			}
		default:
			if uses(s, "ctx") {
				return false
			}
		}
	}
	return true
}

func onlyReturn(body *ast.BlockStmt) (*ast.CallExpr, bool) {
	if body == nil || len(body.List) != 1 {
		return nil, false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	c, ok := ret.Results[0].(*ast.CallExpr)
	return c, ok
}

func litReturnsCall(e ast.Expr) (*ast.CallExpr, bool) {
	lit, ok := e.(*ast.FuncLit)
	if !ok {
		return nil, false
	}
	return onlyReturn(lit.Body)
}

func uses(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

func exprString(e ast.Expr) string {
	var b bytes.Buffer
	if err := format.Node(&b, token.NewFileSet(), e); err != nil {
		return ""
	}
	return b.String()
}
