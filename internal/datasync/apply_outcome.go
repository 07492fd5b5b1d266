package datasync

// Recording an item's outcome: ignored, refused and linked items, and the link's raw payload.

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

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
	if link == nil {
		return a.newLink(it, rid, seq, state, ig, conflict, reason).Exec(ctx)
	}
	field, limit := "", 0
	if ig != nil {
		field, limit = ig.Field, ig.Limit
	}
	u := a.c.SyncItem.UpdateOneID(link.ID).SetClientVersion(it.Modified).SetCrmSeq(seq).SetState(state).
		SetIgnoreField(field).SetIgnoreLimit(limit).SetReason(clip(reason, 500)).SetRaw(rawOf(it)).SetMisses(0)
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

// newLink is the link of an item seen for the first time.
func (a *applier) newLink(it stored, rid int, seq int64, state syncenum.ItemState, ig *Ignore, conflict map[string]any, reason string) *ent.SyncItemCreate {
	field, limit := "", 0
	if ig != nil {
		field, limit = ig.Field, ig.Limit
	}
	b := a.c.SyncItem.Create().SetClientID(a.run.ClientID).SetUserID(a.run.UserID).SetModule(a.module()).
		SetClientItemID(it.ClientID).SetClientVersion(it.Modified).SetCrmSeq(seq).SetState(state).
		SetIgnoreField(field).SetIgnoreLimit(limit).SetReason(clip(reason, 500)).SetRaw(rawOf(it))
	if rid != 0 {
		b.SetRecordID(rid)
	}
	if conflict != nil {
		b.SetConflict(conflict)
	}
	return b
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
