package datasync

// Read-side hooks for adapters that serve whole collections rather than change feeds (the
// CardDAV/CalDAV door, issue 12): what a client of the viewer sees now, record by record,
// and the change log's position as a token. Additive: Pull, Push and Apply are unchanged.

import (
	"context"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/syncclient"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// Snapshot is one CRM record as a client of the viewer sees it now.
type Snapshot struct {
	Change
	Seq      int64 // the record's change-log position: its version
	ReadOnly bool  // SY-8: shared read-only to the viewer
}

// EnsureClient returns the viewer's client of kind DAV named name, registering it on first
// use with default settings (SY-1).
func (s *Service) EnsureClient(ctx context.Context, name string) (*ent.SyncClient, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	q := s.Client.SyncClient.Query().Where(syncclient.UserID(v.UserID), syncclient.KindEQ(syncclient.KindDAV), syncclient.Name(name))
	if cl, err := q.First(ctx); err == nil {
		return cl, nil
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	c := tx.Client()
	cl, err := c.SyncClient.Create().SetName(name).SetUserID(v.UserID).SetKind(syncclient.KindDAV).Save(ctx)
	if err == nil {
		for _, m := range syncenum.Modules {
			if err = c.SyncSetting.Create().SetClientID(cl.ID).SetUserID(v.UserID).SetModule(m).Exec(ctx); err != nil {
				break
			}
		}
	}
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return cl, tx.Commit()
}

// Settings returns the settings of module m of the viewer's client.
func (s *Service) Settings(ctx context.Context, clientID int, m syncenum.Module) (Settings, error) {
	_, st, err := s.client(ctx, s.Client, clientID, m)
	if err != nil {
		return Settings{}, err
	}
	return settingsOf(st), nil
}

// Position is a token for the change log's present end: Pull from it returns later changes.
func (s *Service) Position(ctx context.Context) (string, int64, error) {
	v, err := viewer(ctx)
	if err != nil {
		return "", 0, err
	}
	if err := s.ensureBackfilled(ctx, v.OrgID); err != nil {
		return "", 0, err
	}
	seq, _, err := s.position(ctx, s.Client, v.OrgID)
	if err != nil {
		return "", 0, err
	}
	return EncodeToken(s.TokenKey, v.OrgID, seq), seq, nil
}

// Snapshots returns the records of m the viewer may see (all of them when ids is nil), each
// with the client's link (its item ID and raw payload) when there is one.
func (s *Service) Snapshots(ctx context.Context, clientID int, m syncenum.Module, ids []int) ([]Snapshot, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if ids == nil {
		switch m {
		case syncenum.Contacts:
			ids, err = s.Client.Contact.Query().Order(ent.Asc(contact.FieldID)).IDs(ctx)
		case syncenum.Tasks:
			ids, err = s.Client.Task.Query().Order(ent.Asc(task.FieldID)).IDs(ctx)
		default:
			ids, err = s.Client.Event.Query().Order(ent.Asc(event.FieldID)).IDs(ctx)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]Snapshot, 0, len(ids))
	set, err := s.Settings(ctx, clientID, m)
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		recs, err := s.records(ctx, m, chunk)
		if err != nil {
			return nil, err
		}
		links, err := s.Client.SyncItem.Query().Where(syncitem.ClientID(clientID), syncitem.ModuleEQ(m), syncitem.RecordIDIn(chunk...)).All(ctx)
		if err != nil {
			return nil, err
		}
		byRec := map[int]*ent.SyncItem{}
		for _, l := range links {
			byRec[*l.RecordID] = l
		}
		chs, err := s.Client.SyncChange.Query().Where(syncchange.ModuleEQ(m), syncchange.RecordIDIn(chunk...)).All(ctx)
		if err != nil {
			return nil, err
		}
		seqs := map[int]int64{}
		for _, c := range chs {
			seqs[c.RecordID] = c.Seq
		}
		for _, id := range chunk {
			r, ok := recs[id]
			if !ok {
				continue
			}
			acc := s.perms().Record(ctx, v, m, id, r.owner)
			if acc == NoAccess {
				continue
			}
			sn := Snapshot{Change: Change{Op: syncenum.Update, CRMID: id, Version: r.updated, Fields: r.fields,
				Attendees: r.attendees}, Seq: seqs[id], ReadOnly: acc == ReadAccess}
			if set.Category != "" {
				sn.Categories = []string{set.Category}
			}
			if l := byRec[id]; l != nil {
				sn.ClientItemID, sn.Raw = l.ClientItemID, l.Raw
			}
			out = append(out, sn)
		}
	}
	return out, nil
}

// Link returns the client's link of item clientItemID (nil when there is none).
func (s *Service) Link(ctx context.Context, clientID int, m syncenum.Module, clientItemID string) (*ent.SyncItem, error) {
	l, err := s.Client.SyncItem.Query().Where(syncitem.ClientID(clientID), syncitem.ModuleEQ(m), syncitem.ClientItemID(clientItemID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return l, err
}

// Links returns the client's links of the items named (those that exist).
func (s *Service) Links(ctx context.Context, clientID int, m syncenum.Module, clientItemIDs []string) ([]*ent.SyncItem, error) {
	return s.Client.SyncItem.Query().Where(syncitem.ClientID(clientID), syncitem.ModuleEQ(m), syncitem.ClientItemIDIn(clientItemIDs...)).All(ctx)
}

// ApplyNow applies a pushed run at once, for adapters whose protocol answers each write
// synchronously; the queued sync:apply job then finds it applied and does nothing.
func (s *Service) ApplyNow(ctx context.Context, run *ent.SyncRun) (*ent.SyncRun, error) {
	if err := s.Apply(ctx, run.OrgID, run.ID); err != nil {
		return nil, err
	}
	return s.Client.SyncRun.Get(ctx, run.ID)
}
