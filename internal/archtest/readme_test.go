package archtest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// packageRowRE matches a row of the README's package table: its first cell names one or more
// packages in backquotes.
var packageRowRE = regexp.MustCompile("(?m)^\\| (`[^|]+) \\|")

// readmePackages returns the packages named in the first cell of the package table of the
// README's Architecture section ("." for the root package; "ent/…" for ent's generated ones).
func readmePackages(readme string) map[string]bool {
	_, arch, _ := strings.Cut(readme, "\n## Architecture\n")
	arch, _, _ = strings.Cut(arch, "\n## ")
	named := map[string]bool{}
	for _, m := range packageRowRE.FindAllStringSubmatch(arch, -1) {
		for _, q := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(m[1], -1) {
			named[q[1]] = true
		}
	}
	return named
}

// Issue 10 acceptance: the README's Architecture section names every package of the module,
// one line each, and nothing that is not in the tree.
func TestReadmeNamesEveryPackage_Issue10Move8(t *testing.T) {
	root := moduleRoot(t)
	src, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	named := readmePackages(string(src))
	if len(named) < 10 {
		t.Fatalf("README's Architecture section names only %d packages: %v", len(named), named)
	}
	tree := map[string]bool{}
	for _, p := range listPackages(t) {
		r, _ := rel(p.ImportPath)
		switch {
		case r == "":
			r = "."
		case r == "ent" || strings.HasPrefix(r, "ent/"):
			continue // generated, named together as `ent`, `ent/…`
		}
		tree[r] = true
		if !named[r] {
			t.Errorf("package %s is not in the README's Architecture table: add a row `| `%s` | what it holds |`", r, r)
		}
	}
	for n := range named {
		if n != "ent" && n != "ent/…" && !tree[n] {
			t.Errorf("the README's Architecture table names %s, which is not a package of the tree", n)
		}
	}
}

// The table reader itself.
func TestReadmePackages_Issue10Move8(t *testing.T) {
	md := "# x\n\n| a | b |\n\n## Architecture\n\n| package | what |\n|---|---|\n| `.` (server.go) | cmd |\n" +
		"| `internal/x` | x, uses `internal/y` |\n\n## Next\n\n| `internal/z` | z |\n"
	got := readmePackages(md)
	if !got["."] || !got["internal/x"] || got["internal/y"] || got["internal/z"] || len(got) != 2 {
		t.Errorf("readmePackages = %v, want . and internal/x", got)
	}
}
