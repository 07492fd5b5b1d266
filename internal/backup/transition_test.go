package backup

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 10 move 3 (BK-12): the run state machine is the only way a run changes state. No
// code outside transition (which consults the table and compares-and-swaps on the current
// state) sets a run's state: no SetState call on runs, no UPDATE of backup_runs in SQL.
func TestRunStateChangesOnlyThroughTransition_BK12(t *testing.T) {
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "ent", "ui", "node_modules", ".git", "testdata":
				if path != root {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inBackup := filepath.Clean(filepath.Dir(path)) == filepath.Join(root, "internal", "backup")
		mentionsRuns := false
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && strings.Contains(id.Name, "BackupRun") {
				mentionsRuns = true
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING &&
				strings.Contains(strings.ToLower(lit.Value), "update backup_runs") {
				t.Errorf("%s: SQL updates backup_runs directly", fset.Position(lit.Pos()))
			}
			return true
		})
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "SetState" && sel.Sel.Name != "SetNillableState") {
					return true
				}
				switch {
				case inBackup && fn.Name.Name == "transition":
					found++
				case inBackup || mentionsRuns:
					t.Errorf("%s: %s sets a run's state outside transition", fset.Position(call.Pos()), fn.Name.Name)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found != 1 {
		t.Fatalf("transition's own SetState found %d times, want 1 (is the walk still looking at service.go?)", found)
	}
}
