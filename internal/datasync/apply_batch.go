package datasync

// Applying a batch in bulk (issue 11): the items of a run in order, with the outcome of
// applying them one by one (item), but the creates that match nothing are written together.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/event"
	"github.com/crmadmin/crmadmin/ent/schema"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/store"
)

// createChunk is how many creates are written by one INSERT.
const createChunk = 500

// pending is a create waiting to be written with others.
type pending struct {
	it     stored
	link   *ent.SyncItem
	mapped Mapped
	probe  string
	id     int // the record, once written
}

// probes is the batch's one duplicate lookup (rules_batch.go): the probes of the items still
// to apply under which the CRM holds a record the user can see, and those of the records the
// batch created.
type probes struct {
	loaded  bool
	found   map[string]bool
	created map[string]bool
}

// applyAll applies items in order. An item that creates a record whose probe finds nothing,
// in the CRM or among the records created earlier in the batch, waits with the other such
// creates, and they are written together (createAll). Any other item is applied alone (item),
// after the creates waiting before it are written, so that it sees them; when it changed a
// record, the lookup is made again for the items after it.
func (a *applier) applyAll(ctx context.Context, items []stored, links map[string]*ent.SyncItem) error {
	var waiting []pending
	flush := func() error {
		if len(waiting) == 0 {
			return nil
		}
		ps := waiting
		waiting = nil
		return a.createAll(ctx, ps)
	}
	pr := &probes{created: map[string]bool{}}
	for i, it := range items {
		link := links[it.ClientID]
		p, done, err := a.simpleCreate(ctx, it, link, items[i:], links, pr)
		if err != nil {
			return err
		}
		if done {
			continue
		}
		if p != nil {
			waiting = append(waiting, *p)
			pr.created[p.probe] = true
			if len(waiting) == createChunk {
				if err := flush(); err != nil {
					return err
				}
			}
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		before := a.n.added + a.n.updated + a.n.deleted
		if err := a.item(ctx, it, link); err != nil {
			return fmt.Errorf("item %q: %w", it.ClientID, err)
		}
		if a.n.added+a.n.updated+a.n.deleted != before {
			pr.loaded = false // what matches may have changed
		}
	}
	return flush()
}

// simpleCreate says whether item it is a create that can wait with others (p), as item()
// would apply it: in scope, no record linked or named, mapped without an ignore, no probe
// found, allowed. done: the item is applied already (out of scope: skipped). Neither: item()
// applies it.
func (a *applier) simpleCreate(ctx context.Context, it stored, link *ent.SyncItem, rest []stored, links map[string]*ent.SyncItem, pr *probes) (p *pending, done bool, err error) {
	in := itemOf(it)
	if !a.set.InScope(in, a.run.Automatic) {
		a.n.skipped++
		return nil, true, nil
	}
	if it.Op == syncenum.Delete || it.CRMID != 0 || (link != nil && link.RecordID != nil) {
		return nil, false, nil
	}
	mapped, ig := Map(a.module(), in, true)
	if ig != nil {
		return nil, false, nil
	}
	probe := KeyOf(a.module(), mapped).Probe()
	if probe != "" {
		if !pr.loaded {
			if err := a.lookup(ctx, rest, links, pr); err != nil {
				return nil, false, err
			}
		}
		if pr.found[probe] || pr.created[probe] {
			return nil, false, nil
		}
	}
	if len(mapped.Attendees) > 0 { // linked one by one after the event (SY-6): alone
		return nil, false, nil
	}
	if _, ok := Permit(it.Op, false, NoAccess, a.s.perms().CanCreate(ctx, a.v, a.module())); !ok {
		return nil, false, nil
	}
	return &pending{it: it, link: link, mapped: mapped, probe: probe}, false, nil
}

func itemOf(it stored) Item {
	in := Item{ClientID: it.ClientID, Op: it.Op, Modified: it.Modified, Fields: it.Fields, Categories: it.Categories, Folder: it.Folder}
	if it.HasAtt {
		in.Attendees = it.Attendees
		if in.Attendees == nil {
			in.Attendees = []Attendee{}
		}
	}
	return in
}

// lookup is the batch's duplicate lookup (SY-5) for the items still to apply: one query per
// kind of key, among the records the user can see, through the indexes the one-by-one lookup
// uses (contacts: lower(email); tasks and events: subject).
func (a *applier) lookup(ctx context.Context, rest []stored, links map[string]*ent.SyncItem, pr *probes) error {
	var emails, lasts, subjects []any
	for _, it := range rest {
		if l := links[it.ClientID]; it.Op == syncenum.Delete || it.CRMID != 0 || (l != nil && l.RecordID != nil) {
			continue
		}
		m, ig := Map(a.module(), itemOf(it), true)
		if ig != nil {
			continue
		}
		switch k := KeyOf(a.module(), m); {
		case !k.Exists:
		case k.By == "email":
			emails = append(emails, k.Email)
		case k.By == "name":
			lasts = append(lasts, k.Last)
		default:
			subjects = append(subjects, k.Text)
		}
	}
	pr.found, pr.loaded = map[string]bool{}, true
	switch a.module() {
	case syncenum.Contacts:
		if len(emails) > 0 {
			// created_at too, as the one-by-one lookup reads it: selecting the email alone,
			// SQLite without statistics walks the org's (org_id, email) index instead
			var got []struct {
				Email     string    `json:"email"`
				CreatedAt time.Time `json:"created_at"`
			}
			err := a.c.Contact.Query().Where(store.FoldIn(contact.FieldEmail, strs(emails))).
				Select(contact.FieldEmail, contact.FieldCreatedAt).Scan(ctx, &got)
			if err != nil {
				return err
			}
			for _, e := range got {
				pr.found[ProbeEmail(e.Email)] = true
			}
		}
		if len(lasts) > 0 {
			got, err := a.c.Contact.Query().Where(contact.Or(contact.EmailIsNil(), contact.EmailEQ("")),
				contact.LastNameIn(strs(lasts)...)).Select(contact.FieldLastName).Strings(ctx)
			if err != nil {
				return err
			}
			for _, l := range got {
				pr.found[ProbeLastName(l)] = true
			}
		}
	case syncenum.Tasks:
		if len(subjects) > 0 {
			got, err := a.c.Task.Query().Where(task.SubjectIn(strs(subjects)...)).Select(task.FieldSubject).Strings(ctx)
			if err != nil {
				return err
			}
			for _, s := range got {
				pr.found[ProbeSubject(s)] = true
			}
		}
	default:
		if len(subjects) > 0 {
			got, err := a.c.Event.Query().Where(event.SubjectIn(strs(subjects)...)).Select(event.FieldSubject).Strings(ctx)
			if err != nil {
				return err
			}
			for _, s := range got {
				pr.found[ProbeSubject(s)] = true
			}
		}
	}
	return nil
}

func strs(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.(string)
	}
	return out
}

// createAll writes waiting creates together: the records by one INSERT (CreateBulk, every
// hook included), their change-log rows by one more (schema.LedgerBatch), their links by
// another. When the CRM refuses one of them (its validators, a plan's record limit: verdicts
// given before the INSERT runs, so nothing of the bulk is written), each is applied alone, as
// item() does, to report the one refused.
func (a *applier) createAll(ctx context.Context, ps []pending) error {
	changes, err := schema.LedgerBatch(ctx, a.c, func(ctx context.Context) error { return a.insert(ctx, ps) })
	if err != nil {
		if !refusedByCRM(err) {
			return err
		}
		for _, p := range ps {
			if err := a.item(ctx, p.it, p.link); err != nil {
				return fmt.Errorf("item %q: %w", p.it.ClientID, err)
			}
		}
		return nil
	}
	seq := make(map[int]int64, len(changes))
	for _, ch := range changes {
		if ch.Module == a.module() {
			seq[ch.RecordID] = ch.Seq
		}
	}
	var creates []*ent.SyncItemCreate
	for _, p := range ps {
		a.n.added++
		if p.link != nil {
			if err := a.link(ctx, p.it, p.link, p.id, seq[p.id], syncenum.Synced, nil, nil); err != nil {
				return err
			}
			continue
		}
		creates = append(creates, a.newLink(p.it, p.id, seq[p.id], syncenum.Synced, nil, nil, ""))
	}
	if len(creates) == 0 {
		return nil
	}
	return a.c.SyncItem.CreateBulk(creates...).Exec(ctx)
}

// refusedByCRM: the error is the CRM's verdict on an item (what item() reports as ignored or
// refused), not the database's.
func refusedByCRM(err error) bool {
	var ig *Ignore
	var ve *ent.ValidationError
	var ae *apperr.Error
	return errors.As(err, &ig) || errors.As(err, &ve) ||
		(errors.As(err, &ae) && ae.Code != apperr.Internal && ae.Code != apperr.Unavailable)
}

// insert creates the records of ps with one CreateBulk (events without attendees: those with
// are applied alone).
func (a *applier) insert(ctx context.Context, ps []pending) error {
	var ids []int
	var err error
	switch a.module() {
	case syncenum.Contacts:
		bs := make([]*ent.ContactCreate, len(ps))
		for i, p := range ps {
			bs[i] = a.c.Contact.Create().SetOwnerID(a.v.UserID)
			if err := a.setValues(ctx, bs[i].Mutation(), p.mapped); err != nil {
				return err
			}
		}
		var rows []*ent.Contact
		if rows, err = a.c.Contact.CreateBulk(bs...).Save(ctx); err == nil {
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
		}
	case syncenum.Tasks:
		bs := make([]*ent.TaskCreate, len(ps))
		for i, p := range ps {
			bs[i] = a.c.Task.Create().SetOwnerID(a.v.UserID)
			if err := a.setValues(ctx, bs[i].Mutation(), p.mapped); err != nil {
				return err
			}
		}
		var rows []*ent.Task
		if rows, err = a.c.Task.CreateBulk(bs...).Save(ctx); err == nil {
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
		}
	default:
		bs := make([]*ent.EventCreate, len(ps))
		for i, p := range ps {
			bs[i] = a.c.Event.Create().SetOwnerID(a.v.UserID)
			if err := a.setValues(ctx, bs[i].Mutation(), p.mapped); err != nil {
				return err
			}
		}
		var rows []*ent.Event
		if rows, err = a.c.Event.CreateBulk(bs...).Save(ctx); err == nil {
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
		}
	}
	if err != nil {
		return asIgnore(a.module(), err)
	}
	for i := range ps {
		ps[i].id = ids[i]
	}
	return nil
}
