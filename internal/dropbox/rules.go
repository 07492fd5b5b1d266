// Package dropbox is the private dropbox address of each user (issue 13 item 7): the address
// (a random token in the local part, shown to its owner, rotatable), the SMTP listener that
// accepts mail for those addresses only, the MIME parser that turns a message into
// mailmsg.Message, and the email:ingest job that hands it to the emails domain as the owner.
//
// rules.go holds the pure decisions (standard library and leaves only): the token's form, the
// recipient → token mapping, direction, the fallback Message-ID and the task key.
package dropbox

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// TokenBytes is the randomness of a dropbox token (160 bits), written as 32 lower-case base32
// letters and digits: a valid local part (RFC 5321) that survives case folding by mail servers.
const TokenBytes = 20

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// FormatToken writes raw random bytes as a token.
func FormatToken(raw []byte) string { return strings.ToLower(tokenEncoding.EncodeToString(raw)) }

// ValidToken reports whether s has the form of a token (so that anything else is refused
// before a database look-up).
func ValidToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// HashToken is what the database keeps to find a box by its token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte("crmadmin dropbox " + token))
	return h[:]
}

// RecipientToken returns the token of a RCPT TO address when it is at the dropbox domain
// (case-insensitive; a "+tag" after the token is ignored, as mail servers do) and has the form
// of a token. ok is false for any other address: it is refused at RCPT (550).
func RecipientToken(addr, domain string) (token string, ok bool) {
	addr = strings.TrimSpace(addr)
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || domain == "" || !strings.EqualFold(addr[at+1:], domain) {
		return "", false
	}
	local := strings.ToLower(addr[:at])
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	if !ValidToken(local) {
		return "", false
	}
	return local, true
}

// AtDomain reports whether addr is at domain (an address of the dropbox itself).
func AtDomain(addr, domain string) bool {
	at := strings.LastIndexByte(addr, '@')
	return domain != "" && at > 0 && strings.EqualFold(strings.TrimSpace(addr[at+1:]), domain)
}

// Direction is OUTGOING when the message is from one of the user's own addresses (the user
// sent it and BCC'd the dropbox: its recipients are To/Cc, EM-3), else INCOMING (EM-1).
func Direction(from string, own []string) mailmsg.Direction {
	from = strings.TrimSpace(from)
	for _, a := range own {
		if a != "" && strings.EqualFold(strings.TrimSpace(a), from) {
			return mailmsg.Outgoing
		}
	}
	return mailmsg.Incoming
}

// ContentMessageID is the Message-ID of a message that has none: a hash of its content, so the
// same message delivered twice is still one email.
func ContentMessageID(raw []byte) string {
	h := sha256.Sum256(raw)
	return "sha256-" + hex.EncodeToString(h[:]) + "@dropbox.invalid"
}

// TaskID is the email:ingest task's ID: from the org and the Message-ID, so the same message
// is queued once per org however often it arrives.
func TaskID(orgID int, messageID string) string {
	h := sha256.Sum256([]byte(messageID))
	return fmt.Sprintf("email:ingest:%d:%s", orgID, hex.EncodeToString(h[:16]))
}

// BlobKey is where the raw message waits for its job in the org's file store.
func BlobKey(orgID int, messageID string) string {
	h := sha256.Sum256([]byte(messageID))
	return fmt.Sprintf("%s%s.eml", OrgFilePrefix(orgID), hex.EncodeToString(h[:]))
}

// OrgFilePrefix holds every raw message of an org (deleting the org deletes it).
func OrgFilePrefix(orgID int) string { return fmt.Sprintf("dropbox/%d/", orgID) }
