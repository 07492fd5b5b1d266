package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 9 item 5: queries and mutations over the websocket answer exactly as over HTTP (same
// data, same error codes) on both protocols, and a mutation writes once. Before the fix every
// mutation committed and then answered an uncoded "panic" (entgql.Transactioner opened a second
// transaction for the transport's second call of the response handler), so a retrying client
// wrote twice. Issue 9 item 10: the connection_ack does not echo the client's token.
func TestWebsocketQueriesAndMutations(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Socket Ops Co", "olga@socket-ops.test")
	count := func(t *testing.T, lastName string) int {
		t.Helper()
		var out struct{ Contacts struct{ TotalCount int } }
		org.Admin.MustDo(t, `query($n: String) { contacts(where: {lastName: $n}) { totalCount } }`, map[string]any{"n": lastName}, &out)
		return out.Contacts.TotalCount
	}
	const create = `mutation($n: String!) { createContact(input: {lastName: $n}) { lastName } }`
	overHTTP := func(t *testing.T, query string, vars map[string]any) apptest.Response {
		t.Helper()
		return *org.Admin.Do(t, query, vars)
	}

	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto, func(t *testing.T) {
			c := liveMustDial(t, srv, proto, nil)
			c.send(t, liveMsg{Type: "connection_init", Payload: liveJSON(map[string]any{"authToken": org.Admin.Token})})
			ack := c.expect(t, "connection_ack", "")
			if bytes.Contains(ack.Payload, []byte(org.Admin.Token)) {
				t.Fatalf("issue 9 item 10: connection_ack echoes the token: %s", ack.Payload)
			}
			startOp := map[string]string{"graphql-transport-ws": "subscribe", "graphql-ws": "start"}[proto]
			resultOp := map[string]string{"graphql-transport-ws": "next", "graphql-ws": "data"}[proto]
			// do runs one operation and returns its one result; the server must then complete it
			// (an "error" message instead is what a panic gave).
			do := func(t *testing.T, id, query string, vars map[string]any) apptest.Response {
				t.Helper()
				c.send(t, liveMsg{ID: id, Type: startOp, Payload: liveJSON(map[string]any{"query": query, "variables": vars})})
				m := c.expect(t, resultOp, id)
				var r apptest.Response
				if err := json.Unmarshal(m.Payload, &r); err != nil {
					t.Fatalf("%s: %s: %v", id, m.Payload, err)
				}
				c.expect(t, "complete", id)
				return r
			}

			q := `{ me { name email role } organization { name } }`
			ws, web := do(t, "q1", q, nil), overHTTP(t, q, nil)
			if len(ws.Errors) > 0 || !jsonEqual(ws.Data, web.Data) {
				t.Fatalf("query over %s: %s %+v; over HTTP: %s", proto, ws.Data, ws.Errors, web.Data)
			}

			name := "Socket " + proto
			r := do(t, "m1", create, map[string]any{"n": name})
			if len(r.Errors) > 0 || !jsonEqual(r.Data, json.RawMessage(`{"createContact":{"lastName":"`+name+`"}}`)) {
				t.Fatalf("mutation over %s answered %s %+v; want the contact", proto, r.Data, r.Errors)
			}
			if n := count(t, name); n != 1 {
				t.Fatalf("mutation over %s wrote %d contacts, want 1", proto, n)
			}

			// A refused mutation: the same code as over HTTP, nothing written.
			long := strings.Repeat("x", 300)
			ws, web = do(t, "m2", create, map[string]any{"n": long}), overHTTP(t, create, map[string]any{"n": long})
			if len(ws.Errors) != 1 || len(web.Errors) != 1 || ws.Errors[0].Code() != "VALIDATION" ||
				ws.Errors[0].Code() != web.Errors[0].Code() || ws.Errors[0].Message != web.Errors[0].Message {
				t.Fatalf("refused mutation over %s: %+v; over HTTP: %+v; want the same VALIDATION", proto, ws.Errors, web.Errors)
			}
			if n := count(t, long); n != 0 {
				t.Fatalf("a refused mutation over %s wrote %d contacts", proto, n)
			}
		})
	}

	// The real npm graphql-ws client: a mutation completes with its result, once.
	t.Run("npm graphql-ws client", func(t *testing.T) {
		node, dir := liveRequireNode(t)
		cmd := exec.Command(node, "operation.mjs")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "URL="+liveURL(srv), "TOKEN="+org.Admin.Token, "QUERY="+create,
			`VARIABLES={"n":"Socket npm"}`)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("graphql-ws client: %v\nstdout: %s\nstderr: %s", err, out, stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 || lines[1] != "COMPLETE" {
			t.Fatalf("graphql-ws client printed %q; want one result then COMPLETE", out)
		}
		var r apptest.Response
		if err := json.Unmarshal([]byte(lines[0]), &r); err != nil || len(r.Errors) > 0 ||
			!jsonEqual(r.Data, json.RawMessage(`{"createContact":{"lastName":"Socket npm"}}`)) {
			t.Fatalf("graphql-ws client result %s (%v)", lines[0], err)
		}
		if n := count(t, "Socket npm"); n != 1 {
			t.Fatalf("the graphql-ws client's mutation wrote %d contacts, want 1", n)
		}
	})
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
