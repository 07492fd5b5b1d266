package mail

import (
	"context"
	"errors"
)

// Enqueuer puts a mail:send job on the queue (worker.Enqueuer). Enqueueing a message that is
// queued already is not an error (task ID = message).
type Enqueuer interface {
	EnqueueMail(ctx context.Context, orgID, messageID int) error
}

// Reconcile re-enqueues the mail:send job of every PENDING message (at start, and every
// minute from mail:tick): the database is the source of truth, a job may have been lost with
// Redis or never enqueued after its transaction committed. It returns how many it enqueued.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	msgs, err := s.Pending(ctx, 1000)
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	for _, m := range msgs {
		if err := s.Queue.EnqueueMail(ctx, m.OrgID, m.ID); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
