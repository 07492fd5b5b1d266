// Package blobstore opens the file stores of each region (BK-5) — files, not the database,
// which is internal/store — through gocloud.dev/blob:
// file:// under the data dir by default, any gocloud URL (s3://, gs://, azblob://) when
// configured with CRM_BLOB_URL_<REGION>.
//
// Tenant data never leaves the store (issue 9 item 6): a file:// store keeps the temporary
// file of a write beside its final path (fileblob's no_tmp_dir; by default fileblob writes
// them to os.TempDir, where a killed process leaves them readable), creates its directories
// 0700, and the writes of this project make their files 0600 (Private, PrivateCopy).
package blobstore

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob"
)

// Stores opens buckets lazily, one per region, and keeps them open.
type Stores struct {
	URL func(region string) string // the configured URL of a region ("" = none)

	mu      sync.Mutex
	buckets map[string]*blob.Bucket
}

// Bucket returns the region's bucket. A region with no store is an error, never a fallback
// to another region (BK-5).
func (s *Stores) Bucket(ctx context.Context, region string) (*blob.Bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.buckets[region]; ok {
		return b, nil
	}
	u := s.URL(region)
	if u == "" {
		return nil, fmt.Errorf("no file store is configured for region %s (set CRM_BLOB_URL_%s)", region, strings.ToUpper(region))
	}
	u, err := privateFileURL(u)
	if err != nil {
		return nil, fmt.Errorf("file store URL of region %s: %w", region, err)
	}
	b, err := blob.OpenBucket(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("opening file store for region %s: %w", region, err)
	}
	if s.buckets == nil {
		s.buckets = map[string]*blob.Bucket{}
	}
	s.buckets[region] = b
	return b, nil
}

// Close closes every opened bucket.
func (s *Stores) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.buckets {
		_ = b.Close()
	}
	s.buckets = nil
	return nil
}

// privateFileURL adds to a file:// URL what keeps tenant data private unless the URL says
// otherwise: temporary files beside the final path (no_tmp_dir), directories 0700 created as
// needed. Other schemes are returned as they are.
func privateFileURL(raw string) (string, error) {
	if !strings.HasPrefix(raw, "file://") {
		return raw, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	q := u.Query()
	for k, v := range map[string]string{"no_tmp_dir": "true", "dir_file_mode": strconv.Itoa(0o700), "create_dir": "true"} {
		if !q.Has(k) {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// FileMode is the mode of the files this project writes in a file:// store.
const FileMode os.FileMode = 0o600

// chmodFile makes a file:// store's file (reached through the driver's As) owner-only before
// anything is written to it; other drivers have no file and are left alone.
func chmodFile(as func(any) bool) error {
	var f *os.File
	if as(&f) && f != nil {
		return f.Chmod(FileMode)
	}
	return nil
}

// Private returns o (nil: new options) with its file, in a file:// store, made 0600 before
// anything is written to it, temporary file and final file alike (issue 9 item 6).
func Private(o *blob.WriterOptions) *blob.WriterOptions {
	if o == nil {
		o = &blob.WriterOptions{}
	}
	o.BeforeWrite = chmodFile
	return o
}

// PrivateCopy are copy options whose destination file, in a file:// store, is 0600.
func PrivateCopy() *blob.CopyOptions { return &blob.CopyOptions{BeforeCopy: chmodFile} }

// Writer adapts a bucket to simple whole-object writes.
type Writer struct{ Bucket *blob.Bucket }

// WriteBlob stores data under key.
func (w Writer) WriteBlob(ctx context.Context, key string, data []byte, contentType string) error {
	return w.Bucket.WriteAll(ctx, key, data, Private(&blob.WriterOptions{ContentType: contentType}))
}
