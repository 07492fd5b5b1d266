package schema

// Subscriptions and billing (SPEC SB). The rules live in internal/billing (pure); these rows
// are what the billing service loads into billing.State and saves back.

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/crmadmin/crmadmin/internal/kind/receipt"
)

// BillingSubscription is an org's one subscription (SB-1…SB-12). It is not called
// "Subscription" so that it never meets GraphQL's root Subscription type; the API shows it
// through the hand-written SubscriptionOverview (graph/billing.graphqls).
type BillingSubscription struct{ ent.Schema }

func (BillingSubscription) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (BillingSubscription) Fields() []ent.Field {
	return []ent.Field{
		field.String("plan").NotEmpty().MaxLen(40).Comment("plan paid for; during a trial the plan the org returns to"),
		field.Enum("cycle").Values("MONTHLY", "YEARLY").Default("MONTHLY"),
		field.String("currency").Match(currencyRE),
		field.Enum("status").Values("TRIALING", "ACTIVE", "PAST_DUE", "LOCKED").Default("ACTIVE"),
		field.Time("period_start"),
		field.Time("period_end").Comment("while PAST_DUE or LOCKED: the unpaid renewal date dunning counts from"),
		field.Int("regular_licenses").NonNegative().Default(1).
			Comment("a copy of the org's REGULAR License rows, written in the same transaction; the rows are the source of truth"),
		field.Int("team_licenses").NonNegative().Default(0).Comment("a copy of the org's TEAM License rows (see regular_licenses)"),
		field.JSON("add_ons", map[string]int{}).Optional().Comment("recurring add-on units by code"),
		field.Int64("balance").NonNegative().Default(0).Comment("account credit, minor units of currency (SB-4)"),
		field.String("trial_plan").Optional().Nillable().MaxLen(40),
		field.Time("trial_started_at").Optional().Nillable(),
		field.Time("trial_ends_at").Optional().Nillable(),
		field.Strings("tried_plans").Optional().Comment("plans already tried: each once (SB-2)"),
		field.Int("retries_done").NonNegative().Default(0).Comment("renewal retries made while PAST_DUE (SB-11)"),
		field.Time("locked_at").Optional().Nillable(),
		field.String("last_failure").Optional().MaxLen(300).Comment("why the last renewal charge failed"),
		field.Int("backup_units").NonNegative().Default(0).Comment("prepaid one-time backup units not used yet (BK-9, BK-11)"),
		field.String("next_action").Optional().MaxLen(30).Comment("what the billing worker does next (billing.Action)"),
		field.Time("next_action_at").Optional().Nillable().Comment("when; billing:tick scans for rows due"),
		field.Int("price_id").Optional().Nillable().Comment("the price version paid (PlanPrice); kept until the renewal (issue 18)"),
		field.Int("next_price_id").Optional().Nillable().Comment("the price version the next renewal moves to, once announced to the org's admins"),
	}
}

func (BillingSubscription) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("price", PlanPrice.Type).Field("price_id").Unique(),
		edge.To("next_price", PlanPrice.Type).Field("next_price_id").Unique(),
	}
}

func (BillingSubscription) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id").Unique().StorageKey("billingsubscription_one_per_org"),
		index.Fields("next_action_at"),
	}
}

func (BillingSubscription) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

var last4RE = regexp.MustCompile(`^[0-9]{4}$`)

// PaymentMethod is the card on file (SB-10): the gateway's token, brand, last 4 digits and
// expiry — never the card number or the CVC. One per org.
type PaymentMethod struct{ ent.Schema }

func (PaymentMethod) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (PaymentMethod) Fields() []ent.Field {
	return []ent.Field{
		field.String("gateway").NotEmpty().MaxLen(40),
		field.String("token").NotEmpty().MaxLen(200).Sensitive(),
		field.String("brand").MaxLen(20),
		field.String("last4").Match(last4RE),
		field.Int("exp_month").Range(1, 12),
		field.Int("exp_year").Range(2000, 2200),
	}
}

func (PaymentMethod) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id").Unique().StorageKey("paymentmethod_one_per_org")}
}

func (PaymentMethod) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Payment is one line of the payment history (SB-13): a card charge, a charge paid from the
// account balance, or a refund to the balance; failed attempts are kept too.
type Payment struct{ ent.Schema }

func (Payment) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (Payment) Fields() []ent.Field {
	return []ent.Field{
		field.String("reference").NotEmpty().MaxLen(40).Unique().Immutable().
			Comment("the payment ID people see and quote, e.g. PAY-7K2M9QX4TB3D"),
		field.Enum("kind").Values("CHARGE", "REFUND").Immutable(),
		field.Enum("status").Values("PENDING", "SUCCEEDED", "FAILED").Default("PENDING").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("source").Values("CARD", "BALANCE").Default("CARD").
			Comment("CARD: charged to the card on file; BALANCE: paid from or refunded to the account balance"),
		field.Int64("amount").NonNegative().Annotations(entgql.OrderField("AMOUNT")).
			Comment("minor units of currency: the total paid (or refunded)"),
		field.Int64("balance_applied").NonNegative().Default(0).
			Comment("part of amount taken from the account balance; the card paid amount − balanceApplied"),
		field.String("currency").Match(currencyRE),
		field.String("product").NotEmpty().MaxLen(40).Default("CRM"),
		field.String("plan").MaxLen(40).Comment("the plan the payment is for"),
		field.String("description").MaxLen(300),
		field.JSON("lines", []receipt.Line{}).Optional().Annotations(entgql.Type("[PaymentLine!]")),
		field.String("card_brand").Optional().MaxLen(20),
		field.String("card_last4").Optional().MaxLen(4),
		field.String("gateway_ref").Optional().MaxLen(200).Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("failure_reason").Optional().MaxLen(300),
		field.String("idempotency_key").Optional().Nillable().Immutable().MaxLen(200).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("idempotency_fingerprint").Optional().Immutable().MaxLen(100).
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("the operation and a hash of its parameters the key paid for: the same key with another fingerprint is refused (issue 9 item 9)"),
	}
}

func (Payment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "idempotency_key").Unique(), // a double submit charges once
		index.Fields("org_id", "created_at"),
	}
}

func (Payment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField().Directives(adminDirective(), superAdminWhileLocked()),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
