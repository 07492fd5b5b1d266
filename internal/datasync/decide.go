package datasync

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/kind/emailfold"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// Key is a duplicate-matching key (SY-5): what the CRM is searched by before creating.
type Key struct {
	By     string // "email", "name", "subject+due", "subject+start+end"
	Email  string // lower-cased
	First  string
	Last   string
	Text   string // subject
	Start  *time.Time
	End    *time.Time
	Exists bool // false: nothing to match by, always create
}

// ContactKey matches contacts by email case-insensitively, or by full name when there is no
// email (SY-5).
func ContactKey(email, first, last string) Key {
	if e := emailfold.ASCIILower(strings.TrimSpace(email)); e != "" {
		return Key{By: "email", Email: e, Exists: true}
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if first == "" && last == "" {
		return Key{}
	}
	return Key{By: "name", First: first, Last: last, Exists: true}
}

// TaskKey matches tasks by subject + due date (SY-5); a task with no due date matches one
// with no due date.
func TaskKey(subject string, due *time.Time) Key {
	if strings.TrimSpace(subject) == "" {
		return Key{}
	}
	return Key{By: "subject+due", Text: strings.TrimSpace(subject), Start: due, Exists: true}
}

// EventKey matches events by subject + start + end (SY-5).
func EventKey(subject string, start, end *time.Time) Key {
	if strings.TrimSpace(subject) == "" || start == nil || end == nil {
		return Key{}
	}
	return Key{By: "subject+start+end", Text: strings.TrimSpace(subject), Start: start, End: end, Exists: true}
}

// Candidate is a CRM record an attendee's email matched.
type Candidate struct {
	ID      int
	Created time.Time
}

// Candidates are the records an attendee's email matched, by module, among what the user can see.
type Candidates struct {
	Contacts []Candidate
	Leads    []Candidate
	Users    []Candidate
}

// Link is where an attendee points (SY-6).
type Link struct {
	Kind string // CONTACT, LEAD, USER, EMAIL (bare address)
	ID   int
}

// ResolveAttendee links an attendee to a contact, else a lead, else a CRM user; of several
// contacts (or leads) sharing the email, the earliest created wins (the lower ID on a tie);
// an unknown address stays a bare email (SY-6). Nothing here sends anything: sync never
// invites.
func ResolveAttendee(c Candidates) Link {
	for _, l := range []struct {
		kind string
		cs   []Candidate
	}{{"CONTACT", c.Contacts}, {"LEAD", c.Leads}, {"USER", c.Users}} {
		if len(l.cs) == 0 {
			continue
		}
		best := l.cs[0]
		for _, x := range l.cs[1:] {
			if x.Created.Before(best.Created) || (x.Created.Equal(best.Created) && x.ID < best.ID) {
				best = x
			}
		}
		return Link{Kind: l.kind, ID: best.ID}
	}
	return Link{Kind: "EMAIL"}
}

// Settings are one module's sync settings of one client (SY-1).
type Settings struct {
	Enabled   bool
	Direction syncenum.Direction
	Mode      syncenum.Mode
	Folders   []string // client folders synced; empty: all
	Category  string   // only items in this client category ("Zoho"); empty: every item
	// AutoSince and AutoSeq are when automatic mode was enabled and the change log's position
	// then: an automatic sync carries only what changed after (SY-1).
	AutoSince time.Time
	AutoSeq   int64
}

// AcceptsPush says whether the client may push changes of the module (SY-1).
func (s Settings) AcceptsPush() bool {
	return s.Enabled && (s.Direction == syncenum.ClientToCRM || s.Direction == syncenum.Both)
}

// SendsPull says whether CRM changes of the module go to the client (SY-1).
func (s Settings) SendsPull() bool {
	return s.Enabled && (s.Direction == syncenum.CRMToClient || s.Direction == syncenum.Both)
}

// ErrNotAutomatic: an automatic sync of a module set to manual mode.
var ErrNotAutomatic = errors.New("the module is set to manual sync: start the sync by hand")

// InScope says whether a pushed item is synced under the settings: in a synced folder (when
// folders are chosen), carrying the category (when the filter is on; case-insensitive), and,
// for an automatic sync, changed after automatic mode was enabled (older changes need one
// manual sync, SY-1). Out of scope is skipped, not ignored: there is nothing to fix.
func (s Settings) InScope(it Item, automatic bool) bool {
	if len(s.Folders) > 0 && !containsFold(s.Folders, it.Folder) {
		return false
	}
	if s.Category != "" && !containsFold(it.Categories, s.Category) {
		return false
	}
	if automatic && it.Modified.Before(s.AutoSince) {
		return false
	}
	return true
}

// PullFrom is the change-log position a pull starts after: the token's, or for an automatic
// sync never before automatic mode was enabled (SY-1).
func (s Settings) PullFrom(tokenSeq int64, automatic bool) (int64, error) {
	if !automatic {
		return tokenSeq, nil
	}
	if s.Mode != syncenum.Automatic {
		return 0, ErrNotAutomatic
	}
	return max(tokenSeq, s.AutoSeq), nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

// Access is what a user may do to one record (SY-8).
type Access int

const (
	NoAccess   Access = iota // not visible: permission denied
	ReadAccess               // shared read-only
	WriteAccess
)

// Permit is SY-8: an update or delete needs write access; read-only sharing refuses it even
// when the profile allows editing; no access refuses it as permission denied. A create needs
// the profile's permission to create in the module (canCreate). ok=false: the item is
// reported with the state, never dropped.
func Permit(op syncenum.Op, exists bool, a Access, canCreate bool) (syncenum.ItemState, bool) {
	if !exists {
		if canCreate {
			return syncenum.Synced, true
		}
		return syncenum.PermissionDenied, false
	}
	switch a {
	case WriteAccess:
		return syncenum.Synced, true
	case ReadAccess:
		return syncenum.ReadOnly, false
	}
	return syncenum.PermissionDenied, false
}

// Versions are what the conflict rule compares (SY-9).
type Versions struct {
	Direction      syncenum.Direction
	Linked         bool      // the item was synced before
	ClientModified time.Time // the pushed item's version
	ClientSynced   time.Time // the client version last synced
	CRMSeq         int64     // the record's position in the change log now
	CRMSyncedSeq   int64     // …when it was last synced
	CRMModified    time.Time // the record's updated_at
}

// Outcome of a pushed update.
type Outcome int

const (
	ApplyClient Outcome = iota // write the client's version
	Unchanged                  // the client sent the version already synced
	KeepCRM                    // the CRM's newer version wins; it goes to the client on the next pull
)

// Version is a client's modification time as the engine keeps and compares it: UTC, to the
// microsecond — what PostgreSQL's timestamptz keeps (SQLite keeps nanoseconds), so that the
// version read back from either database equals the version received and an item pushed
// again unchanged is Unchanged on both.
func Version(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Resolve is SY-9: when both sides changed since the last sync in the BOTH direction, the
// newer change wins (the CRM's on a tie) and the other version is reported as a conflict.
// With CLIENT_TO_CRM the client is the master: its change applies, no conflict.
func Resolve(v Versions) (o Outcome, conflict bool) {
	if v.Linked && !v.ClientModified.After(v.ClientSynced) {
		return Unchanged, false
	}
	crmChanged := v.Linked && v.CRMSeq > v.CRMSyncedSeq
	if !crmChanged || v.Direction != syncenum.Both {
		return ApplyClient, false
	}
	if v.ClientModified.After(v.CRMModified) {
		return ApplyClient, true
	}
	return KeepCRM, true
}

// Misses is the delete-after-two-consecutive-misses rule for clients that send full listings
// (as SuiteCRM's Outlook add-in does): an item present in the listing resets its count; an
// item missing once becomes PENDING_DELETE; missing twice in a row, its record is deleted.
// Explicit deletes do not go through this: they apply at once.
func Misses(prev int, present bool) (misses int, state syncenum.ItemState, remove bool) {
	if present {
		return 0, syncenum.Synced, false
	}
	if prev+1 >= 2 {
		return prev + 1, syncenum.PendingDelete, true
	}
	return prev + 1, syncenum.PendingDelete, false
}

// Sync tokens are opaque: "s1." + base64url(org, position in the org's change log, MAC).
// A token of another org, or altered, is refused; a token older than the kept history is
// RESYNC_REQUIRED (the service's check, from the org's pruned position).

var (
	ErrBadToken = errors.New("the sync token is not valid")
)

const tokenPrefix = "s1."

// EncodeToken makes the token of position seq in org's change log.
func EncodeToken(key []byte, org int, seq int64) string {
	b := binary.AppendUvarint(nil, uint64(org))
	b = binary.AppendUvarint(b, uint64(seq))
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(append(b, mac(key, b)...))
}

// DecodeToken reads a token of org; "" is the start of the log (a first, full sync).
func DecodeToken(key []byte, org int, tok string) (int64, error) {
	if tok == "" {
		return 0, nil
	}
	if len(tok) > 64 || !strings.HasPrefix(tok, tokenPrefix) {
		return 0, ErrBadToken
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok[len(tokenPrefix):])
	if err != nil || len(raw) < 13 {
		return 0, ErrBadToken
	}
	body, sum := raw[:len(raw)-12], raw[len(raw)-12:]
	if !hmac.Equal(sum, mac(key, body)) {
		return 0, ErrBadToken
	}
	o, n := binary.Uvarint(body)
	if n <= 0 {
		return 0, ErrBadToken
	}
	s, m := binary.Uvarint(body[n:])
	if m <= 0 || n+m != len(body) || int(o) != org || s > 1<<62 {
		return 0, ErrBadToken
	}
	return int64(s), nil
}

func mac(key, b []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("crmadmin sync token "))
	h.Write(b)
	return h.Sum(nil)[:12]
}

// Expired says whether a token's position is older than the history kept: changes at or
// before pruned were forgotten (tombstones past CRM_SYNC_TOMBSTONE_TTL), so an answer from
// it would be silently partial: the client must resync (RESYNC_REQUIRED).
func Expired(tokenSeq, pruned int64) bool { return tokenSeq < pruned }

// PruneBefore is the time before which tombstones are forgotten.
func PruneBefore(now time.Time, ttl time.Duration) time.Time { return now.Add(-ttl) }
