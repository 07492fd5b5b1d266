package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Transactioner is entgql.Transactioner (each mutation runs in one transaction, SkipTx's
// excepted) with one change (issue 9 item 3): a transaction that cannot begin or commit is
// reported through the error presenter, so a database busy past its timeout answers a coded,
// retryable UNAVAILABLE instead of entgql's uncoded "cannot create transaction: database is
// locked".
type Transactioner struct{ entgql.Transactioner }

// InterceptResponse opens the transaction, runs the operation in it and commits it unless an
// error was reported (then it rolls back, as entgql does).
func (t Transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	op := graphql.GetOperationContext(ctx).Operation
	if op == nil || op.Operation != ast.Mutation || (t.SkipTxFunc != nil && t.SkipTxFunc(op)) {
		return next(ctx)
	}
	txCtx, tx, err := t.OpenTx(ctx)
	if err != nil {
		return txFailed(ctx, err)
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(txCtx)
	if len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		return &graphql.Response{Errors: rsp.Errors}
	}
	if err := tx.Commit(); err != nil {
		return txFailed(ctx, err)
	}
	return rsp
}

// txFailed answers a failed begin or commit through the error presenter: nothing was written.
func txFailed(ctx context.Context, err error) *graphql.Response {
	graphql.AddError(ctx, err)
	return &graphql.Response{Errors: graphql.GetErrors(ctx)}
}

// busyError is the UNAVAILABLE a client gets when the database stayed busy past its timeout.
func busyError(err error) *apperr.Error {
	return apperr.Wrap(apperr.Unavailable, err, "the database is busy; nothing was changed, try again in a second").
		With("retryAfterSeconds", 1)
}
