package worker

// Mail-client sync jobs (SY-2, issue 11). The database is the source of truth: a pushed batch
// is a QUEUED run holding its items; sync:apply applies it in one transaction (task ID from the
// client and batch key, so a batch is queued once); sync:tick re-enqueues runs whose task was
// lost; sync:prune forgets tombstones past CRM_SYNC_TOMBSTONE_TTL.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/internal/datasync"
)

const (
	TypeSyncApply = "sync:apply" // apply one pushed batch
	TypeSyncTick  = "sync:tick"  // periodic: re-enqueue QUEUED runs whose task was lost
	TypeSyncPrune = "sync:prune" // periodic: forget old tombstones of the change log
)

// SyncApplyPayload names one run.
type SyncApplyPayload struct {
	OrgID int `json:"orgId"`
	RunID int `json:"runId"`
}

// NewSyncApplyTask builds the sync:apply task of a run. Its ID is the batch key (with the
// client, hashed to a fixed length): the same batch is one task however often it is pushed.
func NewSyncApplyTask(orgID, runID, clientID int, batchKey string) *asynq.Task {
	h := sha256.Sum256([]byte(batchKey))
	id := fmt.Sprintf("%s:%d:%d:%s", TypeSyncApply, orgID, clientID, hex.EncodeToString(h[:12]))
	return asynq.NewTask(TypeSyncApply, mustJSON(SyncApplyPayload{OrgID: orgID, RunID: runID}),
		asynq.TaskID(id), asynq.MaxRetry(8), asynq.Timeout(5*time.Minute), asynq.Retention(10*time.Minute))
}

// SyncEnqueuer queues sync:apply tasks for the sync service (datasync.Enqueuer).
type SyncEnqueuer struct{ Client *asynq.Client }

func (e SyncEnqueuer) EnqueueSyncApply(ctx context.Context, orgID, runID, clientID int, batchKey string) error {
	return Enqueuer{Client: e.Client}.enqueue(ctx, NewSyncApplyTask(orgID, runID, clientID, batchKey))
}

type syncJobs struct{ Deps }

func (h *syncJobs) apply(ctx context.Context, t *asynq.Task) error {
	var p SyncApplyPayload
	if err := decode(t, &p); err != nil {
		return err
	}
	err := h.Sync.Apply(ctx, p.OrgID, p.RunID)
	if errors.Is(err, datasync.ErrFatal) {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}

func (h *syncJobs) tick(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Sync.Reconcile(ctx, 30*time.Second)
	if n > 0 {
		h.Log.Info("sync runs re-enqueued", "count", n)
	}
	return err
}

func (h *syncJobs) prune(ctx context.Context, _ *asynq.Task) error {
	n, err := h.Sync.Prune(ctx)
	if n > 0 {
		h.Log.Info("sync tombstones pruned", "count", n)
	}
	return err
}

// registerSync adds the sync handlers and periodic entries.
func registerSync(mux *asynq.ServeMux, d Deps) {
	h := &syncJobs{d}
	mux.HandleFunc(TypeSyncApply, h.apply)
	mux.HandleFunc(TypeSyncTick, h.tick)
	mux.HandleFunc(TypeSyncPrune, h.prune)
}
