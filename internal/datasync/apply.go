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
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/account"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/eventparticipant"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/syncrun"
	"github.com/crmadmin/crmadmin/ent/syncsetting"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	kevent "github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/notify"
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
	run, err := c.SyncRun.Get(ctx, run.ID) // read again inside the transaction: applied once
	if err != nil || run.State != syncenum.RunQueued {
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
		for _, it := range items {
			if err := a.item(ctx, it, links[it.ClientID]); err != nil {
				return false, fmt.Errorf("item %q: %w", it.ClientID, err)
			}
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
	in := Item{ClientID: it.ClientID, Op: it.Op, Modified: it.Modified, Fields: it.Fields, Categories: it.Categories, Folder: it.Folder}
	if it.HasAtt {
		in.Attendees = it.Attendees
		if in.Attendees == nil {
			in.Attendees = []Attendee{}
		}
	}
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

// record is a CRM record as the rules need it.
type record struct {
	id      int
	owner   *int
	updated time.Time
	seq     int64
	fields  map[string]string // in the client's names, for the conflict report
}

// target finds the record an item is linked to: its link's, else the CRM ID the client gave
// (among records the user can see). nil: none (a create, or the record is gone).
func (a *applier) target(ctx context.Context, it stored, link *ent.SyncItem) (*record, error) {
	id := 0
	switch {
	case link != nil && link.RecordID != nil:
		id = *link.RecordID
	case it.CRMID != 0:
		id = it.CRMID
	default:
		return nil, nil
	}
	return a.load(ctx, id)
}

// load reads one record of the run's module (nil when it does not exist or is another org's).
func (a *applier) load(ctx context.Context, id int) (*record, error) {
	var (
		owner   *int
		updated time.Time
		text    map[string]string
		times   map[string]*time.Time
	)
	switch a.module() {
	case syncenum.Contacts:
		r, err := a.c.Contact.Query().Where(contact.ID(id)).WithAccount().Only(ctx)
		if ent.IsNotFound(err) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		owner, updated = r.OwnerID, r.UpdatedAt
		text, times = contactValues(r)
	case syncenum.Tasks:
		r, err := a.c.Task.Query().Where(task.ID(id)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		owner, updated = r.OwnerID, r.UpdatedAt
		text, times = taskValues(r)
	default:
		r, err := a.c.Event.Query().Where(event.ID(id)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		owner, updated = r.OwnerID, r.UpdatedAt
		text, times = eventValues(r)
	}
	seq, err := a.seqOf(ctx, id)
	if err != nil {
		return nil, err
	}
	return &record{id: id, owner: owner, updated: updated, seq: seq, fields: ToClient(a.module(), text, times)}, nil
}

// seqOf is the record's position in the change log (0 when never logged).
func (a *applier) seqOf(ctx context.Context, id int) (int64, error) {
	ch, err := a.c.SyncChange.Query().Where(syncchange.ModuleEQ(a.module()), syncchange.RecordID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return ch.Seq, nil
}

// duplicate finds the record an item duplicates (SY-5), among records the user can see.
func (a *applier) duplicate(ctx context.Context, m Mapped) (*record, error) {
	var ids []int
	var err error
	switch a.module() {
	case syncenum.Contacts:
		k := ContactKey(m.Text["email"], m.Text["first_name"], m.Text["last_name"])
		if !k.Exists {
			return nil, nil
		}
		// No ORDER BY in SQL: the planner would then walk (org_id, created_at) instead of the
		// lower(email) index; the few matches are ordered here, the earliest created first.
		q := a.c.Contact.Query().Limit(50)
		if k.By == "email" {
			q.Where(contact.EmailEqualFold(k.Email))
		} else {
			q.Where(contact.Or(contact.EmailIsNil(), contact.EmailEQ("")), contact.LastName(k.Last))
			if k.First == "" {
				q.Where(contact.Or(contact.FirstNameIsNil(), contact.FirstNameEQ("")))
			} else {
				q.Where(contact.FirstName(k.First))
			}
		}
		var rows []*ent.Contact
		if rows, err = q.Select(contact.FieldID, contact.FieldCreatedAt).All(ctx); err == nil {
			slices.SortFunc(rows, func(x, y *ent.Contact) int {
				if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
					return c
				}
				return x.ID - y.ID
			})
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
		}
	case syncenum.Tasks:
		k := TaskKey(m.Text["subject"], m.Times["due_date"])
		if !k.Exists {
			return nil, nil
		}
		q := a.c.Task.Query().Where(task.Subject(k.Text)).Order(ent.Asc(task.FieldID)).Limit(20)
		if k.Start == nil {
			q.Where(task.DueDateIsNil())
		} else {
			q.Where(task.DueDate(*k.Start))
		}
		ids, err = q.IDs(ctx)
	default:
		k := EventKey(m.Text["subject"], m.Times["start_at"], m.Times["end_at"])
		if !k.Exists {
			return nil, nil
		}
		ids, err = a.c.Event.Query().Where(event.Subject(k.Text), event.StartAt(*k.Start), event.EndAt(*k.End)).
			Order(ent.Asc(event.FieldID)).Limit(20).IDs(ctx)
	}
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		r, err := a.load(ctx, id)
		if err != nil {
			return nil, err
		}
		if r != nil && a.s.perms().Record(ctx, a.v, a.module(), r.id, r.owner) != NoAccess {
			return r, nil
		}
	}
	return nil, nil
}

// create writes a new record from m; an ent validation error becomes an Ignore.
func (a *applier) create(ctx context.Context, m Mapped) (int, error) {
	var mu ent.Mutation
	var save func() (int, error)
	switch a.module() {
	case syncenum.Contacts:
		b := a.c.Contact.Create().SetOwnerID(a.v.UserID)
		mu, save = b.Mutation(), func() (int, error) {
			r, err := b.Save(ctx)
			if err != nil {
				return 0, err
			}
			return r.ID, nil
		}
	case syncenum.Tasks:
		b := a.c.Task.Create().SetOwnerID(a.v.UserID)
		mu, save = b.Mutation(), func() (int, error) {
			r, err := b.Save(ctx)
			if err != nil {
				return 0, err
			}
			return r.ID, nil
		}
	default:
		b := a.c.Event.Create().SetOwnerID(a.v.UserID)
		mu, save = b.Mutation(), func() (int, error) {
			r, err := b.Save(ctx)
			if err != nil {
				return 0, err
			}
			return r.ID, nil
		}
	}
	if err := a.setValues(ctx, mu, m); err != nil {
		return 0, err
	}
	rid, err := save()
	if err != nil {
		return 0, asIgnore(a.module(), err)
	}
	return rid, a.participants(ctx, rid, m)
}

// write updates rec from m.
func (a *applier) write(ctx context.Context, rec *record, m Mapped) error {
	var mu ent.Mutation
	var save func() error
	switch a.module() {
	case syncenum.Contacts:
		b := a.c.Contact.UpdateOneID(rec.id)
		mu, save = b.Mutation(), func() error { return b.Exec(ctx) }
	case syncenum.Tasks:
		b := a.c.Task.UpdateOneID(rec.id)
		mu, save = b.Mutation(), func() error { return b.Exec(ctx) }
	default:
		b := a.c.Event.UpdateOneID(rec.id)
		mu, save = b.Mutation(), func() error { return b.Exec(ctx) }
	}
	if err := a.setValues(ctx, mu, m); err != nil {
		return err
	}
	if err := save(); err != nil {
		return asIgnore(a.module(), err)
	}
	return a.participants(ctx, rec.id, m)
}

// setValues puts the mapped values on a create or update mutation.
func (a *applier) setValues(ctx context.Context, mu ent.Mutation, m Mapped) error {
	for f, v := range m.Text {
		var val ent.Value = v
		switch {
		case f == "account_name":
			if err := a.account(ctx, mu, v); err != nil {
				return err
			}
			continue
		case f == "priority":
			val = task.Priority(v)
		case f == "status":
			val = task.Status(v)
		}
		if err := mu.SetField(f, val); err != nil {
			return err
		}
	}
	for f, t := range m.Times {
		if t == nil {
			if err := mu.ClearField(f); err != nil && mu.Op().Is(ent.OpUpdateOne) {
				return err
			}
			continue
		}
		if err := mu.SetField(f, *t); err != nil {
			return err
		}
	}
	return nil
}

// account links a contact to the account named name (SY-3 company → Account Name): an account
// of that name the user can see, else a new one. An empty name unlinks.
func (a *applier) account(ctx context.Context, mu ent.Mutation, name string) error {
	if name == "" {
		return mu.ClearField(contact.FieldAccountID)
	}
	acc, err := a.c.Account.Query().Where(account.Name(name)).Order(ent.Asc(account.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		acc, err = a.c.Account.Create().SetName(name).SetOwnerID(a.v.UserID).Save(ctx)
	}
	if err != nil {
		return asIgnore(syncenum.Contacts, err)
	}
	return mu.SetField(contact.FieldAccountID, acc.ID)
}

// participants replaces an event's attendees with m's, each linked per SY-6. Nothing is sent
// to anyone: sync never invites.
func (a *applier) participants(ctx context.Context, eventID int, m Mapped) error {
	if a.module() != syncenum.Events || m.Attendees == nil {
		return nil
	}
	if _, err := a.c.EventParticipant.Delete().Where(eventparticipant.EventID(eventID)).Exec(ctx); err != nil {
		return err
	}
	for _, at := range m.Attendees {
		l, err := a.resolve(ctx, at.Email)
		if err != nil {
			return err
		}
		b := a.c.EventParticipant.Create().SetEventID(eventID).SetEmail(at.Email)
		if at.Name != "" {
			b.SetName(at.Name)
		}
		switch l.Kind {
		case "CONTACT":
			b.SetContactID(l.ID)
		case "LEAD":
			b.SetLeadID(l.ID)
		case "USER":
			b.SetUserID(l.ID)
		}
		if err := b.Exec(ctx); err != nil {
			return asIgnore(syncenum.Events, err)
		}
	}
	return nil
}

// resolve gathers an attendee's candidates among what the user can see and applies SY-6.
func (a *applier) resolve(ctx context.Context, email string) (Link, error) {
	var c Candidates
	cs, err := a.c.Contact.Query().Where(contact.EmailEqualFold(email)).Limit(50).All(ctx)
	if err != nil {
		return Link{}, err
	}
	for _, x := range cs {
		if a.s.perms().Record(ctx, a.v, syncenum.Contacts, x.ID, x.OwnerID) != NoAccess {
			c.Contacts = append(c.Contacts, Candidate{x.ID, x.CreatedAt})
		}
	}
	if len(c.Contacts) == 0 {
		ls, err := a.c.Lead.Query().Where(lead.EmailEqualFold(email)).Limit(50).All(ctx)
		if err != nil {
			return Link{}, err
		}
		for _, x := range ls {
			c.Leads = append(c.Leads, Candidate{x.ID, x.CreatedAt})
		}
	}
	if len(c.Contacts) == 0 && len(c.Leads) == 0 {
		us, err := a.c.User.Query().Where(user.EmailEqualFold(email)).Limit(5).All(ctx)
		if err != nil {
			return Link{}, err
		}
		for _, x := range us {
			c.Users = append(c.Users, Candidate{x.ID, x.CreatedAt})
		}
	}
	return ResolveAttendee(c), nil
}

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

// ignore reports an item over a limit or unreadable (SY-4): the CRM is not changed, the link
// keeps the field and limit, and the item is listed until a new version comes or the user
// selects it again.
func (a *applier) ignore(ctx context.Context, it stored, link *ent.SyncItem, rec *record, ig *Ignore) error {
	a.n.ignored++
	a.report(it, string(syncenum.Ignored), map[string]any{"field": ig.Field, "limit": ig.Limit, "reason": ig.Reason, "message": ig.Error()})
	var rid int
	var seq int64
	if link != nil {
		seq = link.CrmSeq
	}
	if rec != nil {
		rid = rec.id
	}
	return a.link(ctx, it, link, rid, seq, syncenum.Ignored, ig, nil)
}

// itemError reports an item the CRM refused to write: its own validators' verdict as IGNORED
// with the field, any other refusal with a code (a plan's record limit, SB-8) as refused with
// its message; the run goes on. Anything else (the database) fails the run, which is retried.
func (a *applier) itemError(ctx context.Context, it stored, link *ent.SyncItem, rec *record, err error) error {
	var ig *Ignore
	if errors.As(err, &ig) {
		return a.ignore(ctx, it, link, rec, ig)
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code != apperr.Internal && ae.Code != apperr.Unavailable {
		a.n.refused++
		a.report(it, string(syncenum.PermissionDenied), map[string]any{"reason": ae.Message, "code": string(ae.Code)})
		var rid int
		var seq int64
		if rec != nil {
			rid = rec.id
		}
		if link != nil {
			seq = link.CrmSeq
		}
		return a.linkReason(ctx, it, link, rid, seq, syncenum.PermissionDenied, nil, nil, ae.Message)
	}
	return err
}

// refuse reports an item the user may not change (SY-8): reported, never dropped.
func (a *applier) refuse(ctx context.Context, it stored, link *ent.SyncItem, rec *record, state syncenum.ItemState) error {
	a.n.refused++
	msg := "permission denied"
	if state == syncenum.ReadOnly {
		msg = "the record is shared with you read-only"
	}
	a.report(it, string(state), map[string]any{"reason": msg})
	var rid int
	var seq int64
	if rec != nil {
		rid = rec.id
	}
	if link != nil {
		seq = link.CrmSeq
	}
	return a.linkReason(ctx, it, link, rid, seq, state, nil, nil, msg)
}

func (a *applier) link(ctx context.Context, it stored, link *ent.SyncItem, rid int, seq int64, state syncenum.ItemState, ig *Ignore, conflict map[string]any) error {
	reason := ""
	if ig != nil {
		reason = ig.Error()
	}
	return a.linkReason(ctx, it, link, rid, seq, state, ig, conflict, reason)
}

// linkReason writes an item's link: created on first sight, else updated.
func (a *applier) linkReason(ctx context.Context, it stored, link *ent.SyncItem, rid int, seq int64, state syncenum.ItemState, ig *Ignore, conflict map[string]any, reason string) error {
	raw := rawOf(it)
	field, limit := "", 0
	if ig != nil {
		field, limit = ig.Field, ig.Limit
	}
	if link == nil {
		b := a.c.SyncItem.Create().SetClientID(a.run.ClientID).SetUserID(a.run.UserID).SetModule(a.module()).
			SetClientItemID(it.ClientID).SetClientVersion(it.Modified).SetCrmSeq(seq).SetState(state).
			SetIgnoreField(field).SetIgnoreLimit(limit).SetReason(clip(reason, 500)).SetRaw(raw)
		if rid != 0 {
			b.SetRecordID(rid)
		}
		if conflict != nil {
			b.SetConflict(conflict)
		}
		return b.Exec(ctx)
	}
	u := a.c.SyncItem.UpdateOneID(link.ID).SetClientVersion(it.Modified).SetCrmSeq(seq).SetState(state).
		SetIgnoreField(field).SetIgnoreLimit(limit).SetReason(clip(reason, 500)).SetRaw(raw).SetMisses(0)
	if rid != 0 {
		u.SetRecordID(rid)
	}
	if conflict != nil {
		u.SetConflict(conflict)
	} else {
		u.ClearConflict()
	}
	return u.Exec(ctx)
}

// asIgnore turns the CRM's own validation error (its validators have the last word) into an
// Ignore naming the client field.
func asIgnore(m syncenum.Module, err error) error {
	var ve *ent.ValidationError
	if !errors.As(err, &ve) {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code == apperr.Validation {
			return &Ignore{Field: clientField(m, ae.Field), Reason: ReasonInvalid}
		}
		return err
	}
	return &Ignore{Field: clientField(m, ve.Name), Reason: ReasonInvalid}
}

func clientField(m syncenum.Module, crm string) string {
	for _, f := range Mappings[m] {
		if f.CRM == crm || strings.EqualFold(strings.ReplaceAll(f.CRM, "_", ""), crm) {
			return f.Client
		}
	}
	if crm == "" {
		return "item"
	}
	return crm
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// rawOf is the item as kept on its link: everything the client sent, so that a pull returns
// the properties the CRM does not map and "sync again" can apply it once more.
func rawOf(it stored) map[string]any {
	b, err := json.Marshal(stored{Fields: it.Fields, Attendees: it.Attendees, HasAtt: it.HasAtt,
		Categories: it.Categories, Folder: it.Folder, Raw: it.Raw})
	if err != nil {
		return nil
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	delete(m, "modified")
	delete(m, "op")
	delete(m, "id")
	return m
}

// fromRaw rebuilds a pushed item from its link.
func fromRaw(l *ent.SyncItem) (stored, error) {
	var it stored
	b, err := json.Marshal(l.Raw)
	if err == nil {
		err = json.Unmarshal(b, &it)
	}
	it.ClientID, it.Modified, it.Op = l.ClientItemID, l.ClientVersion, syncenum.Update
	if l.RecordID == nil {
		it.Op = syncenum.Create
	}
	return it, err
}
