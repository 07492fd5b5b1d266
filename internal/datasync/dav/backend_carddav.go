package dav

// carddav.Backend: the address book and its vCard objects.

import (
	"context"
	"errors"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/emersion/go-vcard"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/carddav"

	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

func (b *backend) CurrentUserPrincipal(ctx context.Context) (string, error) {
	return stateOf(ctx).principal(), nil
}

func (b *backend) AddressBookHomeSetPath(ctx context.Context) (string, error) {
	return stateOf(ctx).principal() + "contacts/", nil
}

func (b *backend) addressBook(ctx context.Context) carddav.AddressBook {
	return carddav.AddressBook{Path: stateOf(ctx).principal() + "contacts/default/", Name: "CRM contacts",
		Description: "Contacts of the CRM", MaxResourceSize: MaxObjectBytes,
		SupportedAddressData: []carddav.AddressDataType{{ContentType: vcard.MIMEType, Version: "3.0"}, {ContentType: vcard.MIMEType, Version: "4.0"}}}
}

func (b *backend) ListAddressBooks(ctx context.Context) ([]carddav.AddressBook, error) {
	return []carddav.AddressBook{b.addressBook(ctx)}, nil
}

func (b *backend) GetAddressBook(ctx context.Context, p string) (*carddav.AddressBook, error) {
	ab := b.addressBook(ctx)
	if strings.TrimSuffix(p, "/") != strings.TrimSuffix(ab.Path, "/") {
		return nil, notFound()
	}
	return &ab, nil
}

func (b *backend) CreateAddressBook(context.Context, *carddav.AddressBook) error {
	return webdav.NewHTTPError(http.StatusForbidden, errors.New("the CRM has one address book"))
}

func (b *backend) DeleteAddressBook(context.Context, string) error {
	return webdav.NewHTTPError(http.StatusForbidden, errors.New("the CRM's address book cannot be deleted"))
}

func (b *backend) inBook(ctx context.Context, p string) (string, bool) {
	dir, name := path.Split(p)
	return name, dir == b.addressBook(ctx).Path && name != ""
}

func (b *backend) addressObject(ctx context.Context, o *object) (*carddav.AddressObject, error) {
	ao := &carddav.AddressObject{Path: b.addressBook(ctx).Path + o.name, ModTime: o.modified, ETag: o.etag}
	if o.data != nil {
		c, err := decodeCard(o.data)
		if err != nil {
			return nil, err
		}
		ao.Card, ao.ContentLength = c, int64(len(o.data))
	}
	return ao, nil
}

func (b *backend) GetAddressObject(ctx context.Context, p string, _ *carddav.AddressDataRequest) (*carddav.AddressObject, error) {
	name, ok := b.inBook(ctx, p)
	if !ok {
		return nil, notFound()
	}
	o, err := b.get(ctx, syncenum.Contacts, name, true)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, notFound()
	}
	return b.addressObject(ctx, o)
}

func (b *backend) ListAddressObjects(ctx context.Context, p string, req *carddav.AddressDataRequest) ([]carddav.AddressObject, error) {
	objs, err := b.list(ctx, syncenum.Contacts, req != nil && (req.AllProp || len(req.Props) > 0))
	if err != nil {
		return nil, err
	}
	out := make([]carddav.AddressObject, 0, len(objs))
	for _, o := range objs {
		ao, err := b.addressObject(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, *ao)
	}
	return out, nil
}

func (b *backend) QueryAddressObjects(ctx context.Context, p string, q *carddav.AddressBookQuery) ([]carddav.AddressObject, error) {
	objs, err := b.list(ctx, syncenum.Contacts, true)
	if err != nil {
		return nil, err
	}
	var out []carddav.AddressObject
	for _, o := range objs {
		ao, err := b.addressObject(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, *ao)
	}
	return carddav.Filter(q, out)
}

func (b *backend) PutAddressObject(ctx context.Context, p string, card vcard.Card, opts *carddav.PutAddressObjectOptions) (*carddav.AddressObject, error) {
	name, ok := b.inBook(ctx, p)
	if !ok {
		return nil, webdav.NewHTTPError(http.StatusForbidden, errors.New("objects live in the address book"))
	}
	cur, err := b.get(ctx, syncenum.Contacts, name, false)
	if err != nil {
		return nil, err
	}
	if err := checkWrite(ctx, cur, opts.IfMatch, opts.IfNoneMatch); err != nil {
		return nil, err
	}
	data, err := encodeCard(card)
	if err != nil {
		return nil, webdav.NewHTTPError(http.StatusBadRequest, err)
	}
	mod := b.sync.Clock.Now()
	if rev, ok := revision(card.Value(vcard.FieldRevision)); ok && rev.Before(mod) {
		mod = rev // the client's own modification time is its version (SY-9 compares them)
	}
	o, err := b.write(ctx, syncenum.Contacts, name, cur, &pushed{fields: cardFields(card), categories: nonEmpty(card.Categories()), modified: mod, data: data})
	if err != nil {
		return nil, err
	}
	return b.addressObject(ctx, o)
}

func (b *backend) DeleteAddressObject(ctx context.Context, p string) error {
	name, ok := b.inBook(ctx, p)
	if !ok {
		return notFound()
	}
	return b.remove(ctx, syncenum.Contacts, name)
}

// revision reads a vCard REV in its basic (20260102T030405Z) or extended (RFC 3339) form.
func revision(v string) (time.Time, bool) {
	for _, layout := range []string{"20060102T150405Z", time.RFC3339, "20060102T150405Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
