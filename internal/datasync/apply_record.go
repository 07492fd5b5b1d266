package datasync

// Applying an item to its CRM record: finding, reading, creating and writing records, attendees.

import (
	"context"
	"slices"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/account"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/eventparticipant"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/store"
)

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
			q.Where(store.FoldEqual(contact.FieldEmail, k.Email))
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
	if id, ok := a.accounts[name]; ok {
		return mu.SetField(contact.FieldAccountID, id)
	}
	acc, err := a.c.Account.Query().Where(account.Name(name)).Order(ent.Asc(account.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		acc, err = a.c.Account.Create().SetName(name).SetOwnerID(a.v.UserID).Save(ctx)
	}
	if err != nil {
		return asIgnore(syncenum.Contacts, err)
	}
	if a.accounts == nil {
		a.accounts = map[string]int{}
	}
	a.accounts[name] = acc.ID
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
	cs, err := a.c.Contact.Query().Where(store.FoldEqual(contact.FieldEmail, email)).Limit(50).All(ctx)
	if err != nil {
		return Link{}, err
	}
	for _, x := range cs {
		if a.s.perms().Record(ctx, a.v, syncenum.Contacts, x.ID, x.OwnerID) != NoAccess {
			c.Contacts = append(c.Contacts, Candidate{x.ID, x.CreatedAt})
		}
	}
	if len(c.Contacts) == 0 {
		ls, err := a.c.Lead.Query().Where(store.FoldEqual(lead.FieldEmail, email)).Limit(50).All(ctx)
		if err != nil {
			return Link{}, err
		}
		for _, x := range ls {
			c.Leads = append(c.Leads, Candidate{x.ID, x.CreatedAt})
		}
	}
	if len(c.Contacts) == 0 && len(c.Leads) == 0 {
		us, err := a.c.User.Query().Where(store.FoldEqual(user.FieldEmail, email)).Limit(5).All(ctx)
		if err != nil {
			return Link{}, err
		}
		for _, x := range us {
			c.Users = append(c.Users, Candidate{x.ID, x.CreatedAt})
		}
	}
	return ResolveAttendee(c), nil
}
