package dav

// The response rewriter: refused writes as DAV:error bodies, PROPFIND properties go-webdav lacks.

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// rewriter stands between go-webdav and the client: it turns a refused write's error into a
// DAV:error body and, for PROPFIND, adds the properties go-webdav v0.7.0 does not know.
type rewriter struct {
	http.ResponseWriter
	st      *state
	buffer  bool
	code    int
	buf     bytes.Buffer
	skipped bool
}

func (w *rewriter) WriteHeader(code int) {
	if code == http.StatusForbidden && w.st.refusal != nil && !w.buffer {
		writeDAVError(w.ResponseWriter, code, refusalBody(w.st.refusal), w.st.refusal.message)
		w.skipped = true
		return
	}
	if w.buffer {
		w.code = code
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *rewriter) Write(p []byte) (int, error) {
	if w.skipped {
		return len(p), nil
	}
	if w.buffer {
		return w.buf.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// ---- XML shapes for rewriting a multistatus ----

type msXML struct {
	XMLName   xml.Name  `xml:"DAV: multistatus"`
	Responses []respXML `xml:"response"`
	SyncToken string    `xml:"DAV: sync-token,omitempty"`
}

type respXML struct {
	XMLName  xml.Name      `xml:"DAV: response"`
	Href     string        `xml:"DAV: href"`
	Propstat []propstatXML `xml:"DAV: propstat,omitempty"`
	Status   string        `xml:"DAV: status,omitempty"`
}

type propstatXML struct {
	Prop   propXML `xml:"DAV: prop"`
	Status string  `xml:"DAV: status"`
}

type propXML struct {
	Any []rawXML `xml:",any"`
}

type rawXML struct {
	XMLName xml.Name
	Inner   []byte `xml:",innerxml"`
}

const (
	okStatus       = "HTTP/1.1 200 OK"
	notFoundStatus = "HTTP/1.1 404 Not Found"
)

var (
	getctagName   = xml.Name{Space: "http://calendarserver.org/ns/", Local: "getctag"}
	syncTokenName = xml.Name{Space: "DAV:", Local: "sync-token"}
	reportSetName = xml.Name{Space: "DAV:", Local: "supported-report-set"}
	privSetName   = xml.Name{Space: "DAV:", Local: "current-user-privilege-set"}
)

func reportSet(m syncenum.Module) []byte {
	ns, q, mg := "urn:ietf:params:xml:ns:caldav", "calendar-query", "calendar-multiget"
	if m == syncenum.Contacts {
		ns, q, mg = "urn:ietf:params:xml:ns:carddav", "addressbook-query", "addressbook-multiget"
	}
	var b strings.Builder
	for _, r := range []string{`<sync-collection xmlns="DAV:"/>`, `<` + q + ` xmlns="` + ns + `"/>`, `<` + mg + ` xmlns="` + ns + `"/>`} {
		b.WriteString(`<supported-report xmlns="DAV:"><report xmlns="DAV:">` + r + `</report></supported-report>`)
	}
	return []byte(b.String())
}

func privileges(readOnly bool) []byte {
	if readOnly {
		return []byte(`<privilege xmlns="DAV:"><read xmlns="DAV:"/></privilege>`)
	}
	return []byte(`<privilege xmlns="DAV:"><read xmlns="DAV:"/></privilege><privilege xmlns="DAV:"><write xmlns="DAV:"/></privilege>`)
}

// finish writes the buffered PROPFIND answer with the properties added: getctag, sync-token and
// supported-report-set on collections; current-user-privilege-set (read-only records: read
// only, SY-8) on objects.
func (w *rewriter) finish(ctx context.Context, b *backend, m syncenum.Module, _ bool) {
	out := w.ResponseWriter
	if w.code != http.StatusMultiStatus {
		if w.code == 0 {
			w.code = http.StatusOK
		}
		out.WriteHeader(w.code)
		_, _ = out.Write(w.buf.Bytes())
		return
	}
	var ms msXML
	if err := xml.Unmarshal(w.buf.Bytes(), &ms); err != nil {
		out.WriteHeader(w.code)
		_, _ = out.Write(w.buf.Bytes())
		return
	}
	var tok, ctag string
	var readOnly map[string]bool
	for i := range ms.Responses {
		r := &ms.Responses[i]
		coll := strings.HasSuffix(r.Href, "/")
		for j := range r.Propstat {
			ps := &r.Propstat[j]
			if !strings.Contains(ps.Status, " 404 ") {
				continue
			}
			var keep []rawXML
			var found []rawXML
			for _, p := range ps.Prop.Any {
				var val []byte
				switch {
				case coll && m != "" && p.XMLName == getctagName, coll && m != "" && p.XMLName == syncTokenName:
					if tok == "" {
						t, c, err := b.ctag(ctx)
						if err != nil {
							continue
						}
						tok, ctag = "urn:crmadmin:sync:"+t, c
					}
					val = []byte(ctag)
					if p.XMLName == syncTokenName {
						val = []byte(tok)
					}
				case coll && m != "" && p.XMLName == reportSetName:
					val = reportSet(m)
				case !coll && m != "" && p.XMLName == privSetName:
					if readOnly == nil {
						readOnly = map[string]bool{}
						objs, _ := b.list(ctx, m, false)
						for _, o := range objs {
							readOnly[o.name] = o.readOnly
						}
					}
					val = privileges(readOnly[r.Href[strings.LastIndex(r.Href, "/")+1:]])
				}
				if val == nil {
					keep = append(keep, p)
				} else {
					found = append(found, rawXML{XMLName: p.XMLName, Inner: val})
				}
			}
			if len(found) > 0 {
				ps.Prop.Any = keep
				r.Propstat = append(r.Propstat, propstatXML{Prop: propXML{Any: found}, Status: okStatus})
			}
		}
		var ps []propstatXML
		for _, p := range r.Propstat {
			if len(p.Prop.Any) > 0 {
				ps = append(ps, p)
			}
		}
		r.Propstat = ps
	}
	writeMultiStatus(out, &ms)
}

func writeMultiStatus(w http.ResponseWriter, ms *msXML) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(ms); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", `application/xml; charset="utf-8"`)
	w.Header().Del("Content-Length")
	w.WriteHeader(http.StatusMultiStatus)
	_, _ = w.Write(b.Bytes())
}
