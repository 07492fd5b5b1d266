package worker

// The suite bundle's job (BU-4). bundle:tick runs every minute: it asks the database which
// orgs' bundle trials have a notice (7, 3, 1 day(s) before the end, in the org's time zone) or
// their expiry due, and enqueues one bundle:step per org and due instant (the task ID names
// both, so several ticks and schedulers queue it once). The step is idempotent: the notices
// sent are recorded with the trial in one transaction, the org locked, so two workers running
// the same step send each notice once and expire the trial once.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// Task types of the bundle's job.
const (
	TypeBundleTick = "bundle:tick" // periodic: enqueue the orgs whose bundle trial has a step due
	TypeBundleStep = "bundle:step" // send an org's due trial notices; expire its trial at the end
)

// BundleStepPayload asks the worker to run one org's due bundle steps.
type BundleStepPayload struct {
	OrgID int       `json:"orgId"`
	At    time.Time `json:"at"`
}

// DueBundleTasks lists the tasks bundle:tick enqueues now: one bundle:step per org with a
// notice or an expiry due, its task ID naming the org and the due instant.
func DueBundleTasks(ctx context.Context, d Deps) ([]*asynq.Task, error) {
	due, err := d.Billing.BundleDueOrgs(ctx, 1000)
	if err != nil {
		return nil, err
	}
	tasks := make([]*asynq.Task, 0, len(due))
	for _, s := range due {
		b, err := json.Marshal(BundleStepPayload{OrgID: s.OrgID, At: s.At.UTC()})
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, asynq.NewTask(TypeBundleStep, b, asynq.TaskID(fmt.Sprintf("%s:%d:%d", TypeBundleStep, s.OrgID, s.At.Unix())),
			asynq.Queue("critical"), asynq.MaxRetry(20), asynq.Timeout(2*time.Minute)))
	}
	return tasks, nil
}

// BundleTick enqueues the due bundle steps; a step already queued (same task ID) is skipped.
// It returns how many tasks were enqueued.
func BundleTick(ctx context.Context, d Deps) (int, error) {
	tasks, err := DueBundleTasks(ctx, d)
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

type bundleJobs struct{ Deps }

func (h *bundleJobs) tick(ctx context.Context, _ *asynq.Task) error {
	n, err := BundleTick(ctx, h.Deps)
	if n > 0 {
		h.Log.Info("bundle steps enqueued", "count", n)
	}
	return err
}

func (h *bundleJobs) step(ctx context.Context, t *asynq.Task) error {
	var p BundleStepPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	if p.OrgID <= 0 {
		return fmt.Errorf("%s: no org in payload: %w", t.Type(), asynq.SkipRetry)
	}
	return h.Billing.RunBundleDue(ctx, p.OrgID)
}
