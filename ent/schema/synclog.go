package schema

// The change ledger of the mail-client sync (issue 11 item 1). Every create, update and delete
// of a contact, task, event or event participant writes the record's row of the org's change
// log in the same transaction as the change: the hook is part of the schema, so no write path
// can forget it, and a write made outside a transaction is run again inside one (its hooks
// and policies included) so that the record and its log entry commit or roll back together.
// A CreateBulk outside a transaction cannot be run again from here (ent chains its builders
// with Save's context and writes all rows at the end on the bulk's own driver): the bulk opens
// its own transaction (ent/template/create_bulk_tx.tmpl), and every row is logged in it.
// LedgerBatch writes the rows of many records at once (the sync engine's bulk apply).

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent"

	gen "github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/eventparticipant"
	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/synccounter"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

func (Contact) Hooks() []ent.Hook          { return []ent.Hook{syncLedger(syncenum.Contacts)} }
func (Task) Hooks() []ent.Hook             { return []ent.Hook{syncLedger(syncenum.Tasks)} }
func (EventParticipant) Hooks() []ent.Hook { return []ent.Hook{syncLedger(syncenum.Events)} }

// Hooks of Event: an event ends after it starts (crm.go), and it is logged like the others.
func (Event) Hooks() []ent.Hook { return []ent.Hook{eventTimes, syncLedger(syncenum.Events)} }

// ledgerMutation is what every tracked mutation offers.
type ledgerMutation interface {
	ent.Mutation
	Client() *gen.Client
	Tx() (*gen.Tx, error)
	TxKey() any
}

const ledgerOps = ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne | ent.OpDelete | ent.OpDeleteOne

// syncLedger records the changed records of module in the org's change log. Participants are
// logged as a change of their event.
func syncLedger(module syncenum.Module) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			lm, ok := m.(ledgerMutation)
			if !ok || !m.Op().Is(ledgerOps) {
				return next.Mutate(ctx, m)
			}
			// lm.TxKey() says what lm.Tx() does without building a client per row (a bulk's
			// rows all come here): the mutation's client is built only when a statement needs it.
			var c *gen.Client
			inTxNow := lm.TxKey() != nil
			if !inTxNow {
				tx, ok := ctx.Value(ledgerTx{}).(*gen.Tx)
				if !ok {
					return inTx(ctx, lm)
				}
				c = tx.Client() // run again by inTx: the mutation writes through tx
			}
			client := func() *gen.Client {
				if c == nil {
					c = lm.Client()
				}
				return c
			}
			allow := privacy.DecisionContext(ctx, privacy.Allow)
			byOrg := map[int][]int{} // org → records touched
			if !m.Op().Is(ent.OpCreate) {
				// read before the write: a deleted record's org is gone after it
				ids, err := touched(allow, client(), m)
				if err == nil && len(ids) > 0 {
					byOrg, err = orgsOf(ctx, allow, client(), module, ids)
				}
				if err != nil {
					return nil, err
				}
			}
			b, batched := ctx.Value(ledgerBatchKey{}).(*ledgerBatch)
			batched = batched && inTxNow && lm.TxKey() == b.tx // the batch's own transaction only
			if !batched {
				b = nil
			}
			if err := lockCounters(allow, client, m, byOrg, b); err != nil {
				return nil, err
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			switch r := v.(type) {
			case *gen.Contact:
				byOrg[r.OrgID] = appendNew(byOrg[r.OrgID], r.ID)
			case *gen.Task:
				byOrg[r.OrgID] = appendNew(byOrg[r.OrgID], r.ID)
			case *gen.Event:
				byOrg[r.OrgID] = appendNew(byOrg[r.OrgID], r.ID)
			case *gen.EventParticipant:
				byOrg[r.OrgID] = appendNew(byOrg[r.OrgID], r.EventID)
			}
			op := syncenum.Update
			switch {
			case m.Op().Is(ent.OpCreate) && m.Type() != gen.TypeEventParticipant:
				op = syncenum.Create
			case m.Op().Is(ent.OpDelete|ent.OpDeleteOne) && m.Type() != gen.TypeEventParticipant:
				op = syncenum.Delete
			}
			if batched {
				for org, ids := range byOrg { // written by LedgerBatch, in this transaction
					b.add(org, module, op, ids)
				}
				return v, nil
			}
			for org, ids := range byOrg {
				if err := LogChanges(allow, client(), org, module, op, ids); err != nil {
					return nil, err
				}
			}
			return v, nil
		})
	}
}

// ledgerTx marks the context of a mutation inTx runs again: the mutation itself still says it
// is outside a transaction (its own client), but its builder writes through the one in the
// context, and so must its log entry.
type ledgerTx struct{}

// inTx runs m again inside a new transaction, with every hook and policy, and commits it.
func inTx(ctx context.Context, m ledgerMutation) (ent.Value, error) {
	tx, err := m.Client().Tx(ctx)
	if err != nil {
		return nil, err
	}
	v, err := tx.Client().Mutate(context.WithValue(ctx, ledgerTx{}, tx), m)
	if err != nil {
		return nil, rollback(tx, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return v, nil
}

func rollback(tx *gen.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w (rollback: %v)", err, rerr)
	}
	return err
}

// touched lists the records an update or delete will change (for participants: their events),
// read in the same transaction before the write.
func touched(ctx context.Context, c *gen.Client, m ent.Mutation) ([]int, error) {
	ids, err := m.(interface {
		IDs(context.Context) ([]int, error)
	}).IDs(ctx)
	if err != nil || len(ids) == 0 || m.Type() != gen.TypeEventParticipant {
		return ids, err
	}
	return c.EventParticipant.Query().Where(eventparticipant.IDIn(ids...)).Unique(true).
		Select(eventparticipant.FieldEventID).Ints(ctx)
}

func appendNew(ids []int, id int) []int {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// lockCounters takes the row lock of the change-log counter of every org m writes to, before
// the write. A transaction then holds its org's counter before any record row the log tracks,
// so two transactions can never each hold a record the other waits for while one of them
// waits for the counter (on PostgreSQL a deadlock, which aborts one of them; SQLite takes its
// one write lock at BEGIN IMMEDIATE, where this changes nothing). The statement is the
// counter's upsert adding 0: the same on both databases, and it creates the row on first use.
//
// In a LedgerBatch (b not nil), a counter is locked once: its lock is the transaction's until
// it ends, and the batch writes the counter again at its end.
func lockCounters(ctx context.Context, client func() *gen.Client, m ent.Mutation, byOrg map[int][]int, b *ledgerBatch) error {
	orgs := make([]int, 0, len(byOrg)+1)
	for org := range byOrg {
		orgs = append(orgs, org)
	}
	if om, ok := m.(interface{ OrgID() (int, bool) }); ok && m.Op().Is(ent.OpCreate) {
		if org, set := om.OrgID(); set {
			orgs = append(orgs, org)
		}
	}
	slices.Sort(orgs) // several orgs (trusted code only): always in the same order
	for i, org := range orgs {
		if org == 0 || (i > 0 && orgs[i-1] == org) || (b != nil && b.locked[org]) {
			continue
		}
		err := client().SyncCounter.Create().SetOrgID(org).SetSeq(0).
			OnConflictColumns(synccounter.FieldOrgID).Update(func(u *gen.SyncCounterUpsert) { u.AddSeq(0) }).Exec(ctx)
		if err != nil {
			return fmt.Errorf("sync ledger counter: %w", err)
		}
		if b != nil {
			b.locked[org] = true
		}
	}
	return nil
}

// LogChanges moves records ids of module to the end of org's change log: one number per record
// from the org's counter (its row stays locked until the transaction commits, so numbers are
// given in commit order), one row per record (the latest change).
func LogChanges(ctx context.Context, c *gen.Client, org int, module syncenum.Module, op syncenum.Op, ids []int) error {
	changes := make([]LedgerChange, len(ids))
	for i, id := range ids {
		changes[i] = LedgerChange{Module: module, RecordID: id, Op: op}
	}
	return logChanges(ctx, c, org, changes)
}

// LedgerChange is one record's latest change, and its position in the change log once logged.
type LedgerChange struct {
	Module   syncenum.Module
	RecordID int
	Op       syncenum.Op
	Seq      int64
}

// ledgerBatchKey marks a context whose writes through one transaction client are logged
// together by LedgerBatch.
type ledgerBatchKey struct{}

type ledgerBatch struct {
	tx     any                    // the transaction of the batch's client (its TxKey)
	locked map[int]bool           // orgs whose counter this transaction locked
	orgs   []int                  // in order of first change
	byOrg  map[int][]LedgerChange // each record once, in order of its latest change
	at     map[ledgerRef]int      // record → its index in byOrg[org]
}

type ledgerRef struct {
	org    int
	module syncenum.Module
	id     int
}

func (b *ledgerBatch) add(org int, module syncenum.Module, op syncenum.Op, ids []int) {
	if _, ok := b.byOrg[org]; !ok {
		b.orgs = append(b.orgs, org)
	}
	for _, id := range ids {
		r := ledgerRef{org, module, id}
		if i, ok := b.at[r]; ok { // changed again: the latest change, at the end
			b.byOrg[org][i].RecordID = 0
		}
		b.at[r] = len(b.byOrg[org])
		b.byOrg[org] = append(b.byOrg[org], LedgerChange{Module: module, RecordID: id, Op: op})
	}
}

// LedgerBatch runs fn, whose writes go through the transaction client c (a bulk of records,
// issue 11), and then writes the change-log rows of every record fn changed in a transaction,
// through c: one counter update and one INSERT per org instead of three statements per
// record. A record changed twice is logged once, with its latest change. It returns the rows
// written, with their positions. c must be the client of the transaction fn writes in: the
// rows commit with the records (writes made outside a transaction are logged as always).
func LedgerBatch(ctx context.Context, c *gen.Client, fn func(ctx context.Context) error) ([]LedgerChange, error) {
	b := &ledgerBatch{tx: c.TxKey(), locked: map[int]bool{}, byOrg: map[int][]LedgerChange{}, at: map[ledgerRef]int{}}
	if err := fn(context.WithValue(ctx, ledgerBatchKey{}, b)); err != nil {
		return nil, err
	}
	allow := privacy.DecisionContext(ctx, privacy.Allow)
	var out []LedgerChange
	for _, org := range b.orgs {
		changes := make([]LedgerChange, 0, len(b.byOrg[org]))
		for _, ch := range b.byOrg[org] {
			if ch.RecordID != 0 {
				changes = append(changes, ch)
			}
		}
		if err := logChanges(allow, c, org, changes); err != nil {
			return nil, err
		}
		out = append(out, changes...)
	}
	return out, nil
}

// logChanges writes changes at the end of org's change log and sets their positions.
func logChanges(ctx context.Context, c *gen.Client, org int, changes []LedgerChange) error {
	if len(changes) == 0 {
		return nil
	}
	n := int64(len(changes))
	err := c.SyncCounter.Create().SetOrgID(org).SetSeq(n).
		OnConflictColumns(synccounter.FieldOrgID).Update(func(u *gen.SyncCounterUpsert) { u.AddSeq(n) }).Exec(ctx)
	if err != nil {
		return fmt.Errorf("sync ledger counter: %w", err)
	}
	last, err := c.SyncCounter.Query().Where(synccounter.OrgID(org)).Only(ctx)
	if err != nil {
		return fmt.Errorf("sync ledger counter: %w", err)
	}
	now := time.Now().UTC()
	bulk := make([]*gen.SyncChangeCreate, len(changes))
	for i := range changes {
		ch := &changes[i]
		ch.Seq = last.Seq - n + 1 + int64(i)
		bulk[i] = c.SyncChange.Create().SetOrgID(org).SetModule(ch.Module).SetRecordID(ch.RecordID).SetOp(ch.Op).
			SetSeq(ch.Seq).SetChangedAt(now)
	}
	err = c.SyncChange.CreateBulk(bulk...).
		OnConflictColumns(syncchange.FieldOrgID, syncchange.FieldModule, syncchange.FieldRecordID).
		UpdateNewValues().Exec(ctx)
	if err != nil {
		return fmt.Errorf("sync ledger: %w", err)
	}
	return nil
}

// orgsOf groups records by org: the viewer's when there is one (the tenant policy keeps every
// write inside it), else read from the rows (trusted code acting without a viewer), before
// the write.
func orgsOf(viewerCtx, ctx context.Context, c *gen.Client, module syncenum.Module, ids []int) (map[int][]int, error) {
	if v := auth.FromContext(viewerCtx); v != nil {
		return map[int][]int{v.OrgID: ids}, nil
	}
	var rows []struct {
		ID    int `json:"id"`
		OrgID int `json:"org_id"`
	}
	var err error
	switch module {
	case syncenum.Contacts:
		err = c.Contact.Query().Where(contact.IDIn(ids...)).Select(contact.FieldID, contact.FieldOrgID).Scan(ctx, &rows)
	case syncenum.Tasks:
		err = c.Task.Query().Where(task.IDIn(ids...)).Select(task.FieldID, task.FieldOrgID).Scan(ctx, &rows)
	default:
		err = c.Event.Query().Where(event.IDIn(ids...)).Select(event.FieldID, event.FieldOrgID).Scan(ctx, &rows)
	}
	if err != nil {
		return nil, err
	}
	out := map[int][]int{}
	for _, r := range rows {
		out[r.OrgID] = append(out[r.OrgID], r.ID)
	}
	return out, nil
}
