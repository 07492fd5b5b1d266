package backup

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backupfile"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/mail"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
)

// ---------------------------------------------------------------------------------------------
// The archive job (BK-2 … BK-5, BK-12, BK-13, BK-15, BK-16, BK-20)

// ErrFatal marks a run failure that retrying cannot fix (the job must not be retried).
var ErrFatal = errors.New("backup: not retryable")

// RunKey names a run's objects in the blob store.
func RunKey(runID int) string { return fmt.Sprintf("run-%d", runID) }

// Archive produces a run's archive and makes it READY. It is safe to call again for the same
// run at any point (a worker that died, a duplicate task): it continues from the state the
// database holds. final says this is the job's last attempt: a failure then marks the run
// FAILED and gives its cover back.
func (s *Service) Archive(ctx context.Context, orgID, runID int, final bool) error {
	ctx = auth.SystemContext(ctx, orgID)
	run, err := s.Client.BackupRun.Get(ctx, runID)
	if ent.IsNotFound(err) {
		return fmt.Errorf("backup run %d of org %d does not exist: %w", runID, orgID, ErrFatal)
	}
	if err != nil {
		return err
	}
	switch run.State {
	case RunQueued, RunRunning:
	case RunArchived:
		return s.makeReady(ctx, run)
	default:
		return nil // READY, EXPIRED, FAILED, NEEDS_PURCHASE, CANCELLED, SCHEDULED: nothing to do
	}
	// Claim the run: QUEUED, or RUNNING with no live worker (its heartbeat is cleared when an
	// attempt fails, and stale when the worker died), which first goes back to the queue
	// (RUNNING → QUEUED, BK-13). Two tasks never write one run at once: each step is a
	// compare-and-swap.
	now := s.now()
	claimed := false
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if _, err := transition(ctx, c, backuprun.And(backuprun.ID(runID), s.unheld()), RunQueued, nil, RunRunning); err != nil {
			return err
		}
		var err error
		claimed, err = transitionRun(ctx, c, runID, RunRunning, func(u *ent.BackupRunUpdate) {
			u.AddAttempts(1).ClearError().SetHeartbeatAt(time.Now())
			if run.StartedAt == nil {
				u.SetStartedAt(now)
			}
		}, RunQueued)
		return err
	})
	if err != nil || !claimed {
		return err // not claimed: a live worker holds it
	}
	stopBeat := s.heartbeat(ctx, runID)
	err = s.archive(ctx, run, final)
	stopBeat(err != nil) // a failed attempt lets its retry claim the run at once
	return err
}

// heartbeat writes heartbeat_at every HeartbeatEvery until the returned stop is called;
// stop(release) clears it when the worker lets go of the run.
func (s *Service) heartbeat(ctx context.Context, runID int) func(release bool) {
	every := max(s.staleAfter()/5, 100*time.Millisecond)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := s.Client.BackupRun.UpdateOneID(runID).SetHeartbeatAt(time.Now()).Exec(context.WithoutCancel(ctx)); err != nil {
					s.Log.Warn("backup heartbeat", "run", runID, "err", err)
				}
			}
		}
	}()
	return func(release bool) {
		close(done)
		wg.Wait()
		if release {
			err := s.Client.BackupRun.Update().Where(backuprun.ID(runID), backuprun.StateEQ(RunRunning)).
				ClearHeartbeatAt().Exec(context.WithoutCancel(ctx))
			if err != nil {
				s.Log.Warn("releasing backup run", "run", runID, "err", err)
			}
		}
	}
}

// archive writes the claimed run's archive and makes it READY.
func (s *Service) archive(ctx context.Context, run *ent.BackupRun, final bool) error {
	orgID, runID := run.OrgID, run.ID
	org, loc, err := s.org(ctx, s.Client, orgID)
	if err != nil {
		return err
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil { // BK-5: never a silent fallback to another region's store
		return s.fail(ctx, run, loc, err.Error(), true)
	}
	w := &archive.Writer{DB: s.DB, Bucket: bucket, PartSize: s.PartSize, NoBOM: s.NoCSVBOM, Clock: s.now, Progress: s.progress(ctx, run)}
	man, err := w.Write(ctx, orgID, RunKey(runID))
	if err != nil {
		if ctx.Err() != nil {
			return err // shutting down: the queue gives the task to another worker
		}
		s.Log.Error("backup archive failed", "org", orgID, "run", runID, "err", err)
		return s.fail(ctx, run, loc, "the archive could not be written: "+err.Error(), final)
	}
	if err := s.archived(ctx, run, man, loc); err != nil {
		return err
	}
	run, err = s.Client.BackupRun.Get(ctx, runID)
	if err != nil {
		return err
	}
	return s.makeReady(ctx, run)
}

// progress reports RUNNING progress (BK-12, BK-20): records done in the run row and a live
// (not kept) notification, at most every ProgressInterval.
func (s *Service) progress(ctx context.Context, run *ent.BackupRun) func(done, total int64) {
	every := s.ProgressInterval
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	var mu sync.Mutex
	var last time.Time
	return func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if t := time.Now(); t.Sub(last) >= every || done == total {
			last = t
			if err := s.Client.BackupRun.UpdateOneID(run.ID).SetRecordsDone(done).SetRecordsTotal(total).Exec(ctx); err != nil {
				s.Log.Warn("recording backup progress", "run", run.ID, "err", err)
			}
			if err := s.Notify.Ephemeral(ctx, run.OrgID, notify.Message{
				Title: fmt.Sprintf("Backup in progress: %d of %d records", done, total),
				Event: event.BackupProgress{RunRef: event.RunRef{RunID: run.ID, State: RunRunning}, RecordsDone: done, RecordsTotal: total}}); err != nil {
				s.Log.Warn("publishing backup progress", "run", run.ID, "err", err)
			}
		}
	}
}

// archived records the published archive: RUNNING → ARCHIVED with its files (BK-4, BK-15).
func (s *Service) archived(ctx context.Context, run *ent.BackupRun, man *archive.Manifest, loc *time.Location) error {
	now := s.now()
	expires := LinkExpiry(now, s.linkTTL())
	counts := map[string]int64{}
	for _, m := range man.Modules {
		counts[m.Name] = m.Records
	}
	var total int64
	for _, a := range man.Archives {
		total += a.Size
	}
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		ok, err := transitionRun(ctx, c, run.ID, RunArchived, func(u *ent.BackupRunUpdate) {
			u.SetArchivedAt(now).SetExpiresAt(expires).SetRecordCounts(counts).SetHeartbeatAt(time.Now()).
				SetAttachments(man.Attachments).SetRecordsDone(man.Records + man.Attachments).
				SetRecordsTotal(man.Records + man.Attachments).SetTotalBytes(total)
		}, RunRunning)
		if err != nil || !ok {
			return err
		}
		for _, a := range man.Archives {
			if err := c.BackupFile.Create().SetRunID(run.ID).SetKind(backupfile.Kind(a.Kind)).SetPart(a.Part).
				SetName(fileName(a)).SetBlobKey(a.Key).SetTokenHash(auth.HashSecret(s.linkToken(a.Key))).SetSize(a.Size).SetSha256(a.SHA256).
				SetExpiresAt(expires).Exec(ctx); err != nil {
				return err
			}
		}
		records := RunRecords(counts)
		return note(tx, run.OrgID,
			fmt.Sprintf("Backup archived: %d records, %d attachments, %s", records, man.Attachments, HumanBytes(total)),
			event.BackupArchived{RunRef: event.RunRef{RunID: run.ID, State: RunArchived}, Records: records, Attachments: man.Attachments, Bytes: total})
	})
	if err != nil {
		return err
	}
	return nil
}

// fileName is what a download is saved as.
func fileName(a archive.Archive) string {
	return strings.ToLower(a.Kind) + "-part" + fmt.Sprint(a.Part) + ".zip"
}

// makeReady issues the links: ARCHIVED → READY, the backup log line, an email to every admin
// (BK-16) and the READY notification (BK-20), in one transaction.
func (s *Service) makeReady(ctx context.Context, run *ent.BackupRun) error {
	org, loc, err := s.org(ctx, s.Client, run.OrgID)
	if err != nil {
		return err
	}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		ok, err := transitionRun(ctx, c, run.ID, RunReady, func(u *ent.BackupRunUpdate) { u.SetReadyAt(s.now()) }, RunArchived)
		if err != nil || !ok {
			return err
		}
		files, err := c.BackupFile.Query().Where(backupfile.RunID(run.ID)).
			Order(ent.Desc(backupfile.FieldKind), ent.Asc(backupfile.FieldPart)).All(ctx) // DATA, then ATTACHMENTS
		if err != nil {
			return err
		}
		var total int64
		for _, f := range files {
			total += f.Size
		}
		until := fmtLocal(run.ExpiresAt, loc)
		if err := tx.Audit(audit.Entry{Action: "backup.ready", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("The backup of %s is ready: %d files, %s, downloadable until %s",
				fmtLocal(&run.SlotAt, loc), len(files), HumanBytes(total), until),
			Details: map[string]any{"slotAt": run.SlotAt, "files": len(files), "bytes": total, "expiresAt": run.ExpiresAt}}); err != nil {
			return err
		}
		admins, err := c.User.Query().Where(user.RoleIn(user.RoleSUPER_ADMIN, user.RoleADMIN), user.StatusEQ(user.StatusACTIVE)).
			Order(ent.Asc(user.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, a := range admins {
			m, err := mail.Queue(ctx, c, run.OrgID, readyEmail(s.FileURL, org, a, files, run.ExpiresAt, loc))
			if err != nil {
				return err
			}
			tx.AfterCommit(s.enqueueMail(run.OrgID, m.ID))
		}
		return note(tx, run.OrgID, "Your backup is ready to download until "+until,
			event.BackupReady{RunRef: event.RunRef{RunID: run.ID, State: RunReady}, Files: len(files), Bytes: total, ExpiresAt: run.ExpiresAt})
	})
	if err != nil {
		return err
	}
	return nil
}

// DownloadURL is a file's link (BK-15): it works for a signed-in admin of the org until it expires.
func DownloadURL(base, token string) string {
	return strings.TrimSuffix(base, "/") + "/download/backup/" + token
}

// FileURL is the download link of a file (BK-15), whose token the database does not hold.
func (s *Service) FileURL(f *ent.BackupFile) string {
	return DownloadURL(s.BaseURL, s.linkToken(f.BlobKey))
}

// linkToken is the token of the link to the file stored under blobKey: HMAC-SHA256 of the key
// under LinkSecret. Blob keys are unique (the run ID is in them); without the secret a copy
// of the database gives no usable link (issue 9 item 10).
func (s *Service) linkToken(blobKey string) string {
	return LinkToken(s.LinkSecret, blobKey)
}

// LinkToken derives a download link's token from the secret and the file's blob key.
func LinkToken(secret, blobKey string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("backup-link\x00" + blobKey))
	return hex.EncodeToString(m.Sum(nil))
}

// MigrateLinks gives the files of earlier versions, which kept their link token in clear, a
// token hash: their links change (the SPA and the API show the new ones; links in emails sent
// before the upgrade answer 404). It returns how many files it updated.
func (s *Service) MigrateLinks(ctx context.Context) (int, error) {
	files, err := s.Client.BackupFile.Query().Where(backupfile.TokenHashIsNil()).All(store.AllOrgs(ctx))
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if err := s.Client.BackupFile.Update().Where(backupfile.ID(f.ID), backupfile.TokenHashIsNil()).
			SetTokenHash(auth.HashSecret(s.linkToken(f.BlobKey))).Exec(store.AllOrgs(ctx)); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// fail ends a run as FAILED when final (its cover is given back), or records the error and
// returns it so the job is retried.
func (s *Service) fail(ctx context.Context, run *ent.BackupRun, loc *time.Location, reason string, final bool) error {
	reason = truncateRunes(reason, 500)
	if !final {
		if err := s.Client.BackupRun.UpdateOneID(run.ID).SetError(reason).Exec(ctx); err != nil {
			s.Log.Warn("recording backup error", "run", run.ID, "err", err)
		}
		return errors.New(reason)
	}
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		ok, err := transitionRun(ctx, c, run.ID, RunFailed, func(u *ent.BackupRunUpdate) {
			u.SetError(reason).SetEndedAt(s.now())
		}, RunQueued, RunRunning)
		if err != nil || !ok {
			return err
		}
		if run.Cover != nil && *run.Cover == CoverUnit {
			if err := s.Billing.ReturnBackupUnit(ctx, c, run.OrgID); err != nil {
				return err
			}
		}
		if err := tx.Audit(audit.Entry{Action: "backup.failed", TargetType: "BackupRun", TargetID: run.ID,
			Summary: fmt.Sprintf("The backup of %s failed: %s", fmtLocal(&run.SlotAt, loc), reason),
			Details: map[string]any{"slotAt": run.SlotAt, "reason": reason}}); err != nil {
			return err
		}
		return note(tx, run.OrgID, "The backup failed: "+reason,
			event.BackupFailed{RunRef: event.RunRef{RunID: run.ID, State: RunFailed}, Error: reason})
	})
	if err != nil {
		return err
	}
	return fmt.Errorf("%s: %w", reason, ErrFatal)
}
