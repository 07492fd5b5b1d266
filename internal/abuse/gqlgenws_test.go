package abuse_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 16 item 2 (gqlgen v0.17.98 serves websockets through a pluggable implementation; the
// gorilla adapter keeps gorilla's read limit): CRM_MAX_BODY_BYTES, not gqlgen's 1 MB default,
// bounds each websocket message on both protocols, whole or in fragments. A message just
// under the configured limit is answered; one over it closes the connection, and the server
// still answers afterwards.
func TestAbuseWebsocketConfiguredLimit_Issue16Item2(t *testing.T) {
	const limit = 64 << 10
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_MAX_BODY_BYTES": "65536"}})
	org := srv.SignUp(t, "Abuse WS Limit", "admin@wslimit.abuse.test")
	start := map[string]string{"graphql-transport-ws": "subscribe", "graphql-ws": "start"}
	answer := map[string]string{"graphql-transport-ws": "next", "graphql-ws": "data"}
	// message is a start/subscribe message for { me { email } } of about size bytes (the
	// query is padded with blanks, which the GraphQL lexer skips).
	message := func(proto string, size int) []byte {
		head := `{"id":"1","type":"` + start[proto] + `","payload":{"query":"{ me { email } }`
		tail := `"}}`
		return []byte(head + strings.Repeat(" ", size-len(head)-len(tail)) + tail)
	}
	dial := func(t *testing.T, proto string) *websocket.Conn {
		t.Helper()
		d := websocket.Dialer{Subprotocols: []string{proto}, WriteBufferSize: 4096, HandshakeTimeout: 10 * time.Second}
		c, resp, err := d.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/query", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		t.Cleanup(func() { c.Close() })
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
		if err := c.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": org.Admin.Token}}); err != nil {
			t.Fatal(err)
		}
		var ack struct{ Type string }
		if err := c.ReadJSON(&ack); err != nil || ack.Type != "connection_ack" {
			t.Fatalf("connection_ack: %v %v", ack, err)
		}
		return c
	}
	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto+", under the limit", func(t *testing.T) {
			c := dial(t, proto)
			if err := c.WriteMessage(websocket.TextMessage, message(proto, limit-1024)); err != nil {
				t.Fatal(err)
			}
			for {
				var msg struct {
					Type    string
					Payload struct {
						Data struct{ Me struct{ Email string } }
					}
				}
				if err := c.ReadJSON(&msg); err != nil {
					t.Fatalf("no answer to a message under the limit: %v", err)
				}
				if msg.Type == "ka" { // legacy keep-alive
					continue
				}
				if msg.Type != answer[proto] || msg.Payload.Data.Me.Email != "admin@wslimit.abuse.test" {
					t.Fatalf("got %+v", msg)
				}
				break
			}
		})
		for name, fragmented := range map[string]bool{"one frame": false, "fragments": true} {
			t.Run(proto+", over the limit, "+name, func(t *testing.T) {
				c := dial(t, proto)
				big := message(proto, limit+4096) // over 64 KiB, far under gqlgen's 1 MB default
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
				for {
					_, data, err := c.ReadMessage()
					if err != nil {
						break // closed, as it should be
					}
					if !strings.Contains(string(data), `"ka"`) {
						t.Fatalf("a message over CRM_MAX_BODY_BYTES was answered: %.200s", data)
					}
				}
				org.Admin.MustDo(t, `{ me { id } }`, nil, nil)
			})
		}
	}
}
