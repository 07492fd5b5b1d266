// Package mailmsg is the one shape of an email on its way to the CRM (SPEC EM): what the API's
// addEmail takes, what the SMTP dropbox parses a MIME message into, and what the emails domain
// matches and stores. A leaf vocabulary package (internal/kind/…): standard library only.
package mailmsg

import (
	"strings"
	"time"
)

// Direction says whose mail it is: a message the user received (matched by its sender) or one
// the user sent (matched by its recipients), EM-1 and EM-3.
type Direction string

const (
	Incoming Direction = "INCOMING"
	Outgoing Direction = "OUTGOING"
)

// Address is one mailbox of a header: the display name as written (decoded) and the address.
type Address struct {
	Name    string
	Address string
}

// Attachment is one attached file, already decoded from its transfer encoding.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// Message is an email as the CRM keeps it. MessageID is the RFC 5322 Message-ID without its
// angle brackets; the same MessageID in one org is one email (EM-1).
type Message struct {
	MessageID   string
	Direction   Direction
	From        Address
	To          []Address
	Cc          []Address
	Date        time.Time
	Subject     string
	Text        string // text/plain body (UTF-8)
	HTML        string // text/html body (UTF-8), may be empty
	Attachments []Attachment
}

// NormalizeMessageID strips the angle brackets and surrounding space of a Message-ID header
// value, so "<a@b>" and "a@b" name the same message.
func NormalizeMessageID(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<")
	s = strings.TrimSuffix(s, ">")
	return strings.TrimSpace(s)
}
