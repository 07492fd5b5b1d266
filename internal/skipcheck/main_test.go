package main

import (
	"strings"
	"testing"
)

// issue 17 item 11: a test skipped in CI fails the run unless the allow-list names it with a
// reason; package lines and failed tests' output are relayed, passing tests' output is not.
func TestRelayCollectsSkipsAndFailures(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestB/redis","Output":"    CRM_TEST_REDIS_URL not set\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestB/redis"}`,
		`{"Action":"output","Package":"p","Test":"TestC","Output":"    boom\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestC"}`,
		`{"Action":"output","Package":"p","Output":"FAIL\tp\t0.1s\n"}`,
		`{"Action":"fail","Package":"p"}`,
		`{"Action":"skip","Package":"q"}`, // [no test files]
	}, "\n")
	var out strings.Builder
	s, err := relay(strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	if !s.failed {
		t.Error("a failed test must fail the run")
	}
	if len(s.skipped) != 1 || s.skipped[0] != (testID{"p", "TestB/redis"}) {
		t.Errorf("skipped = %v, want only p TestB/redis", s.skipped)
	}
	if got, want := out.String(), "    boom\nFAIL\tp\t0.1s\n"; got != want {
		t.Errorf("relayed %q, want %q", got, want)
	}
}

func TestAllowListNeedsReasons(t *testing.T) {
	allow, err := parseAllowList(strings.NewReader("# comment\n\np TestChild runs only as the benchmark's child\n"))
	if err != nil {
		t.Fatal(err)
	}
	skipped := []testID{{"p", "TestChild"}, {"p", "TestB/redis"}}
	bad := unlisted(skipped, allow)
	if len(bad) != 1 || bad[0] != (testID{"p", "TestB/redis"}) {
		t.Errorf("unlisted = %v, want only p TestB/redis", bad)
	}
	if _, err := parseAllowList(strings.NewReader("p TestChild\n")); err == nil {
		t.Error("an allow-list line without a reason must be refused")
	}
}
