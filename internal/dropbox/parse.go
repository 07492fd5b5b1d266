package dropbox

// The MIME parser (no I/O: bytes in, mailmsg.Message out), on emersion/go-message: transfer
// encodings (quoted-printable, base64), RFC 2047 encoded words and RFC 2231 parameters, and
// charsets through its charset package (golang.org/x/text: ISO-2022-JP, Shift_JIS, EUC-JP and
// the rest of the IANA list) — every text ends up UTF-8.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // registers every charset decoder (ISO-2022-JP, Shift_JIS…)
	"github.com/emersion/go-message/mail"

	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// Parse limits: a message is at most CRM_SMTP_MAX_BYTES already; these bound its structure.
const (
	MaxDepth       = 16  // nested multiparts and forwarded messages
	MaxParts       = 500 // MIME parts in one message
	MaxAttachments = 100
	MaxRecipients  = 100 // addresses kept of To and of Cc each (the API's limit)
	// MaxMessageIDBytes: a longer Message-ID (RFC 5322 lines stop at 998) is replaced by its hash.
	MaxMessageIDBytes = 998
)

// ErrMalformed wraps every reason a message cannot be read; the listener answers 554.
var ErrMalformed = errors.New("malformed message")

// ParseOptions say whose mail it is.
type ParseOptions struct {
	// Own are the owner's addresses: a message from one of them is OUTGOING.
	Own []string
	// Domain is the dropbox domain: its addresses are dropped from To and Cc, and a message
	// addressed to it (To or Cc, not a BCC) that carries a message/rfc822 part was forwarded
	// as an attachment: the original is what is added.
	Domain string
}

// Parse reads a raw RFC 5322 message. A message without a Message-ID gets ContentMessageID of
// its bytes (of the forwarded original's bytes, for a forward).
func Parse(raw []byte, opt ParseOptions) (mailmsg.Message, error) {
	return parse(raw, opt, 0)
}

func parse(raw []byte, opt ParseOptions, depth int) (mailmsg.Message, error) {
	if depth > MaxDepth {
		return mailmsg.Message{}, fmt.Errorf("%w: forwarded messages nested deeper than %d", ErrMalformed, MaxDepth)
	}
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return mailmsg.Message{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	h := mail.Header{Header: e.Header}
	to, cc := addresses(h, "To", opt.Domain), addresses(h, "Cc", opt.Domain)
	w := &walker{}
	if err := w.walk(e, depth); err != nil {
		return mailmsg.Message{}, err
	}
	if len(w.forwards) > 0 && depth == 0 && addressedTo(h, opt.Domain) {
		return parse(w.forwards[0], opt, depth+1) // the original, not the wrapper
	}
	m := mailmsg.Message{To: to, Cc: cc, Text: w.text.String(), HTML: w.html, Attachments: w.attachments}
	if id, err := h.MessageID(); err == nil && id != "" {
		m.MessageID = id
	} else if v := h.Get("Message-Id"); strings.TrimSpace(v) != "" {
		m.MessageID = mailmsg.NormalizeMessageID(v) // not RFC 5322 but unique enough
	}
	if m.MessageID == "" {
		m.MessageID = ContentMessageID(raw)
	}
	if m.MessageID = clean(m.MessageID); len(m.MessageID) > MaxMessageIDBytes {
		m.MessageID = ContentMessageID([]byte(m.MessageID)) // the same long ID gives the same key
	}
	if from := addresses(h, "From", ""); len(from) > 0 {
		m.From = from[0]
	}
	if m.From.Address == "" {
		return mailmsg.Message{}, fmt.Errorf("%w: no From address", ErrMalformed)
	}
	m.Direction = Direction(m.From.Address, opt.Own)
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	subject, _ := h.Subject() // on a decoding error the raw value comes back
	m.Subject = clean(subject)
	return m, nil
}

// addresses reads an address header, dropping the dropbox's own addresses and keeping at most
// MaxRecipients. A header that does not parse as a list is read address by address.
func addresses(h mail.Header, key, dropDomain string) []mailmsg.Address {
	list, err := h.AddressList(key)
	if err != nil {
		list = nil
		for _, part := range strings.Split(h.Get(key), ",") {
			if a, err := mail.ParseAddress(part); err == nil {
				list = append(list, a)
			}
		}
	}
	var out []mailmsg.Address
	for _, a := range list {
		if a == nil || a.Address == "" || AtDomain(a.Address, dropDomain) {
			continue
		}
		out = append(out, mailmsg.Address{Name: clean(a.Name), Address: strings.ToLower(strings.TrimSpace(a.Address))})
		if len(out) == MaxRecipients {
			break
		}
	}
	return out
}

// addressedTo reports whether To or Cc names an address at domain: the message was sent to the
// dropbox (a forward), not BCC'd to it.
func addressedTo(h mail.Header, domain string) bool {
	if domain == "" {
		return false
	}
	for _, key := range []string{"To", "Cc"} {
		list, _ := h.AddressList(key)
		for _, a := range list {
			if a != nil && AtDomain(a.Address, domain) {
				return true
			}
		}
	}
	return false
}

// walker collects the bodies and attachments of one message, in document order.
type walker struct {
	parts       int
	text        strings.Builder
	html        string
	attachments []mailmsg.Attachment
	forwards    [][]byte // message/rfc822 parts, raw
}

func (w *walker) walk(e *message.Entity, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("%w: MIME parts nested deeper than %d", ErrMalformed, MaxDepth)
	}
	if w.parts++; w.parts > MaxParts {
		return fmt.Errorf("%w: more than %d MIME parts", ErrMalformed, MaxParts)
	}
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
				return fmt.Errorf("%w: %v", ErrMalformed, err)
			}
			if err := w.walk(p, depth+1); err != nil {
				return err
			}
		}
	}
	mt, params, _ := e.Header.ContentType()
	if mt == "" {
		mt = "text/plain"
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	body, err := io.ReadAll(e.Body)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	name := fileName(dparams["filename"], params["name"])
	inline := disp != "attachment" && name == ""
	switch {
	case mt == "message/rfc822" || mt == "message/global":
		w.forwards = append(w.forwards, body)
		if name == "" {
			name = "message.eml"
		}
		return w.attach(name, mt, body)
	case inline && mt == "text/plain":
		if w.text.Len() > 0 {
			w.text.WriteString("\n")
		}
		w.text.WriteString(cleanBody(body))
		return nil
	case inline && mt == "text/html" && w.html == "":
		w.html = cleanBody(body)
		return nil
	case inline && strings.HasPrefix(mt, "multipart/"):
		return nil // an empty multipart
	}
	if name == "" {
		name = "attachment"
		if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			name += exts[0]
		}
	}
	return w.attach(name, mt, body)
}

func (w *walker) attach(name, mt string, body []byte) error {
	if len(w.attachments) == MaxAttachments {
		return fmt.Errorf("%w: more than %d attachments", ErrMalformed, MaxAttachments)
	}
	w.attachments = append(w.attachments, mailmsg.Attachment{Filename: name, ContentType: mt, Data: body})
	return nil
}

// fileName is the attachment's name (RFC 2231 is decoded by the header parser; RFC 2047 words,
// which many mail clients still write there, are decoded here), cut to its last path element.
func fileName(names ...string) string {
	dec := mime.WordDecoder{CharsetReader: message.CharsetReader}
	for _, n := range names {
		if n == "" {
			continue
		}
		if d, err := dec.DecodeHeader(n); err == nil {
			n = d
		}
		n = strings.ReplaceAll(n, `\`, "/")
		if i := strings.LastIndexByte(n, '/'); i >= 0 {
			n = n[i+1:]
		}
		if n = clean(n); n != "" {
			return n
		}
	}
	return ""
}

// clean makes a header value valid UTF-8 on one line without control characters.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\r' || r == '\n':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// cleanBody makes a body valid UTF-8 with \n line ends and no control characters but tabs.
func cleanBody(b []byte) string {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}
