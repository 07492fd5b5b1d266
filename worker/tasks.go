// Package worker holds the job queue's task types, payloads and thin handlers: each handler
// decodes its payload and calls a service. A payload that cannot be decoded is never retried.
package worker

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Task type names: noun:verb.
const (
	TypeNotifyTest      = "notify:test"
	TypeNotifyRedeliver = "notify:redeliver"
	TypeSessionCleanup  = "session:cleanup"

	TypeBillingTick    = "billing:tick"    // periodic: enqueue the due billing steps
	TypeBillingRenew   = "billing:renew"   // charge the renewal at the period end (SB-11)
	TypeBillingDunning = "billing:dunning" // retries, lock, downgrade to FREE (SB-11, SB-12)
	TypeBillingTrial   = "billing:trial"   // a trial ends: back to the plan paid for (SB-2)

	TypeBackupTick    = "backup:tick"    // periodic: fire due schedule slots, re-enqueue unfinished runs
	TypeBackupArchive = "backup:archive" // write one run's archive and make it READY
	TypeBackupCleanup = "backup:cleanup" // periodic: expire archives whose links expired (BK-17)

	TypeMailSend = "mail:send" // deliver one queued email (BK-16)
	TypeMailTick = "mail:tick" // periodic: re-enqueue PENDING emails whose job was lost
)

// Queues, by priority weight.
var Queues = map[string]int{"critical": 6, "default": 3, "low": 1}

// NotifyTestPayload asks the worker to publish a test notification already stored for an org
// (NotificationID; tasks queued by older versions carry Title and RequestedBy instead).
type NotifyTestPayload struct {
	OrgID          int    `json:"orgId"`
	NotificationID int    `json:"notificationId,omitempty"`
	Title          string `json:"title,omitempty"`
	RequestedBy    string `json:"requestedBy,omitempty"`
}

// SendTestNotification sends a test notification to orgID through the whole path: it is
// stored first, then the notify:test job publishes it. A task lost with Redis is redelivered
// from the database (notify.Service.Redeliver); when the task cannot be queued the
// notification is discarded and the error is UNAVAILABLE (issue 9 item 8).
func SendTestNotification(ctx context.Context, q *asynq.Client, ns *notify.Service, orgID int, requestedBy, title string, defaultTitle bool) error {
	taskID := TypeNotifyTest + ":" + rand.Text()
	n, err := ns.Create(ctx, ns.Client, orgID, notify.Message{Type: "test", Title: title, Audience: notify.ForAll,
		Payload: map[string]any{"requestedBy": requestedBy, "taskId": taskID, "defaultTitle": defaultTitle}})
	if err != nil {
		return err
	}
	t := asynq.NewTask(TypeNotifyTest, mustJSON(NotifyTestPayload{OrgID: orgID, NotificationID: n.ID}),
		asynq.TaskID(taskID), asynq.MaxRetry(5), asynq.Timeout(30*time.Second))
	if _, err := q.EnqueueContext(ctx, t); err != nil {
		return errors.Join(QueueUnavailable(err), ns.Discard(ctx, n))
	}
	return nil
}

// QueueUnavailable is the error of an operation that needs the job queue while its Redis
// cannot be reached: UNAVAILABLE, nothing was changed, retry later (issue 9 item 8).
func QueueUnavailable(err error) error {
	return apperr.Wrap(apperr.Unavailable, err, "the job queue is unavailable; nothing was changed, try again in a minute").
		With("retryAfterSeconds", 60)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // payloads are plain structs of ints
	}
	return b
}

// decode unmarshals a payload; a bad one is wrapped in SkipRetry (retrying cannot help).
func decode(t *asynq.Task, v any) error {
	if err := json.Unmarshal(t.Payload(), v); err != nil {
		return fmt.Errorf("%s: bad payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return nil
}
