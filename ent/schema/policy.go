package schema

// Privacy rules and hooks. They import the generated ent/privacy package, so on a first
// generation from scratch this file is moved aside (see Makefile target "generate-bootstrap").

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/auth"
)

func (TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{setOrgOnCreate}
}

func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{denyIfNoViewer(), filterByOrg()},
		Mutation: privacy.MutationPolicy{denyIfNoViewer(), filterByOrg()},
	}
}

// setOrgOnCreate stamps new rows with the viewer's org; a create for another org is refused.
func setOrgOnCreate(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		om, ok := m.(interface {
			OrgID() (int, bool)
			SetOrgID(int)
		})
		if !ok {
			return next.Mutate(ctx, m)
		}
		v := auth.FromContext(ctx)
		if v == nil {
			if _, set := om.OrgID(); set {
				return next.Mutate(ctx, m) // trusted code (privacy.Allow context) set the org explicitly
			}
			return nil, privacy.Denyf("no viewer to take the org from")
		}
		if id, set := om.OrgID(); set && id != v.OrgID {
			return nil, privacy.Denyf("create in another org")
		}
		om.SetOrgID(v.OrgID)
		return next.Mutate(ctx, m)
	})
}

func denyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if auth.FromContext(ctx) == nil {
			return privacy.Denyf("no viewer in context")
		}
		return privacy.Skip
	})
}

// filterByOrg adds "org_id = viewer's org" to every query, update and delete.
func filterByOrg() privacy.QueryMutationRule { return filterByField("WhereOrgID") }

// filterByField restricts a query or mutation to the viewer's org through the generated
// entql filter method named by where ("WhereOrgID" on tenant entities, "WhereID" on Organization).
func filterByField(where string) privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		org := entql.IntEQ(auth.FromContext(ctx).OrgID)
		switch where {
		case "WhereOrgID":
			tf, ok := f.(interface{ WhereOrgID(entql.IntP) })
			if !ok {
				return privacy.Denyf("entity is not tenant-scoped")
			}
			tf.WhereOrgID(org)
		case "WhereID":
			f.(interface{ WhereID(entql.IntP) }).WhereID(org)
		}
		return privacy.Skip
	})
}

// adminOnly refuses mutations from non-admins (used by admin-owned entities).
func adminOnlyMutation() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		if v := auth.FromContext(ctx); v != nil && v.IsAdmin() {
			return privacy.Skip
		}
		return privacy.Denyf("admin only")
	})
}

// adminOnlyQuery hides admin-owned entities (audit log, outbox…) from standard users.
func adminOnlyQuery() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		if v := auth.FromContext(ctx); v != nil && v.IsAdmin() {
			return privacy.Skip
		}
		return privacy.Denyf("admin only")
	})
}

func (Organization) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{denyIfNoViewer(), filterByField("WhereID")},
		Mutation: privacy.MutationPolicy{denyIfNoViewer(), adminOnlyMutation(), filterByField("WhereID")},
	}
}

func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{adminOnlyQuery()},
		Mutation: privacy.MutationPolicy{
			privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
				if !m.Op().Is(ent.OpCreate) {
					return privacy.Denyf("the audit log is append-only")
				}
				return privacy.Skip
			}),
		},
	}
}

// Notification: standard users see only notifications meant for everyone.
func (Notification) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				if v := auth.FromContext(ctx); v != nil && !v.IsAdmin() {
					f.(interface{ WhereAudience(entql.StringP) }).WhereAudience(entql.StringEQ("ALL"))
				}
				return privacy.Skip
			}),
		},
	}
}

// Billing rows are for admins (SB: admin-only); jobs act as the system viewer, an admin of
// one org. The tenant mixin's policy filters them by org first.
func adminOnlyPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{adminOnlyQuery()},
		Mutation: privacy.MutationPolicy{adminOnlyMutation()},
	}
}

func (BillingSubscription) Policy() ent.Policy { return adminOnlyPolicy() }
func (PaymentMethod) Policy() ent.Policy       { return adminOnlyPolicy() }
func (Payment) Policy() ent.Policy             { return adminOnlyPolicy() }

// The suite bundle's rows are for admins too (BU: admin-only).
func (MemberSubscription) Policy() ent.Policy { return adminOnlyPolicy() }
func (Bundle) Policy() ent.Policy             { return adminOnlyPolicy() }

// Backups are for admins only (BK-1); the tenant mixin's policy filters them by org first.
func (BackupSchedule) Policy() ent.Policy { return adminOnlyPolicy() }
func (BackupRun) Policy() ent.Policy      { return adminOnlyPolicy() }
func (BackupFile) Policy() ent.Policy     { return adminOnlyPolicy() }
func (MailMessage) Policy() ent.Policy    { return adminOnlyPolicy() }

// APIToken: personal tokens are personal (issue 9 item 11). Only the owner sees a token, by
// any path (node, nodes, lists, edges); only the owner or the SUPER_ADMIN revokes (updates)
// one; a token is created for its owner only; deleting a user (an admin's operation) deletes
// their tokens. The tenant mixin's policy filters by org first; jobs (System) see their org's.
func (APIToken) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{ownTokensOnly},
		Mutation: privacy.MutationPolicy{
			privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
				v := auth.FromContext(ctx)
				switch {
				case v == nil || v.System:
					return privacy.Skip
				case m.Op().Is(ent.OpCreate):
					if uid, ok := m.(interface{ UserID() (int, bool) }).UserID(); !ok || uid != v.UserID {
						return privacy.Denyf("an API token is created for its owner only")
					}
					return privacy.Skip
				case v.Role == auth.RoleSuperAdmin, m.Op().Is(ent.OpDelete|ent.OpDeleteOne) && v.IsAdmin():
					return privacy.Skip // an admin deleting a user deletes their tokens
				}
				return ownTokensOnly.EvalMutation(ctx, m)
			}),
		},
	}
}

// ownTokensOnly adds "user_id = viewer" to a query or mutation of API tokens (not for jobs).
var ownTokensOnly = privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
	if v := auth.FromContext(ctx); v != nil && !v.System {
		f.(interface{ WhereUserID(entql.IntP) }).WhereUserID(entql.IntEQ(v.UserID))
	}
	return privacy.Skip
})

// EmailDropbox: a dropbox address is personal like an API token: only its owner sees or
// changes it, by any path; jobs and the SMTP listener (System, or privacy-allowed to find the
// box by its token hash) see their org's.
func (EmailDropbox) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{ownTokensOnly},
		Mutation: privacy.MutationPolicy{
			privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
				v := auth.FromContext(ctx)
				switch {
				case v == nil || v.System:
					return privacy.Skip
				case m.Op().Is(ent.OpCreate):
					if uid, ok := m.(interface{ UserID() (int, bool) }).UserID(); !ok || uid != v.UserID {
						return privacy.Denyf("a dropbox address is created for its owner only")
					}
					return privacy.Skip
				case m.Op().Is(ent.OpDelete|ent.OpDeleteOne) && v.IsAdmin():
					return privacy.Skip // an admin deleting a user deletes their dropbox
				}
				return ownTokensOnly.EvalMutation(ctx, m)
			}),
		},
	}
}

// InboundEmail rows are written by the SMTP listener and the email:ingest job only (System);
// no API reads them. A person's viewer sees their own.
func (InboundEmail) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{ownTokensOnly},
		Mutation: privacy.MutationPolicy{
			privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
				if v := auth.FromContext(ctx); v == nil || v.System {
					return privacy.Skip
				}
				return privacy.Denyf("inbound emails are written by the SMTP listener and its job only")
			}),
		},
	}
}

// The plan catalogue and its price versions are global and read-only to orgs: anyone may read
// them (the public plans list), nothing may write them except trusted code acting with
// privacy.Allow (the catalogue seeder at start, the data migration).
func globalReadOnlyPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

func (CataloguePlan) Policy() ent.Policy { return globalReadOnlyPolicy() }
func (PlanPrice) Policy() ent.Policy     { return globalReadOnlyPolicy() }

// Licence seats are for admins (their list, SB-7); the tenant mixin's policy filters them by
// org first. Inviting and deleting users (admins) assign and release them.
func (License) Policy() ent.Policy { return adminOnlyPolicy() }
