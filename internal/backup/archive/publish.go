package archive

import (
	"context"
	"fmt"
	"io"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// ---------------------------------------------------------------------------------------------
// Publication and clean-up (BK-13)

func (j *job) publish(ctx context.Context, man *Manifest) error {
	final := map[string]bool{}
	for len(j.parts) > 0 {
		p := j.parts[0]
		j.parts = j.parts[1:]
		if err := p.commit(); err != nil {
			return fmt.Errorf("publishing %s: %w", p.Key, err)
		}
		j.published = append(j.published, p.Key)
		final[p.Key] = true
	}
	j.published = nil // from here on the set is complete: a failure below must not remove it
	// Anything else under the run prefix is from an earlier attempt: stale parts, temporaries.
	return deletePrefix(ctx, j.s.bucket, j.base, final)
}

// discard aborts what this attempt has not committed (nothing is stored for those) and deletes
// the final keys it committed if publication failed half way. It runs even when ctx is
// cancelled, with its own time limit.
func (j *job) discard(ctx context.Context) {
	for _, p := range j.parts {
		p.discard()
	}
	j.parts = nil
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	for _, k := range j.published {
		_ = j.s.bucket.Delete(dctx, k)
	}
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
