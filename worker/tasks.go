// Package worker holds the job queue's task types, payloads and thin handlers: each handler
// decodes its payload and calls a service. A payload that cannot be decoded is never retried.
package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/notify"
)

// Task type names: noun:verb.
const (
	TypeNotifyTest      = notify.TestTaskType
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

// EnqueueNotifyTest queues the notify:test job publishing the stored notification
// notificationID (notify.Enqueuer).
func (e Enqueuer) EnqueueNotifyTest(ctx context.Context, orgID, notificationID int, taskID string) error {
	t := asynq.NewTask(TypeNotifyTest, mustJSON(NotifyTestPayload{OrgID: orgID, NotificationID: notificationID}),
		asynq.TaskID(taskID), asynq.MaxRetry(5), asynq.Timeout(30*time.Second))
	_, err := e.Client.EnqueueContext(ctx, t)
	return err
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
