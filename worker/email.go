package worker

// Dropbox jobs (issue 13 item 7): email:ingest adds one message the SMTP listener accepted
// (task ID from the org and the Message-ID: the same message is queued once); email:tick
// re-enqueues accepted messages whose task was lost (the database is the source of truth).

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/dropbox"
)

const (
	TypeEmailIngest = "email:ingest" // add one accepted dropbox message as its owner
	TypeEmailTick   = "email:tick"   // periodic: re-enqueue QUEUED dropbox messages whose task was lost
)

// EmailIngestPayload names one accepted message.
type EmailIngestPayload struct {
	OrgID     int `json:"orgId"`
	InboundID int `json:"inboundId"`
}

// NewEmailIngestTask builds the email:ingest task of an accepted message; its ID comes from
// the org and the Message-ID (dropbox.TaskID).
func NewEmailIngestTask(orgID, inboundID int, messageID string) *asynq.Task {
	return asynq.NewTask(TypeEmailIngest, mustJSON(EmailIngestPayload{OrgID: orgID, InboundID: inboundID}),
		asynq.TaskID(dropbox.TaskID(orgID, messageID)), asynq.MaxRetry(10), asynq.Timeout(2*time.Minute),
		asynq.Retention(time.Hour))
}

// EnqueueEmailIngest queues email:ingest (dropbox.Enqueuer); a task already queued or kept
// (retention) under the same ID is not queued again.
func (e Enqueuer) EnqueueEmailIngest(ctx context.Context, orgID, inboundID int, messageID string) error {
	return e.enqueue(ctx, NewEmailIngestTask(orgID, inboundID, messageID))
}

type emailJobs struct{ Deps }

func (h *emailJobs) ingest(ctx context.Context, t *asynq.Task) error {
	var p EmailIngestPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	err := h.Dropbox.Ingest(ctx, p.OrgID, p.InboundID, finalAttempt(ctx))
	if errors.Is(err, dropbox.ErrFatal) {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}

func (h *emailJobs) tick(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Dropbox.Reconcile(ctx, time.Minute)
	if n > 0 {
		h.Log.Info("dropbox messages re-enqueued", "count", n)
	}
	return err
}

// registerEmail adds the dropbox handlers.
func registerEmail(mux *asynq.ServeMux, d Deps) {
	h := &emailJobs{d}
	mux.HandleFunc(TypeEmailIngest, h.ingest)
	mux.HandleFunc(TypeEmailTick, h.tick)
}
