package app

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"net"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// limitedWebsocket is gqlgen's websocket transport with a limit on each message a client sends
// (CRM_MAX_BODY_BYTES, as for a POST body; issue 9 item 1). gqlgen v0.17.89 keeps gorilla's
// connection to itself, so SetReadLimit cannot be called: the connection it hijacks reads
// through frameLimit, which refuses a message as soon as its frame headers declare more.
type limitedWebsocket struct {
	transport.Websocket
	max int64
}

func (t limitedWebsocket) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.Websocket.Do(limitedHijacker{ResponseWriter: w, max: t.max}, r, exec)
}

type limitedHijacker struct {
	http.ResponseWriter
	max int64
}

func (h limitedHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	return &frameLimit{Conn: c, max: h.max}, brw, nil
}

// frameLimit follows the frames a client sends (RFC 6455 §5.2: header, then payload) and fails
// the read when the data frames of one message declare more than max bytes in all, before
// their payload is read. Control frames (ping, pong, close) do not count.
type frameLimit struct {
	net.Conn
	max     int64
	header  []byte // of the frame being read
	payload uint64 // bytes of the current frame still to come
	message uint64 // payload of the current message so far
}

func (c *frameLimit) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if ferr := c.scan(p[:n]); ferr != nil {
		return 0, ferr
	}
	return n, err
}

func (c *frameLimit) scan(b []byte) error {
	for len(b) > 0 {
		if c.payload > 0 {
			k := min(c.payload, uint64(len(b)))
			c.payload -= k
			b = b[k:]
			continue
		}
		c.header = append(c.header, b[0])
		b = b[1:]
		if need := headerLength(c.header); need == 0 || len(c.header) < need {
			continue
		}
		fin, opcode, length := c.header[0]&0x80 != 0, c.header[0]&0x0f, payloadLength(c.header)
		c.header = c.header[:0]
		if opcode < 8 { // continuation, text, binary
			if length > uint64(c.max) || c.message+length > uint64(c.max) {
				return fmt.Errorf("websocket message over %d bytes (CRM_MAX_BODY_BYTES)", c.max)
			}
			c.message += length
			if fin {
				c.message = 0
			}
		}
		c.payload = length
	}
	return nil
}

// headerLength is the length of the frame header that starts with h (0: not known yet).
func headerLength(h []byte) int {
	if len(h) < 2 {
		return 0
	}
	n := 2
	switch h[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if h[1]&0x80 != 0 { // masked (every client frame)
		n += 4
	}
	return n
}

func payloadLength(h []byte) uint64 {
	switch l := h[1] & 0x7f; l {
	case 126:
		return uint64(binary.BigEndian.Uint16(h[2:4]))
	case 127:
		return binary.BigEndian.Uint64(h[2:10])
	default:
		return uint64(l)
	}
}
