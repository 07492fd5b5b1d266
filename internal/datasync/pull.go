package datasync

// Pulling CRM changes (SY-2): pages of the org's change log after a token, filtered by what
// the user may see and by the client's settings. A client's own pushes do not come back to
// it: an item link remembers the log position its push produced, and a change at or before
// it is skipped.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/eventparticipant"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/synccounter"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Change is one CRM change for a client.
type Change struct {
	Op           syncenum.Op // UPDATE carries the whole item (a create or an update); DELETE only IDs
	CRMID        int
	ClientItemID string // the client's ID when the item is linked
	Version      time.Time
	Fields       map[string]string
	Attendees    []Attendee
	Categories   []string
	Folder       string
	Raw          map[string]any // the client's raw payload last received (unmapped properties)
}

// Page is a page of changes and the token to continue from.
type Page struct {
	Changes []Change
	Next    string
	HasMore bool
}

// Pull pages module's changes after token for a client of the viewer (SY-2). An empty token
// starts a full sync. A token from before the kept history answers RESYNC_REQUIRED.
func (s *Service) Pull(ctx context.Context, clientID int, m syncenum.Module, token string, first int, automatic bool) (*Page, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if first <= 0 {
		first = 100
	}
	if first > MaxPage {
		return nil, apperr.Invalid("first", "is %d; the limit is %d", first, MaxPage)
	}
	c := s.Client
	_, st, err := s.client(ctx, c, clientID, m)
	if err != nil {
		return nil, err
	}
	set := settingsOf(st)
	if !set.SendsPull() {
		return nil, apperr.Invalid("module", "%s is not synced to the client (direction %s, enabled %t)", m, set.Direction, set.Enabled)
	}
	from, err := DecodeToken(s.TokenKey, v.OrgID, token)
	if err != nil {
		return nil, apperr.Invalid("token", "is not a sync token of this organization; sync in full with an empty token")
	}
	if err := s.ensureBackfilled(ctx, v.OrgID); err != nil {
		return nil, err
	}
	_, pruned, err := s.position(ctx, c, v.OrgID)
	if err != nil {
		return nil, err
	}
	if token != "" && Expired(from, pruned) {
		return nil, apperr.New(apperr.ResyncRequired, "the sync token is older than the change history kept (%s); sync in full again with an empty token", s.TombstoneTTL)
	}
	start, err := set.PullFrom(from, automatic)
	if errors.Is(err, ErrNotAutomatic) {
		return nil, apperr.Invalid("automatic", "%s is set to manual sync: start the sync by hand", m)
	}
	changes, err := c.SyncChange.Query().Where(syncchange.ModuleEQ(m), syncchange.SeqGT(start)).
		Order(ent.Asc(syncchange.FieldSeq)).Limit(first + 1).All(ctx)
	if err != nil {
		return nil, err
	}
	page := &Page{Next: EncodeToken(s.TokenKey, v.OrgID, max(from, start))}
	if len(changes) > first {
		page.HasMore, changes = true, changes[:first]
	}
	if len(changes) == 0 {
		return page, nil
	}
	ids := make([]int, len(changes))
	for i, ch := range changes {
		ids[i] = ch.RecordID
	}
	linkList, err := c.SyncItem.Query().Where(syncitem.ClientID(clientID), syncitem.ModuleEQ(m), syncitem.RecordIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	links := map[int]*ent.SyncItem{}
	for _, l := range linkList {
		links[*l.RecordID] = l
	}
	recs, err := s.records(ctx, m, ids)
	if err != nil {
		return nil, err
	}
	for _, ch := range changes {
		link := links[ch.RecordID]
		if link != nil && link.CrmSeq >= ch.Seq {
			continue // the client's own push, or already sent
		}
		r, ok := recs[ch.RecordID]
		if ok && s.perms().Record(ctx, v, m, ch.RecordID, r.owner) == NoAccess {
			ok = false // no longer visible: a deletion for the client
		}
		if !ok {
			if link != nil || (token != "" && ch.Op == syncenum.Delete) {
				out := Change{Op: syncenum.Delete, CRMID: ch.RecordID, Version: ch.ChangedAt}
				if link != nil {
					out.ClientItemID = link.ClientItemID
				}
				page.Changes = append(page.Changes, out)
			}
			continue
		}
		out := Change{Op: syncenum.Update, CRMID: ch.RecordID, Version: r.updated, Fields: r.fields, Attendees: r.attendees}
		if set.Category != "" {
			out.Categories = []string{set.Category}
		}
		if len(set.Folders) > 0 {
			out.Folder = set.Folders[0]
		}
		if link != nil {
			out.ClientItemID, out.Raw = link.ClientItemID, link.Raw
		}
		page.Changes = append(page.Changes, out)
	}
	page.Next = EncodeToken(s.TokenKey, v.OrgID, max(from, changes[len(changes)-1].Seq))
	if err := s.recordPull(ctx, v, clientID, m, automatic, start, changes[len(changes)-1].Seq, page); err != nil {
		return nil, err
	}
	return page, nil
}

// recordPull keeps a pulled page as a run of the CRM_TO_CLIENT direction (SY-7): records new
// to the client (added), changed (updated) and deleted. The same page pulled again (the same
// positions) is one run.
func (s *Service) recordPull(ctx context.Context, v *auth.Viewer, clientID int, m syncenum.Module, automatic bool, from, to int64, p *Page) error {
	if len(p.Changes) == 0 {
		return nil
	}
	var added, updated, deleted int
	for _, ch := range p.Changes {
		switch {
		case ch.Op == syncenum.Delete:
			deleted++
		case ch.ClientItemID == "":
			added++
		default:
			updated++
		}
	}
	now := s.Clock.Now()
	err := s.Client.SyncRun.Create().SetClientID(clientID).SetUserID(v.UserID).SetUserName(v.Name).SetModule(m).
		SetDirection(syncenum.CRMToClient).SetBatchKey(fmt.Sprintf("pull:%d:%d", from, to)).SetAutomatic(automatic).
		SetState(syncenum.RunDone).SetAdded(added).SetUpdated(updated).SetDeleted(deleted).
		SetStartedAt(now).SetFinishedAt(now).Exec(ctx)
	if ent.IsConstraintError(err) {
		return nil // this page was pulled before: counted once
	}
	if err != nil {
		return err
	}
	return s.Client.SyncClient.UpdateOneID(clientID).SetLastSyncAt(now).Exec(ctx)
}

type pulled struct {
	owner     *int
	updated   time.Time
	fields    map[string]string
	attendees []Attendee
}

// records reads the records of ids that exist and the viewer's privacy rules let through.
func (s *Service) records(ctx context.Context, m syncenum.Module, ids []int) (map[int]pulled, error) {
	out := map[int]pulled{}
	switch m {
	case syncenum.Contacts:
		rs, err := s.Client.Contact.Query().Where(contact.IDIn(ids...)).WithAccount().All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			text, times := contactValues(r)
			out[r.ID] = pulled{owner: r.OwnerID, updated: r.UpdatedAt, fields: ToClient(m, text, times)}
		}
	case syncenum.Tasks:
		rs, err := s.Client.Task.Query().Where(task.IDIn(ids...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			text, times := taskValues(r)
			out[r.ID] = pulled{owner: r.OwnerID, updated: r.UpdatedAt, fields: ToClient(m, text, times)}
		}
	default:
		rs, err := s.Client.Event.Query().Where(event.IDIn(ids...)).All(ctx)
		if err != nil {
			return nil, err
		}
		ps, err := s.Client.EventParticipant.Query().Where(eventparticipant.EventIDIn(ids...)).
			Order(ent.Asc(eventparticipant.FieldID)).All(ctx)
		if err != nil {
			return nil, err
		}
		att := map[int][]Attendee{}
		for _, p := range ps {
			att[p.EventID] = append(att[p.EventID], Attendee{Email: p.Email, Name: p.Name})
		}
		for _, r := range rs {
			text, times := eventValues(r)
			a := att[r.ID]
			if a == nil {
				a = []Attendee{}
			}
			out[r.ID] = pulled{owner: r.OwnerID, updated: r.UpdatedAt, fields: ToClient(m, text, times), attendees: a}
		}
	}
	return out, nil
}

// ensureBackfilled enters, once per org, the records that existed before the change log (a
// first full sync must list them): each gets a CREATE at the end of the log. It runs in its
// own transaction on the database handle; the counter row's lock serialises it with the org's
// writes.
func (s *Service) ensureBackfilled(ctx context.Context, org int) error {
	sys := auth.SystemContext(ctx, org)
	cn, err := s.Client.SyncCounter.Query().Where(synccounter.OrgID(org)).Only(sys)
	if err == nil && cn.Backfilled {
		return nil
	}
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	if s.DB == nil {
		return errors.New("sync: no database handle to backfill the change log")
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	err = func() error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+synccounter.Table+` (org_id, seq, pruned, backfilled) VALUES ($1, 0, 0, false)
ON CONFLICT (org_id) DO UPDATE SET seq = `+synccounter.Table+`.seq`, org); err != nil {
			return err
		}
		var seq int64
		var done bool
		if err := tx.QueryRowContext(ctx, `SELECT seq, backfilled FROM `+synccounter.Table+` WHERE org_id = $1`, org).Scan(&seq, &done); err != nil || done {
			return err
		}
		for _, t := range []struct {
			table  string
			module syncenum.Module
		}{{contact.Table, syncenum.Contacts}, {task.Table, syncenum.Tasks}, {event.Table, syncenum.Events}} {
			res, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (org_id, seq, module, record_id, op, changed_at)
SELECT org_id, CAST($1 AS BIGINT) + ROW_NUMBER() OVER (ORDER BY id), $2, id, $3, $4 FROM %s r
WHERE r.org_id = $5 AND NOT EXISTS (SELECT 1 FROM %s c WHERE c.org_id = r.org_id AND c.module = $6 AND c.record_id = r.id)`,
				syncchange.Table, t.table, syncchange.Table),
				seq, string(t.module), string(syncenum.Create), s.Clock.Now(), org, string(t.module))
			if err != nil {
				return fmt.Errorf("sync backfill of %s: %w", t.table, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			seq += n
		}
		_, err := tx.ExecContext(ctx, `UPDATE `+synccounter.Table+` SET seq = $1, backfilled = true WHERE org_id = $2`, seq, org)
		return err
	}()
	if err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// EnsureIndexes creates the index duplicate lookups by email use (SY-5: case-insensitive,
// the expression store.FoldEqual compares on database dia), which ent's schema language cannot
// express. Called at start.
func EnsureIndexes(ctx context.Context, db *sql.DB, dia string) error {
	for _, q := range []string{
		`CREATE INDEX IF NOT EXISTS contact_org_lower_email ON ` + contact.Table + ` (org_id, ` + store.FoldIndexExpr(dia, "email") + `)`,
		`CREATE INDEX IF NOT EXISTS task_org_subject ON ` + task.Table + ` (org_id, subject)`,
		`CREATE INDEX IF NOT EXISTS event_org_subject_start ON ` + event.Table + ` (org_id, subject, start_at)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sync indexes: %w", err)
		}
	}
	return nil
}
