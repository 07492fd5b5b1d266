package graph

import (
	"bytes"
	"testing"
)

// Issue 16 item 2: a pooled answer buffer starts empty whatever was written in it before, and
// the pool keeps no buffer beyond maxResponseBuffer (one large answer stays the collector's).
func TestResponseBufferPool_Issue16Item2(t *testing.T) {
	for range 10 {
		b := responseBuffer()
		if b.Len() != 0 || b.Cap() < minResponseBuffer || b.Cap() > maxResponseBuffer {
			t.Fatalf("a buffer of %d bytes (cap %d); want empty, cap in [%d, %d]", b.Len(), b.Cap(), minResponseBuffer, maxResponseBuffer)
		}
		b.WriteString(`{"contacts":{"edges":[]}}`)
		ReleaseResponseData(b.Bytes())
		ReleaseResponseData(bytes.Repeat([]byte("x"), 2*maxResponseBuffer))
		ReleaseResponseData(nil)
	}
}
