package worker

// Backup jobs (BK-12, BK-13, BK-16, BK-17). The database is the source of truth: backup:tick
// fires due schedule slots and re-enqueues unfinished runs; backup:archive continues a run
// from the state the database holds (task ID = run ID, so a run is queued once);
// backup:cleanup expires old archives. The ready email goes through mail:send (mail.go).

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/backup"
)

// RunPayload names one backup run.
type RunPayload struct {
	OrgID   int `json:"orgId"`
	RunID   int `json:"runId"`
	Attempt int `json:"attempt"` // the run's attempt count when the task was made
}

// NewArchiveTask builds the backup:archive task of a run. Its task ID names the run and its
// attempt count: one task per run at a time, and a new one when the reconciler hands the run
// of a dead worker on (the dead worker's task stays in the active list until its lease ends).
func NewArchiveTask(orgID, runID, attempt int) *asynq.Task {
	b := mustJSON(RunPayload{OrgID: orgID, RunID: runID, Attempt: attempt})
	return asynq.NewTask(TypeBackupArchive, b, asynq.TaskID(fmt.Sprintf("%s:%d:%d", TypeBackupArchive, runID, attempt)),
		asynq.MaxRetry(5), asynq.Timeout(6*time.Hour))
}

// Enqueuer puts backup and mail tasks on the queue for the services (backup.Enqueuer,
// mail.Enqueuer). A task that is already queued or running (same task ID) is not an error.
type Enqueuer struct{ Client *asynq.Client }

func (e Enqueuer) EnqueueArchive(ctx context.Context, orgID, runID, attempt int) error {
	return e.enqueue(ctx, NewArchiveTask(orgID, runID, attempt))
}

func (e Enqueuer) enqueue(ctx context.Context, t *asynq.Task) error {
	_, err := e.Client.EnqueueContext(ctx, t)
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	return err
}

// RetryDelay spaces the retries of a task: backup and mail jobs retry soon (a worker that died
// mid-run is replaced within seconds, BK-13), everything else as asynq does by default.
func RetryDelay(n int, err error, t *asynq.Task) time.Duration {
	switch t.Type() {
	case TypeBackupArchive, TypeMailSend, TypeSyncApply, TypeEmailIngest:
		return min(time.Duration(n+1)*5*time.Second, 5*time.Minute)
	}
	return asynq.DefaultRetryDelayFunc(n, err, t)
}

// finalAttempt reports whether the running task has no retry left.
func finalAttempt(ctx context.Context) bool {
	n, ok1 := asynq.GetRetryCount(ctx)
	m, ok2 := asynq.GetMaxRetry(ctx)
	return ok1 && ok2 && n >= m
}

type backupJobs struct{ Deps }

func (h *backupJobs) tick(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Backup.Tick(ctx)
	if n > 0 {
		h.Log.Info("backup slots fired", "count", n)
	}
	return err
}

func (h *backupJobs) archive(ctx context.Context, t *asynq.Task) error {
	var p RunPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	err := h.Backup.Archive(ctx, p.OrgID, p.RunID, finalAttempt(ctx))
	if errors.Is(err, backup.ErrFatal) {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}

func (h *backupJobs) cleanup(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Backup.Cleanup(ctx)
	if n > 0 {
		h.Log.Info("backups expired", "count", n)
	}
	return err
}
