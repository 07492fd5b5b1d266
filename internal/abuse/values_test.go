package abuse_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Malformed values (issue 9 item 12, PL-6): every scalar a client sends that does not hold is
// VALIDATION — never INTERNAL, never stored — with a message naming the field and the rule.

const signUpMutation = `mutation($i: SignUpInput!) { signUp(input: $i) { user { id } } }`

func signUpWith(field string, value any) string {
	in := map[string]any{"organizationName": "Values Co", "region": "EU", "name": "Val",
		"email": "val@values.abuse.test", "password": "correct horse battery"}
	in[field] = value
	return gql(signUpMutation, map[string]any{"i": in})
}

// invalid is a request refused with VALIDATION whose message says contains; body is a JSON
// request, or a bare query.
func invalid(name, as, body, contains string) Case {
	if !strings.HasPrefix(body, "{\"") {
		body = gql(body, nil)
	}
	return Case{Name: name, As: as, Body: body, Status: http.StatusOK, Code: "VALIDATION", Contains: contains}
}

// Time: RFC 3339 between the years 1900 and 2199, in filters and inputs, literals and variables.
func TestAbuseValuesTime_PL6(t *testing.T) {
	event := `mutation($s: Time!, $e: Time!) { createEvent(input: {subject: "Meeting", startAt: $s, endAt: $e}) { id } }`
	run(t, []Case{
		invalid("malformed time in a filter", "admin", `{ notifications(where: {createdAtGT: "yesterday"}) { totalCount } }`,
			`where.createdAtGT is not a time like 2026-11-02T09:00:00Z (RFC 3339); got "yesterday"`),
		invalid("malformed time in a variable", "admin", gql(`query($t: Time) { auditEvents(where: {createdAtLT: $t}) { totalCount } }`, map[string]any{"t": "2026-02-30T00:00:00Z"}),
			"where.createdAtLT is not a time like 2026-11-02T09:00:00Z"),
		invalid("year 10000", "admin", `{ contacts(where: {createdAtGT: "10000-01-01T00:00:00Z"}) { totalCount } }`, "where.createdAtGT is not a time"),
		invalid("year 9999 on an event", "admin", gql(event, map[string]any{"s": "9999-12-31T23:00:00Z", "e": "9999-12-31T23:30:00Z"}),
			"startAt must be between the years 1900 and 2199; got 9999-12-31T23:00:00Z"),
		invalid("year 0 on an event", "admin", gql(event, map[string]any{"s": "0000-01-01T00:00:00Z", "e": "0000-01-01T01:00:00Z"}),
			"between the years 1900 and 2199"),
		invalid("empty time", "admin", gql(event, map[string]any{"s": "", "e": "2026-01-02T09:00:00Z"}), `startAt is not a time like`),
		invalid("a number for a time", "admin", gql(event, map[string]any{"s": 1767225600, "e": "2026-01-02T09:00:00Z"}), `startAt is not a time like`),
		invalid("event ending before it starts", "admin", gql(event, map[string]any{"s": "2026-01-02T10:00:00Z", "e": "2026-01-02T09:00:00Z"}),
			"endAt must be after startAt (2026-01-02T10:00:00Z)"),
		invalid("date without time on a task", "admin", `mutation { createTask(input: {subject: "Call", dueDate: "2026-02-30"}) { id } }`,
			"input.dueDate is not a time like 2026-11-02T09:00:00Z"),
		invalid("backup start date in year 9999", "admin", `mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: MONDAY, startDate: "9999-12-31"}) { schedule { id } } }`,
			"startDate 9999-12-31 is more than a year ahead"),
		invalid("backup start date not a date", "admin", `{ backupCostPreview(input: {repeatType: WEEKLY, weekday: MONDAY, startDate: "2026-13-45"}) { description } }`,
			`startDate "2026-13-45" is not a date like 2026-11-02`),
	})
}

// Cursors, IDs and integers.
func TestAbuseValuesCursorsAndNumbers_PL6(t *testing.T) {
	run(t, []Case{
		invalid("cursor not base64", "admin", `{ contacts(after: "garbage!") { totalCount } }`,
			"after is not a cursor from this API; pass pageInfo.endCursor or an edge's cursor unchanged"),
		invalid("cursor of base64 junk", "admin", `{ contacts(before: "Z2FyYmFnZQ==", last: 5) { totalCount } }`, "before is not a cursor from this API"),
		{Name: "first: 500.5", As: "admin", Body: gql(`{ contacts(first: 500.5) { totalCount } }`, nil), Status: http.StatusUnprocessableEntity,
			Code: "VALIDATION", Contains: "Int cannot represent non-integer value: 500.5"},
		{Name: "first: 500.5 as a variable", As: "admin", Body: gql(`query($f: Int) { contacts(first: $f) { totalCount } }`, map[string]any{"f": 500.5}),
			Status: http.StatusUnprocessableEntity, Code: "VALIDATION"},
		invalid("ID that is not a number", "admin", `{ node(id: "abc") { id } }`, `id must be a whole number (IDs are numbers); got "abc"`),
		invalid("ID over 64 bits", "admin", `{ node(id: "99999999999999999999") { id } }`, "id must be a whole number"),
		invalid("one bad ID in a list", "admin", `{ nodes(ids: ["1", "abc"]) { id } }`, `ids[1] must be a whole number`),
		invalid("backup units out of range", "admin", `mutation { buyBackupUnits(units: 3000000, idempotencyKey: "u") { payment { id } } }`,
			"units must be between 1 and 1000000; got 3000000"),
	})
}

// Codes from closed lists: currencies (ISO 4217, and one the catalogue prices in), locales,
// time zones.
func TestAbuseValuesCodes_PL6(t *testing.T) {
	run(t, []Case{
		invalid("unknown currency at sign-up", "", signUpWith("currency", "ZZZ"),
			`currency must be a currency the plans are priced in (USD, EUR, JPY, INR, AUD, CAD, GBP, CNY); got "ZZZ"`),
		invalid("unknown currency on the org", "admin", `mutation { updateOrganization(input: {currency: "ZZZ"}) { currency } }`, "must be a currency the plans are priced in"),
		invalid("currency the plans are not priced in", "admin", `mutation { updateOrganization(input: {currency: "CHF"}) { currency } }`,
			`currency must be a currency the plans are priced in (USD, EUR, JPY, INR, AUD, CAD, GBP, CNY); got "CHF"`),
		invalid("lower-case currency on a deal", "admin", `mutation { createDeal(input: {name: "Deal", currency: "eur"}) { id } }`, "currency is not an ISO 4217 currency code"),
		invalid("locale outside en/ja/fr at sign-up", "", signUpWith("locale", "de"), `locale must be one of en, ja, fr; got "de"`),
		invalid("locale outside en/ja/fr on updateMe", "standard", `mutation { updateMe(input: {locale: "klingon"}) { locale } }`, `locale must be one of en, ja, fr; got "klingon"`),
		invalid("locale outside en/ja/fr on an invitation", "admin", `mutation { inviteUser(input: {email: "new@a.abuse.test", name: "New", locale: "xx"}) { user { id } } }`,
			"locale must be one of en, ja, fr"),
		invalid("time zone that does not exist", "admin", `mutation { updateOrganization(input: {timeZone: "Mars/Olympus_Mons"}) { timeZone } }`,
			"timeZone is not an IANA time zone (e.g. Asia/Tokyo)"),
	})
}

// Text hygiene: no control or bidirectional override characters in names, spaces only count
// as empty, and a password of spaces is no password.
func TestAbuseValuesText_PL6(t *testing.T) {
	run(t, []Case{
		invalid("bell character in a name", "admin", `mutation { createContact(input: {lastName: "Smith\u0007"}) { id } }`,
			"lastName contains a control character (U+0007); only printable text is allowed"),
		invalid("NUL in a token name", "admin", `mutation { createAPIToken(input: {name: "ci\u0000"}) { secret } }`, "name contains a control character (U+0000)"),
		invalid("C1 control in an account name", "admin", `mutation { createAccount(input: {name: "Ac\u0085me"}) { id } }`, "name contains a control character (U+0085)"),
		invalid("right-to-left override in a name", "admin", `mutation { createContact(input: {lastName: "invoice\u202Efdp.exe"}) { id } }`,
			"lastName contains a bidirectional control character (U+202E), which can disguise text"),
		invalid("isolate in a file-like name", "admin", `mutation { createLead(input: {lastName: "x\u2066y"}) { id } }`, "bidirectional control character (U+2066)"),
		invalid("line break in a name", "admin", `mutation { updateMe(input: {name: "Ann\nSmith"}) { name } }`, "name must be a single line (it contains a line break)"),
		invalid("spaces only in a required name", "admin", `mutation { createContact(input: {lastName: "   \u3000"}) { id } }`, "lastName must not be empty"),
		invalid("spaces only in an org name", "admin", `mutation { updateOrganization(input: {name: "      "}) { name } }`, "name must not be empty"),
		invalid("password of spaces", "", signUpWith("password", strings.Repeat(" ", 12)), "password must not be only spaces"),
		invalid("control character in a notification title", "admin", `mutation { sendTestNotification(title: "hi\u001b[31m") }`, "title contains a control character (U+001B)"),
	})
}

// Recipient lists: at most 100 addresses, each one a valid address (net/mail).
func TestAbuseValuesRecipients_PL6(t *testing.T) {
	email := `mutation($to: [String!]) { createEmail(input: {subject: "Hello", fromAddress: "a@b.example", toAddresses: $to, sentAt: "2026-01-01T00:00:00Z", direction: INCOMING}) { id } }`
	list := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("r%d@example.com", i)
		}
		return out
	}
	run(t, []Case{
		invalid("a recipient that is not an address", "admin", gql(email, map[string]any{"to": []string{"ok@example.com", "not an address"}}),
			`toAddresses contains "not an address", which is not a valid email address`),
		invalid("a recipient with a display name", "admin", gql(email, map[string]any{"to": []string{"Ann <ann@example.com>"}}), "which is not a valid email address"),
		invalid("20,000 recipients", "admin", gql(email, map[string]any{"to": list(20000)}), "has more than 100 items; the limit is 100"),
		invalid("101 recipients", "admin", gql(email, map[string]any{"to": list(101)}), "has more than 100 items; the limit is 100"),
		{Name: "100 recipients are fine", As: "admin", Body: gql(email, map[string]any{"to": list(100)}), Status: http.StatusOK, MayWrite: true},
	})
}
