package datasync

// Applying a pushed batch (the sync:apply job): one transaction per run, as the user who
// pushed it. The run's state moves from QUEUED to DONE in that same transaction, so a batch
// applied twice (a retried job, a reconciler's re-enqueue, a batch pushed twice) has the effect
// of once, and a worker killed mid-batch leaves the run QUEUED with its batch intact.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/syncrun"
	"github.com/crmadmin/crmadmin/ent/syncsetting"
	"github.com/crmadmin/crmadmin/internal/auth"
	kevent "github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
)

// ErrFatal marks a run that cannot be applied by retrying (bad stored batch, user gone).
var ErrFatal = errors.New("sync run cannot be applied")

// counts is a run's tally (SY-7).
type counts struct {
	added, updated, deleted, ignored, conflicts, refused, skipped int
	report                                                        []map[string]any
}

// Apply applies run runID of org (the sync:apply job). A run no longer QUEUED was applied
// already: nothing happens.
func (s *Service) Apply(ctx context.Context, org, runID int) error {
	sys := auth.SystemContext(ctx, org)
	run, err := s.Client.SyncRun.Get(sys, runID)
	if ent.IsNotFound(err) {
		return fmt.Errorf("%w: run %d not found", ErrFatal, runID)
	} else if err != nil {
		return err
	}
	if run.State != syncenum.RunQueued {
		return nil
	}
	v, err := s.userViewer(ctx, org, run.UserID)
	if err != nil {
		return s.fail(sys, run, err)
	}
	var items []stored
	if err := json.Unmarshal(run.Batch, &items); err != nil {
		return s.fail(sys, run, err)
	}
	uctx := auth.WithViewer(ctx, v)
	if err := s.ensureBackfilled(uctx, org); err != nil {
		return err
	}
	tx, err := s.Client.Tx(uctx)
	if err != nil {
		return err
	}
	// The run's checks once per transaction, not once per row (issue 11): the plan's record
	// limit (SB-8), the owner and the client the edge guard finds visible (PL-1).
	uctx = store.WithTxMemo(uctx, tx.Client())
	done, err := s.applyTx(uctx, tx.Client(), v, run, items)
	if err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if !done {
		return tx.Rollback()
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.publish(ctx, run)
	return nil
}

func (s *Service) fail(sys context.Context, run *ent.SyncRun, cause error) error {
	err := s.Client.SyncRun.UpdateOneID(run.ID).Where(syncrun.StateEQ(syncenum.RunQueued)).
		SetState(syncenum.RunFailed).SetError(clip(cause.Error(), 500)).SetFinishedAt(s.Clock.Now()).ClearBatch().Exec(sys)
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	s.publish(sys, run)
	return fmt.Errorf("%w: %v", ErrFatal, cause)
}

// publish tells the user's live subscribers (and admins) that a run finished (SY-2); the run
// itself is the history.
func (s *Service) publish(ctx context.Context, run *ent.SyncRun) {
	if s.Notify == nil {
		return
	}
	err := s.Notify.Ephemeral(ctx, run.OrgID, notify.Message{Title: "sync run finished",
		Audience: notify.ForAll, Event: kevent.SyncRunFinished{RunID: run.ID, UserID: run.UserID, ClientID: run.ClientID}})
	if err != nil {
		s.Log.Warn("sync run result not published; it is in the history", "run", run.ID, "err", err)
	}
}

func (s *Service) applyTx(ctx context.Context, c *ent.Client, v *auth.Viewer, run *ent.SyncRun, items []stored) (bool, error) {
	// Claim the run (compare-and-swap on QUEUED): its row stays locked until this transaction
	// ends, so a second apply of the same run (the job beside ApplyNow, a retried task) waits
	// and then finds it no longer QUEUED. A plain read would not wait on PostgreSQL, where two
	// transactions could both see QUEUED and apply the batch twice; SQLite serialises them.
	claimed, err := c.SyncRun.Update().Where(syncrun.ID(run.ID), syncrun.StateEQ(syncenum.RunQueued)).
		SetState(syncenum.RunQueued).Save(ctx)
	if err != nil || claimed == 0 {
		return false, err
	}
	if run, err = c.SyncRun.Get(ctx, run.ID); err != nil {
		return false, err
	}
	st, err := c.SyncSetting.Query().Where(syncsetting.ClientID(run.ClientID), syncsetting.ModuleEQ(run.Module)).Only(ctx)
	if err != nil {
		return false, err
	}
	set := settingsOf(st)
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ClientID
	}
	links := map[string]*ent.SyncItem{}
	q := c.SyncItem.Query().Where(syncitem.ClientID(run.ClientID), syncitem.ModuleEQ(run.Module))
	if !run.FullListing {
		q.Where(syncitem.ClientItemIDIn(ids...))
	}
	all, err := q.All(ctx)
	if err != nil {
		return false, err
	}
	for _, l := range all {
		links[l.ClientItemID] = l
	}
	a := &applier{s: s, c: c, v: v, run: run, set: set, now: s.Clock.Now()}
	if !set.AcceptsPush() { // settings changed after the push: report every item, change nothing
		for _, it := range items {
			a.n.skipped++
			a.n.report = append(a.n.report, map[string]any{"clientItemId": it.ClientID, "state": "SKIPPED",
				"reason": "the module is no longer synced from the client"})
		}
	} else {
		if err := a.applyAll(ctx, items, links); err != nil {
			return false, err
		}
		if run.FullListing {
			if err := a.misses(ctx, ids, all); err != nil {
				return false, err
			}
		}
	}
	n := a.n
	err = c.SyncRun.UpdateOneID(run.ID).Where(syncrun.StateEQ(syncenum.RunQueued)).SetState(syncenum.RunDone).
		SetAdded(n.added).SetUpdated(n.updated).SetDeleted(n.deleted).SetIgnored(n.ignored).SetConflicts(n.conflicts).
		SetRefused(n.refused).SetSkipped(n.skipped).SetReport(n.report).ClearBatch().SetFinishedAt(a.now).Exec(ctx)
	if err != nil {
		return false, err
	}
	return true, c.SyncClient.UpdateOneID(run.ClientID).SetLastSyncAt(a.now).Exec(ctx)
}

type applier struct {
	s   *Service
	c   *ent.Client
	v   *auth.Viewer
	run *ent.SyncRun
	set Settings
	now time.Time
	n   counts
	// accounts are the accounts found or created by name in this run (SY-3 company).
	accounts map[string]int
}

func (a *applier) module() syncenum.Module { return a.run.Module }

func (a *applier) report(it stored, state string, extra map[string]any) {
	e := map[string]any{"clientItemId": it.ClientID, "state": state}
	for k, v := range extra {
		e[k] = v
	}
	a.n.report = append(a.n.report, e)
}

// item applies one pushed item.
func (a *applier) item(ctx context.Context, it stored, link *ent.SyncItem) error {
	in := itemOf(it)
	if !a.set.InScope(in, a.run.Automatic) {
		a.n.skipped++
		return nil
	}
	rec, err := a.target(ctx, it, link)
	if err != nil {
		return err
	}
	if it.Op == syncenum.Delete {
		return a.remove(ctx, it, link, rec)
	}
	if rec == nil && it.Op == syncenum.Update && link != nil && link.RecordID != nil {
		// the record was deleted in the CRM since: the next pull tells the client; nothing to update
		a.n.skipped++
		return nil
	}
	mapped, ig := Map(a.module(), in, rec == nil)
	if ig != nil {
		return a.ignore(ctx, it, link, rec, ig)
	}
	if rec == nil {
		if rec, err = a.duplicate(ctx, mapped); err != nil {
			return err
		}
		if rec != nil { // SY-5: linked to the record found, which the item then updates
			if mapped, ig = Map(a.module(), in, false); ig != nil {
				return a.ignore(ctx, it, link, rec, ig)
			}
		}
	}
	if rec != nil {
		if state, ok := Permit(it.Op, true, a.s.perms().Record(ctx, a.v, a.module(), rec.id, rec.owner), true); !ok {
			return a.refuse(ctx, it, link, rec, state)
		}
		linked := link != nil && link.RecordID != nil && *link.RecordID == rec.id
		ver := Versions{Direction: a.set.Direction, Linked: linked, ClientModified: it.Modified, CRMSeq: rec.seq,
			CRMModified: rec.updated}
		if linked {
			ver.CRMSyncedSeq = link.CrmSeq
			if link.State == syncenum.Synced || link.State == syncenum.Conflicted || link.State == syncenum.PendingDelete {
				ver.ClientSynced = link.ClientVersion // an ignored or refused version never synced
			}
		}
		out, conflict := Resolve(ver)
		switch out {
		case Unchanged:
			a.n.skipped++
			return nil
		case KeepCRM:
			a.n.conflicts++
			kept := map[string]any{"winner": "CRM", "kept": "CLIENT", "client": it.Fields, "crm": rec.fields, "at": a.now}
			a.report(it, string(syncenum.Conflicted), kept)
			return a.link(ctx, it, link, rec.id, link.CrmSeq, syncenum.Conflicted, nil, kept)
		}
		if err := a.write(ctx, rec, mapped); err != nil {
			return a.itemError(ctx, it, link, rec, err)
		}
		a.n.updated++
		seq, err := a.seqOf(ctx, rec.id)
		if err != nil {
			return err
		}
		if conflict {
			a.n.conflicts++
			kept := map[string]any{"winner": "CLIENT", "kept": "CRM", "client": it.Fields, "crm": rec.fields, "at": a.now}
			a.report(it, string(syncenum.Conflicted), kept)
			return a.link(ctx, it, link, rec.id, seq, syncenum.Conflicted, nil, kept)
		}
		return a.link(ctx, it, link, rec.id, seq, syncenum.Synced, nil, nil)
	}
	if state, ok := Permit(it.Op, false, NoAccess, a.s.perms().CanCreate(ctx, a.v, a.module())); !ok {
		return a.refuse(ctx, it, link, nil, state)
	}
	id, err := a.create(ctx, mapped)
	if err != nil {
		return a.itemError(ctx, it, link, nil, err)
	}
	a.n.added++
	seq, err := a.seqOf(ctx, id)
	if err != nil {
		return err
	}
	return a.link(ctx, it, link, id, seq, syncenum.Synced, nil, nil)
}
