package schema

// Data backups (SPEC BK). The rules live in internal/backup (pure); these rows are the source
// of truth the worker executes from: a schedule, its runs (one per slot), and the files of a
// finished run. The backup log (BK-19) is the audit log filtered to backup actions.

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

var dateRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// vocab types a field with a backupkind type and names its GraphQL enum, which
// graph/backup.graphqls declares (with its documentation) and gqlgen.yml binds to the same
// type: one spelling for ent, the rules and the API (issue 10 move 1).
func vocab(gqlEnum string) schema.Annotation {
	return entgql.Type(gqlEnum)
}

// noEnum keeps entgql from declaring the enum again (graph/backup.graphqls has it).
var noEnum = entgql.Skip(entgql.SkipEnumField)

// BackupSchedule is when an org's backups run (BK-6). An org has at most one ACTIVE schedule
// (BK-7): a partial unique index makes that a database fact, not only a service check.
type BackupSchedule struct{ ent.Schema }

func (BackupSchedule) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (BackupSchedule) Fields() []ent.Field {
	return []ent.Field{
		// Editable while ACTIVE (updateBackupSchedule, issue 17 item 7); never IMMEDIATE (the service refuses it).
		field.Enum("repeat_type").GoType(backupkind.RepeatType("")).Annotations(vocab("BackupRepeatType"), noEnum),
		field.Enum("weekday").GoType(backupkind.Weekday("")).Optional().Nillable().
			Annotations(vocab("BackupScheduleWeekday"), noEnum).Comment("WEEKLY, TWICE_A_MONTH, MONTHLY_WEEKDAY"),
		field.Int("day_of_month").Range(1, 31).Optional().Nillable().Comment("MONTHLY_DATE: 1–31, the last day in shorter months"),
		field.Enum("week_of_month").GoType(backupkind.WeekOfMonth("")).Optional().Nillable().
			Annotations(vocab("BackupScheduleWeekOfMonth"), noEnum).Comment("MONTHLY_WEEKDAY"),
		field.String("start_date").Match(dateRE).Comment("first local day a run may happen, YYYY-MM-DD"),
		field.Int("hour").Range(0, 23).Comment("local hour of the runs, in the org's time zone"),
		field.Enum("status").Values("ACTIVE", "STOPPED").Default("ACTIVE"),
		field.Time("next_run_at").Optional().Nillable().Comment("the next slot while ACTIVE"),
		field.Int("created_by_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("created_by_name").Immutable().Validate(maxRunes(120)),
		field.Time("stopped_at").Optional().Nillable(),
		field.String("stopped_by_name").Optional().Validate(maxRunes(120)),
	}
}

func (BackupSchedule) Edges() []ent.Edge {
	return []ent.Edge{edge.To("runs", BackupRun.Type).Annotations(entgql.RelayConnection())}
}

func (BackupSchedule) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id").Unique().StorageKey("backupschedule_one_active_per_org").
			Annotations(entsql.IndexWhere("status = 'ACTIVE'")), // BK-7
	}
}

func (BackupSchedule) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// BackupRun is one backup: a schedule's slot or a one-off request (BK-12). slot_key makes a
// slot run once however many ticks see it (BK-13).
type BackupRun struct{ ent.Schema }

func (BackupRun) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (BackupRun) Fields() []ent.Field {
	return []ent.Field{
		field.Int("schedule_id").Optional().Nillable().Immutable(),
		field.Enum("repeat_type").GoType(backupkind.RepeatType("")).Immutable().Annotations(vocab("BackupRepeatType"), noEnum),
		field.Time("slot_at").Immutable().Annotations(entgql.OrderField("SLOT_AT")).
			Comment("when the run was due: the schedule's slot, or the request time"),
		field.String("slot_key").NotEmpty().MaxLen(80).Unique().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		// Changed only by internal/backup's transition helper (a compare-and-swap on the current state, BK-12).
		field.Enum("state").GoType(backupkind.RunState("")).Default(string(backupkind.RunScheduled)).
			Annotations(entgql.OrderField("STATE"), vocab("BackupRunState"), noEnum),
		field.Enum("cover").GoType(backupkind.Cover("")).Optional().Nillable().
			Annotations(vocab("BackupRunCover"), noEnum).Comment("what paid for the run (BK-9)"),
		field.String("quota_month").Optional().MaxLen(7).Comment("the calendar month (org's zone) whose quota covered it"),
		field.Int64("records_done").NonNegative().Default(0),
		field.Int64("records_total").NonNegative().Default(0),
		field.JSON("record_counts", map[string]int64{}).Optional().Annotations(entgql.Type("Map")).
			Comment("records per module, from the archive's manifest"),
		field.Int64("attachments").NonNegative().Default(0),
		field.Int64("total_bytes").NonNegative().Default(0).Comment("bytes of every archive part"),
		field.Int("attempts").NonNegative().Default(0), // times a worker claimed the run
		field.Time("heartbeat_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("wall-clock time the claiming worker last showed it is alive; stale = the worker died (BK-13)"),
		field.String("error").Optional().Validate(maxRunes(500)),
		field.String("requested_by_name").Optional().Validate(maxRunes(120)),
		field.Time("queued_at").Optional().Nillable(),
		field.Time("started_at").Optional().Nillable(),
		field.Time("archived_at").Optional().Nillable(),
		field.Time("ready_at").Optional().Nillable(),
		field.Time("expires_at").Optional().Nillable().Comment("download links stop working (BK-15)"),
		field.Time("ended_at").Optional().Nillable().Comment("EXPIRED, FAILED, NEEDS_PURCHASE or CANCELLED"),
	}
}

func (BackupRun) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("schedule", BackupSchedule.Type).Ref("runs").Field("schedule_id").Unique().Immutable(),
		edge.To("files", BackupFile.Type),
	}
}

func (BackupRun) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "slot_at"),
		index.Fields("state", "slot_at"),    // the tick: due SCHEDULED runs
		index.Fields("state", "expires_at"), // the cleanup: expired READY runs
	}
}

func (BackupRun) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField("backupRuns").Directives(adminDirective()),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// BackupFile is one published archive part of a run (BK-4, BK-15). The API never shows the
// blob key or the hash of the download token, only a download URL while the link is valid.
type BackupFile struct{ ent.Schema }

func (BackupFile) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (BackupFile) Fields() []ent.Field {
	return []ent.Field{
		field.Int("run_id").Immutable(),
		field.Enum("kind").Values("DATA", "ATTACHMENTS").Immutable(),
		field.Int("part").Positive().Immutable(),
		field.String("name").NotEmpty().MaxLen(120).Immutable(),
		field.String("blob_key").NotEmpty().MaxLen(400).Immutable().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		// SHA-256 of the link's token (issue 9 item 10): the token is derived from CRM_SECRET
		// (backup.LinkToken) and is never stored. Optional only so that databases of earlier
		// versions migrate (backup.Service.MigrateLinks fills it); every new file has one.
		field.Bytes("token_hash").Optional().Unique().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int64("size").NonNegative().Immutable(),
		field.String("sha256").MaxLen(64).Immutable(),
		field.Time("expires_at"),
		field.Time("deleted_at").Optional().Nillable(),
	}
}

func (BackupFile) Edges() []ent.Edge {
	return []ent.Edge{edge.From("run", BackupRun.Type).Ref("files").Field("run_id").Unique().Required().Immutable()}
}

func (BackupFile) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)}
}

// MailMessage is an email the product sends (BK-16): delivered by SMTP when CRM_SMTP_URL is
// set, otherwise kept in the org's outbox for admins to read.
type MailMessage struct{ ent.Schema }

func (MailMessage) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (MailMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("to").NotEmpty().Validate(validEmail).Immutable(),
		field.String("subject").NotEmpty().Validate(maxRunes(300)).Immutable(),
		field.Text("body").Immutable().Validate(maxRunes(20000)),
		field.String("kind").NotEmpty().MaxLen(60).Immutable().Comment("what it is about, e.g. backup.ready"),
		field.Enum("status").Values("PENDING", "SENT", "OUTBOX", "FAILED").Default("PENDING").
			Annotations(entgql.OrderField("STATUS")).
			Comment("PENDING: to be sent; SENT: handed to the SMTP server; OUTBOX: kept here (no SMTP configured)"),
		field.Time("sent_at").Optional().Nillable(),
		field.Int("attempts").NonNegative().Default(0), // times a worker claimed the run
		field.Time("heartbeat_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("wall-clock time the claiming worker last showed it is alive; stale = the worker died (BK-13)"),
		field.String("error").Optional().Validate(maxRunes(500)),
	}
}

func (MailMessage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "created_at"), index.Fields("status")}
}

func (MailMessage) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField("outbox").Directives(adminDirective()),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
