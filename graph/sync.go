package graph

// Mail-client sync (issue 11): conversions between the plug-in API's GraphQL types and the
// sync service's, and the live run events. Rules live in internal/datasync.

import (
	"context"
	"sort"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/event"
)

// toBatch turns a pushed batch into the service's, refusing lists over their limits before
// building anything from them.
func toBatch(in model.PushSyncBatchInput) (datasync.Batch, error) {
	if len(in.Items) > datasync.MaxBatchItems {
		return datasync.Batch{}, apperr.Invalid("items", "items has %d items; the limit is %d per batch", len(in.Items), datasync.MaxBatchItems)
	}
	b := datasync.Batch{ClientID: in.ClientID, Module: in.Module, Key: in.BatchKey,
		Automatic: in.Automatic != nil && *in.Automatic, FullListing: in.FullListing != nil && *in.FullListing,
		Items: make([]datasync.PushItem, len(in.Items))}
	for i, it := range in.Items {
		if len(it.Fields) > datasync.MaxItemFields {
			return b, apperr.Invalid("items", "items[%d].fields has %d fields; the limit is %d", i, len(it.Fields), datasync.MaxItemFields)
		}
		if len(it.Attendees) > datasync.MaxAttendees {
			return b, apperr.Invalid("items", "items[%d].attendees has %d attendees; the limit is %d", i, len(it.Attendees), datasync.MaxAttendees)
		}
		p := datasync.PushItem{Item: datasync.Item{ClientID: it.ClientItemID, Op: it.Op, Modified: it.Modified,
			Fields: make(map[string]string, len(it.Fields)), Categories: it.Categories, Folder: deref(it.Folder)}}
		for _, f := range it.Fields {
			p.Fields[f.Name] = f.Value
		}
		if it.Attendees != nil {
			p.Attendees = make([]datasync.Attendee, len(it.Attendees))
			for j, a := range it.Attendees {
				p.Attendees[j] = datasync.Attendee{Email: a.Email, Name: deref(a.Name)}
			}
		}
		if it.CrmID != nil {
			p.CRMID = *it.CrmID
		}
		b.Items[i] = p
	}
	return b, nil
}

func toChangesPage(p *datasync.Page) *model.SyncChangesPage {
	out := &model.SyncChangesPage{NextToken: p.Next, HasMore: p.HasMore, Changes: make([]*model.SyncChangeItem, len(p.Changes))}
	for i, c := range p.Changes {
		ch := &model.SyncChangeItem{Op: c.Op, CrmID: c.CRMID, Version: c.Version, Categories: c.Categories,
			Fields: []*model.SyncField{}, Raw: c.Raw}
		if c.ClientItemID != "" {
			ch.ClientItemID = &c.ClientItemID
		}
		if c.Folder != "" {
			ch.Folder = &c.Folder
		}
		names := make([]string, 0, len(c.Fields))
		for k := range c.Fields {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			ch.Fields = append(ch.Fields, &model.SyncField{Name: k, Value: c.Fields[k]})
		}
		if c.Attendees != nil {
			ch.Attendees = make([]*model.SyncAttendee, len(c.Attendees))
			for j, a := range c.Attendees {
				at := &model.SyncAttendee{Email: a.Email}
				if a.Name != "" {
					name := a.Name
					at.Name = &name
				}
				ch.Attendees[j] = at
			}
		}
		out.Changes[i] = ch
	}
	return out
}

// syncRunEvents streams the viewer's finished sync runs (an admin's: every user's), read
// through the viewer's privacy rules.
func (r *Resolver) syncRunEvents(ctx context.Context) <-chan *ent.SyncRun {
	v := auth.FromContext(ctx)
	in := r.Notify.Subscribe(ctx, v, []string{event.TypeSyncRun})
	out := make(chan *ent.SyncRun, 1)
	go func() {
		defer close(out)
		for n := range in {
			e, err := event.Decode(n.Type, n.Payload) // the typed event, not the raw map (issue 10 move 7)
			f, ok := e.(*event.SyncRunFinished)
			if err != nil || !ok || f.RunID == 0 {
				continue
			}
			run, err := r.Client.SyncRun.Get(ctx, f.RunID) // privacy: the viewer's own unless admin
			if err != nil {
				continue
			}
			select {
			case out <- run:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
