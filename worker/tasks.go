// Package worker holds the job queue's task types, payloads and thin handlers: each handler
// decodes its payload and calls a service. A payload that cannot be decoded is never retried.
package worker

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
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
	TypeMailSend      = "mail:send"      // deliver one queued email (BK-16)
)

// Queues, by priority weight.
var Queues = map[string]int{"critical": 6, "default": 3, "low": 1}

// NotifyTestPayload asks the worker to send a test notification to an org.
type NotifyTestPayload struct {
	OrgID       int    `json:"orgId"`
	Title       string `json:"title"`
	RequestedBy string `json:"requestedBy"`
}

// NewNotifyTestTask builds a notify:test task.
func NewNotifyTestTask(p NotifyTestPayload) (*asynq.Task, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return asynq.NewTask(TypeNotifyTest, b, asynq.MaxRetry(5), asynq.Timeout(30*time.Second)), nil
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
