package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
)

// TenantMixin makes an entity belong to one org (PL-1): an immutable org_id set from the
// viewer on create, and privacy rules that filter every query and mutation by the viewer's org.
// Code that must cross orgs (sign-in by email, the reconciler) says so with privacy.DecisionContext.
type TenantMixin struct{ mixin.Schema }

func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("org_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes: org_id alone lets "WHERE org_id = ? ORDER BY id" (every paginated list) walk the
// index in id order instead of sorting the org's rows.
func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id")}
}

func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("organization", Organization.Type).Field("org_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// TimeMixin adds created/updated timestamps, orderable in GraphQL.
type TimeMixin struct{ mixin.Schema }

func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(nowUTC).Immutable().
			Annotations(entgql.OrderField("CREATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC).
			Annotations(entgql.OrderField("UPDATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}
