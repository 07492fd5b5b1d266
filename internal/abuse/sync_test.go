package abuse_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Mail-client sync inputs (issue 11): every list and string of a pushed batch, of the pull and
// of the settings is bounded and refused with VALIDATION before any work (before the client is
// even looked up), and nothing is written. A value over its CRM field's limit but within the
// transport limit is not refused: it is reported as IGNORED (SY-4, the integration tests).

const pushMutation = `mutation($i: PushSyncBatchInput!) { pushSyncBatch(input: $i) { id } }`

func syncItem(id string, fields map[string]string) map[string]any {
	fs := []map[string]string{}
	for k, v := range fields {
		fs = append(fs, map[string]string{"name": k, "value": v})
	}
	return map[string]any{"clientItemId": id, "op": "CREATE", "modified": time.Now().UTC().Format(time.RFC3339), "fields": fs}
}

func pushBody(key string, items ...map[string]any) string {
	return gql(pushMutation, map[string]any{"i": map[string]any{"clientId": "1", "module": "CONTACTS", "batchKey": key, "items": items}})
}

func TestAbuseSyncInputs(t *testing.T) {
	fields := map[string]string{}
	for i := range 65 {
		fields[fmt.Sprintf("f%d", i)] = "x"
	}
	attendees := make([]map[string]string, 101)
	for i := range attendees {
		attendees[i] = map[string]string{"email": fmt.Sprintf("a%d@x.test", i)}
	}
	withAtt := syncItem("e", map[string]string{"subject": "S"})
	withAtt["attendees"] = attendees
	withCats := syncItem("c", nil)
	withCats["categories"] = strings.Split(strings.Repeat("c,", 51)+"c", ",")
	folders := strings.Split(strings.Repeat("f,", 50)+"f", ",")
	run(t, []Case{
		{Name: "anonymous push", Body: pushBody("k", syncItem("a", nil)), Status: http.StatusOK, Code: "UNAUTHENTICATED"},
		// a batch's 500 items and the 501st: sync_batch_test.go
		invalid("65 fields in an item", "standard", pushBody("k", syncItem("a", fields)), "items[0].fields has 65 fields; the limit is 64"),
		invalid("a value of 128 KiB + 1", "standard", pushBody("k", syncItem("a", map[string]string{"notes": strings.Repeat("n", 128<<10+1)})),
			"value is 131073 bytes long; the limit is 131072 bytes"),
		invalid("a field name of 65 bytes", "standard", pushBody("k", syncItem("a", map[string]string{strings.Repeat("n", 65): "x"})),
			"items[0].fields: a field name must be 1 to 64 bytes"),
		invalid("a client item ID of 256 bytes", "standard", pushBody("k", syncItem(strings.Repeat("i", 256), nil)), "items[0].clientItemId must be 1 to 255 bytes"),
		invalid("an empty client item ID", "standard", pushBody("k", syncItem("", nil)), "items[0].clientItemId must be 1 to 255 bytes"),
		invalid("the same item twice", "standard", pushBody("k", syncItem("a", nil), syncItem("a", nil)), `items[1].clientItemId "a" appears twice in the batch`),
		invalid("a batch key of 256 bytes", "standard", pushBody(strings.Repeat("k", 256), syncItem("a", nil)), "batchKey must be 1 to 255 bytes"),
		invalid("an empty batch key", "standard", pushBody(" ", syncItem("a", nil)), "batchKey must be 1 to 255 bytes"),
		invalid("101 attendees", "standard", pushBody("k", withAtt), `the list "attendees" has more than 100 items; the limit is 100`),
		invalid("52 categories", "standard", pushBody("k", withCats), "categories has 52 categories; the limit is 50"),
		invalid("a full listing pushed as automatic", "standard", gql(pushMutation, map[string]any{"i": map[string]any{"clientId": "1",
			"module": "CONTACTS", "batchKey": "k", "automatic": true, "fullListing": true, "items": []any{}}}), "fullListing: a full listing is a manual sync"),
		{Name: "a page of 501 changes", As: "standard", Body: gql(`{ syncChanges(clientId: "1", module: CONTACTS, first: 501) { nextToken } }`, nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "over the page limit of 500"},
		invalid("51 folders", "standard", gql(`mutation($f: [String!]) { updateSyncSettings(clientId: "1", module: TASKS, input: {folders: $f}) { id } }`,
			map[string]any{"f": folders}), "folders has 51 folders; the limit is 50"),
		invalid("a client name of 121 characters", "standard", gql(`mutation($n: String!) { registerSyncClient(name: $n) { id } }`,
			map[string]any{"n": strings.Repeat("é", 121)}), "the limit is 120"),
		{Name: "a batch over the body limit", As: "standard", Body: pushBody("k", syncItem("a", map[string]string{"notes": strings.Repeat("n", 1<<20)})),
			Status: http.StatusRequestEntityTooLarge, Code: "REQUEST_TOO_LARGE"},
	})
}
