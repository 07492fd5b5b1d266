package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// Sync clients, their settings, item links and runs are the user's own: a standard user sees
// and changes only theirs, by any path (lists, node, edges); admins see every user's of their
// org (issue 11 item 7). The tenant mixin's policy filters by org first; jobs (System) see
// their org's.
func ownSyncPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{ownSyncRows},
		Mutation: privacy.MutationPolicy{ownSyncMutation},
	}
}

var ownSyncRows = privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
	if v := auth.FromContext(ctx); v != nil && !v.IsAdmin() {
		f.(interface{ WhereUserID(entql.IntP) }).WhereUserID(entql.IntEQ(v.UserID))
	}
	return privacy.Skip
})

var ownSyncMutation = privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
	v := auth.FromContext(ctx)
	if v == nil || v.IsAdmin() {
		return privacy.Skip
	}
	if m.Op().Is(ent.OpCreate) {
		if uid, ok := m.(interface{ UserID() (int, bool) }).UserID(); !ok || uid != v.UserID {
			return privacy.Denyf("sync rows are created for their owner only")
		}
		return privacy.Skip
	}
	return ownSyncRows.EvalMutation(ctx, m)
})

func (SyncClient) Policy() ent.Policy  { return ownSyncPolicy() }
func (SyncSetting) Policy() ent.Policy { return ownSyncPolicy() }
func (SyncItem) Policy() ent.Policy    { return ownSyncPolicy() }
func (SyncRun) Policy() ent.Policy     { return ownSyncPolicy() }
