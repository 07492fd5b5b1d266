// Package change is the one way a service changes state (DESIGN.md, Conventions): a database
// transaction that writes the change, its audit entry and its notifications; once it has
// committed, the notifications are published and the work it asked for (jobs to enqueue) is
// handed on.
//
// A notification is a row written in the transaction (notify.Service.Create), so it exists
// exactly when the change it tells of committed. Publishing it is the step after the commit;
// if the process dies between the two, the row stays unpublished and notify.Service.Redeliver
// publishes it at the next start (the reconciler) or within a minute (notify:redeliver) — a
// committed change is announced once, never lost.
//
//	err := s.Change.Do(ctx, func(tx *change.Tx) error {
//		row, err := tx.Client().Thing.UpdateOneID(id).SetX(x).Save(ctx)
//		if err != nil {
//			return err
//		}
//		if err := tx.Audit(audit.Entry{Action: "thing.changed", …}); err != nil {
//			return err
//		}
//		return tx.Notify(orgID, notify.Message{Type: "thing.changed", …})
//	})
package change

import (
	"context"
	"errors"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Notifier keeps a notification in a transaction and publishes it after the commit
// (notify.Service).
type Notifier interface {
	Create(ctx context.Context, c *ent.Client, orgID int, m notify.Message) (*ent.Notification, error)
	Publish(ctx context.Context, n *ent.Notification)
}

// Runner opens the transactions of one service.
type Runner struct {
	Client *ent.Client
	Notify Notifier // nil: Tx.Notify keeps and sends nothing (unit tests of rules-heavy services)
}

// Tx is one change under way: the transaction's client and what is to happen after its commit.
type Tx struct {
	ctx    context.Context
	client *ent.Client
	notify Notifier
	notes  []*ent.Notification
	after  []func(context.Context)
}

// Client is the transaction's ent client: every write of the change goes through it.
func (t *Tx) Client() *ent.Client { return t.client }

// Audit appends e to the org's audit log in the transaction; the actor is the viewer of the
// context Do was given.
func (t *Tx) Audit(e audit.Entry) error { return audit.Record(t.ctx, t.client, e) }

// AuditAs is Audit with the actor taken from ctx (sign-up: the org and its first user are
// created in the transaction itself).
func (t *Tx) AuditAs(ctx context.Context, e audit.Entry) error {
	return audit.Record(ctx, t.client, e)
}

// Notify keeps m in orgID's notification list in the transaction; it is published after the
// commit (or redelivered, if the process dies first).
func (t *Tx) Notify(orgID int, m notify.Message) error {
	if t.notify == nil {
		return nil
	}
	n, err := t.notify.Create(t.ctx, t.client, orgID, m)
	if err != nil {
		return err
	}
	t.notes = append(t.notes, n)
	return nil
}

// AfterCommit runs f once the transaction committed (enqueueing the jobs the change created).
// f runs after the notifications are published; it is not run if the change rolls back. If
// the process dies before f runs, the reconciler must find the work from the database: f is
// for work whose source of truth is a committed row.
func (t *Tx) AfterCommit(f func(ctx context.Context)) { t.after = append(t.after, f) }

// flush publishes the notifications and runs the after-commit work.
func (t *Tx) flush(ctx context.Context) {
	for _, n := range t.notes {
		t.notify.Publish(ctx, n)
	}
	for _, f := range t.after {
		f(ctx)
	}
}

// Do runs fn in a new transaction and flushes it after the commit. When ctx already carries
// a transaction (the GraphQL request's, entgql.Transactioner), fn joins it and the flush runs
// when that transaction commits.
func (r *Runner) Do(ctx context.Context, fn func(*Tx) error) error {
	if etx := ent.TxFromContext(ctx); etx != nil {
		t := &Tx{ctx: ctx, client: etx.Client(), notify: r.Notify}
		if err := fn(t); err != nil {
			return err
		}
		if len(t.notes) > 0 || len(t.after) > 0 {
			etx.OnCommit(func(next ent.Committer) ent.Committer {
				return ent.CommitFunc(func(cctx context.Context, tx *ent.Tx) error {
					if err := next.Commit(cctx, tx); err != nil {
						return err
					}
					t.flush(context.WithoutCancel(ctx))
					return nil
				})
			})
		}
		return nil
	}
	etx, err := r.Client.Tx(ctx)
	if err != nil {
		return err
	}
	t := &Tx{ctx: ctx, client: etx.Client(), notify: r.Notify}
	if err := fn(t); err != nil {
		return errors.Join(err, etx.Rollback())
	}
	if err := etx.Commit(); err != nil {
		return err
	}
	t.flush(ctx)
	return nil
}

// InOwnTx reports whether ctx carries no transaction: operations that enqueue, pay or hold
// locks across a call to another system refuse to join a caller's transaction.
func InOwnTx(ctx context.Context) bool { return ent.TxFromContext(ctx) == nil }
