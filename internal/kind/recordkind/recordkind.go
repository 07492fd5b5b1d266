// Package recordkind says what a "record" is, once (issue 17 item 7; docs/rules.md, Records):
// one row of a CRM module that counts against the plan's record limit (SB-8) — leads,
// contacts, accounts, deals, tasks, events, cases and notes. Emails, attachments and event
// participants are not records (attachments are counted as attachments). The subscription
// page, the backup summary, the backup runs and their notifications all count with Count.
//
// It is a leaf: it imports only the standard library.
package recordkind

// Tables are the database tables whose rows are records, in the modules' usual order.
var Tables = []string{"leads", "contacts", "accounts", "deals", "tasks", "events", "support_cases", "notes"}

// IsRecordTable reports whether rows of table are records.
func IsRecordTable(table string) bool {
	for _, t := range Tables {
		if t == table {
			return true
		}
	}
	return false
}

// Count is the number of records in rows per table (table → rows): the sum over Tables;
// other tables and negative counts are ignored.
func Count(rows map[string]int64) int64 {
	var n int64
	for _, t := range Tables {
		if v := rows[t]; v > 0 {
			n += v
		}
	}
	return n
}
