package dav

// caldav.Backend: the events and tasks calendars and their iCalendar objects.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"

	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

func (b *backend) CalendarHomeSetPath(ctx context.Context) (string, error) {
	return stateOf(ctx).principal() + "calendars/", nil
}

func (b *backend) calendars(ctx context.Context) []caldav.Calendar {
	home := stateOf(ctx).principal() + "calendars/"
	return []caldav.Calendar{
		{Path: home + "events/", Name: "CRM events", Description: "Events of the CRM", MaxResourceSize: MaxObjectBytes,
			SupportedComponentSet: []string{ical.CompEvent}},
		{Path: home + "tasks/", Name: "CRM tasks", Description: "Tasks of the CRM", MaxResourceSize: MaxObjectBytes,
			SupportedComponentSet: []string{ical.CompToDo}},
	}
}

// calendarOf returns the module of the calendar holding p and the object's name.
func (b *backend) calendarOf(ctx context.Context, p string) (syncenum.Module, string, bool) {
	dir, name := path.Split(p)
	cals := b.calendars(ctx)
	switch dir {
	case cals[0].Path:
		return syncenum.Events, name, true
	case cals[1].Path:
		return syncenum.Tasks, name, true
	}
	return "", "", false
}

func (b *backend) CreateCalendar(context.Context, *caldav.Calendar) error {
	return webdav.NewHTTPError(http.StatusForbidden, errors.New("the CRM has two calendars: events and tasks"))
}

func (b *backend) ListCalendars(ctx context.Context) ([]caldav.Calendar, error) {
	return b.calendars(ctx), nil
}

func (b *backend) GetCalendar(ctx context.Context, p string) (*caldav.Calendar, error) {
	for _, c := range b.calendars(ctx) {
		if strings.TrimSuffix(c.Path, "/") == strings.TrimSuffix(p, "/") {
			return &c, nil
		}
	}
	return nil, notFound()
}

func (b *backend) calendarObject(ctx context.Context, m syncenum.Module, o *object) (*caldav.CalendarObject, error) {
	home := stateOf(ctx).principal() + "calendars/"
	dir := home + "events/"
	if m == syncenum.Tasks {
		dir = home + "tasks/"
	}
	co := &caldav.CalendarObject{Path: dir + o.name, ModTime: o.modified, ETag: o.etag}
	if o.data != nil {
		cal, err := decodeCalendar(o.data)
		if err != nil {
			return nil, err
		}
		co.Data, co.ContentLength = cal, int64(len(o.data))
	}
	return co, nil
}

func (b *backend) GetCalendarObject(ctx context.Context, p string, _ *caldav.CalendarCompRequest) (*caldav.CalendarObject, error) {
	m, name, ok := b.calendarOf(ctx, p)
	if !ok || name == "" {
		return nil, notFound()
	}
	o, err := b.get(ctx, m, name, true)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, notFound()
	}
	return b.calendarObject(ctx, m, o)
}

func (b *backend) ListCalendarObjects(ctx context.Context, p string, _ *caldav.CalendarCompRequest) ([]caldav.CalendarObject, error) {
	m, _, ok := b.calendarOf(ctx, p)
	if !ok {
		return nil, notFound()
	}
	objs, err := b.list(ctx, m, true)
	if err != nil {
		return nil, err
	}
	out := make([]caldav.CalendarObject, 0, len(objs))
	for _, o := range objs {
		co, err := b.calendarObject(ctx, m, o)
		if err != nil {
			return nil, err
		}
		out = append(out, *co)
	}
	return out, nil
}

func (b *backend) QueryCalendarObjects(ctx context.Context, p string, q *caldav.CalendarQuery) ([]caldav.CalendarObject, error) {
	all, err := b.ListCalendarObjects(ctx, p, nil)
	if err != nil {
		return nil, err
	}
	return caldav.Filter(q, all)
}

func (b *backend) PutCalendarObject(ctx context.Context, p string, cal *ical.Calendar, opts *caldav.PutCalendarObjectOptions) (*caldav.CalendarObject, error) {
	m, name, ok := b.calendarOf(ctx, p)
	if !ok || name == "" {
		return nil, webdav.NewHTTPError(http.StatusForbidden, errors.New("objects live in the events or tasks calendar"))
	}
	kind := ical.CompEvent
	if m == syncenum.Tasks {
		kind = ical.CompToDo
	}
	c := comp(cal, kind)
	if c == nil {
		return nil, webdav.NewHTTPError(http.StatusForbidden, fmt.Errorf("this calendar holds %s components only", kind))
	}
	cur, err := b.get(ctx, m, name, false)
	if err != nil {
		return nil, err
	}
	if err := checkWrite(ctx, cur, opts.IfMatch, opts.IfNoneMatch); err != nil {
		return nil, err
	}
	data, err := encodeCalendar(cal)
	if err != nil {
		return nil, webdav.NewHTTPError(http.StatusBadRequest, err)
	}
	mod := b.sync.Clock.Now()
	if t, ok := utcTime(c, ical.PropLastModified); ok && t.Before(mod) {
		mod = t
	}
	pu := &pushed{categories: nonEmpty(categoriesOf(c)), modified: mod, data: data}
	if m == syncenum.Tasks {
		pu.fields = taskFields(c)
	} else {
		pu.fields, pu.attendees = eventFields(c)
	}
	o, err := b.write(ctx, m, name, cur, pu)
	if err != nil {
		return nil, err
	}
	return b.calendarObject(ctx, m, o)
}

func (b *backend) DeleteCalendarObject(ctx context.Context, p string) error {
	m, name, ok := b.calendarOf(ctx, p)
	if !ok || name == "" {
		return notFound()
	}
	return b.remove(ctx, m, name)
}
