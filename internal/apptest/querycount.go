package apptest

import (
	"context"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// QueryCounter wraps the database driver and counts SELECTs (Query calls), in and out of
// transactions. Use it with Options.WrapDriver to catch N+1 queries.
type QueryCounter struct{ n atomic.Int64 }

// Count is the number of queries so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// Reset sets the count to zero.
func (c *QueryCounter) Reset() { c.n.Store(0) }

// Wrap is the Options.WrapDriver function.
func (c *QueryCounter) Wrap(d dialect.Driver) dialect.Driver { return &countingDriver{Driver: d, c: c} }

type countingDriver struct {
	dialect.Driver
	c *QueryCounter
}

func (d *countingDriver) Query(ctx context.Context, q string, args, v any) error {
	d.c.n.Add(1)
	return d.Driver.Query(ctx, q, args, v)
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, c: d.c}, nil
}

type countingTx struct {
	dialect.Tx
	c *QueryCounter
}

func (t *countingTx) Query(ctx context.Context, q string, args, v any) error {
	t.c.n.Add(1)
	return t.Tx.Query(ctx, q, args, v)
}
