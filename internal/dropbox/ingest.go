package dropbox

// The email:ingest job: the raw message of an accepted row is parsed with its owner's
// addresses (direction) and handed to the emails domain as that user. Idempotent: a row that
// is not QUEUED is done; the emails domain is idempotent by Message-ID too. After success the
// raw message is deleted (the row stays, DONE, so the same Message-ID is not taken again); a
// message that can never be added (unreadable, owner gone) is FAILED and its file deleted too.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/inboundemail"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
	"gocloud.dev/gcerrors"
)

// ErrFatal marks a message that retrying cannot add (the job is not retried).
var ErrFatal = errors.New("dropbox message cannot be added")

// Ingest adds the accepted message inboundID of orgID. final says this is the job's last try:
// a transient failure then marks the row FAILED too.
func (s *Service) Ingest(ctx context.Context, orgID, inboundID int, final bool) error {
	sctx := auth.SystemContext(ctx, orgID)
	row, err := s.Client.InboundEmail.Get(sctx, inboundID)
	if ent.IsNotFound(err) {
		return nil // the org was deleted since
	}
	if err != nil {
		return err
	}
	if row.State != inboundemail.StateQUEUED {
		return nil
	}
	adder := s.getAdder()
	if adder == nil {
		return ErrNoAdder
	}
	owner, err := s.Client.User.Get(sctx, row.UserID)
	if ent.IsNotFound(err) {
		return s.fail(sctx, row, "the dropbox's owner no longer exists")
	}
	if err != nil {
		return err
	}
	bucket, err := s.bucket(sctx, orgID)
	if err != nil {
		return err
	}
	raw, err := bucket.ReadAll(sctx, row.BlobKey)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return s.fail(sctx, row, "the raw message is missing from the file store")
	}
	if err != nil {
		return err
	}
	m, err := Parse(raw, ParseOptions{Own: []string{owner.Email}, Domain: s.Domain})
	if err != nil {
		return s.fail(sctx, row, err.Error())
	}
	emailID, err := adder.AddFromDropbox(sctx, orgID, owner.ID, m)
	if err != nil {
		switch apperr.CodeOf(err) {
		case apperr.Unavailable, apperr.Internal, "":
			if final {
				return errors.Join(err, s.fail(sctx, row, err.Error()))
			}
			return err
		}
		return s.fail(sctx, row, err.Error()) // refused by a rule: retrying gives the same answer
	}
	n, err := s.Client.InboundEmail.Update().Where(inboundemail.ID(row.ID), inboundemail.StateEQ(inboundemail.StateQUEUED)).
		SetState(inboundemail.StateDONE).SetEmailID(emailID).SetDoneAt(s.Clock.Now().UTC()).Save(sctx)
	if err != nil {
		return err
	}
	if n == 1 {
		s.deleteRaw(sctx, bucket.Delete, row.BlobKey)
	}
	return nil
}

// fail records a message that cannot be added and deletes its raw file.
func (s *Service) fail(ctx context.Context, row *ent.InboundEmail, reason string) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	s.Log.Warn("dropbox message not added", "org", row.OrgID, "inbound", row.ID, "reason", reason)
	n, err := s.Client.InboundEmail.Update().Where(inboundemail.ID(row.ID), inboundemail.StateEQ(inboundemail.StateQUEUED)).
		SetState(inboundemail.StateFAILED).SetError(reason).SetDoneAt(s.Clock.Now().UTC()).Save(ctx)
	if err != nil {
		return err
	}
	if n == 1 {
		if bucket, err := s.bucket(ctx, row.OrgID); err == nil {
			s.deleteRaw(ctx, bucket.Delete, row.BlobKey)
		}
	}
	return fmt.Errorf("%w: %s", ErrFatal, reason)
}

func (s *Service) deleteRaw(ctx context.Context, del func(context.Context, string) error, key string) {
	if err := del(context.WithoutCancel(ctx), key); err != nil && !errors.Is(err, io.EOF) {
		s.Log.Warn("deleting an ingested raw message", "key", key, "err", err)
	}
}

// Reconcile queues the jobs of rows QUEUED for longer than olderThan (their task was lost:
// the embedded Redis forgets its queue on restart), at most 1000 a call.
func (s *Service) Reconcile(ctx context.Context, olderThan time.Duration) (int, error) {
	rows, err := s.Client.InboundEmail.Query().
		Where(inboundemail.StateEQ(inboundemail.StateQUEUED), inboundemail.ReceivedAtLTE(s.Clock.Now().Add(-olderThan))).
		Order(ent.Asc(inboundemail.FieldID)).Limit(1000).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rows {
		if err := s.Queue.EnqueueEmailIngest(ctx, r.OrgID, r.ID, r.MessageID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
