package archive

import (
	"fmt"
	"slices"
	"strings"
)

// ---------------------------------------------------------------------------------------------
// Modules: what goes into the DATA archive

// ColumnType says how a column's values are written to CSV.
type ColumnType uint8

const (
	// TextColumn values are written as stored; formula-looking ones are neutralised (BK-3).
	TextColumn ColumnType = iota
	// IntColumn values (IDs, amounts in minor units, sizes) are written as decimal digits and
	// never neutralised: -5 stays -5.
	IntColumn
	// TimeColumn values are written in RFC 3339, UTC.
	TimeColumn
	// ListColumn values are JSON arrays of strings (email addresses), written joined by "; "
	// and neutralised like text.
	ListColumn
)

func (t ColumnType) String() string {
	switch t {
	case IntColumn:
		return "integer"
	case TimeColumn:
		return "time"
	case ListColumn:
		return "list"
	default:
		return "text"
	}
}

// Column is one CSV column of a module.
type Column struct {
	Header string     // CSV header: "First Name", "Record ID", "Created Time"
	Name   string     // database column, or the alias of Expr
	Expr   string     // SQL expression selected instead of the column ("" = the column itself)
	Type   ColumnType // how values are written
}

// Module is one CRM record type and the table it is read from. Every table has org_id, and
// rows are read WHERE org_id = $1 only (PL-1).
type Module struct {
	Name     string   // "Contacts": the CSV is Contacts.csv, attachments go under Contacts/
	Table    string   // "contacts"
	Columns  []Column // in CSV order: Record ID first, then fields, links, owner, times
	Internal []string // table columns deliberately left out (org_id; blob_key; email bodies, BK-2)
}

// Headers are readable names derived from the column names ("first_name" → "First Name"),
// with "id" → "Record ID", created_at/updated_at → "Created Time"/"Modified Time" and *_id
// links → "… ID". Every manifest maps each header back to its column for restores.
var headerWords = map[string]string{"id": "ID", "ids": "IDs", "of": "of", "cc": "CC", "sha256": "SHA-256"}

func header(column string) string {
	switch column {
	case "id":
		return "Record ID"
	case "created_at":
		return "Created Time"
	case "updated_at":
		return "Modified Time"
	}
	words := strings.Split(column, "_")
	for i, w := range words {
		if r, ok := headerWords[w]; ok {
			words[i] = r
		} else if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func cols(t ColumnType, names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Header: header(n), Name: n, Type: t}
	}
	return out
}

// module assembles a module: Record ID, the given columns, then Created/Modified Time.
func module(name, table string, groups ...[]Column) Module {
	c := cols(IntColumn, "id")
	for _, g := range groups {
		c = append(c, g...)
	}
	c = append(c, cols(TimeColumn, "created_at", "updated_at")...)
	return Module{Name: name, Table: table, Columns: c, Internal: []string{"org_id"}}
}

// linkedIDs selects the IDs an email is linked to through a join table, "3; 7; 12".
func linkedIDs(alias, joinTable, idColumn string) Column {
	return Column{Header: header(alias), Name: alias, Type: TextColumn,
		Expr: fmt.Sprintf(`(SELECT string_agg(CAST(%[2]s AS TEXT), '; ' ORDER BY %[2]s) FROM %[1]s WHERE %[1]s.email_id = emails.id)`, joinTable, idColumn)}
}

var registry = func() []Module {
	text := func(n ...string) []Column { return cols(TextColumn, n...) }
	ints := func(n ...string) []Column { return cols(IntColumn, n...) }
	times := func(n ...string) []Column { return cols(TimeColumn, n...) }
	emails := module("Emails", "emails",
		text("subject", "from_address", "from_name"), cols(ListColumn, "to_addresses", "cc_addresses"),
		times("sent_at"), text("direction", "message_id"), ints("support_case_id"),
		[]Column{linkedIDs("lead_ids", "email_leads", "lead_id"), linkedIDs("contact_ids", "email_contacts", "contact_id"),
			linkedIDs("deal_ids", "email_deals", "deal_id")})
	emails.Internal = append(emails.Internal, "body", "html_body") // BK-2: email bodies (text and HTML) are not backed up
	attachments := module("Attachments", "attachments",
		text("file_name", "content_type"), ints("size"), text("sha256"),
		ints("lead_id", "contact_id", "account_id", "deal_id", "task_id", "event_id", "support_case_id"))
	attachments.Internal = append(attachments.Internal, "blob_key") // the bytes are in the ATTACHMENTS archive
	return []Module{
		module("Leads", "leads",
			text("first_name", "last_name", "email", "company", "title", "phone", "mobile", "lead_source", "status", "description"),
			ints("owner_id")),
		module("Contacts", "contacts",
			text("first_name", "last_name", "email", "title", "department", "phone", "home_phone", "other_phone", "fax",
				"mobile", "assistant", "asst_phone", "reports_to", "mailing_street", "mailing_city", "mailing_state",
				"mailing_zip", "mailing_country", "other_street", "other_city", "other_state", "other_zip", "other_country",
				"description"),
			times("date_of_birth"), ints("account_id", "owner_id")),
		module("Accounts", "accounts",
			text("name", "website", "phone", "industry", "billing_street", "billing_city", "billing_state", "billing_zip",
				"billing_country", "description"),
			ints("owner_id")),
		module("Deals", "deals",
			text("name"), ints("amount"), text("currency", "stage"), times("closing_date"), text("description"),
			ints("account_id", "contact_id", "owner_id")),
		module("Tasks", "tasks",
			text("subject"), times("due_date"), text("priority", "status", "description"),
			ints("contact_id", "deal_id", "owner_id")),
		module("Events", "events",
			text("subject"), times("start_at", "end_at"), text("venue", "description"), ints("owner_id")),
		module("Event Participants", "event_participants",
			ints("event_id"), text("email", "name"), ints("contact_id", "lead_id", "user_id")),
		module("Cases", "support_cases",
			text("subject", "status", "priority", "origin", "email", "contact_name", "description"),
			ints("contact_id", "account_id", "owner_id")),
		module("Notes", "notes",
			text("title", "body"), ints("lead_id", "contact_id", "account_id", "deal_id", "support_case_id", "owner_id")),
		attachments,
		emails,
	}
}()

// Modules returns every CRM module in archive order (a fresh copy; callers may change it).
func Modules() []Module {
	out := make([]Module, len(registry))
	for i, m := range registry {
		m.Columns = slices.Clone(m.Columns)
		m.Internal = slices.Clone(m.Internal)
		out[i] = m
	}
	return out
}

// FileName is the name of the module's CSV inside the DATA archive; piece > 1 is a
// continuation in a later part ("Contacts.part2.csv").
func (m Module) FileName(piece int) string {
	if piece <= 1 {
		return m.Name + ".csv"
	}
	return fmt.Sprintf("%s.part%d.csv", m.Name, piece)
}

// SelectSQL is the query Write streams the module with (one bind parameter: the org ID).
// SQLite and PostgreSQL both read $1 as the org ID. fullScan reads the table in rowid order
// (SQLite's NOT INDEXED; never on PostgreSQL, whose planner chooses), which is right when the org
// owns a large share of the table; otherwise the (org_id, …) index finds the rows and SQLite
// sorts them by id. Both return the same rows in the same order.
func (m Module) SelectSQL(fullScan bool) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range m.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.Expr != "" {
			b.WriteString(c.Expr + " AS ")
		}
		b.WriteString(quoteIdent(c.Name))
	}
	b.WriteString(" FROM " + quoteIdent(m.Table))
	if fullScan {
		b.WriteString(" NOT INDEXED")
	}
	b.WriteString(" WHERE org_id = $1 ORDER BY id")
	return b.String()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// useFullScan picks the plan of SelectSQL from the org's row count and the table's highest
// id (a cheap bound on its size): a full scan when the org has at least a quarter of it.
func useFullScan(orgRows, maxID int64) bool { return orgRows*4 >= maxID }

func (m Module) info(records int64) ModuleInfo {
	ci := make([]ColumnInfo, len(m.Columns))
	for i, c := range m.Columns {
		ci[i] = ColumnInfo{Header: c.Header, Column: c.Name, Type: c.Type.String()}
	}
	return ModuleInfo{Name: m.Name, Table: m.Table, File: m.FileName(1), Records: records, Columns: ci}
}
