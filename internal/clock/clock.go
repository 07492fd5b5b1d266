// Package clock lets services take the time from a value tests can set.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time. Rules take a time value; services take a Clock.
type Clock interface{ Now() time.Time }

// Real is the wall clock, in UTC.
type Real struct{}

func (Real) Now() time.Time { return time.Now().UTC() }

// Settable is a clock for tests: it stands still until Set or Advance.
type Settable struct {
	mu sync.Mutex
	t  time.Time
}

// NewSettable returns a clock reading t.
func NewSettable(t time.Time) *Settable { return &Settable{t: t.UTC()} }

func (c *Settable) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *Settable) Set(t time.Time) { c.mu.Lock(); c.t = t.UTC(); c.mu.Unlock() }

// Advance moves the clock forward by d.
func (c *Settable) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
