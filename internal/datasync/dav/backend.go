package dav

// The backend, the one part that uses the sync engine (datasync.Service; this file with
// backend_carddav.go, backend_caldav.go and sync_collection.go): CardDAV/CalDAV objects are the
// engine's items of the request's DAV client. A PUT or DELETE is a one-item batch pushed and
// applied at once (the protocol answers each write), so the SY rules (limits, duplicates,
// attendees, permissions, conflicts, history) are the engine's, unchanged.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"

	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// object is one DAV object as the CRM has it now.
type object struct {
	name     string
	crmID    int
	etag     string
	modified time.Time
	readOnly bool
	data     []byte
}

type backend struct {
	sync *datasync.Service
}

func notFound() error { return webdav.NewHTTPError(http.StatusNotFound, errors.New("no such object")) }

// objectName is the name of record sn in its collection: the client's own when it created or
// already wrote the item, else crm-<id> with the collection's extension.
func objectName(sn datasync.Snapshot, m syncenum.Module) string {
	if sn.ClientItemID != "" {
		return sn.ClientItemID
	}
	return fmt.Sprintf("crm-%d%s", sn.CRMID, ext(m))
}

func ext(m syncenum.Module) string {
	if m == syncenum.Contacts {
		return ".vcf"
	}
	return ".ics"
}

func etagOf(sn datasync.Snapshot) string {
	return strconv.FormatInt(sn.Seq, 10) + "-" + strconv.FormatInt(sn.Version.UnixNano(), 36)
}

// render turns a snapshot into the object's bytes, starting from the client's raw payload.
func render(sn datasync.Snapshot, m syncenum.Module, now time.Time) ([]byte, error) {
	raw := rawData(sn.Raw)
	uid := fmt.Sprintf("crm-%s-%d@crmadmin", strings.ToLower(string(m)), sn.CRMID)
	if m == syncenum.Contacts {
		c, err := decodeCard([]byte(raw))
		if raw == "" || err != nil {
			c = newCard(uid)
		}
		applyCard(c, sn.Fields, sn.Categories)
		return encodeCard(c)
	}
	kind := ical.CompEvent
	if m == syncenum.Tasks {
		kind = ical.CompToDo
	}
	cal, err := decodeCalendar([]byte(raw))
	if raw == "" || err != nil || comp(cal, kind) == nil {
		cal = newCalendar(kind, uid, now)
	}
	c := comp(cal, kind)
	if m == syncenum.Tasks {
		applyTask(c, sn.Fields, sn.Categories)
	} else {
		applyEvent(c, sn.Fields, sn.Attendees, sn.Categories)
	}
	return encodeCalendar(cal)
}

// rawData is the object the client last sent, from the item's raw payload (kept by the engine
// as it was pushed, or wrapped with the mapped fields under "raw").
func rawData(raw map[string]any) string {
	if d, ok := raw["data"].(string); ok {
		return d
	}
	if inner, ok := raw["raw"].(map[string]any); ok {
		d, _ := inner["data"].(string)
		return d
	}
	return ""
}

func (b *backend) toObject(ctx context.Context, sn datasync.Snapshot, m syncenum.Module, withData bool) (*object, error) {
	o := &object{name: objectName(sn, m), crmID: sn.CRMID, etag: etagOf(sn), modified: sn.Version, readOnly: sn.ReadOnly}
	if withData {
		d, err := render(sn, m, b.sync.Clock.Now())
		if err != nil {
			return nil, err
		}
		o.data = d
	}
	return o, nil
}

// list returns every object of module m the request's client sees.
func (b *backend) list(ctx context.Context, m syncenum.Module, withData bool) ([]*object, error) {
	st := stateOf(ctx)
	sns, err := b.sync.Snapshots(ctx, st.clientID, m, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*object, 0, len(sns))
	for _, sn := range sns {
		o, err := b.toObject(ctx, sn, m, withData)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// byIDs returns the objects of records ids (those still visible).
func (b *backend) byIDs(ctx context.Context, m syncenum.Module, ids []int, withData bool) ([]*object, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	sns, err := b.sync.Snapshots(ctx, stateOf(ctx).clientID, m, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*object, 0, len(sns))
	for _, sn := range sns {
		o, err := b.toObject(ctx, sn, m, withData)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// prefetch reads the objects a multiget names in one go (two queries instead of four an href);
// get then answers from it.
func (b *backend) prefetch(ctx context.Context, m syncenum.Module, names []string) error {
	st := stateOf(ctx)
	links, err := b.sync.Links(ctx, st.clientID, m, names)
	if err != nil {
		return err
	}
	linked := map[string]bool{}
	var ids []int
	for _, l := range links {
		linked[l.ClientItemID] = true
		if l.RecordID != nil {
			ids = append(ids, *l.RecordID)
		}
	}
	for _, name := range names {
		if !linked[name] && strings.HasPrefix(name, "crm-") && strings.HasSuffix(name, ext(m)) {
			if id, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "crm-"), ext(m))); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
	}
	objs, err := b.byIDs(ctx, m, ids, true)
	if err != nil {
		return err
	}
	st.cache = map[string]*object{}
	for _, name := range names {
		st.cache[name] = nil
	}
	for _, o := range objs {
		if _, asked := st.cache[o.name]; asked {
			st.cache[o.name] = o
		}
	}
	return nil
}

// get returns object name of module m, or nil when there is none.
func (b *backend) get(ctx context.Context, m syncenum.Module, name string, withData bool) (*object, error) {
	st := stateOf(ctx)
	if o, ok := st.cache[name]; ok {
		return o, nil
	}
	id := 0
	l, err := b.sync.Link(ctx, st.clientID, m, name)
	if err != nil {
		return nil, err
	}
	switch {
	case l != nil && l.RecordID != nil:
		id = *l.RecordID
	case l == nil && strings.HasPrefix(name, "crm-") && strings.HasSuffix(name, ext(m)):
		id, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "crm-"), ext(m)))
	}
	if id <= 0 {
		return nil, nil
	}
	objs, err := b.byIDs(ctx, m, []int{id}, withData)
	if err != nil || len(objs) == 0 || objs[0].name != name {
		return nil, err
	}
	return objs[0], nil
}

// pushed is the item a PUT carries, in the engine's terms.
type pushed struct {
	fields     map[string]string
	attendees  []datasync.Attendee
	categories []string
	modified   time.Time
	data       []byte
}

// checkWrite applies If-Match/If-None-Match (412) and SY-8 read-only (403) before a write.
func checkWrite(ctx context.Context, cur *object, ifMatch, ifNoneMatch webdav.ConditionalMatch) error {
	if ifNoneMatch.IsSet() {
		if cur != nil && (ifNoneMatch.IsWildcard() || matches(ifNoneMatch, cur.etag)) {
			return webdav.NewHTTPError(http.StatusPreconditionFailed, errors.New("the object exists"))
		}
	}
	if ifMatch.IsSet() && (cur == nil || !matches(ifMatch, cur.etag)) {
		return webdav.NewHTTPError(http.StatusPreconditionFailed, errors.New("the object changed since it was read (If-Match)"))
	}
	if cur != nil && cur.readOnly {
		return refuse(ctx, nil, "the record is shared read-only with you (SY-8)")
	}
	return nil
}

func matches(c webdav.ConditionalMatch, etag string) bool {
	if c.IsWildcard() {
		return true
	}
	for _, v := range strings.Split(string(c), ",") {
		ok, err := webdav.ConditionalMatch(strings.TrimSpace(v)).MatchETag(etag)
		if err == nil && ok {
			return true
		}
	}
	return false
}

// write pushes one item (or a deletion) as a batch of the client and applies it at once.
func (b *backend) write(ctx context.Context, m syncenum.Module, name string, cur *object, p *pushed) (*object, error) {
	st := stateOf(ctx)
	set, err := b.sync.Settings(ctx, st.clientID, m)
	if err != nil {
		return nil, err
	}
	if !set.AcceptsPush() {
		return nil, refuse(ctx, nil, fmt.Sprintf("%s are not synced from this client (direction %s)", strings.ToLower(string(m)), set.Direction))
	}
	now := b.sync.Clock.Now()
	it := datasync.PushItem{Item: datasync.Item{ClientID: name, Op: syncenum.Delete, Modified: now}}
	if cur != nil {
		it.CRMID = cur.crmID
	}
	sum := sha256.Sum256([]byte(name))
	key := "dav:" + hex.EncodeToString(sum[:8]) + ":" + strconv.FormatInt(now.UnixNano(), 36)
	if p != nil {
		it.Op, it.Fields, it.Categories, it.Modified = syncenum.Update, p.fields, p.categories, p.modified
		if cur == nil {
			it.Op = syncenum.Create
		}
		if m == syncenum.Events {
			it.Attendees = p.attendees
		}
		it.Raw = map[string]any{"data": string(p.data)}
	}
	if err := datasync.CheckBatch(datasync.Batch{Key: key, Items: []datasync.PushItem{it}}); err != nil {
		return nil, webdav.NewHTTPError(http.StatusBadRequest, err)
	}
	run, err := b.sync.Push(ctx, datasync.Batch{ClientID: st.clientID, Module: m, Key: key, Items: []datasync.PushItem{it}})
	if err != nil {
		return nil, err
	}
	if run, err = b.sync.ApplyNow(ctx, run); err != nil {
		return nil, err
	}
	if run.State != syncenum.RunDone {
		return nil, fmt.Errorf("sync run %d: %s", run.ID, run.Error)
	}
	if run.Skipped > 0 && run.Added+run.Updated+run.Deleted+run.Conflicts == 0 && p != nil && !set.InScope(it.Item, false) {
		return nil, refuse(ctx, nil, fmt.Sprintf("only items in the category %q are synced", set.Category))
	}
	l, err := b.sync.Link(ctx, st.clientID, m, name)
	if err != nil {
		return nil, err
	}
	if l != nil {
		switch l.State {
		case syncenum.Ignored:
			return nil, refuse(ctx, &limitError{Field: l.IgnoreField, Limit: l.IgnoreLimit, Reason: l.Reason}, l.Reason)
		case syncenum.PermissionDenied, syncenum.ReadOnly:
			return nil, refuse(ctx, nil, l.Reason)
		}
	}
	if p == nil {
		return nil, nil
	}
	o, err := b.get(ctx, m, name, false)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, notFound()
	}
	return o, nil
}

func (b *backend) remove(ctx context.Context, m syncenum.Module, name string) error {
	cur, err := b.get(ctx, m, name, false)
	if err != nil {
		return err
	}
	if cur == nil {
		return notFound()
	}
	st := stateOf(ctx)
	if err := checkWrite(ctx, cur, st.ifMatch, ""); err != nil {
		return err
	}
	_, err = b.write(ctx, m, name, cur, nil)
	return err
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
