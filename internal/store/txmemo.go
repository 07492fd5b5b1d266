package store

import (
	"context"
	"sync"
)

// TxMemo keeps what the write hooks read once per transaction instead of once per row (issue
// 11): the record limit's plan and count of an org (billing.RecordLimitHook, SB-8), the IDs the
// tenant edge guard found visible to a viewer (EdgeGuard, PL-1). It belongs to one transaction:
// code that opens a transaction may carry a memo in its context (WithTxMemo), and a hook uses
// it (TxMemoOf) only for a mutation bound to that same transaction — never for a write made
// through another transaction or outside one with the same context, which read afresh. What is
// kept is keyed by its owner's own keys (an org, a viewer), so orgs never share an entry.
//
// A memo lives as long as its transaction's context; it holds nothing the transaction did not
// read, and each hook forgets its entries when a write of the same transaction may have
// changed them (a deleted record, a changed subscription; any update or delete for the edge
// guard).
type TxMemo struct {
	tx   any
	mu   sync.Mutex
	vals map[any]any
}

// TxKeyer is what ent's clients, transactions' clients and mutations offer: the identity of the
// transaction they are bound to, nil outside one (generated from ent/template/txkey.tmpl).
type TxKeyer interface{ TxKey() any }

type txMemoKey struct{}

// WithTxMemo returns ctx carrying a new memo for the transaction of c (a transaction's client).
// Outside a transaction it returns ctx unchanged: there is nothing to keep a memo for.
func WithTxMemo(ctx context.Context, c TxKeyer) context.Context {
	tx := c.TxKey()
	if tx == nil {
		return ctx
	}
	return context.WithValue(ctx, txMemoKey{}, &TxMemo{tx: tx, vals: map[any]any{}})
}

// TxMemoOf returns the memo in ctx when it was made for the transaction m is bound to, and nil
// otherwise (no memo, m outside a transaction, or in another one).
func TxMemoOf(ctx context.Context, m any) *TxMemo {
	memo, ok := ctx.Value(txMemoKey{}).(*TxMemo)
	if !ok {
		return nil
	}
	k, ok := m.(TxKeyer)
	if !ok {
		return nil
	}
	if tx := k.TxKey(); tx == nil || tx != memo.tx {
		return nil
	}
	return memo
}

// Get returns the value kept under key, or nil.
func (t *TxMemo) Get(key any) any {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.vals[key]
}

// Set keeps v under key for the rest of the transaction.
func (t *TxMemo) Set(key, v any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.vals[key] = v
}

// Forget drops every value whose key drop accepts.
func (t *TxMemo) Forget(drop func(key any) bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k := range t.vals {
		if drop(k) {
			delete(t.vals, k)
		}
	}
}
