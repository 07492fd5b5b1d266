package store

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// EdgeGuard refuses a mutation that links a row to a row the viewer cannot see (PL-1): a
// contact of org B cannot be given org A's account as its account, whatever the input says.
// Global IDs tell the type from the ID, so one generic check covers every edge of every type:
// each added ID must resolve through the privacy-filtered node lookup. A foreign ID answers
// NOT_FOUND, exactly like an ID that does not exist.
//
// Edges to global rows that every org may read (the plan catalogue's price versions, issue 18)
// are not nodes of the API and are set by the billing service only: globalEdges skips them.
func EdgeGuard(client *ent.Client) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			d, decided := privacy.DecisionFromContext(ctx)
			if decided && d == privacy.Allow {
				return next.Mutate(ctx, m) // trusted code crossing orgs on purpose
			}
			seen := visibleMemo(ctx, m, decided)
			for _, name := range m.AddedEdges() {
				if name == "organization" || globalEdges[m.Type()+"."+name] {
					continue // set by the tenant hook from the viewer, never from input; or a global row
				}
				for _, id := range m.AddedIDs(name) {
					intID, ok := id.(int)
					if !ok {
						return nil, fmt.Errorf("edge %s: unexpected id type %T", name, id)
					}
					if seen != nil && seen[intID] {
						continue // found visible earlier in this transaction, by this viewer
					}
					c := client
					if mc, ok := m.(interface{ Client() *ent.Client }); ok {
						c = mc.Client() // inside a transaction: see rows it created
					}
					if _, err := c.Noder(ctx, intID); err != nil {
						if ent.IsNotFound(err) || ent.IsNotSingular(err) {
							e := apperr.Missing(fmt.Sprintf("%s %d", name, intID))
							e.Field = name + "ID"
							return nil, e
						}
						return nil, err
					}
					if seen != nil {
						seen[intID] = true
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// visibleKey keeps, in a transaction's memo, the IDs the guard found visible to one viewer.
type visibleKey struct{ viewer auth.Viewer }

// visibleMemo returns the IDs found visible to the viewer of ctx earlier in m's transaction,
// to be added to, when ctx carries that transaction's memo (TxMemo); nil otherwise (and with a
// privacy decision in ctx, which the lookup would follow). Visibility rests on rows: an update
// or a delete in the transaction, of any type, forgets every viewer's IDs, so an ID is only
// trusted while nothing but creates has happened since it was read. Inserting a batch of rows
// with the same owner (the sync engine, issue 11) checks the owner once.
func visibleMemo(ctx context.Context, m ent.Mutation, decided bool) map[int]bool {
	memo := TxMemoOf(ctx, m)
	if memo == nil {
		return nil
	}
	if !m.Op().Is(ent.OpCreate) {
		memo.Forget(func(k any) bool { _, ok := k.(visibleKey); return ok })
	}
	v := auth.FromContext(ctx)
	if v == nil || decided {
		return nil
	}
	key := visibleKey{*v}
	seen, _ := memo.Get(key).(map[int]bool)
	if seen == nil {
		seen = map[int]bool{}
		memo.Set(key, seen)
	}
	return seen
}

// globalEdges are the edges (type.edge) to global read-only rows: plans and price versions.
var globalEdges = map[string]bool{
	"BillingSubscription.price":      true,
	"BillingSubscription.next_price": true,
	"PlanPrice.plan":                 true,
	"MemberSubscription.price":       true, // a member service's price version (suite bundle, BU-1)
}
