package dropbox

// Accepting a message for a dropbox: everything that happens before the listener answers 250.
// The raw message goes to the org's file store, then its row (the source of truth), then its
// email:ingest job. A failure before the row is committed removes the file: nothing
// half-stored; a failure to enqueue leaves the row QUEUED for the reconciler (the message is
// durable either way).

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/inboundemail"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"gocloud.dev/blob"
)

// Accepted says what Accept did with a message.
type Accepted struct {
	InboundID int
	MessageID string
	Duplicate bool // the org already had this Message-ID: nothing stored, nothing queued again
}

// Accept stores raw for box and queues its ingestion. The message must parse (ErrMalformed
// otherwise: the listener answers 554); its Message-ID (the forwarded original's, for a
// forward) keys it in the org.
func (s *Service) Accept(ctx context.Context, box Box, raw []byte) (Accepted, error) {
	m, err := Parse(raw, ParseOptions{Domain: s.Domain})
	if err != nil {
		return Accepted{}, err
	}
	sctx := auth.SystemContext(ctx, box.OrgID)
	acc := Accepted{MessageID: m.MessageID}
	if row, err := s.Client.InboundEmail.Query().
		Where(inboundemail.OrgID(box.OrgID), inboundemail.MessageID(m.MessageID)).Only(sctx); err == nil {
		acc.InboundID, acc.Duplicate = row.ID, true
		if row.State == inboundemail.StateQUEUED { // its job may have been lost: queue it again (same task ID)
			s.enqueue(ctx, box.OrgID, row.ID, row.MessageID)
		}
		return acc, nil
	} else if !ent.IsNotFound(err) {
		return Accepted{}, err
	}
	bucket, err := s.bucket(sctx, box.OrgID)
	if err != nil {
		return Accepted{}, err
	}
	key := BlobKey(box.OrgID, m.MessageID)
	if err := bucket.WriteAll(sctx, key, raw, blobstore.Private(&blob.WriterOptions{ContentType: "message/rfc822"})); err != nil {
		return Accepted{}, fmt.Errorf("storing the raw message: %w", err)
	}
	row, err := s.Client.InboundEmail.Create().SetOrgID(box.OrgID).SetUserID(box.UserID).SetMessageID(m.MessageID).
		SetBlobKey(key).SetSize(int64(len(raw))).SetReceivedAt(s.Clock.Now().UTC()).Save(sctx)
	if ent.IsConstraintError(err) { // the same message accepted at this very moment by another session
		acc.Duplicate = true
		return acc, nil // its file is the one just written under the same key: keep it
	}
	if err != nil {
		_ = bucket.Delete(context.WithoutCancel(sctx), key)
		return Accepted{}, fmt.Errorf("recording the message: %w", err)
	}
	acc.InboundID = row.ID
	s.enqueue(ctx, box.OrgID, row.ID, m.MessageID)
	return acc, nil
}

// enqueue queues the job; on failure the row stays QUEUED and the reconciler queues it.
func (s *Service) enqueue(ctx context.Context, orgID, inboundID int, messageID string) {
	if err := s.Queue.EnqueueEmailIngest(ctx, orgID, inboundID, messageID); err != nil {
		s.Log.Warn("email:ingest not queued; the reconciler will", "org", orgID, "inbound", inboundID, "err", err)
	}
}

func (s *Service) bucket(ctx context.Context, orgID int) (*blob.Bucket, error) {
	org, err := s.Client.Organization.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return s.Blobs.Bucket(ctx, string(org.Region))
}
