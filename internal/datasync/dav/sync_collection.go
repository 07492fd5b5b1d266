package dav

// RFC 6578 sync-collection: the REPORT's answer and the backend's changes since a token.

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

type syncReq struct {
	XMLName   xml.Name `xml:"DAV: sync-collection"`
	SyncToken string   `xml:"DAV: sync-token"`
	Limit     *struct {
		NResults int `xml:"DAV: nresults"`
	} `xml:"DAV: limit"`
	Prop propXML `xml:"DAV: prop"`
}

// syncCollection answers RFC 6578's sync-collection REPORT from the change ledger: changed
// members with their ETag (and data when asked for), deleted ones as 404, and the new token.
// An unknown or expired token answers 403 DAV:valid-sync-token (the client then syncs in full).
func (h *Handler) syncCollection(w http.ResponseWriter, r *http.Request, b *backend, m syncenum.Module, body []byte) {
	ctx := r.Context()
	var req syncReq
	if err := xml.Unmarshal(body, &req); err != nil {
		writeDAVError(w, http.StatusBadRequest, `<D:valid-sync-token/>`, "malformed sync-collection request")
		return
	}
	token := strings.TrimSpace(req.SyncToken)
	if token != "" {
		t, ok := strings.CutPrefix(token, "urn:crmadmin:sync:")
		if !ok || t == "" {
			writeDAVError(w, http.StatusForbidden, `<D:valid-sync-token/>`, "not a sync token of this collection")
			return
		}
		token = t
	}
	changed, deleted, next, err := b.changesSince(ctx, m, token)
	if errors.Is(err, errBadToken) {
		writeDAVError(w, http.StatusForbidden, `<D:valid-sync-token/>`, "the sync token is unknown or older than the history kept; sync in full")
		return
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	wantData := false
	for _, p := range req.Prop.Any {
		if p.XMLName.Local == "address-data" || p.XMLName.Local == "calendar-data" {
			wantData = true
		}
	}
	dir := r.URL.Path
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	ms := msXML{SyncToken: "urn:crmadmin:sync:" + next}
	for _, o := range changed {
		if wantData {
			full, err := b.get(ctx, m, o.name, true)
			if err != nil || full == nil {
				continue
			}
			o = full
		}
		var found, missing []rawXML
		for _, p := range req.Prop.Any {
			switch p.XMLName.Local {
			case "getetag":
				found = append(found, rawXML{XMLName: p.XMLName, Inner: []byte(escape(`"` + o.etag + `"`))})
			case "getcontenttype":
				ct := "text/vcard"
				if m != syncenum.Contacts {
					ct = "text/calendar"
				}
				found = append(found, rawXML{XMLName: p.XMLName, Inner: []byte(ct)})
			case "address-data", "calendar-data":
				found = append(found, rawXML{XMLName: p.XMLName, Inner: []byte(escape(string(o.data)))})
			default:
				missing = append(missing, rawXML{XMLName: p.XMLName})
			}
		}
		resp := respXML{Href: dir + o.name}
		if len(found) > 0 {
			resp.Propstat = append(resp.Propstat, propstatXML{Prop: propXML{Any: found}, Status: okStatus})
		}
		if len(missing) > 0 {
			resp.Propstat = append(resp.Propstat, propstatXML{Prop: propXML{Any: missing}, Status: notFoundStatus})
		}
		if len(resp.Propstat) == 0 {
			resp.Status = okStatus
		}
		ms.Responses = append(ms.Responses, resp)
	}
	for _, name := range deleted {
		ms.Responses = append(ms.Responses, respXML{Href: dir + name, Status: notFoundStatus})
	}
	writeMultiStatus(w, &ms)
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// changesSince lists the objects of m changed after token (nil token: every object) and the
// deleted names, with the next token. A token the engine no longer knows is errBadToken.
func (b *backend) changesSince(ctx context.Context, m syncenum.Module, token string) (changed []*object, deleted []string, next string, err error) {
	st := stateOf(ctx)
	if token == "" {
		next, _, err = b.sync.Position(ctx)
		if err != nil {
			return nil, nil, "", err
		}
		changed, err = b.list(ctx, m, false)
		return changed, nil, next, err
	}
	var ids []int
	for pages := 0; ; pages++ {
		page, err := b.sync.Pull(ctx, st.clientID, m, token, datasync.MaxPage, false)
		if err != nil {
			return nil, nil, "", errBadToken
		}
		for _, ch := range page.Changes {
			if ch.Op == syncenum.Delete {
				name := ch.ClientItemID
				if name == "" {
					name = fmt.Sprintf("crm-%d%s", ch.CRMID, ext(m))
				}
				deleted = append(deleted, name)
			} else {
				ids = append(ids, ch.CRMID)
			}
		}
		token = page.Next
		if !page.HasMore || pages > MaxSyncPages {
			break
		}
	}
	changed, err = b.byIDs(ctx, m, ids, false)
	return changed, deleted, token, err
}

// ctag is the collection's version: the org's change-log position.
func (b *backend) ctag(ctx context.Context) (string, string, error) {
	tok, seq, err := b.sync.Position(ctx)
	return tok, strconv.FormatInt(seq, 10), err
}
