package schema

import (
	"regexp"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

func nowUTC() time.Time { return time.Now().UTC() }

// Regions are data centres (PL-3).
var Regions = []string{"US", "EU", "IN", "AU", "JP", "CA", "UK", "CN"}

var emailRE = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

func validTimeZone(s string) error {
	if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
		return apperr.Invalid("", "is not an IANA time zone (e.g. Asia/Tokyo)")
	}
	return nil
}

var currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)

// Organization is a tenant (PL-1, PL-3).
type Organization struct{ ent.Schema }

func (Organization) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, TextMixin{}} }

func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(requiredText(120)),
		field.Enum("region").Values(Regions...).Immutable(),
		field.String("time_zone").Validate(validTimeZone),
		field.String("currency").Validate(validCurrency), // and one the catalogue prices in: billing.CurrencyHook
		// Status changes only through billing (SB-12), never through updateOrganization.
		field.Enum("status").Values("ACTIVE", "LOCKED").Default("ACTIVE").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("users", User.Type).Ref("organization").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Mutations(entgql.MutationUpdate())}
}

// User is a person in one org (PL-2).
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}, TextMixin{}} }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").Validate(validEmail).Unique().
			Annotations(entgql.OrderField("EMAIL"), entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.String("name").Validate(requiredText(120)).Annotations(entgql.OrderField("NAME")),
		field.Enum("role").Values(string(auth.RoleSuperAdmin), string(auth.RoleAdmin), string(auth.RoleStandard)).
			Default(string(auth.RoleStandard)).Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Enum("status").Values("ACTIVE", "DEACTIVATED").Default("ACTIVE").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Enum("license_kind").Values("REGULAR", "TEAM").Default("REGULAR").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("password_hash").Sensitive().Optional().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("locale").Default("en").Validate(validLocale),
		// Set by an invitation (the inviter knows the temporary password), cleared by
		// changePassword: the admin app asks for a new password before anything else.
		field.Bool("must_change_password").Default(false).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("last_sign_in_at").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField().Directives(authDirective()), entgql.RelayConnection(), entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationUpdate())}
}

// Session is a signed-in browser (cookie). Only the SHA-256 of the token is stored.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("token_hash").Sensitive().Unique().Immutable(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("expires_at"),
		field.String("user_agent").Optional().Validate(maxRunes(255)),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable()}
}

func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// APIToken is a personal token for integrators (Authorization: Bearer). Stored hashed.
type APIToken struct{ ent.Schema }

func (APIToken) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TextMixin{}} }

func (APIToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(requiredText(80)),
		field.String("prefix").Immutable().Comment("first characters of the token, shown to tell tokens apart"),
		field.Bytes("token_hash").Sensitive().Unique().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

func (APIToken) Edges() []ent.Edge {
	return []ent.Edge{edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable()}
}

func (APIToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// AuditEvent is one line of the org's append-only audit log (PL-5).
type AuditEvent struct{ ent.Schema }

func (AuditEvent) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("actor_name").Immutable().Validate(maxRunes(120)),
		field.String("action").Immutable().NotEmpty().MaxLen(80).Annotations(entgql.OrderField("ACTION")),
		field.String("target_type").Optional().Immutable().MaxLen(40),
		field.String("target_id").Optional().Immutable().MaxLen(40),
		field.String("summary").Immutable().Validate(maxRunes(500)),
		field.JSON("details", map[string]any{}).Optional().Immutable().Annotations(entgql.Type("Map")),
	}
}

func (AuditEvent) Edges() []ent.Edge {
	return []ent.Edge{edge.To("actor", User.Type).Field("actor_id").Unique().Immutable()}
}

func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "created_at")}
}

func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField().Directives(adminDirective()),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// Notification is a live message for an org (kept so clients can load what they missed).
type Notification struct{ ent.Schema }

func (Notification) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.String("type").NotEmpty().MaxLen(80).Immutable(),
		field.String("title").Validate(maxRunes(300)).Immutable(),
		field.JSON("payload", map[string]any{}).Optional().Immutable().Annotations(entgql.Type("Map")),
		field.Enum("audience").Values("ALL", "ADMINS").Default("ADMINS").Immutable(),
		field.Time("published_at").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput | entgql.SkipType)),
	}
}

func (Notification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "created_at")}
}

func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// adminDirective marks a generated GraphQL field as admin-only (@hasRole(role: ADMIN)).
func adminDirective() entgql.Directive {
	return entgql.NewDirective("hasRole", &ast.Argument{Name: "role", Value: &ast.Value{Raw: "ADMIN", Kind: ast.EnumValue}})
}

// superAdminWhileLocked lets a LOCKED org's super admin still use a generated root field
// (@allowWhileLocked(role: SUPER_ADMIN), SB-12; graph/locked.go reads it from the schema).
func superAdminWhileLocked() entgql.Directive {
	return entgql.NewDirective("allowWhileLocked", &ast.Argument{Name: "role", Value: &ast.Value{Raw: "SUPER_ADMIN", Kind: ast.EnumValue}})
}

// authDirective marks a generated GraphQL field as needing a signed-in viewer (@auth).
func authDirective() entgql.Directive { return entgql.NewDirective("auth") }
