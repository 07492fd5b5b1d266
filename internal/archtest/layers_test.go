// Package archtest checks the dependency directions of DESIGN.md "Layout" (issue 10 move 2):
//
//	server.go → internal/app → graph, worker → internal/<domain> → ent;
//	platform packages sit below every domain; leaf packages (internal/kind/…) import only the
//	standard library; rules files import only the standard library and leaf packages;
//	`graph` never imports `worker`; `ent/schema` never imports a domain.
//
// Every package of the module must have a layer here, so a new package is placed on purpose.
package archtest

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/crmadmin/crmadmin"

// Layers, bottom up.
const (
	leaf      = "leaf"     // enums and value types: standard library only
	platform  = "platform" // below every domain
	generated = "ent"      // ent's generated code (and its hand-written schema)
	domain    = "domain"   // internal/<domain>: rules + services
	api       = "api"      // graph (GraphQL) and worker (jobs): thin, call domains
	root      = "root"     // composition: internal/app and package main
	testing_  = "test"     // test harnesses and tools, never imported by production code
)

// layerOf places a module package (path relative to the module, "" for the root package).
func layerOf(rel string) string {
	first, _, _ := strings.Cut(rel, "/")
	switch {
	case rel == "" || rel == "internal/app" || rel == "ui":
		return root
	case rel == "graph" || strings.HasPrefix(rel, "graph/") || rel == "worker":
		return api
	case first == "ent":
		return generated
	case strings.HasPrefix(rel, "internal/kind/"):
		return leaf
	}
	name := strings.TrimPrefix(rel, "internal/")
	top, _, _ := strings.Cut(name, "/")
	switch top {
	case "apperr", "auth", "audit", "blobstore", "clock", "config", "gqlimit", "httpx", "i18n", "mail",
		"change", "notify", "pubsub", "redisconn", "scalar", "store", "textcheck":
		return platform
	case "accounts", "attachments", "backup", "billing", "bundle", "datasync", "dropbox", "email", "emails", "identity", "demo":
		return domain
	case "abuse", "apptest", "archtest", "bench", "cluster", "e2e", "pgtest", "redistest", "skipcheck", "testutil", "tools":
		return testing_
	}
	return ""
}

// refused says why a package (path relative to the module) may not import another one of the
// module, or "" when it may.
func refused(from, to string) string {
	fl, tl := layerOf(from), layerOf(to)
	isGraph := func(p string) bool { return p == "graph" || strings.HasPrefix(p, "graph/") }
	switch {
	case fl == "" || tl == "":
		return "a package without a layer: place it in internal/archtest (DESIGN.md Layout)"
	case tl == testing_ && fl != testing_:
		return "production code imports a test harness"
	case fl == testing_:
		return ""
	case isGraph(from) && to == "worker" || from == "worker" && isGraph(to):
		return "graph and worker never import each other: a service enqueues, the resolver calls the service"
	case from == "ent/schema" && tl == domain:
		return "ent/schema imports a domain: move the shared type to a leaf package internal/kind/…"
	case fl == leaf && tl != leaf:
		return "leaf packages import only the standard library (and other leaves)"
	case fl == platform || fl == generated:
		// Platform packages use the database (store, audit, notify) but never a domain; ent
		// uses leaf value types and, in ent/schema, platform packages (errors, viewer, checks).
		if tl == leaf || tl == platform || tl == generated {
			return ""
		}
		return "platform packages and ent sit below every domain"
	}
	rank := map[string]int{leaf: 0, platform: 1, generated: 1, domain: 2, api: 3, root: 4}
	if rank[tl] > rank[fl] {
		return "imports a higher layer"
	}
	return ""
}

type pkg struct {
	ImportPath string
	Dir        string
	Imports    []string
	GoFiles    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = moduleRoot(t)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, errb.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(&out)
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

// Issue 10 move 2: the layering of DESIGN.md holds for every production import.
func TestImportDirections_Issue10Move2(t *testing.T) {
	for _, p := range listPackages(t) {
		from, _ := rel(p.ImportPath)
		fl := layerOf(from)
		if fl == "" {
			t.Errorf("package %s has no layer: place it in internal/archtest (DESIGN.md Layout)", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			to, ours := rel(imp)
			if !ours {
				if fl == leaf && strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
					t.Errorf("leaf package %s imports %s (leaf packages use the standard library only)", from, imp)
				}
				continue
			}
			if why := refused(from, to); why != "" {
				t.Errorf("%s (%s) imports %s (%s): %s", from, fl, to, layerOf(to), why)
			}
		}
	}
}

// ruleLeaves are the project packages a rules file may import besides the standard library:
// leaf vocabulary (internal/kind/…) and the four platform packages that are leaves themselves
// (closed error codes, message keys, the clock interface, the pure text checks). TestRuleLeavesAreLeaves keeps them so.
var ruleLeaves = []string{"internal/apperr", "internal/i18n", "internal/clock", "internal/textcheck"}

func ruleImportOK(imp string) bool {
	r, ours := rel(imp)
	if !ours {
		return !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") // standard library
	}
	return strings.HasPrefix(r, "internal/kind/") || slices.Contains(ruleLeaves, r)
}

// isRulesFile: the pure files of a domain — rules.go, rules_<topic>.go, and every file of a
// package named rules (internal/<domain>/rules or …/<x>/rules).
func isRulesFile(dir, name string) bool {
	if strings.HasSuffix(name, "_test.go") {
		return false
	}
	return name == "rules.go" || strings.HasPrefix(name, "rules_") || filepath.Base(dir) == "rules"
}

// Issue 10 move 2: a rules file of any domain imports only the standard library and leaf
// packages, and never reads the wall clock.
func TestRulesFilesArePure_Issue10Move2(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range listPackages(t) {
		r, _ := rel(p.ImportPath)
		if layerOf(r) != domain {
			continue
		}
		for _, name := range p.GoFiles {
			if !isRulesFile(p.Dir, name) {
				continue
			}
			top, _, _ := strings.Cut(strings.TrimPrefix(r, "internal/"), "/")
			seen[top] = true
			path := filepath.Join(p.Dir, name)
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				ip, _ := strconv.Unquote(imp.Path.Value)
				if !ruleImportOK(ip) {
					t.Errorf("%s/%s imports %s: rules import only the standard library and leaf packages", r, name, ip)
				}
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(src, []byte("time.Now(")) {
				t.Errorf("%s/%s calls time.Now: rules take the time as an argument", r, name)
			}
		}
	}
	// The check is not vacuous: the domains with rules today have their rules files found.
	for _, d := range []string{"backup", "billing"} {
		if !seen[d] {
			t.Errorf("no rules file found in internal/%s", d)
		}
	}
}

// Issue 10 move 2: the packages rules may import are leaves themselves (no project import
// outside the same set), so "rules import only leaf packages" means what it says.
func TestRuleLeavesAreLeaves_Issue10Move2(t *testing.T) {
	for _, p := range listPackages(t) {
		r, _ := rel(p.ImportPath)
		if !slices.Contains(ruleLeaves, r) && !strings.HasPrefix(r, "internal/kind/") {
			continue
		}
		for _, imp := range p.Imports {
			if _, ours := rel(imp); ours && !ruleImportOK(imp) {
				t.Errorf("%s is allowed in rules files but imports %s", r, imp)
			}
		}
	}
}

// The layer table itself: a few directions that must be refused whatever the tree holds.
func TestLayerTable_Issue10Move2(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"graph", "worker", false},
		{"worker", "graph", false},
		{"internal/billing", "graph", false},
		{"internal/notify", "internal/billing", false},
		{"internal/kind/receipt", "internal/apperr", false},
		{"ent", "internal/billing", false},
		{"ent/schema", "internal/billing/receipt", false},
		{"internal/app", "internal/newthing", false},
		{"internal/app", "internal/apptest", false},
		{"graph", "internal/billing", true},
		{"worker", "internal/backup", true},
		{"internal/backup", "internal/backup/archive", true}, // the archive writer, a domain package of its own (issue 10 move 8)
		{"internal/backup/archive", "graph", false},
		{"internal/backup", "ent", true},
		{"internal/notify", "ent", true},
		{"ent/schema", "internal/auth", true},
		{"ent", "internal/kind/receipt", true},
		{"internal/app", "worker", true},
	} {
		got := refused(c.from, c.to) == ""
		if got != c.ok {
			t.Errorf("%s → %s: allowed=%v, want %v", c.from, c.to, got, c.ok)
		}
	}
}
