package backup

import (
	"math"
	"math/bits"
	"time"
)

// ---------------------------------------------------------------------------------------------
// BK-14 Estimate

// EstimateDuration scales the org's last run linearly by the work it did (rows and
// attachments written): lastDuration × nowWork / lastWork — measured throughput, no floor, so a
// backup that took 0.1 s is not announced as "about a minute" (issue 17 item 7). With no usable
// last run (lastDuration ≤ 0) it is 0: nothing was measured (the summary says so); with an
// empty last run (lastWork ≤ 0) it is the last duration. Very large results saturate instead of
// overflowing.
func EstimateDuration(lastWork int64, lastDuration time.Duration, nowWork int64) time.Duration {
	if lastDuration <= 0 {
		return 0
	}
	if lastWork <= 0 {
		return lastDuration
	}
	nowWork = max(nowWork, 0)
	hi, lo := bits.Mul64(uint64(lastDuration), uint64(nowWork))
	if hi >= uint64(lastWork) { // quotient would not fit in 64 bits
		return time.Duration(math.MaxInt64)
	}
	q, _ := bits.Div64(hi, lo, uint64(lastWork))
	if q > math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(q)
}

// EstimateSeconds is an estimate in whole seconds for people, rounded up: 0.1 s is 1 s, and
// only "nothing measured" is 0.
func EstimateSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}
