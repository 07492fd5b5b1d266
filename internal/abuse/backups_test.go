package abuse_test

import (
	"net/http"
	"testing"
)

// Issue 17 item 7: updateBackupSchedule is a new input. It is bounded like scheduleBackup
// (BK-6, PL-7): refused before any work, never stored, admins only (BK-1).
func TestAbuseUpdateBackupSchedule_Issue17Item7(t *testing.T) {
	const upd = `mutation($i: BackupScheduleInput!) { updateBackupSchedule(input: $i) { schedule { id } } }`
	in := func(fields map[string]any) string { return gql(upd, map[string]any{"i": fields}) }
	run(t, []Case{
		invalid("start date in year 9999", "admin", in(map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY", "startDate": "9999-12-31"}),
			"startDate 9999-12-31 is more than a year ahead"),
		invalid("start date not a date", "admin", in(map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY", "startDate": "2026-13-45"}),
			`startDate "2026-13-45" is not a date like 2026-11-02`),
		invalid("hour out of range", "admin", in(map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY", "hour": 99}),
			"hour must be between 0 and 23"),
		invalid("day of month out of range", "admin", in(map[string]any{"repeatType": "MONTHLY_DATE", "dayOfMonth": 2000000000}),
			"dayOfMonth must be between 1 and 31"),
		invalid("a missing weekday", "admin", in(map[string]any{"repeatType": "TWICE_A_MONTH"}), "choose the weekday"),
		invalid("IMMEDIATE is not a schedule", "admin", in(map[string]any{"repeatType": "IMMEDIATE"}), "a schedule cannot be IMMEDIATE"),
		{Name: "a standard user", As: "standard", Body: in(map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY"}),
			Status: http.StatusOK, Code: "FORBIDDEN"},
		{Name: "anonymous", Body: in(map[string]any{"repeatType": "WEEKLY", "weekday": "MONDAY"}),
			Status: http.StatusOK, Code: "UNAUTHENTICATED"},
	})
}
