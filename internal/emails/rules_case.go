package emails

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// Case limits: the SupportCase entity's (SY-3 lengths).
const (
	MaxCaseSubject     = 255
	MaxCaseContactName = 120
	MaxCaseDescription = 32000
	NoSubject          = "(no subject)"
)

// CaseDraft is a case made from an email (EM-4).
type CaseDraft struct {
	Subject     string
	Email       string
	ContactName string
	Description string
}

// CaseFrom is EM-4's mapping: the sender's address → Email, the contact's name → Contact Name
// (the sender's display name, else the matched contact's full name), the subject → Subject (an
// empty one reads NoSubject: a case needs one), the body → Description (the text body, else
// the HTML body as text). Over a limit → VALIDATION naming the field and the limit; nothing cut.
func CaseFrom(m mailmsg.Message, contactName string) (CaseDraft, error) {
	d := CaseDraft{Subject: strings.TrimSpace(m.Subject), Email: strings.TrimSpace(m.From.Address),
		ContactName: strings.TrimSpace(m.From.Name), Description: m.Text}
	if d.Subject == "" {
		d.Subject = NoSubject
	}
	if d.ContactName == "" || FoldAddress(d.ContactName) == FoldAddress(d.Email) {
		d.ContactName = strings.TrimSpace(contactName)
	}
	if strings.TrimSpace(d.Description) == "" && m.HTML != "" {
		d.Description = HTMLText(m.HTML)
	}
	for _, f := range []struct {
		name string
		v    string
		max  int
	}{{"subject", d.Subject, MaxCaseSubject}, {"contactName", d.ContactName, MaxCaseContactName},
		{"description", d.Description, MaxCaseDescription}} {
		if n := utf8.RuneCountInString(f.v); n > f.max {
			return CaseDraft{}, apperr.Invalid(f.name, "%s is %d characters long; the limit is %d", f.name, n, f.max).
				With("limit", f.max)
		}
	}
	return d, nil
}

var (
	reDrop  = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	reBreak = regexp.MustCompile(`(?i)<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>`)
	reTag   = regexp.MustCompile(`(?s)<[^>]*>`)
	reBlank = regexp.MustCompile(`\n[ \t]*(\n[ \t]*)+`)
)

// HTMLText is an HTML body as plain text, for a case's description when the email has no text
// body: scripts, styles and tags removed, block ends as line breaks, entities decoded.
func HTMLText(s string) string {
	s = reDrop.ReplaceAllString(s, "")
	s = reBreak.ReplaceAllString(s, "\n")
	s = reTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = reBlank.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
