package schema

// Emails to records (SPEC EM, issue 13): each user's email settings. The Email entity itself is
// in crm.go.

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
)

// EmailSetting is one user's email settings (EM-1, EM-3): which modules addresses are matched
// against, whether sent emails are added automatically, whether attachments are kept by
// default. At most one row per user; a user without one has the defaults.
type EmailSetting struct{ ent.Schema }

func (EmailSetting) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }
func (EmailSetting) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.Enum("match_with").GoType(emailkind.Match("")).Default(string(emailkind.MatchBoth)),
		field.Bool("add_sent_automatically").Default(true),
		field.Bool("keep_attachments").Default(true),
	}
}
func (EmailSetting) Edges() []ent.Edge {
	return []ent.Edge{edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable().
		Annotations(entsql.OnDelete(entsql.Cascade))} // deleting a user deletes their settings
}
func (EmailSetting) Indexes() []ent.Index { return []ent.Index{index.Fields("user_id").Unique()} }
func (EmailSetting) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
