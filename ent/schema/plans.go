package schema

// Plans, price versions and licence seats (SPEC SB-1, SB-6, SB-7; issue 18). CataloguePlan and
// PlanPrice are global rows — the same for every org, read-only to orgs (no org may create,
// change or delete one: only the catalogue seeder at start, which acts with privacy.Allow).
// License rows are tenant rows: one per purchased seat.

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CataloguePlan is one plan of the catalogue (SB-1), as seeded from catalogue.json or
// CRM_PLAN_CATALOGUE. Its attributes (names, features, limits) follow the catalogue file;
// its prices are PlanPrice versions, never edited.
type CataloguePlan struct{ ent.Schema }

func (CataloguePlan) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxLen(40).Unique().Immutable(),
		field.String("product").NotEmpty().MaxLen(40).Default("CRM").
			Comment("the product the plan is for: CRM, or a member service of the suite bundle"),
		field.String("name_en").NotEmpty().MaxLen(120),
		field.String("name_ja").NotEmpty().MaxLen(120),
		field.String("name_fr").NotEmpty().MaxLen(120),
		field.Int("rank").NonNegative(),
		field.Strings("features").Optional(),
		field.Int("max_users").NonNegative().Comment("0: no limit"),
		field.Int("record_limit").NonNegative().Comment("0: no limit"),
		field.Int("storage_gb").NonNegative(),
		field.Int("free_backups_per_month").NonNegative(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
	}
}

func (CataloguePlan) Edges() []ent.Edge {
	return []ent.Edge{edge.To("prices", PlanPrice.Type)}
}

func (CataloguePlan) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// PlanPrice is one price version of a plan in one cycle and currency: per-user amounts for
// regular and team licences and the add-on prices, all per month (a yearly cycle is billed
// 12 × up front), in minor units. A changed price is a new version; a version is never
// edited, so a subscription that pays it (billing_subscriptions.price_id) keeps its amounts
// until its renewal moves it to the current version.
type PlanPrice struct{ ent.Schema }

func (PlanPrice) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable(),
		field.Enum("cycle").Values("MONTHLY", "YEARLY").Immutable(),
		field.String("currency").Match(currencyRE).Immutable(),
		field.Int64("regular_amount").NonNegative().Immutable().Comment("per regular user per month"),
		field.Int64("team_amount").NonNegative().Immutable().Comment("per team user per month"),
		field.JSON("add_on_prices", map[string]int64{}).Optional().Immutable().
			Comment("add-on code → per unit per month (RECURRING) or per unit (ONE_TIME)"),
		field.Int("version").Positive().Immutable().Comment("1, 2, … per plan, cycle and currency"),
		field.Time("active_from").Immutable().Comment("new subscriptions and renewals pay the latest version active by then"),
	}
}

func (PlanPrice) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", CataloguePlan.Type).Ref("prices").Field("plan_id").Unique().Required().Immutable(),
	}
}

func (PlanPrice) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id", "cycle", "currency", "version").Unique()}
}

func (PlanPrice) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// License is one purchased user licence — a seat (SB-6, SB-7). The seats of an org are the
// one source of truth of how many licences it pays for: quotes, renewals and invoices count
// them. A seat is FREE or ASSIGNED to a user (active or deactivated: a deactivated user keeps
// theirs, SB-7); deleting the user frees it; buying adds FREE seats, reducing removes FREE
// seats only. Every assignment and release is in the audit log (target License).
type License struct{ ent.Schema }

func (License) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (License) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("REGULAR", "TEAM").Immutable(),
		field.Enum("state").Values("FREE", "ASSIGNED").Default("FREE"),
		field.Int("holder_id").Optional().Nillable().Comment("the user holding the seat while ASSIGNED"),
		field.Time("assigned_at").Optional().Nillable().Comment("when the current (or last) holder got it"),
		field.Time("released_at").Optional().Nillable().Comment("when the last holder gave it back"),
	}
}

func (License) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("holder", User.Type).Field("holder_id").Unique(),
	}
}

func (License) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "kind", "state"),
		index.Fields("holder_id").Unique(), // a user holds at most one seat
	}
}

func (License) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput, entgql.SkipOrderField)}
}
