package worker

// Billing jobs (SB-2, SB-11, SB-12). billing:tick runs every minute: it asks the database which
// subscriptions have a step due (renewal, retry, lock, downgrade to FREE, trial end) and
// enqueues one task per org and step. The task ID names the org and the step's due time — for
// a renewal, the period end — so a step is queued once however many ticks see it; and the
// service's steps are idempotent (a renewal's payment key names the period), so a task run
// twice charges once.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/billing"
)

// BillingStepPayload asks the worker to run the due billing steps of one org.
type BillingStepPayload struct {
	OrgID  int       `json:"orgId"`
	Action string    `json:"action"` // the step the tick saw due (informative: the handler runs whatever is due)
	At     time.Time `json:"at"`
}

// billingType is the task type of a step: billing:renew (renewal at the period end),
// billing:dunning (retries, lock, downgrade to FREE), billing:trial (trial expiry).
func billingType(a billing.Action) string {
	switch a {
	case billing.ActionRenew:
		return TypeBillingRenew
	case billing.ActionEndTrial:
		return TypeBillingTrial
	}
	return TypeBillingDunning
}

// NewBillingStepTask builds the task of a due step, with its task ID (org + due time).
func NewBillingStepTask(s billing.DueStep) (*asynq.Task, error) {
	p := BillingStepPayload{OrgID: s.OrgID, Action: string(s.Action), At: s.At.UTC()}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	typ := billingType(s.Action)
	return asynq.NewTask(typ, b, asynq.TaskID(fmt.Sprintf("%s:%d:%d", typ, s.OrgID, s.At.Unix())),
		asynq.Queue("critical"), asynq.MaxRetry(20), asynq.Timeout(2*time.Minute)), nil
}

// DueBillingTasks lists the tasks billing:tick enqueues now.
func DueBillingTasks(ctx context.Context, svc *billing.Service) ([]*asynq.Task, error) {
	due, err := svc.Due(ctx, 1000)
	if err != nil {
		return nil, err
	}
	tasks := make([]*asynq.Task, 0, len(due))
	for _, s := range due {
		t, err := NewBillingStepTask(s)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, t)
	}
	return tasks, nil
}

// BillingTick enqueues the due steps; a step already queued (same task ID) is skipped. It
// returns how many tasks were enqueued.
func BillingTick(ctx context.Context, d Deps) (int, error) {
	tasks, err := DueBillingTasks(ctx, d.Billing)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range tasks {
		_, err := d.Queue.EnqueueContext(ctx, t)
		switch {
		case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		case err != nil:
			return n, err
		default:
			n++
		}
	}
	return n, nil
}

type billingJobs struct{ Deps }

func (h *billingJobs) tick(ctx context.Context, _ *asynq.Task) error {
	n, err := BillingTick(ctx, h.Deps)
	if n > 0 {
		h.Log.Info("billing steps enqueued", "count", n)
	}
	return err
}

func (h *billingJobs) step(ctx context.Context, t *asynq.Task) error {
	var p BillingStepPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	if p.OrgID <= 0 {
		return fmt.Errorf("%s: no org in payload: %w", t.Type(), asynq.SkipRetry)
	}
	return h.Billing.RunDue(ctx, p.OrgID)
}
