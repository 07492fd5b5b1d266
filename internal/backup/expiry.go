package backup

import (
	"context"
	"errors"
	"fmt"

	"gocloud.dev/gcerrors"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backupfile"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/store"
)

// ---------------------------------------------------------------------------------------------
// Expiry (BK-17)

// Cleanup expires READY runs whose links expired: their files are deleted from the store and
// the run shows EXPIRED (backup:cleanup). It returns how many runs it expired.
func (s *Service) Cleanup(ctx context.Context) (int, error) {
	runs, err := s.Client.BackupRun.Query().Where(backuprun.StateEQ(RunReady), backuprun.ExpiresAtLTE(s.now())).
		Limit(500).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, r := range runs {
		if err := s.expire(auth.SystemContext(ctx, r.OrgID), r); err != nil {
			errs = append(errs, fmt.Errorf("run %d: %w", r.ID, err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

func (s *Service) expire(ctx context.Context, run *ent.BackupRun) error {
	if run.ExpiresAt == nil || !ShouldExpire(run.State, *run.ExpiresAt, s.now()) {
		return nil // not READY, or its links still work: its files stay
	}
	org, loc, err := s.org(ctx, s.Client, run.OrgID)
	if err != nil {
		return err
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		return err
	}
	files, err := s.Client.BackupFile.Query().Where(backupfile.RunID(run.ID), backupfile.DeletedAtIsNil()).All(ctx)
	if err != nil {
		return err
	}
	for _, f := range files { // delete first: a row never points at a file that is gone
		if err := bucket.Delete(ctx, f.BlobKey); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
	}
	if err := archive.DeleteRun(ctx, bucket, archive.DefaultPrefix, run.OrgID, RunKey(run.ID)); err != nil {
		return err
	}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		now := s.now()
		ok, err := transitionRun(ctx, c, run.ID, RunExpired, func(u *ent.BackupRunUpdate) { u.SetEndedAt(now) }, RunReady)
		if err != nil || !ok {
			return err
		}
		if err := c.BackupFile.Update().Where(backupfile.RunID(run.ID)).SetDeletedAt(now).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "backup.expired", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("The download links of the backup of %s expired; its files were deleted", fmtLocal(&run.SlotAt, loc)),
			Details: map[string]any{"slotAt": run.SlotAt}}); err != nil {
			return err
		}
		return note(tx, run.OrgID, "The backup of "+fmtLocal(&run.SlotAt, loc)+" expired and was deleted",
			event.BackupExpired{RunRef: runRefIn(run, RunExpired)})
	})
	if err != nil {
		return err
	}
	return nil
}
