package app

import (
	"io"
	"net/http"
	"slices"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

// gorillaWebsocket serves gqlgen's websocket transport (both protocols, graphql-transport-ws
// and legacy graphql-ws) with gorilla/websocket: gqlgen ≥ v0.17.92 defaults to coder/websocket
// and takes any library through transport.WebsocketImplementation. Gorilla stays for its
// origin check (Upgrader.CheckOrigin from CRM_ALLOWED_ORIGINS) and its read limit, which
// refuses a message as soon as its frame headers declare more than the limit, whole or in
// fragments, before the payload is read (CRM_MAX_BODY_BYTES; issue 9 item 1).
type gorillaWebsocket struct {
	Upgrader websocket.Upgrader
}

var _ transport.WebsocketImplementation = gorillaWebsocket{}

func (g gorillaWebsocket) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	u := g.Upgrader
	u.Subprotocols = slices.Clone(u.Subprotocols)
	for _, p := range opts.Subprotocols {
		if !slices.Contains(u.Subprotocols, p) {
			u.Subprotocols = append(u.Subprotocols, p)
		}
	}
	c, err := u.Upgrade(w, r, opts.ResponseHeader)
	if err != nil {
		return nil, err
	}
	return gorillaConn{c}, nil
}

// gorillaConn is a gorilla connection as gqlgen's transport expects it: WriteJSON, Close,
// Subprotocol, SetReadLimit (transport.WebsocketReadLimiter) and SetReadDeadline
// (transport.WebsocketReadDeadliner, for the ping/pong timeout) are gorilla's own.
type gorillaConn struct {
	*websocket.Conn
}

var (
	_ transport.WebsocketConn          = gorillaConn{}
	_ transport.WebsocketReadLimiter   = gorillaConn{}
	_ transport.WebsocketReadDeadliner = gorillaConn{}
)

// NextReader reports a normal close by the peer as transport.ErrWebsocketClosed.
func (c gorillaConn) NextReader() (int, io.Reader, error) {
	t, r, err := c.Conn.NextReader()
	if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseNoStatusReceived) {
		return t, nil, transport.ErrWebsocketClosed
	}
	return t, r, err
}

// WriteClose sends a close frame with the code and reason.
func (c gorillaConn) WriteClose(code int, reason string) error {
	return c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason))
}
