package schema

// CRM modules (PL-4). Field lengths follow SPEC SY-3 and are enforced by ent validators on
// every write; ent's validation error names the field, graph/errors.go adds the limit.

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
)

// Description holds long notes: 32,000 characters (SY-3).
const descriptionMax = 32000

// text is an optional string limited to max characters (runes, as users count them).
func text(name string, max int) ent.Field {
	return field.String(name).Optional().Validate(line(max)).
		Annotations(entgql.OrderField(orderName(name))).
		Comment(limitComment(max))
}

// street is a postal street address: like text, but it may span lines.
func street(name string, max int) ent.Field {
	return field.String(name).Optional().Validate(multiline(max)).
		Annotations(entgql.OrderField(orderName(name))).
		Comment(limitComment(max))
}

// longText is like text but not orderable (descriptions, bodies).
func longText(name string, max int) ent.Field {
	return field.Text(name).Optional().Validate(multiline(max)).Comment(limitComment(max))
}

func emailField(name string) ent.Field {
	return field.String(name).Optional().Validate(func(s string) error {
		if s == "" {
			return nil
		}
		return validEmail(s)
	}).Annotations(entgql.OrderField(orderName(name))).Comment(limitComment(254))
}

// RecordMixin is what every CRM module shares: tenant, timestamps, owner, Relay queries and
// create/update inputs for GraphQL.
type RecordMixin struct{ mixin.Schema }

func (RecordMixin) Fields() []ent.Field {
	return []ent.Field{field.Int("owner_id").Optional().Nillable()}
}

func (RecordMixin) Edges() []ent.Edge {
	return []ent.Edge{edge.To("owner", User.Type).Field("owner_id").Unique()}
}

func (RecordMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "created_at")}
}

func (RecordMixin) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField().Directives(authDirective()), entgql.RelayConnection(), entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

func recordMixins() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, RecordMixin{}, TextMixin{}}
}

// Lead is a prospect not yet qualified.
type Lead struct{ ent.Schema }

func (Lead) Mixin() []ent.Mixin { return recordMixins() }
func (Lead) Fields() []ent.Field {
	return []ent.Field{
		text("first_name", 40),
		field.String("last_name").Validate(requiredText(80)).Annotations(entgql.OrderField("LAST_NAME")).Comment(limitComment(80)),
		emailField("email"),
		text("company", 200),
		text("title", 100),
		text("phone", 50),
		text("mobile", 30),
		text("lead_source", 100),
		field.Enum("status").Values("NEW", "CONTACTED", "QUALIFIED", "LOST", "CONVERTED").Default("NEW").
			Annotations(entgql.OrderField("STATUS")),
		longText("description", descriptionMax),
	}
}
func (Lead) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("notes", Note.Type).Ref("lead").Annotations(entgql.RelayConnection()),
		edge.From("attachments", Attachment.Type).Ref("lead"),
		edge.From("emails", Email.Type).Ref("leads"),
	}
}

// Account is a company.
type Account struct{ ent.Schema }

func (Account) Mixin() []ent.Mixin { return recordMixins() }
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(requiredText(200)).Annotations(entgql.OrderField("NAME")).Comment(limitComment(200)),
		text("website", 255),
		text("phone", 50),
		text("industry", 100),
		street("billing_street", 250),
		text("billing_city", 30),
		text("billing_state", 30),
		text("billing_zip", 30),
		text("billing_country", 30),
		longText("description", descriptionMax),
	}
}
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("contacts", Contact.Type).Ref("account").Annotations(entgql.RelayConnection()),
		edge.From("deals", Deal.Type).Ref("account").Annotations(entgql.RelayConnection()),
		edge.From("notes", Note.Type).Ref("account"),
		edge.From("attachments", Attachment.Type).Ref("account"),
	}
}

// Contact is a person at an account (fields and limits: SY-3).
type Contact struct{ ent.Schema }

func (Contact) Mixin() []ent.Mixin { return recordMixins() }
func (Contact) Fields() []ent.Field {
	return []ent.Field{
		text("first_name", 40),
		field.String("last_name").Validate(requiredText(80)).Annotations(entgql.OrderField("LAST_NAME")).Comment(limitComment(80)),
		emailField("email"),
		text("title", 100),
		text("department", 50),
		text("phone", 50),
		text("home_phone", 30),
		text("other_phone", 30),
		text("fax", 30),
		text("mobile", 30),
		text("assistant", 50),
		text("asst_phone", 30),
		text("reports_to", 50),
		street("mailing_street", 250),
		text("mailing_city", 30),
		text("mailing_state", 30),
		text("mailing_zip", 30),
		text("mailing_country", 30),
		street("other_street", 250),
		text("other_city", 30),
		text("other_state", 30),
		text("other_zip", 30),
		text("other_country", 30),
		longText("description", descriptionMax),
		field.Time("date_of_birth").Optional().Nillable(),
		field.Int("account_id").Optional().Nillable(),
	}
}
func (Contact) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique(),
		edge.From("deals", Deal.Type).Ref("contact"),
		edge.From("tasks", Task.Type).Ref("contact").Annotations(entgql.RelayConnection()),
		edge.From("support_cases", SupportCase.Type).Ref("contact"),
		edge.From("notes", Note.Type).Ref("contact"),
		edge.From("attachments", Attachment.Type).Ref("contact"),
		edge.From("emails", Email.Type).Ref("contacts"),
		edge.From("event_participations", EventParticipant.Type).Ref("contact"),
	}
}
func (Contact) Indexes() []ent.Index { return []ent.Index{index.Fields("org_id", "email")} }

// Deal is a sales opportunity. Amount is in minor units of currency.
type Deal struct{ ent.Schema }

func (Deal) Mixin() []ent.Mixin { return recordMixins() }
func (Deal) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(requiredText(120)).Annotations(entgql.OrderField("NAME")).Comment(limitComment(120)),
		field.Int64("amount").Default(0).NonNegative().Annotations(entgql.OrderField("AMOUNT")).Comment("minor units"),
		field.String("currency").Validate(validCurrency).Default("USD"),
		field.Enum("stage").Values("QUALIFICATION", "NEEDS_ANALYSIS", "PROPOSAL", "NEGOTIATION", "CLOSED_WON", "CLOSED_LOST").
			Default("QUALIFICATION").Annotations(entgql.OrderField("STAGE")),
		field.Time("closing_date").Optional().Nillable().Annotations(entgql.OrderField("CLOSING_DATE")),
		longText("description", descriptionMax),
		field.Int("account_id").Optional().Nillable(),
		field.Int("contact_id").Optional().Nillable(),
	}
}
func (Deal) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique(),
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.From("tasks", Task.Type).Ref("deal"),
		edge.From("notes", Note.Type).Ref("deal"),
		edge.From("attachments", Attachment.Type).Ref("deal"),
		edge.From("emails", Email.Type).Ref("deals"),
	}
}

// Task is a to-do (SY-3: subject 255, due date, priority, status, description).
type Task struct{ ent.Schema }

func (Task) Mixin() []ent.Mixin { return recordMixins() }
func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").Validate(requiredText(255)).Annotations(entgql.OrderField("SUBJECT")).Comment(limitComment(255)),
		field.Time("due_date").Optional().Nillable().Annotations(entgql.OrderField("DUE_DATE")),
		field.Enum("priority").Values("HIGHEST", "HIGH", "NORMAL", "LOW", "LOWEST").Default("NORMAL"),
		field.Enum("status").Values("NOT_STARTED", "DEFERRED", "IN_PROGRESS", "COMPLETED", "WAITING").Default("NOT_STARTED").
			Annotations(entgql.OrderField("STATUS")),
		longText("description", descriptionMax),
		field.Int("contact_id").Optional().Nillable(),
		field.Int("deal_id").Optional().Nillable(),
	}
}
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.To("deal", Deal.Type).Field("deal_id").Unique(),
		edge.From("attachments", Attachment.Type).Ref("task"),
	}
}

// Event is a meeting (SY-3: subject 255, start, end, venue 255, description, participants).
type Event struct{ ent.Schema }

func (Event) Mixin() []ent.Mixin { return recordMixins() }
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").Validate(requiredText(255)).Annotations(entgql.OrderField("SUBJECT")).Comment(limitComment(255)),
		field.Time("start_at").Annotations(entgql.OrderField("START_AT")),
		field.Time("end_at").Annotations(entgql.OrderField("END_AT")),
		text("venue", 255),
		longText("description", descriptionMax),
	}
}

// Hooks: an event ends after it starts, and it goes to the sync change log (synclog.go).

func (Event) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("participants", EventParticipant.Type).Ref("event"),
		edge.From("attachments", Attachment.Type).Ref("event"),
	}
}

// EventParticipant is an attendee: linked to a contact, lead or user, or a bare email (SY-6).
type EventParticipant struct{ ent.Schema }

func (EventParticipant) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, TextMixin{}}
}
func (EventParticipant) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id"),
		field.String("email").Validate(validEmail).Annotations(entgql.OrderField("EMAIL")),
		text("name", 120),
		field.Int("contact_id").Optional().Nillable(),
		field.Int("lead_id").Optional().Nillable(),
		field.Int("user_id").Optional().Nillable(),
	}
}
func (EventParticipant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("event", Event.Type).Field("event_id").Unique().Required(),
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.To("lead", Lead.Type).Field("lead_id").Unique(),
		edge.To("user", User.Type).Field("user_id").Unique(),
	}
}
func (EventParticipant) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate())}
}

// SupportCase is a support request ("Cases" module).
type SupportCase struct{ ent.Schema }

func (SupportCase) Mixin() []ent.Mixin { return recordMixins() }
func (SupportCase) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").Validate(requiredText(255)).Annotations(entgql.OrderField("SUBJECT")).Comment(limitComment(255)),
		field.Enum("status").Values("NEW", "ON_HOLD", "ESCALATED", "CLOSED").Default("NEW").Annotations(entgql.OrderField("STATUS")),
		field.Enum("priority").Values("HIGH", "MEDIUM", "LOW").Default("MEDIUM"),
		field.Enum("origin").Values("EMAIL", "PHONE", "WEB").Default("EMAIL"),
		emailField("email"),
		text("contact_name", 120),
		longText("description", descriptionMax),
		field.Int("contact_id").Optional().Nillable(),
		field.Int("account_id").Optional().Nillable(),
	}
}
func (SupportCase) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.To("account", Account.Type).Field("account_id").Unique(),
		edge.From("notes", Note.Type).Ref("support_case"),
		edge.From("attachments", Attachment.Type).Ref("support_case"),
		edge.From("emails", Email.Type).Ref("support_case"),
	}
}

// Note is free text on a record.
type Note struct{ ent.Schema }

func (Note) Mixin() []ent.Mixin { return recordMixins() }
func (Note) Fields() []ent.Field {
	return []ent.Field{
		text("title", 120),
		longText("body", descriptionMax),
		field.Int("lead_id").Optional().Nillable(),
		field.Int("contact_id").Optional().Nillable(),
		field.Int("account_id").Optional().Nillable(),
		field.Int("deal_id").Optional().Nillable(),
		field.Int("support_case_id").Optional().Nillable(),
	}
}
func (Note) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("lead", Lead.Type).Field("lead_id").Unique(),
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.To("account", Account.Type).Field("account_id").Unique(),
		edge.To("deal", Deal.Type).Field("deal_id").Unique(),
		edge.To("support_case", SupportCase.Type).Field("support_case_id").Unique(),
	}
}

// Attachment is a file on a record; its bytes live in the blob store under blob_key.
type Attachment struct{ ent.Schema }

func (Attachment) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}, TextMixin{}} }
func (Attachment) Fields() []ent.Field {
	return []ent.Field{
		field.String("file_name").Validate(requiredText(255)).Annotations(entgql.OrderField("FILE_NAME")),
		field.String("content_type").Default("application/octet-stream").MaxLen(120),
		field.Int64("size").NonNegative().Annotations(entgql.OrderField("SIZE")),
		field.String("sha256").MaxLen(64),
		field.String("blob_key").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("lead_id").Optional().Nillable(),
		field.Int("contact_id").Optional().Nillable(),
		field.Int("account_id").Optional().Nillable(),
		field.Int("deal_id").Optional().Nillable(),
		field.Int("task_id").Optional().Nillable(),
		field.Int("event_id").Optional().Nillable(),
		field.Int("support_case_id").Optional().Nillable(),
	}
}
func (Attachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("lead", Lead.Type).Field("lead_id").Unique(),
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.To("account", Account.Type).Field("account_id").Unique(),
		edge.To("deal", Deal.Type).Field("deal_id").Unique(),
		edge.To("task", Task.Type).Field("task_id").Unique(),
		edge.To("event", Event.Type).Field("event_id").Unique(),
		edge.To("support_case", SupportCase.Type).Field("support_case_id").Unique(),
	}
}
func (Attachment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField().Directives(authDirective()), entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// Email is a message linked to records (EM-1…EM-5). Email bodies are not backed up (BK-2).
type Email struct{ ent.Schema }

func (Email) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}, TextMixin{}} }
func (Email) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").Validate(line(255)).Annotations(entgql.OrderField("SUBJECT")),
		field.String("from_address").Validate(validEmail),
		field.String("from_name").Optional().Validate(line(120)),
		field.Strings("to_addresses").Optional().Validate(recipients).Comment("at most 100 addresses"),
		field.Strings("cc_addresses").Optional().Validate(recipients).Comment("at most 100 addresses"),
		longText("body", 1<<20),
		longText("html_body", 1<<20),
		field.Time("sent_at").Annotations(entgql.OrderField("SENT_AT")),
		field.Enum("direction").Values("INCOMING", "OUTGOING"),
		field.String("message_id").Optional().MaxLen(255),
		field.Int("support_case_id").Optional().Nillable(),
	}
}
func (Email) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("leads", Lead.Type),
		edge.To("contacts", Contact.Type),
		edge.To("deals", Deal.Type),
		edge.To("support_case", SupportCase.Type).Field("support_case_id").Unique(),
	}
}

// Indexes: the same Message-ID in one org is one email (EM-1); emails without one never collide.
func (Email) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "message_id").Unique().
		Annotations(entsql.IndexWhere("message_id IS NOT NULL AND message_id <> ''"))}
}
func (Email) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField().Directives(authDirective()), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate())}
}
