package billing

import (
	"context"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/account"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/deal"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/ent/note"
	"github.com/crmadmin/crmadmin/ent/supportcase"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/recordkind"
	"github.com/crmadmin/crmadmin/internal/store"
)

// recordTypes are the CRM modules whose records count against a plan's record limit (PL-4,
// SB-8): leads, contacts, accounts, deals, tasks, events, cases and notes.
var recordTypes = map[string]bool{
	ent.TypeLead: true, ent.TypeContact: true, ent.TypeAccount: true, ent.TypeDeal: true,
	ent.TypeTask: true, ent.TypeEvent: true, ent.TypeSupportCase: true, ent.TypeNote: true,
}

// CountRecords counts an org's records — the one definition (recordkind: the eight CRM
// modules) that the subscription page, the record limit and the backup summary all show. The
// org is named in every query (not left to the privacy filter) so that a context allowed to
// cross orgs still counts one.
func CountRecords(ctx context.Context, c *ent.Client, orgID int) (int, error) {
	rows := map[string]int64{}
	for table, count := range map[string]func(context.Context) (int, error){
		lead.Table: c.Lead.Query().Where(lead.OrgID(orgID)).Count, contact.Table: c.Contact.Query().Where(contact.OrgID(orgID)).Count,
		account.Table: c.Account.Query().Where(account.OrgID(orgID)).Count, deal.Table: c.Deal.Query().Where(deal.OrgID(orgID)).Count,
		task.Table: c.Task.Query().Where(task.OrgID(orgID)).Count, event.Table: c.Event.Query().Where(event.OrgID(orgID)).Count,
		supportcase.Table: c.SupportCase.Query().Where(supportcase.OrgID(orgID)).Count, note.Table: c.Note.Query().Where(note.OrgID(orgID)).Count,
	} {
		n, err := count(ctx)
		if err != nil {
			return 0, err
		}
		rows[table] = int64(n)
	}
	return int(recordkind.Count(rows)), nil
}

// RecordLimitHook refuses creating a CRM record, in every module and through every path (API,
// jobs, imports), when the org is at or over the record limit of the plan that applies now —
// the trial plan during a trial (SB-8). Reading, updating and deleting are never checked, so
// an org over the limit after a downgrade keeps editing and deleting. Register it once with
// client.Use. An org without a subscription row yet (created before billing, or by the demo
// loader) is not limited until its subscription is first read. Bulk creates are checked per
// record against the count before the batch, except in a transaction that carries its memo
// (store.WithTxMemo, issue 11: the sync engine's batches): there the subscription is read,
// locked and the records counted once per org, and every create of the transaction is checked
// against that count plus the creates admitted before it, so a bulk is counted as a whole
// (records + n ≤ limit).
func RecordLimitHook(s *Service) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			memo := store.TxMemoOf(ctx, m)
			if memo != nil {
				forgetRecordLimits(memo, m)
			}
			if !m.Op().Is(ent.OpCreate) || !recordTypes[m.Type()] {
				return next.Mutate(ctx, m)
			}
			release, err := s.checkRecordLimit(ctx, m, memo)
			if err != nil {
				return nil, err
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				release()
			}
			return v, err
		})
	}
}

// recordLimitKey keeps, in a transaction's memo, what the record limit read of one org.
type recordLimitKey struct{ org int }

// recordLimitMemo is an org's record limit in one transaction: its plan (nil: not limited)
// and, once counted under the subscription's row lock, its records and the creates admitted
// since in the transaction.
type recordLimitMemo struct {
	plan     *Plan
	counted  bool
	records  int
	admitted int
}

// forgetRecordLimits drops what m may change: the counts when a record is deleted, the plans
// when a subscription changes. The next create reads them again.
func forgetRecordLimits(memo *store.TxMemo, m ent.Mutation) {
	if m.Type() == ent.TypeBillingSubscription || (recordTypes[m.Type()] && m.Op().Is(ent.OpDelete|ent.OpDeleteOne)) {
		memo.Forget(func(k any) bool { _, ok := k.(recordLimitKey); return ok })
	}
}

// checkRecordLimit refuses create m when its org is at its record limit; release, called when
// the create then fails, makes the transaction's next create of the org read and count again.
func (s *Service) checkRecordLimit(ctx context.Context, m ent.Mutation, memo *store.TxMemo) (release func(), err error) {
	release = func() {}
	orgID := 0
	if v := auth.FromContext(ctx); v != nil {
		orgID = v.OrgID
	}
	if om, ok := m.(interface{ OrgID() (int, bool) }); ok {
		if id, set := om.OrgID(); set {
			orgID = id
		}
	}
	if orgID == 0 {
		return release, nil // no org: the tenant hook refuses the create anyway
	}
	var c *ent.Client // built only when a statement is needed: not once per row of a bulk
	client := func() *ent.Client {
		if c == nil {
			c = s.Client
			if mc, ok := m.(interface{ Client() *ent.Client }); ok {
				c = mc.Client() // the mutation's transaction, if any
			}
		}
		return c
	}
	sctx := auth.SystemContext(ctx, orgID)
	var e *recordLimitMemo
	if memo != nil {
		e, _ = memo.Get(recordLimitKey{orgID}).(*recordLimitMemo)
	}
	if e == nil {
		plan, err := s.recordLimitPlan(sctx, client(), orgID)
		if err != nil {
			return release, err
		}
		e = &recordLimitMemo{plan: plan}
		if memo != nil {
			memo.Set(recordLimitKey{orgID}, e)
		}
	}
	if e.plan == nil {
		return release, nil
	}
	if !e.counted {
		if ent.TxFromContext(ctx) != nil {
			// Counting and creating must be one step, or concurrent creates each see room for one
			// more (PostgreSQL): creates of a limited org queue on its subscription row's lock,
			// held until the transaction ends.
			if err := lockSubscription(ctx, client(), orgID); err != nil {
				return release, err
			}
		}
		n, err := CountRecords(sctx, client(), orgID)
		if err != nil {
			return release, err
		}
		e.records, e.admitted, e.counted = n, 0, true // without a memo, e is this create's alone
	}
	if err := CheckRecordLimit(e.plan, e.records+e.admitted); err != nil {
		return release, err
	}
	if memo == nil {
		return release, nil
	}
	e.admitted++
	// A create that then fails may have failed before or after its row was written (a later
	// hook): the next create counts again rather than guess.
	return func() {
		memo.Forget(func(k any) bool { return k == recordLimitKey{orgID} })
	}, nil
}

// recordLimitPlan is the plan whose record limit applies to org now, or nil when it has none
// (no subscription row yet, or a plan without a limit).
func (s *Service) recordLimitPlan(ctx context.Context, c *ent.Client, orgID int) (*Plan, error) {
	row, err := c.BillingSubscription.Query().Where(billingsubscription.OrgID(orgID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	plan := s.Catalogue.Plan(stateOf(row).EffectivePlan(s.now()))
	if plan == nil || plan.RecordLimit == 0 {
		return nil, nil
	}
	return plan, nil
}
