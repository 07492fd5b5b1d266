package abuse_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// nest wraps inner in n levels of open … close.
func nest(n int, open, inner, close string) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// seq joins n items made by item(i) with sep.
func seq(n int, sep string, item func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	return strings.Join(parts, sep)
}

// nestedNot is a ContactWhereInput nested n levels through not.
func nestedNot(n int) map[string]any {
	v := map[string]any{"lastName": "x"}
	for range n {
		v = map[string]any{"not": v}
	}
	return v
}

// Issue 9 item 1: input values are bounded before they are parsed or decoded, in query
// literals and in variables alike, and refused with VALIDATION naming the argument (or
// variable) and the limit, in little memory; the 20,000-level nest no longer kills the process.
func TestAbuseInputValues(t *testing.T) {
	notLiteral := func(n int) string {
		return gql(`{ contacts(where: `+nest(n, "{not: ", `{lastName: "x"}`, "}")+`) { totalCount } }`, nil)
	}
	whereVar := `query($w: ContactWhereInput) { contacts(where: $w) { totalCount } }`
	orItems := func(n int) []any {
		items := make([]any, n)
		for i := range items {
			items[i] = map[string]any{"lastName": fmt.Sprint("n", i)}
		}
		return items
	}
	ids := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = fmt.Sprint(i + 1)
		}
		return out
	}
	hasAccount := func(n int) string {
		return nest(n, "{hasAccountWith: [{hasContactsWith: [", `{lastName: "x"}`, "]}]}")
	}
	long := strings.Repeat("a", 500_000)
	run(t, []Case{
		// Nesting (the seen crash: fatal error: stack overflow at 20,000 levels).
		{Name: "not nested 20000 levels, literal, anonymous", Body: notLiteral(20000),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `argument "where" of contacts: input values nest more than 16 levels deep; the limit is 16`, MaxAlloc: 4 * MiB},
		{Name: "not nested 10000 levels, literal, admin", As: "admin", Body: notLiteral(10000),
			Status: http.StatusOK, Code: "VALIDATION", Contains: "the limit is 16", MaxAlloc: 4 * MiB},
		{Name: "not nested 17 levels, literal, standard user", As: "standard", Body: notLiteral(17),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `"where" of contacts`, MaxAlloc: MiB},
		{Name: "not nested 16 levels is served", As: "admin", Body: notLiteral(15), Status: http.StatusOK},
		{Name: "not nested 9000 levels, variable, anonymous", Body: gql(whereVar, map[string]any{"w": nestedNot(9000)}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `variable "$w": input values nest more than 16 levels deep; the limit is 16`, MaxAlloc: 4 * MiB},
		{Name: "not nested 20000 levels, variable, admin (over encoding/json's own limit)", As: "admin",
			Body:   `{"query":"` + whereVar + `","variables":{"w":` + nest(20000, `{"not":`, `{}`, `}`) + `}}`,
			Status: http.StatusBadRequest, Code: "VALIDATION", Contains: "exceeded max depth", MaxAlloc: 4 * MiB},
		{Name: "hasAccountWith nested 1000 levels, literal", As: "admin",
			Body: gql(`{ contacts(where: `+hasAccount(1000)+`) { totalCount } }`, nil), Status: http.StatusOK, Code: "VALIDATION", Contains: "the limit is 16", MaxAlloc: 4 * MiB},
		{Name: "list type nested 5000 levels in a variable definition", As: "admin",
			Body: gql(`query($x: `+nest(5000, "[", "ID", "]")+`) { me { id } }`, nil), Status: http.StatusOK, Code: "VALIDATION", Contains: `"$x"`, MaxAlloc: 4 * MiB},
		{Name: "default value nested 5000 levels", Body: gql(`query($w: ContactWhereInput = `+nest(5000, "{not: ", "{}", "}")+`) { me { id } }`, nil),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `"$w"`, MaxAlloc: 4 * MiB},
		{Name: "extensions nested 5000 levels", Body: `{"query":"{ me { id } }","extensions":` + nest(5000, `{"a":`, `1`, `}`) + `}`,
			Status: http.StatusOK, Code: "VALIDATION", Contains: `the request's "extensions"`, MaxAlloc: 4 * MiB},

		// List lengths.
		{Name: "or of 20000 items, literal", As: "admin",
			Body:   gql(`{ contacts(where: {or: [`+seq(20000, ",", func(i int) string { return fmt.Sprintf(`{lastName: "n%d"}`, i) })+`]}) { totalCount } }`, nil),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `the list "or" has more than 100 items; the limit is 100`, MaxAlloc: 4 * MiB},
		{Name: "or of 20000 items, variable, standard user", As: "standard", Body: gql(whereVar, map[string]any{"w": map[string]any{"or": orItems(20000)}}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `variable "$w": the list "or" has more than 100 items`, MaxAlloc: 6 * MiB},
		{Name: "or of 100 items is served", As: "admin", Body: gql(whereVar, map[string]any{"w": map[string]any{"or": orItems(100)}})},
		{Name: "idIn of 40000 IDs, literal, anonymous", Body: gql(`{ contacts(where: {idIn: [`+seq(40000, ",", func(i int) string { return fmt.Sprint(i + 1) })+`]}) { totalCount } }`, nil),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `the list "idIn" has more than 100 items`, MaxAlloc: 4 * MiB},
		{Name: "idIn of 40000 IDs, variable", As: "admin", Body: gql(whereVar, map[string]any{"w": map[string]any{"idIn": ids(40000)}}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `the list "idIn" has more than 100 items`, MaxAlloc: 6 * MiB},
		{Name: "nodes of 40000 IDs, literal", As: "admin", Body: gql(`{ nodes(ids: [`+seq(40000, " ", func(i int) string { return fmt.Sprint(i + 1) })+`]) { id } }`, nil),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `argument "ids" of nodes: the list "ids" has more than 100 items`, MaxAlloc: 4 * MiB},
		{Name: "nodes of 40000 IDs, variable", Body: gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids(40000)}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: `variable "$ids": the list "$ids" has more than 100 items`, MaxAlloc: 6 * MiB},
		{Name: "input object of 20000 fields", As: "admin", Body: gql(`{ contacts(where: {`+seq(20000, " ", func(i int) string { return fmt.Sprintf("f%d: 1", i) })+`}) { totalCount } }`, nil),
			Status: http.StatusOK, Code: "VALIDATION", Contains: "an input object has more than 100 fields", MaxAlloc: 4 * MiB},

		// String sizes.
		{Name: "lastNameContains of 500 KB, literal", As: "admin", Body: gql(`{ contacts(where: {lastNameContains: "`+long+`"}) { totalCount } }`, nil),
			Status: http.StatusOK, Code: "VALIDATION", Contains: "lastNameContains is 500000 bytes long; the limit is 4096 bytes", MaxAlloc: 8 * MiB},
		{Name: "lastNameContains of 500 KB, variable, anonymous", Body: gql(whereVar, map[string]any{"w": map[string]any{"lastNameContains": long}}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: "lastNameContains is 500000 bytes long; the limit is 4096 bytes", MaxAlloc: 8 * MiB},
		{Name: "a String variable of 500 KB where a short string goes", As: "admin",
			Body:   gql(`query($s: String) { contacts(where: {lastNameContains: $s}) { totalCount } }`, map[string]any{"s": long}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: "lastNameContains is 500000 bytes long", MaxAlloc: 8 * MiB},
		{Name: "lastName of 500 KB in a mutation", As: "admin", Body: gql(`mutation($l: String!) { createContact(input: {lastName: $l}) { id } }`, map[string]any{"l": long}),
			Status: http.StatusOK, Code: "VALIDATION", Contains: "lastName is 500000 bytes long", MaxAlloc: 8 * MiB},
		{Name: "a description of 32000 Japanese characters is not refused by the string bound", As: "admin", MayWrite: true,
			Body: gql(`mutation($d: String) { createContact(input: {lastName: "Long", description: $d}) { id } }`, map[string]any{"d": strings.Repeat("説", 32000)})},
	})
}

// Issue 9 item 2: the cost counts what the answer holds (page sizes multiply), aliases are
// capped per selection set and per query, introspection counts; QUERY_TOO_COMPLEX gives the
// figure and the limit.
func TestAbuseQueryCost(t *testing.T) {
	page := `contacts(first: 500) { edges { node { id account { name } } } }`
	nest3 := func(n int) string {
		return fmt.Sprintf(`{ contacts(first: %d) { edges { node { account { contacts(first: %d) { edges { node { account { contacts(first: %d) { edges { node { id } } } } } } } } } } } }`, n, n, n)
	}
	fragments := "query { ...F0 }\n" + seq(30, "\n", func(i int) string {
		return fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}) + "\nfragment F30 on Query { me { id } }"
	run(t, []Case{
		{Name: "200 aliases of contacts(first:500)", As: "admin",
			Body:   gql("{ "+seq(200, " ", func(i int) string { return fmt.Sprintf("a%d: %s", i, page) })+" }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "a selection set has more than 100 fields; the limit is 100", MaxAlloc: 2 * MiB},
		{Name: "30 aliases of contacts(first:500)", As: "admin",
			Body:   gql("{ "+seq(30, " ", func(i int) string { return fmt.Sprintf("a%d: %s", i, page) })+" }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the answer would hold 60060 fields (each page counted in full, 50 items when first/last is absent); the limit is 50000", MaxAlloc: 2 * MiB},
		{Name: "contacts without first count 50 each", As: "admin",
			Body: gql("{ "+seq(10, " ", func(i int) string {
				return fmt.Sprintf("a%d: contacts { edges { node { account { contacts { edges { node { id } } } } } } }", i)
			})+" }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the answer would hold 52020 fields", MaxAlloc: 2 * MiB},
		{Name: "contacts→account→contacts, 3 levels of 100 (1M nodes)", As: "admin", Body: gql(nest3(100), nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the answer would hold 2040402 fields", MaxAlloc: 2 * MiB},
		{Name: "a 250-byte query of 125M nodes", As: "standard", Body: gql(nest3(500), nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the answer would hold 251002002 fields", MaxAlloc: 2 * MiB},
		{Name: "5000 aliases of __schema, anonymous", Body: gql("{ "+seq(5000, " ", func(i int) string { return fmt.Sprintf("s%d: __schema { types { name } }", i) })+" }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "has more than 100 fields", MaxAlloc: 2 * MiB},
		{Name: "2 full introspections in one request, anonymous",
			Body:   gql(strings.Replace(introspectionQuery, "__schema {", "a: __schema { types { ...FullType } } b: __schema {", 1), nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the limit is 90000", MaxAlloc: 2 * MiB},
		{Name: "introspection nested deeper (gqlparser's own rule)", Body: gql(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, nil),
			Status: http.StatusUnprocessableEntity, Code: "VALIDATION", Contains: "Maximum introspection depth exceeded", MaxAlloc: 2 * MiB},
		{Name: "200 aliases of __type", Body: gql("{ "+seq(200, " ", func(i int) string { return fmt.Sprintf("t%d: __type(name: \"Contact\") { name }", i) })+" }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "more than 100 fields", MaxAlloc: 2 * MiB},
		{Name: "1100 fields over 11 selection sets", As: "admin",
			Body: gql("{ "+seq(11, " ", func(i int) string {
				return fmt.Sprintf("m%d: me { %s }", i, seq(99, " ", func(j int) string { return fmt.Sprintf("f%d: id", j) }))
			})+" }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the query selects more than 1000 fields; the limit is 1000", MaxAlloc: 2 * MiB},
		{Name: "fragments spreading fragments twice, 30 levels (2^30 fields)", As: "admin", Body: gql(fragments, nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the query's fragments expand to more than 1000 fields; the limit is 1000", MaxAlloc: 2 * MiB},
		{Name: "selection sets nested 100000 levels", Body: gql(nest(100000, "{ me ", "{ id }", "}"), nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "the limit is 24", MaxAlloc: 8 * MiB}, // a 700 KB body read and lexed once; measured 3.9–4.4 MiB on a loaded machine,
		{Name: "over 10000 tokens", As: "admin", Body: gql("{ me { id "+seq(2000, " ", func(int) string { return "@skip(if: false)" })+" } }", nil),
			Status: http.StatusOK, Code: "QUERY_TOO_COMPLEX", Contains: "more than 10000 tokens", MaxAlloc: 2 * MiB},

		// What must still be served.
		{Name: "contacts(first:50) with every field in the benchmark is served", As: "admin",
			Body: gql(`{ contacts(first: 50) { edges { node { id firstName lastName email title phone account { name } } } } }`, nil)},
		{Name: "a full page of 500 contacts is served", As: "admin", Body: gql(`{ `+page+` }`, nil)},
		{Name: "the full introspection query is served, anonymous", Body: gql(introspectionQuery, nil)},
	})
}

// introspectionQuery is GraphiQL's (graphql-js getIntrospectionQuery()).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// Issue 9 item 1 over the websocket (graphql-transport-ws): the same bounds answer a subscribe
// message (the limits run before gqlgen parses, whatever the transport), and a message over
// CRM_MAX_BODY_BYTES, whole or in fragments, closes the connection before it is read.
func TestAbuseWebsocketLimits(t *testing.T) {
	e := setup(t)
	dial := func(t *testing.T) *websocket.Conn {
		t.Helper()
		d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, WriteBufferSize: 4096}
		c, resp, err := d.Dial("ws"+strings.TrimPrefix(e.Srv.URL, "http")+"/query", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		t.Cleanup(func() { c.Close() })
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
		if err := c.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": e.AdminA}}); err != nil {
			t.Fatal(err)
		}
		var ack struct{ Type string }
		if err := c.ReadJSON(&ack); err != nil || ack.Type != "connection_ack" {
			t.Fatalf("connection_ack: %v %v", ack, err)
		}
		return c
	}
	t.Run("20000 nested levels in a subscribe message", func(t *testing.T) {
		c := dial(t)
		before := heapAllocs()
		q := `{ contacts(where: ` + nest(20000, "{not: ", "{}", "}") + `) { totalCount } }`
		if err := c.WriteJSON(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": q}}); err != nil {
			t.Fatal(err)
		}
		var msg struct {
			Type    string
			Payload struct{ Errors []apptest.Error } // gqlgen answers a refused operation with next, then complete
		}
		if err := c.ReadJSON(&msg); err != nil {
			t.Fatal(err)
		}
		if errs := msg.Payload.Errors; msg.Type != "next" || len(errs) == 0 || errs[0].Code() != "VALIDATION" || !strings.Contains(errs[0].Message, "the limit is 16") {
			t.Fatalf("got %+v", msg)
		}
		if alloc := heapAllocs() - before; alloc > 4*MiB {
			t.Fatalf("allocated %.1f MiB", float64(alloc)/MiB)
		}
	})
	for name, fragmented := range map[string]bool{"one frame": false, "fragments": true} {
		t.Run("a message over CRM_MAX_BODY_BYTES, "+name, func(t *testing.T) {
			c := dial(t)
			big := []byte(`{"id":"1","type":"subscribe","payload":{"query":"{ me { id } }","x":"` + strings.Repeat("a", 2<<20) + `"}}`)
			before := heapAllocs()
			var err error
			if fragmented { // the client's 4 KiB write buffer sends it in continuation frames
				w, _ := c.NextWriter(websocket.TextMessage)
				_, err = w.Write(big)
				if err == nil {
					err = w.Close()
				}
			} else {
				err = c.WriteMessage(websocket.TextMessage, big)
			}
			_ = err // the server may close while the client still writes
			if _, _, err := c.ReadMessage(); err == nil {
				t.Fatal("the connection is still open")
			}
			if alloc := heapAllocs() - before; alloc > 6*MiB { // the client masks and writes 2 MiB
				t.Fatalf("allocated %.1f MiB", float64(alloc)/MiB)
			}
			e.A.Admin.MustDo(t, `{ me { id } }`, nil, nil)
		})
	}
}
