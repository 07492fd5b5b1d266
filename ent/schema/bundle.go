package schema

// The suite bundle (SPEC BU, issue 14 §2). MemberSubscription is an org's own paid subscription
// to one member service of the suite (not CRM: the CRM's is the BillingSubscription); Bundle is
// the org's one bundle: its trial, what became of it and, once paid for, its contract. The
// rules live in internal/billing (rules_bundle*.go); internal/bundle loads and saves these rows.
// Every instant is stored in UTC; calendar days are the org's (organizations.time_zone).

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// memberServices are the suite's services an org subscribes to here (BU-1), CRM excepted.
var memberServices = []string{"CAMPAIGNS", "SALESIQ", "DESK", "PROJECTS", "SOCIAL", "SURVEY", "ANALYTICS"}

// MemberSubscription is an org's subscription to one member service (BU-1): its super admin,
// cycle, users, current period and what was actually paid for that period (after the balance).
// An upgrade to the bundle ends it (ended_at) and records up to when its paid time was credited
// (credited_until), so no later upgrade credits the same time again (BU-5).
type MemberSubscription struct{ ent.Schema }

func (MemberSubscription) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (MemberSubscription) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("service").Values(memberServices...).Immutable(),
		field.Int("super_admin_id").Comment("a user of the org: the service's super admin (BU-1, BU-2)"),
		field.Enum("cycle").Values("MONTHLY", "YEARLY"),
		field.Int("users").Range(1, 100_000),
		field.Time("period_start"),
		field.Time("period_end"),
		field.Int64("paid").NonNegative().Comment("minor units actually paid for the current period (card + balance)"),
		field.String("currency").Match(currencyRE),
		field.Time("credited_until").Optional().Nillable().Comment("paid time before this instant was credited to a bundle upgrade"),
		field.Time("ended_at").Optional().Nillable().Comment("ended by a bundle upgrade (or otherwise)"),
		field.Int("price_id").Optional().Nillable().Comment("the catalogue price version paid (PlanPrice)"),
		field.Int("payment_id").Optional().Nillable().Comment("the payment of the current period"),
	}
}

func (MemberSubscription) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("super_admin", User.Type).Field("super_admin_id").Unique().Required(),
		edge.To("price", PlanPrice.Type).Field("price_id").Unique(),
	}
}

func (MemberSubscription) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "service")}
}

func (MemberSubscription) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Bundle is an org's suite bundle (BU-2 … BU-5): one per org, created when its trial starts (or
// by an upgrade without a trial). state: TRIALING (extended or not), CANCELLED, EXPIRED (no
// choice made: as if cancelled), UPGRADED (the contract_* fields hold the one bundle contract).
type Bundle struct{ ent.Schema }

func (Bundle) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (Bundle) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("state").Values("NONE", "TRIALING", "CANCELLED", "EXPIRED", "UPGRADED"),
		field.Time("trial_started_at").Optional().Nillable(),
		field.Time("trial_ends_at").Optional().Nillable().Comment("the instant the trial expires: a midnight of the org's calendar"),
		field.Bool("extended").Default(false).Comment("the one extension (BU-4) was used"),
		field.Int("notices_sent").NonNegative().Default(0).Comment("notices of billing.NoticeSchedule already sent"),
		field.Time("ended_at").Optional().Nillable().Comment("cancelled, expired or upgraded at"),
		field.Time("crm_credited_until").Optional().Nillable().Comment("the CRM subscription's paid time before this was credited to the upgrade"),
		field.Enum("contract_cycle").Values("MONTHLY", "YEARLY").Optional().Nillable(),
		field.Int("contract_users").NonNegative().Default(0),
		field.JSON("contract_add_ons", map[string]int{}).Optional(),
		field.Time("contract_started_at").Optional().Nillable(),
		field.Time("contract_period_end").Optional().Nillable(),
		field.Int64("contract_price").NonNegative().Default(0).Comment("the contract's price for its period, minor units"),
		field.String("contract_currency").Optional().MaxLen(3),
		field.Int("contract_payment_id").Optional().Nillable(),
	}
}

func (Bundle) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id").Unique().StorageKey("bundle_one_per_org"),
		index.Fields("state", "trial_ends_at"),
	}
}

func (Bundle) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
