// Package emails adds emails to leads, contacts, deals and cases (SPEC EM, issue 13): the
// per-user email settings, matching by address (EM-1), search and add (EM-2), sent mail
// (EM-3), add as a case (EM-4) and creation of the missing record (EM-5). Files named rules*.go
// are pure rules (standard library and leaves only), table-tested by EM ID; the service files,
// one per use case, apply them to the database through internal/change. The API (graph) and
// the SMTP dropbox (AddFromDropbox) are thin callers of the same service.
package emails

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
	"github.com/crmadmin/crmadmin/internal/textcheck"
)

// Limits: what one message or request may hold, refused before any work starts.
const (
	MaxMessageIDBytes  = 255      // the Message-ID (the Email entity's column)
	MaxSubject         = 255      // characters of a subject (the Email entity's)
	MaxRecipients      = 100      // addresses in To, and in Cc (the Email entity's)
	MaxBody            = 1 << 20  // characters of the text body, and of the HTML body
	MaxAttachments     = 20       // attachments of one message
	MaxAttachmentBytes = 25 << 20 // all attachments of one message together (internal/attachments' file limit)
	MaxFromName        = 120      // characters of the sender's display name (the Email entity's)
	MaxTargetIDs       = 100      // records of each module chosen in one addEmailTo (the API's list limit)
	MaxLinks           = 100      // records of each module one address may link (more: the first 100 by ID)
	MaxQuery           = 254      // characters of an EM-2 search (an address is at most 254)
	MaxPage            = 50       // results of an EM-2 search page
	DefaultPage        = 20
)

// Settings are one user's email settings (EM-1, EM-3).
type Settings struct {
	MatchWith            emailkind.Match
	AddSentAutomatically bool
	KeepAttachments      bool
}

// DefaultSettings are a user's settings until they change them: both modules, sent mail added,
// attachments kept.
func DefaultSettings() Settings {
	return Settings{MatchWith: emailkind.MatchBoth, AddSentAutomatically: true, KeepAttachments: true}
}

// FoldAddress is an address as matching compares it: trimmed, ASCII letters lower-cased (the
// folding store.FoldEqual applies in the database).
func FoldAddress(s string) string {
	b := []byte(strings.TrimSpace(s))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// CheckMessage bounds a message before anything is stored (the API's and the dropbox's):
// every field within the Email entity's limits, nothing cut; the error names the field.
func CheckMessage(m mailmsg.Message) error {
	switch {
	case m.Direction != mailmsg.Incoming && m.Direction != mailmsg.Outgoing:
		return apperr.Invalid("direction", "direction must be INCOMING or OUTGOING")
	case len(m.MessageID) > MaxMessageIDBytes:
		return apperr.Invalid("messageId", "messageId is %d bytes long; the limit is %d", len(m.MessageID), MaxMessageIDBytes)
	case strings.ContainsAny(m.MessageID, " \t\r\n<>"):
		return apperr.Invalid("messageId", "messageId must be one RFC 5322 Message-ID (without spaces)")
	case !validAddress(m.From.Address):
		return apperr.Invalid("from", "from must be an email address; got %q", clip(m.From.Address))
	case len(m.To) > MaxRecipients:
		return apperr.Invalid("to", "to has %d addresses; the limit is %d", len(m.To), MaxRecipients)
	case len(m.Cc) > MaxRecipients:
		return apperr.Invalid("cc", "cc has %d addresses; the limit is %d", len(m.Cc), MaxRecipients)
	case len(m.Attachments) > MaxAttachments:
		return apperr.Invalid("attachments", "attachments has %d files; the limit is %d", len(m.Attachments), MaxAttachments)
	}
	if err := checkText("subject", m.Subject, MaxSubject, textcheck.Line); err != nil {
		return err
	}
	if err := checkText("from.name", m.From.Name, MaxFromName, textcheck.Line); err != nil {
		return err
	}
	if err := checkText("body", m.Text, MaxBody, textcheck.Multiline); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(m.HTML); n > MaxBody {
		return apperr.Invalid("htmlBody", "htmlBody is %d characters long; the limit is %d", n, MaxBody)
	}
	for name, list := range map[string][]mailmsg.Address{"to": m.To, "cc": m.Cc} {
		for i, a := range list {
			if !validAddress(a.Address) {
				return apperr.Invalid(name, "%s[%d] must be an email address; got %q", name, i, clip(a.Address))
			}
		}
	}
	total := 0
	for i, a := range m.Attachments {
		total += len(a.Data)
		if utf8.RuneCountInString(a.Filename) > 255 {
			return apperr.Invalid("attachments", "attachments[%d]: the file name is longer than 255 characters", i)
		}
	}
	if total > MaxAttachmentBytes {
		return apperr.Invalid("attachments", "the attachments hold %d bytes together; the limit is %d MiB", total, MaxAttachmentBytes>>20)
	}
	return nil
}

func checkText(field, v string, max int, check func(string) error) error {
	if n := utf8.RuneCountInString(v); n > max {
		return apperr.Invalid(field, "%s is %d characters long; the limit is %d", field, n, max)
	}
	if err := check(v); err != nil {
		return apperr.OnField(field, err)
	}
	return nil
}

// validAddress is a bare address (no display name, no angle brackets) of at most 254 bytes.
func validAddress(s string) bool {
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
