package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
	"gocloud.dev/blob"

	"github.com/crmadmin/crmadmin/internal/blobstore"
)

// ---------------------------------------------------------------------------------------------
// Parts: one ZIP file being written to its final key, committed only when the whole set is

type part struct {
	kind     string
	num      int
	finalKey string
	bw       *blob.Writer // open until publish commits it (Close) or discard aborts it
	abort    context.CancelFunc
	sum      hash.Hash
	n        int64 // bytes handed to the blob writer
	zw       *zip.Writer
	files    []File
	missing  []MissingAttachment
	reserved int64 // bytes still to come at close: central directory, manifest, end records
	entries  int
}

// Write receives the ZIP bytes: to the blob, and through the part's SHA-256.
func (p *part) Write(b []byte) (int, error) {
	n, err := p.bw.Write(b)
	p.sum.Write(b[:n])
	p.n += int64(n)
	return n, err
}

// used is the part's size so far.
func (p *part) used() (int64, error) {
	err := p.zw.Flush()
	return p.n, err
}

// fits reports whether need more bytes (entry data and headers) fit in the part, counting what
// closing it will add. An empty part takes anything, so that every part makes progress: a part
// exceeds PartSize only when a single chunk or attachment alone does not fit in one.
func (p *part) fits(need, limit int64) (bool, error) {
	if p.entries == 0 {
		return true, nil
	}
	n, err := p.used()
	return n+need+p.reserved <= limit, err
}

// entryCost is what an entry adds besides its data: local header (+ extended timestamp extra
// for entries that zip.Writer creates), data descriptor (zip64 size), central directory
// record (+ zip64 extra), and its line in the manifest (JSON, indented, escaped).
func entryCost(name string, module string) (now, atClose int64) {
	n := int64(len(name))
	return 30 + n + 9 + 24, 46 + n + 9 + 28 + 220 + 6*n + 2*int64(len(module))
}

// newPart opens the part's blob writer on its final key. The blob store's writer is atomic on
// close: nothing is stored under the key before Close, and a writer whose context is cancelled
// (or a process that dies) stores nothing (a file:// store may leave its own temporary file,
// <key>.<n>.tmp, which the next attempt removes). The writer's context is not ctx: once every
// part is complete, publication commits them even if ctx is cancelled; discard aborts them.
func (j *job) newPart(ctx context.Context, kind string, num int) (*part, error) {
	name := partName(kind, num)
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	bw, err := j.s.bucket.NewWriter(wctx, j.base+name, blobstore.Private(&blob.WriterOptions{ContentType: "application/zip"}))
	if err != nil {
		cancel()
		return nil, err
	}
	p := &part{kind: kind, num: num, finalKey: j.base + name, bw: bw, abort: cancel,
		sum: sha256.New(), reserved: j.baseCost[kind]}
	p.zw = zip.NewWriter(p)
	p.zw.RegisterCompressor(zip.Deflate, j.compressor)
	return p, nil
}

// compressor gives zip.Writer a pooled klauspost deflate writer at the configured level.
func (j *job) compressor(out io.Writer) (io.WriteCloser, error) {
	fw := j.deflate.Get().(*flate.Writer)
	fw.Reset(out)
	return &pooledFlate{Writer: fw, pool: &j.deflate}, nil
}

type pooledFlate struct {
	*flate.Writer
	pool *sync.Pool
}

func (f *pooledFlate) Close() error {
	err := f.Writer.Close()
	f.pool.Put(f.Writer)
	f.Writer = nil
	return err
}

// closePart writes the part's manifest.json and the end of the ZIP. The blob writer stays
// open (nothing visible yet): publish commits every part of the set together.
func (j *job) closePart(p *part) error {
	b, err := j.partManifest(p.kind, p.num, p).encode()
	if err == nil {
		var mw io.Writer
		mw, err = p.zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Store, Modified: j.s.now})
		if err == nil {
			_, err = mw.Write(b)
		}
	}
	if err == nil {
		err = p.zw.Close()
	}
	if err != nil {
		p.discard()
		return err
	}
	j.parts = append(j.parts, &finished{part: p, Archive: Archive{Kind: p.kind, Part: p.num, Key: p.finalKey,
		Size: p.n, SHA256: hex.EncodeToString(p.sum.Sum(nil)), Files: p.files}})
	return nil
}

// commit makes the part visible under its final key.
func (p *part) commit() error {
	err := p.bw.Close()
	p.abort() // releases the writer's context
	return err
}

// discard aborts the part's blob write: nothing is stored under its key.
func (p *part) discard() {
	p.abort()
	_ = p.bw.Close()
}
