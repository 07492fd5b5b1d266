// Package wait is the one way tests wait for something to happen (DESIGN.md "Tests": no fixed
// sleeps, one Eventually helper): poll a condition until it holds or a deadline passes.
package wait

import (
	"testing"
	"time"
)

// Until calls cond every interval until it returns true or timeout has passed, and reports
// whether it returned true. cond runs at least once, and a last time after the deadline, so a
// slow machine that wakes late still sees the final state.
func Until(timeout, interval time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(interval)
	}
}

// Eventually is Until that fails t with the message (fmt.Sprintf(format, args...), formatted
// when it fails, so it may name the last value cond saw) when cond did not hold in time.
func Eventually(t testing.TB, timeout, interval time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	if !Until(timeout, interval, cond) {
		t.Fatalf("after %v: "+format, append([]any{timeout}, args...)...)
	}
}
