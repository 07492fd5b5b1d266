package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// EmailDropbox is a user's private dropbox address (issue 13 item 7): mail sent (BCC) or
// forwarded to <token>@CRM_SMTP_DROPBOX_DOMAIN is added to the CRM as that user. The token is
// kept twice: its SHA-256 (the SMTP listener finds the box by it) and sealed with a key derived
// from CRM_SECRET (AES-GCM), so that its owner can see the address again; a copy of the
// database alone gives neither. One box per user; rotating replaces both at once.
type EmailDropbox struct{ ent.Schema }

func (EmailDropbox) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (EmailDropbox) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable().Unique(),
		field.Bytes("token_hash").Sensitive().Unique(),
		field.Bytes("token_sealed").Sensitive(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("rotated_at").Default(nowUTC),
	}
}

func (EmailDropbox) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// InboundEmail is one message the SMTP listener accepted for a dropbox: the raw message is in
// the org's file store under blob_key until the email:ingest job has added it (then the blob
// is deleted and the row stays DONE, so the same Message-ID accepted again is not processed
// twice). The row is the source of truth; the reconciler re-enqueues QUEUED rows.
type InboundEmail struct{ ent.Schema }

func (InboundEmail) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (InboundEmail) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.String("message_id").Immutable().NotEmpty().MaxLen(998).
			Comment("RFC 5322 Message-ID without angle brackets, or sha256:<hex> of the content when the message has none"),
		field.String("blob_key").Immutable().NotEmpty(),
		field.Int64("size").Immutable(),
		field.Enum("state").Values("QUEUED", "DONE", "FAILED").Default("QUEUED"),
		field.String("error").Optional().MaxLen(500),
		field.Int("email_id").Optional().Nillable().Comment("the email the emails domain added"),
		field.Time("received_at").Default(nowUTC).Immutable(),
		field.Time("done_at").Optional().Nillable(),
	}
}

func (InboundEmail) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "message_id").Unique(), // one message once per org (EM-1)
		index.Fields("state", "received_at"),          // the reconciler's scan
	}
}

func (InboundEmail) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
