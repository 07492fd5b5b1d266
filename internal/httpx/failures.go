package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// Failures collects the unexpected (INTERNAL) errors of one request, so that the request log
// writes them on one line whatever their number (issue 9 item 12: a nodes call of 40,000 IDs
// wrote 40,001 lines). Every INTERNAL error of the request shows the same reference.
type Failures struct {
	mu     sync.Mutex
	ref    string
	count  int
	sample []string // the first few, with their paths
}

// MaxFailureSamples is how many errors of one request the log line quotes.
const MaxFailureSamples = 3

type failuresKey struct{}

// WithFailures returns ctx carrying a new collector.
func WithFailures(ctx context.Context) (context.Context, *Failures) {
	f := &Failures{}
	return context.WithValue(ctx, failuresKey{}, f), f
}

// FailuresFrom returns the request's collector, or nil (a websocket operation, a job).
func FailuresFrom(ctx context.Context) *Failures {
	f, _ := ctx.Value(failuresKey{}).(*Failures)
	return f
}

// Add records one error (message and path) and returns the request's reference.
func (f *Failures) Add(msg, path string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ref == "" {
		f.ref = NewRef()
	}
	f.count++
	if len(f.sample) < MaxFailureSamples {
		f.sample = append(f.sample, path+": "+msg)
	}
	return f.ref
}

// Summary is what to log: how many, the reference and the first errors; n is 0 when none.
func (f *Failures) Summary() (n int, ref string, sample []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.count, f.ref, f.sample
}

// NewRef is a random reference that ties an INTERNAL error to its log line without
// revealing anything about the hidden error.
func NewRef() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
