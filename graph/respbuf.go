package graph

import (
	"bytes"
	"sync"
)

// responseBuffer replaces the bytes.Buffer a query's answer is marshalled into in the
// generated executor (internal/tools/gqlserial rewrites it after gqlgen runs). gqlgen starts
// from an empty buffer and grows it by doubling: for a 12 KB contacts(first:50) answer that
// is ~45 KB allocated per request (issue 16 item 2). This one comes from a pool and is put
// back by ReleaseResponseData once the transport has written the answer (the POST transport
// does; an answer nobody releases is left to the collector, as before).
func responseBuffer() *bytes.Buffer {
	if b, ok := responseBuffers.Get().(*[]byte); ok {
		return bytes.NewBuffer((*b)[:0])
	}
	return bytes.NewBuffer(make([]byte, 0, minResponseBuffer))
}

const (
	minResponseBuffer = 4 << 10
	// maxResponseBuffer bounds what the pool keeps: one large answer (a report, an export)
	// does not stay allocated.
	maxResponseBuffer = 256 << 10
)

var responseBuffers sync.Pool // *[]byte

// ReleaseResponseData gives data, a graphql.Response's Data, back to the pool once it has
// been written: the caller must not keep it, nor any slice of it. Data not from
// responseBuffer may be given too (any byte slice can be reused).
func ReleaseResponseData(data []byte) {
	if c := cap(data); c < minResponseBuffer || c > maxResponseBuffer {
		return
	}
	data = data[:0]
	responseBuffers.Put(&data)
}
