package archive

import (
	"context"
	"fmt"
	"io"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/crmadmin/crmadmin/internal/blobstore"
)

// ---------------------------------------------------------------------------------------------
// Publication and clean-up (BK-13)

func (j *job) publish(ctx context.Context, man *Manifest) error {
	b := j.s.bucket
	final := map[string]bool{}
	for _, p := range j.parts {
		if err := b.Copy(ctx, p.Key, p.tmpKey, blobstore.PrivateCopy()); err != nil {
			return fmt.Errorf("publishing %s: %w", p.Key, err)
		}
		j.published = append(j.published, p.Key)
		final[p.Key] = true
	}
	for _, p := range j.parts {
		if err := b.Delete(ctx, p.tmpKey); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return fmt.Errorf("removing %s: %w", p.tmpKey, err)
		}
	}
	j.parts = nil
	j.published = nil // from here on the set is complete: a failure below must not remove it
	// Anything else under the run prefix is from an earlier attempt: stale parts, temporaries.
	return deletePrefix(ctx, b, j.base, final)
}

// discard removes what this attempt wrote (temporary objects, and final keys if publication
// failed half way). It runs even when ctx is cancelled, with its own time limit.
func (j *job) discard(ctx context.Context) {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	for _, k := range j.published {
		_ = j.s.bucket.Delete(dctx, k)
	}
	_ = deletePrefix(dctx, j.s.bucket, j.tmp, nil)
}

// deletePrefix deletes every object under prefix except those in keep.
func deletePrefix(ctx context.Context, b *blob.Bucket, prefix string, keep map[string]bool) error {
	it := b.List(&blob.ListOptions{Prefix: prefix})
	var doomed []string
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if !obj.IsDir && !keep[obj.Key] {
			doomed = append(doomed, obj.Key)
		}
	}
	for _, k := range doomed {
		if err := b.Delete(ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
	}
	return nil
}
