package abuse_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Emails to records (SPEC EM, issue 13): every list and string of a message, of a search and
// of "send and add" is bounded and refused with VALIDATION before any work, naming the field
// and the limit, and nothing is written (no email, no record, no attachment, no mail queued).

const addEmailMutation = `mutation($i: AddEmailInput!) { addEmail(input: $i) { email { id } } }`

func emailMessage(edit func(m map[string]any)) map[string]any {
	m := map[string]any{"messageId": "<abuse@x.test>", "direction": "INCOMING",
		"from": map[string]any{"address": "ann@x.test", "name": "Ann Lee"}, "date": "2026-12-03T09:00:00Z",
		"subject": "Hello", "body": "Hi"}
	if edit != nil {
		edit(m)
	}
	return m
}

func addEmailBody(edit func(m map[string]any)) string {
	return gql(addEmailMutation, map[string]any{"i": map[string]any{"message": emailMessage(edit), "createMissing": "CONTACT"}})
}

func TestAbuseEmailInputs_Issue13(t *testing.T) {
	addrs := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"address": fmt.Sprintf("r%d@x.test", i)}
		}
		return out
	}
	files := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"fileName": fmt.Sprintf("f%d.txt", i), "contentBase64": "eA=="}
		}
		return out
	}
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint(i + 1)
	}
	targets := `query($q: String!, $f: Int) { emailTargets(module: CONTACTS, query: $q, first: $f) { hasMore } }`
	send := `mutation($i: SendAndAddEmailInput!) { sendAndAddEmail(input: $i) { email { id } } }`
	run(t, []Case{
		{Name: "anonymous add", Body: addEmailBody(nil), Status: http.StatusOK, Code: "UNAUTHENTICATED"},
		invalid("101 recipients", "standard", addEmailBody(func(m map[string]any) { m["to"] = addrs(101) }),
			`the list "to" has more than 100 items; the limit is 100`),
		invalid("a subject of 256 characters", "standard", addEmailBody(func(m map[string]any) { m["subject"] = strings.Repeat("件", 256) }),
			"subject is 256 characters long; the limit is 255"),
		invalid("a Message-ID of 256 bytes", "standard", addEmailBody(func(m map[string]any) { m["messageId"] = strings.Repeat("i", 256) }),
			"messageId is 256 bytes long; the limit is 255"),
		invalid("a sender that is no address", "standard", addEmailBody(func(m map[string]any) {
			m["from"] = map[string]any{"address": "Ann <ann@x.test>"}
		}), "from must be an email address"),
		invalid("a control character in the subject", "standard", addEmailBody(func(m map[string]any) { m["subject"] = "a\u0007b" }),
			"subject"),
		invalid("21 attachments", "standard", addEmailBody(func(m map[string]any) { m["attachments"] = files(21) }),
			"attachments has 21 files; the limit is 20"),
		invalid("an attachment that is not base64", "standard", addEmailBody(func(m map[string]any) {
			m["attachments"] = []map[string]any{{"fileName": "a.pdf", "contentBase64": "not base64!"}}
		}), "attachments[0].contentBase64 is not standard base64"),
		invalid("101 chosen leads", "standard", gql(`mutation($i: AddEmailToInput!) { addEmailTo(input: $i) { email { id } } }`,
			map[string]any{"i": map[string]any{"message": emailMessage(nil), "leadIds": ids}}), `the list "leadIds" has more than 100 items; the limit is 100`),
		invalid("a search of 255 characters", "standard", gql(targets, map[string]any{"q": strings.Repeat("a", 255)}),
			"query is 255 characters long; the limit is 254"),
		invalid("an empty search", "standard", gql(targets, map[string]any{"q": "  "}), "query must not be empty"),
		invalid("a search page of 51", "standard", gql(targets, map[string]any{"q": "a", "f": 51}), "first must be 1 to 50; got 51"),
		invalid("a sent body of 20,001 characters", "standard", gql(send, map[string]any{"i": map[string]any{
			"to": []map[string]any{{"address": "c@x.test"}}, "subject": "S", "body": strings.Repeat("b", 20001)}}),
			"body is 20001 characters long; the limit is 20000"),
		invalid("no recipient to send to", "standard", gql(send, map[string]any{"i": map[string]any{
			"to": []map[string]any{}, "subject": "S", "body": "b"}}), "to must name at least one recipient"),
		{Name: "an attachment over the body limit", As: "standard", Body: addEmailBody(func(m map[string]any) {
			m["attachments"] = []map[string]any{{"fileName": "big.bin", "contentBase64": strings.Repeat("QUFB", 1<<18+1)}}
		}), Status: http.StatusRequestEntityTooLarge, Code: "REQUEST_TOO_LARGE"},
	})
}
