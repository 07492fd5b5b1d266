package worker

// Mail jobs (BK-16): mail:send delivers one queued email (internal/mail); mail:tick re-enqueues
// the PENDING ones whose job was lost (the database is the source of truth).

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// MailPayload names one queued email.
type MailPayload struct {
	OrgID     int `json:"orgId"`
	MessageID int `json:"messageId"`
}

// NewMailTask builds the mail:send task of a queued email; its task ID is the message's.
func NewMailTask(orgID, messageID int) *asynq.Task {
	b := mustJSON(MailPayload{OrgID: orgID, MessageID: messageID})
	return asynq.NewTask(TypeMailSend, b, asynq.TaskID(fmt.Sprintf("%s:%d", TypeMailSend, messageID)),
		asynq.MaxRetry(8), asynq.Timeout(2*time.Minute))
}

// EnqueueMail enqueues the mail:send task of a queued email (mail.Enqueuer, backup.Enqueuer).
func (e Enqueuer) EnqueueMail(ctx context.Context, orgID, messageID int) error {
	return e.enqueue(ctx, NewMailTask(orgID, messageID))
}

type mailJobs struct{ Deps }

func (h *mailJobs) send(ctx context.Context, t *asynq.Task) error {
	var p MailPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	return h.Mail.Deliver(ctx, p.OrgID, p.MessageID, finalAttempt(ctx))
}

func (h *mailJobs) tick(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Mail.Reconcile(ctx)
	if n > 0 {
		h.Log.Info("re-enqueued pending emails", "count", n)
	}
	return err
}
