package abuse_test

import (
	"fmt"
	"net/http"
	"testing"
)

// Issue 11 ("batches of 500"): pushSyncBatch's items have their own list limit, 500, declared
// once (gqlimit.Default.Lists["PushSyncBatchInput.items"]) and checked before the request is
// parsed or decoded, like every other list; every other list keeps the API's limit of 100.
func TestAbuseSyncBatchOf500_Issue11(t *testing.T) {
	e := setup(t)
	var reg struct{ RegisterSyncClient struct{ ID string } }
	e.StandardA.MustDo(t, `mutation { registerSyncClient(name: "Outlook") { id } }`, nil, &reg)
	client := reg.RegisterSyncClient.ID
	items := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = syncItem(fmt.Sprint("item-", i), map[string]string{"lastName": fmt.Sprint("Batch", i)})
		}
		return out
	}
	batch := func(key string, n int) map[string]any {
		return map[string]any{"clientId": client, "module": "CONTACTS", "batchKey": key, "items": items(n)}
	}
	literal := func(n int) string { // the items written in the query text, not in a variable
		return gql(`mutation { pushSyncBatch(input: {clientId: "`+client+`", module: CONTACTS, batchKey: "lit", items: [`+
			seq(n, ",", func(i int) string {
				return fmt.Sprintf(`{clientItemId: "l%d", op: CREATE, modified: "2026-12-03T09:00:00Z"}`, i)
			})+`]}) { id } }`, nil)
	}
	for _, c := range []Case{
		invalid("501 items are refused before parsing", "standard", gql(pushMutation, map[string]any{"i": batch("b501", 501)}),
			`variable "$i": the list "items" has more than 500 items; the limit is 500`),
		invalid("501 items in a list of batches", "standard",
			gql(`mutation($i: [PushSyncBatchInput!]!) { pushSyncBatch(input: $i) { id } }`, map[string]any{"i": []any{batch("bl", 501)}}),
			`the list "items" has more than 500 items; the limit is 500`),
		invalid("501 items written in the query", "standard", literal(501),
			`argument "input" of pushSyncBatch: the list "items" has more than 500 items; the limit is 500`),
		// the exception is this input field's only: a list of items in its own variable, and
		// every other list, keep the limit of 100
		invalid("101 items in a variable of their own", "standard",
			gql(`mutation($items: [SyncItemInput!]!) { pushSyncBatch(input: {clientId: "1", module: CONTACTS, batchKey: "k", items: $items}) { id } }`,
				map[string]any{"items": items(101)}), `variable "$items": the list "$items" has more than 100 items; the limit is 100`),
		invalid("101 attendees", "standard", gql(pushMutation, map[string]any{"i": map[string]any{"clientId": client, "module": "EVENTS",
			"batchKey": "att", "items": []any{map[string]any{"clientItemId": "e", "op": "CREATE", "modified": "2026-12-03T09:00:00Z",
				"attendees": seqAny(101, func(i int) any { return map[string]any{"email": fmt.Sprintf("a%d@x.test", i)} })}}}}),
			`the list "attendees" has more than 100 items; the limit is 100`),
		invalid("101 items named items elsewhere: a where's or", "standard",
			gql(`query($w: ContactWhereInput) { contacts(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{
				"or": seqAny(101, func(i int) any { return map[string]any{"lastName": fmt.Sprint(i)} })}}),
			`the list "or" has more than 100 items; the limit is 100`),
		// last: its run is applied in the background, which writes
		{Name: "500 items are accepted", As: "standard", Body: gql(pushMutation, map[string]any{"i": batch("b500", 500)}),
			Status: http.StatusOK, MayWrite: true},
	} {
		t.Run(c.Name, func(t *testing.T) { e.check(t, c) })
	}
}

func seqAny(n int, f func(i int) any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}
