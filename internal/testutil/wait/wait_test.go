package wait

import (
	"testing"
	"time"
)

// Issue 10 move 10: Until returns as soon as the condition holds, and false once the deadline
// passed without it.
func TestUntil_Issue10Move10(t *testing.T) {
	n := 0
	if !Until(5*time.Second, time.Millisecond, func() bool { n++; return n == 3 }) || n != 3 {
		t.Fatalf("Until stopped after %d calls, want 3", n)
	}
	start := time.Now()
	if Until(30*time.Millisecond, 5*time.Millisecond, func() bool { return false }) {
		t.Fatal("Until reported a condition that never held")
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("Until gave up after %v, before its 30ms deadline", d)
	}
}
