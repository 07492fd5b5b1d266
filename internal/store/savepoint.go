package store

import (
	"context"
	"database/sql"
	"errors"
)

// Execer is what runs a statement in a transaction: an ent client of a transaction
// (tx.Client(), with ent's sql/execquery feature), a *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Savepoint runs fn inside a savepoint of the transaction tx runs in, and rolls back to it
// when fn fails, so that the transaction goes on after an expected failure (a unique
// constraint lost to a concurrent writer). PostgreSQL aborts the whole transaction at a
// failed statement ("current transaction is aborted") unless a savepoint was rolled back to;
// SQLite does not, and reads the same statements. tx must be a transaction: a pool could run
// each statement on another connection.
func Savepoint(ctx context.Context, tx Execer, fn func() error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT crm_sp"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if memo, ok := ctx.Value(txMemoKey{}).(*TxMemo); ok {
			memo.Forget(func(any) bool { return true }) // what fn wrote and read is undone
		}
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT crm_sp"); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, _ = tx.ExecContext(ctx, "RELEASE SAVEPOINT crm_sp")
		return err
	}
	_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT crm_sp")
	return err
}
