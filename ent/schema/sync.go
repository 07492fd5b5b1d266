package schema

// Mail-client sync (SPEC SY, issue 11). The rules live in internal/datasync (pure); these rows
// are its state: the per-org change log written by a hook on every contact, task, event and
// participant write (synclog.go), the user's sync clients and their per-module settings, the
// links between client items and CRM records, and the history of runs.

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// SyncCounter is an org's position in its change log: seq is the last number given, pruned the
// highest number forgotten with its tombstone (a token before it answers RESYNC_REQUIRED).
// Its row is locked by the increment until the writing transaction commits, so numbers are
// given in commit order on every database.
type SyncCounter struct{ ent.Schema }

func (SyncCounter) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }
func (SyncCounter) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Default(0),
		field.Int64("pruned").Default(0),
		field.Bool("backfilled").Default(false).Comment("records older than the log were entered once"),
	}
}
func (SyncCounter) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id").Unique().StorageKey("synccounter_one_per_org")}
}
func (SyncCounter) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// SyncChange is the latest change of one record in the org's change log (issue 11 item 1): one
// row per record, moved to the end of the log by each change; a deletion is a tombstone kept
// for CRM_SYNC_TOMBSTONE_TTL.
type SyncChange struct{ ent.Schema }

func (SyncChange) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }
func (SyncChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq"),
		field.Enum("module").GoType(syncenum.Module("")).Annotations(entgql.Type("SyncModule")),
		field.Int("record_id"),
		field.Enum("op").GoType(syncenum.Op("")).Annotations(entgql.Type("SyncOp")),
		field.Time("changed_at").Default(nowUTC),
	}
}
func (SyncChange) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "module", "record_id").Unique(),
		index.Fields("org_id", "module", "seq"),
		index.Fields("op", "changed_at"),
	}
}
func (SyncChange) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// SyncClient is one mail client of a user (a plug-in, later a DAV client). A user may have
// several (SY-1).
type SyncClient struct{ ent.Schema }

func (SyncClient) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}, TextMixin{}} }
func (SyncClient) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(requiredText(120)).Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Values("PLUGIN", "DAV").Default("PLUGIN").Immutable(),
		field.Int("user_id").Immutable(),
		field.Time("last_sync_at").Optional().Nillable().Annotations(entgql.OrderField("LAST_SYNC_AT")),
	}
}
func (SyncClient) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
		edge.To("settings", SyncSetting.Type).Annotations(entgql.RelayConnection()),
		edge.To("runs", SyncRun.Type).Annotations(entgql.RelayConnection()),
		edge.To("items", SyncItem.Type).Annotations(entgql.RelayConnection()),
	}
}
func (SyncClient) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField().Directives(authDirective()),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// SyncSetting is one module's settings of one client (SY-1).
type SyncSetting struct{ ent.Schema }

func (SyncSetting) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }
func (SyncSetting) Fields() []ent.Field {
	return []ent.Field{
		field.Int("client_id").Immutable(),
		field.Int("user_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("module").GoType(syncenum.Module("")).Annotations(entgql.Type("SyncModule")).Immutable(),
		field.Bool("enabled").Default(true),
		field.Enum("direction").GoType(syncenum.Direction("")).Annotations(entgql.Type("SyncDirection")).Default(string(syncenum.Both)),
		field.Enum("mode").GoType(syncenum.Mode("")).Annotations(entgql.Type("SyncMode")).Default(string(syncenum.Manual)),
		field.Strings("folders").Optional().Comment("client folders synced; empty: all"),
		field.String("category").Optional().Validate(line(120)).
			Comment(`only items in this client category (e.g. "Zoho"); empty: every item`),
		field.Time("automatic_since").Optional().Nillable().Comment("when AUTOMATIC was chosen: only later changes sync automatically"),
		field.Int64("automatic_seq").Default(0).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}
func (SyncSetting) Edges() []ent.Edge {
	return []ent.Edge{edge.From("client", SyncClient.Type).Ref("settings").Field("client_id").Unique().Required().Immutable()}
}
func (SyncSetting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("client_id", "module").Unique()}
}
func (SyncSetting) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// SyncItem links a client item to a CRM record (issue 11 item 3): the client's ID and version,
// the record and the change-log position last synced, the state, and the raw payload the
// client sent (properties the CRM does not map survive a round trip).
type SyncItem struct{ ent.Schema }

func (SyncItem) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }
func (SyncItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("client_id").Immutable(),
		field.Int("user_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("module").GoType(syncenum.Module("")).Annotations(entgql.Type("SyncModule")).Immutable(),
		field.String("client_item_id").NotEmpty().MaxLen(255).Immutable(),
		field.Time("client_version").Comment("the client's modification time last received"),
		field.Int("record_id").Optional().Nillable().Annotations(entgql.Type("ID")).Comment("the CRM record (none while a create is ignored or refused)"),
		field.Int64("crm_seq").Default(0).Comment("the record's change-log position last synced"),
		field.Enum("state").GoType(syncenum.ItemState("")).Annotations(entgql.Type("SyncItemState")).Annotations(entgql.OrderField("STATE")),
		field.String("ignore_field").Optional().Comment("IGNORED: the client field over its limit or unreadable"),
		field.Int("ignore_limit").Optional().Comment("IGNORED: the field's limit in characters"),
		field.String("reason").Optional().MaxLen(500).Comment("why the item is not synced, in words"),
		field.Int("misses").Default(0).Comment("consecutive full listings without the item"),
		field.JSON("raw", map[string]any{}).Optional().Annotations(entgql.Type("Map")).
			Comment("the item as the client last sent it"),
		field.JSON("conflict", map[string]any{}).Optional().Annotations(entgql.Type("Map")).
			Comment("CONFLICT: the winner and the version kept (SY-9)"),
	}
}
func (SyncItem) Edges() []ent.Edge {
	return []ent.Edge{edge.From("client", SyncClient.Type).Ref("items").Field("client_id").Unique().Required().Immutable()}
}
func (SyncItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("client_id", "module", "client_item_id").Unique(),
		index.Fields("client_id", "module", "record_id"),
	}
}
func (SyncItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField().Directives(authDirective()),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// SyncRun is one sync of one module in one direction (SY-2, SY-7): a pushed batch (the batch
// is kept until applied, so a worker that dies loses nothing) and what it did.
type SyncRun struct{ ent.Schema }

func (SyncRun) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }
func (SyncRun) Fields() []ent.Field {
	return []ent.Field{
		field.Int("client_id").Immutable(),
		field.Int("user_id").Immutable(),
		field.String("user_name").Immutable().Validate(maxRunes(120)),
		field.Enum("module").GoType(syncenum.Module("")).Annotations(entgql.Type("SyncModule")).Immutable(),
		field.Enum("direction").GoType(syncenum.Direction("")).Annotations(entgql.Type("SyncDirection")).Immutable(),
		field.String("batch_key").NotEmpty().MaxLen(255).Immutable(),
		field.Bool("automatic").Default(false).Immutable(),
		field.Bool("full_listing").Default(false).Immutable(),
		field.Enum("state").GoType(syncenum.RunState("")).Annotations(entgql.Type("SyncRunState")).Default(string(syncenum.RunQueued)).Annotations(entgql.OrderField("STATE")),
		field.Int("added").Default(0),
		field.Int("updated").Default(0),
		field.Int("deleted").Default(0),
		field.Int("ignored").Default(0),
		field.Int("conflicts").Default(0),
		field.Int("refused").Default(0).Comment("PERMISSION_DENIED and READ_ONLY items (SY-8)"),
		field.Int("skipped").Default(0).Comment("out of the settings' scope, or unchanged"),
		field.JSON("report", []map[string]any{}).Optional().Annotations(entgql.Type("[Map!]")).
			Comment("one entry per item not simply synced: ignored (field, limit), refused, conflicts (both versions)"),
		field.Bytes("batch").Optional().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("the pushed items until applied"),
		field.Time("started_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("STARTED_AT")),
		field.Time("finished_at").Optional().Nillable(),
		field.String("error").Optional().MaxLen(500),
	}
}
func (SyncRun) Edges() []ent.Edge {
	return []ent.Edge{edge.From("client", SyncClient.Type).Ref("runs").Field("client_id").Unique().Required().Immutable()}
}
func (SyncRun) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("client_id", "batch_key").Unique(), // a batch applies once
		index.Fields("state"),
	}
}
func (SyncRun) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField().Directives(authDirective()), entgql.MultiOrder(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
