// Command skipcheck reads `go test -json` on stdin and prints what `go test` would (the
// package lines, and the output of failed tests), then the tests that were skipped. In CI
// (CI set) a skipped test fails the run unless the allow-list names it with a reason: a test
// that can run must run (issue 17 item 11). `make test` pipes the suite through it.
//
//	go test -json ./... | go run ./internal/skipcheck .ci/allowed-skips
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// testID names one test or subtest of a package.
type testID struct{ Package, Test string }

func (id testID) String() string { return id.Package + " " + id.Test }

// parseAllowList reads lines "<import path> <test name> <reason…>"; blank lines and lines
// starting with # are ignored. A line without a reason is an error: every allowed skip says why.
func parseAllowList(r io.Reader) (map[testID]string, error) {
	allow := map[testID]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("line %d: want \"<package> <test> <reason>\", got %q", n, line)
		}
		allow[testID{f[0], f[1]}] = strings.Join(f[2:], " ")
	}
	return allow, sc.Err()
}

// unlisted returns the skipped tests the allow-list does not name, sorted.
func unlisted(skipped []testID, allow map[testID]string) []testID {
	var out []testID
	for _, id := range skipped {
		if _, ok := allow[id]; !ok {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// summary holds what a run reported.
type summary struct {
	skipped []testID
	failed  bool
}

// relay prints the package lines and the output of failed tests to w, and collects skips.
func relay(in io.Reader, w io.Writer) (summary, error) {
	var s summary
	buf := map[testID][]string{} // output of tests still running
	dec := json.NewDecoder(in)
	for {
		var e event
		if err := dec.Decode(&e); err == io.EOF {
			return s, nil
		} else if err != nil {
			return s, err
		}
		id := testID{e.Package, e.Test}
		switch {
		case e.Action == "output" && e.Test == "":
			if e.Output != "PASS\n" { // go test prints "ok  pkg" only
				fmt.Fprint(w, e.Output)
			}
		case e.Action == "output":
			buf[id] = append(buf[id], e.Output)
		case e.Action == "skip" && e.Test != "":
			s.skipped = append(s.skipped, id)
			delete(buf, id)
		case e.Action == "fail":
			s.failed = true
			fmt.Fprint(w, strings.Join(buf[id], ""))
			delete(buf, id)
		case e.Action == "pass":
			delete(buf, id)
		case e.Action == "build-output":
			fmt.Fprint(w, e.Output)
		case e.Action == "build-fail":
			s.failed = true
		}
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go test -json ./... | skipcheck <allow-list file>")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "skipcheck:", err)
		os.Exit(2)
	}
	allow, err := parseAllowList(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "skipcheck: %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
	s, err := relay(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "skipcheck: reading go test -json:", err)
		os.Exit(2)
	}
	for _, id := range s.skipped {
		reason := allow[id]
		if reason == "" {
			reason = "not in " + os.Args[1]
		}
		fmt.Printf("skipped: %s (%s)\n", id, reason)
	}
	bad := unlisted(s.skipped, allow)
	if os.Getenv("CI") != "" && len(bad) > 0 {
		fmt.Printf("FAIL: %d test(s) skipped in CI without a reason in %s; make them run, or list them there with why\n", len(bad), os.Args[1])
		s.failed = true
	}
	if s.failed {
		os.Exit(1)
	}
}
