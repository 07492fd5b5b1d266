package store

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/apperr"
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
			if d, ok := privacy.DecisionFromContext(ctx); ok && d == privacy.Allow {
				return next.Mutate(ctx, m) // trusted code crossing orgs on purpose
			}
			for _, name := range m.AddedEdges() {
				if name == "organization" || globalEdges[m.Type()+"."+name] {
					continue // set by the tenant hook from the viewer, never from input; or a global row
				}
				for _, id := range m.AddedIDs(name) {
					intID, ok := id.(int)
					if !ok {
						return nil, fmt.Errorf("edge %s: unexpected id type %T", name, id)
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
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// globalEdges are the edges (type.edge) to global read-only rows: plans and price versions.
var globalEdges = map[string]bool{
	"BillingSubscription.price":      true,
	"BillingSubscription.next_price": true,
	"PlanPrice.plan":                 true,
	"MemberSubscription.price":       true, // a member service's price version (suite bundle, BU-1)
}
