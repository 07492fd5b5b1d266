package recordkind

import "testing"

// Issue 17 item 7: one definition of records — the eight CRM modules, not emails, attachments
// or event participants.
func TestCount_OneDefinitionOfRecords(t *testing.T) {
	rows := map[string]int64{"leads": 100, "contacts": 200, "accounts": 50, "deals": 25, "tasks": 10, "events": 5,
		"support_cases": 3, "notes": 7, "emails": 600, "attachments": 150, "event_participants": 40, "bogus": -9}
	if got := Count(rows); got != 400 {
		t.Fatalf("Count = %d, want 400", got)
	}
	if Count(map[string]int64{"leads": -3}) != 0 || Count(nil) != 0 {
		t.Fatal("negative or empty counts")
	}
	for _, table := range []string{"emails", "attachments", "event_participants"} {
		if IsRecordTable(table) {
			t.Errorf("%s counted as records", table)
		}
	}
	if len(Tables) != 8 || !IsRecordTable("support_cases") {
		t.Fatal(Tables)
	}
}
