package datasync

// Applying deletions: an explicit delete and delete-after-two-consecutive-misses.

import (
	"context"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/eventparticipant"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// remove applies an explicit delete at once (permissions permitting).
func (a *applier) remove(ctx context.Context, it stored, link *ent.SyncItem, rec *record) error {
	if rec != nil {
		if state, ok := Permit(syncenum.Delete, true, a.s.perms().Record(ctx, a.v, a.module(), rec.id, rec.owner), true); !ok {
			return a.refuse(ctx, it, link, rec, state)
		}
		if err := a.deleteRecord(ctx, rec.id); err != nil {
			return err
		}
		a.n.deleted++
	} else {
		a.n.skipped++
	}
	if link != nil {
		return a.c.SyncItem.DeleteOneID(link.ID).Exec(ctx)
	}
	return nil
}

func (a *applier) deleteRecord(ctx context.Context, id int) error {
	var err error
	switch a.module() {
	case syncenum.Contacts:
		err = a.c.Contact.DeleteOneID(id).Exec(ctx)
	case syncenum.Tasks:
		err = a.c.Task.DeleteOneID(id).Exec(ctx)
	default:
		if _, err = a.c.EventParticipant.Delete().Where(eventparticipant.EventID(id)).Exec(ctx); err == nil {
			err = a.c.Event.DeleteOneID(id).Exec(ctx)
		}
	}
	if ent.IsNotFound(err) {
		return nil
	}
	return err
}

// misses applies delete-after-two-consecutive-misses to the links a full listing left out.
func (a *applier) misses(ctx context.Context, present []string, links []*ent.SyncItem) error {
	in := make(map[string]bool, len(present))
	for _, id := range present {
		in[id] = true
	}
	for _, l := range links {
		if in[l.ClientItemID] {
			if l.Misses > 0 || l.State == syncenum.PendingDelete {
				n, state, _ := Misses(l.Misses, true)
				if err := a.c.SyncItem.UpdateOneID(l.ID).SetMisses(n).Exec(ctx); err != nil {
					return err
				}
				// its state, unless applying the item just gave it another (ignored, refused…)
				if _, err := a.c.SyncItem.Update().Where(syncitem.ID(l.ID), syncitem.StateEQ(syncenum.PendingDelete)).
					SetState(state).Save(ctx); err != nil {
					return err
				}
			}
			continue
		}
		n, state, remove := Misses(l.Misses, false)
		if !remove {
			if err := a.c.SyncItem.UpdateOneID(l.ID).SetMisses(n).SetState(state).Exec(ctx); err != nil {
				return err
			}
			a.n.report = append(a.n.report, map[string]any{"clientItemId": l.ClientItemID, "state": string(state), "misses": n})
			continue
		}
		it := stored{ClientID: l.ClientItemID, Op: syncenum.Delete}
		var rec *record
		if l.RecordID != nil {
			var err error
			if rec, err = a.load(ctx, *l.RecordID); err != nil {
				return err
			}
		}
		if err := a.remove(ctx, it, l, rec); err != nil {
			return err
		}
	}
	return nil
}
