// Package blobstore opens the file stores of each region (BK-5) through gocloud.dev/blob:
// file:// under the data dir by default, any gocloud URL (s3://, gs://, azblob://) when
// configured with CRM_BLOB_URL_<REGION>.
package blobstore

import (
	"context"
	"fmt"
	"net/url"
	"os"
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
	if p, ok := strings.CutPrefix(u, "file://"); ok {
		if pu, err := url.Parse(u); err == nil && pu.Path != "" {
			p = pu.Path
		}
		if err := os.MkdirAll(p, 0o750); err != nil {
			return nil, fmt.Errorf("creating file store for region %s: %w", region, err)
		}
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

// Writer adapts a bucket to simple whole-object writes.
type Writer struct{ Bucket *blob.Bucket }

// WriteBlob stores data under key.
func (w Writer) WriteBlob(ctx context.Context, key string, data []byte, contentType string) error {
	return w.Bucket.WriteAll(ctx, key, data, &blob.WriterOptions{ContentType: contentType})
}
