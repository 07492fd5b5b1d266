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
// record against the count before the batch.
func RecordLimitHook(s *Service) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) && recordTypes[m.Type()] {
				if err := s.checkRecordLimit(ctx, m); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

func (s *Service) checkRecordLimit(ctx context.Context, m ent.Mutation) error {
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
		return nil // no org: the tenant hook refuses the create anyway
	}
	c := s.Client
	if mc, ok := m.(interface{ Client() *ent.Client }); ok {
		c = mc.Client() // the mutation's transaction, if any
	}
	sctx := auth.SystemContext(ctx, orgID)
	row, err := c.BillingSubscription.Query().Where(billingsubscription.OrgID(orgID)).Only(sctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	plan := s.Catalogue.Plan(stateOf(row).EffectivePlan(s.now()))
	if plan == nil || plan.RecordLimit == 0 {
		return nil
	}
	if ent.TxFromContext(ctx) != nil {
		// Counting and creating must be one step, or concurrent creates each see room for one
		// more (PostgreSQL): creates of a limited org queue on its subscription row's lock.
		if err := lockSubscription(ctx, c, orgID); err != nil {
			return err
		}
	}
	n, err := CountRecords(sctx, c, orgID)
	if err != nil {
		return err
	}
	return CheckRecordLimit(plan, n)
}
