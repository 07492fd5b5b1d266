// Package datasync is the mail-client sync engine (SPEC SY). This file and the others without
// "service" in their name are its rules: pure functions of their inputs (standard library and
// leaf packages only), table-tested with a fixed clock. The service applies them to the
// database; the GraphQL plug-in API and the CardDAV/CalDAV door (issue 12) are thin adapters
// that turn their wire format into Items and call the same service.
package datasync

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmadmin/crmadmin/internal/kind/emailfold"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/textcheck"
)

// Transport limits: what a batch may hold before any work starts (refused as VALIDATION).
// They sit above every SY-3 limit, so that a value over its field's limit reaches the rules
// and is reported as IGNORED with field and limit (SY-4) rather than refused as a whole.
const (
	MaxBatchItems     = 500       // items in one pushed batch (gqlimit.Default.Lists["PushSyncBatchInput.items"])
	MaxItemFields     = 64        // fields in one item
	MaxFieldNameBytes = 64        // length of a field's name
	MaxValueBytes     = 128 << 10 // one value: 32,000 characters of up to 4 bytes each fit
	MaxClientIDBytes  = 255       // the client's item ID
	MaxAttendees      = 100       // attendees of one event (as many as recipients of an email)
	MaxCategories     = 50        // categories of one item
	MaxLabelBytes     = 255       // a category, a folder, a client's name, a batch key
	MaxFolders        = 50        // folders in a module's settings
	MaxPage           = 500       // changes in one syncChanges page (the API's page limit)
	MaxRawBytes       = 256 << 10 // an item's raw payload kept for the round trip
	MaxListingItems   = MaxBatchItems
)

// Kind is how a client value is read.
type Kind int

const (
	Line     Kind = iota // one line of text, at most Max characters
	Multi                // text over lines (notes, streets)
	Email                // an address; at most 254 characters
	Date                 // YYYY-MM-DD
	DateTime             // RFC 3339
	Priority             // a task's priority
	Status               // a task's status
)

// Field maps one client field to one CRM field (SY-3).
type Field struct {
	Client   string // the plug-in's name, e.g. "jobTitle"
	CRM      string // the ent field, e.g. "title"
	Max      int    // characters; 0 when the kind bounds it
	Kind     Kind
	Required bool
}

// Mappings are SY-3, module by module: every mapped client field, its CRM field and limit.
var Mappings = map[syncenum.Module][]Field{
	syncenum.Contacts: {
		{"firstName", "first_name", 40, Line, false},
		{"lastName", "last_name", 80, Line, true},
		{"email1", "email", 254, Email, false},
		{"jobTitle", "title", 100, Line, false},
		{"company", "account_name", 200, Line, false},
		{"department", "department", 50, Line, false},
		{"businessPhone", "phone", 50, Line, false},
		{"homePhone", "home_phone", 30, Line, false},
		{"otherPhone", "other_phone", 30, Line, false},
		{"fax", "fax", 30, Line, false},
		{"mobile", "mobile", 30, Line, false},
		{"assistant", "assistant", 50, Line, false},
		{"assistantPhone", "asst_phone", 30, Line, false},
		{"manager", "reports_to", 50, Line, false},
		{"businessStreet", "mailing_street", 250, Multi, false},
		{"businessCity", "mailing_city", 30, Line, false},
		{"businessState", "mailing_state", 30, Line, false},
		{"businessZip", "mailing_zip", 30, Line, false},
		{"businessCountry", "mailing_country", 30, Line, false},
		{"otherStreet", "other_street", 250, Multi, false},
		{"otherCity", "other_city", 30, Line, false},
		{"otherState", "other_state", 30, Line, false},
		{"otherZip", "other_zip", 30, Line, false},
		{"otherCountry", "other_country", 30, Line, false},
		{"notes", "description", 32000, Multi, false},
		{"birthday", "date_of_birth", 0, Date, false},
	},
	syncenum.Tasks: {
		{"subject", "subject", 255, Line, true},
		{"dueDate", "due_date", 0, Date, false},
		{"priority", "priority", 0, Priority, false},
		{"status", "status", 0, Status, false},
		{"notes", "description", 32000, Multi, false},
		// startDate is not mapped (SY-3): it stays in the raw payload.
	},
	syncenum.Events: {
		{"subject", "subject", 255, Line, true},
		{"start", "start_at", 0, DateTime, true},
		{"end", "end_at", 0, DateTime, true},
		{"location", "venue", 255, Line, false},
		{"notes", "description", 32000, Multi, false},
		// attendees → participants: Item.Attendees, resolved by ResolveAttendee (SY-6).
	},
}

// FieldOf returns the mapping of a client field of module.
func FieldOf(m syncenum.Module, client string) (Field, bool) {
	for _, f := range Mappings[m] {
		if f.Client == client {
			return f, true
		}
	}
	return Field{}, false
}

// Attendee is an event attendee as the client knows it.
type Attendee struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
}

// Item is one pushed change of a client item.
type Item struct {
	ClientID   string
	Op         syncenum.Op
	Modified   time.Time         // the client's modification time: its version
	Fields     map[string]string // client field → value; absent = unchanged on update
	Attendees  []Attendee        // events only; nil = unchanged on update
	Categories []string
	Folder     string
}

// Ignore says why an item is not synced (SY-4): the client field, its limit, the reason.
type Ignore struct {
	Field  string `json:"field"`
	Limit  int    `json:"limit,omitempty"`
	Reason string `json:"reason"` // TOO_LONG, INVALID, REQUIRED
	Length int    `json:"length,omitempty"`
}

func (ig *Ignore) Error() string {
	if ig.Reason == ReasonTooLong {
		return fmt.Sprintf("%s is %d characters long; the limit is %d", ig.Field, ig.Length, ig.Limit)
	}
	return fmt.Sprintf("%s: %s", ig.Field, ig.Reason)
}

const (
	ReasonTooLong  = "TOO_LONG"
	ReasonInvalid  = "INVALID"
	ReasonRequired = "REQUIRED"
)

// Mapped is an item in CRM terms: the text fields (empty clears), times, enums, attendees,
// and the client fields the CRM does not map (kept in the raw payload).
type Mapped struct {
	Text      map[string]string     // CRM field → value
	Times     map[string]*time.Time // CRM field → time; nil clears
	Attendees []Attendee            // nil: unchanged
	Unmapped  []string              // client fields with no CRM field, sorted
}

// Map applies SY-3 and SY-4 to item: every field is checked against its limit and nothing is
// ever cut; the first field over its limit (in mapping order) makes the item ignored.
// create says whether the CRM record will be created (required fields must then be present).
func Map(m syncenum.Module, it Item, create bool) (Mapped, *Ignore) {
	out := Mapped{Text: map[string]string{}, Times: map[string]*time.Time{}}
	for _, f := range Mappings[m] {
		v, ok := it.Fields[f.Client]
		if !ok {
			if create && f.Required {
				return Mapped{}, &Ignore{Field: f.Client, Reason: ReasonRequired}
			}
			continue
		}
		if f.Kind != Multi {
			v = strings.TrimSpace(v)
		}
		if v == "" && f.Required {
			return Mapped{}, &Ignore{Field: f.Client, Reason: ReasonRequired}
		}
		switch f.Kind {
		case Line, Multi, Email:
			if n := utf8.RuneCountInString(v); f.Max > 0 && n > f.Max {
				return Mapped{}, &Ignore{Field: f.Client, Limit: f.Max, Reason: ReasonTooLong, Length: n}
			}
			check := textcheck.Line
			if f.Kind == Multi {
				check = textcheck.Multiline
			}
			if check(v) != nil || (f.Kind == Email && v != "" && !validEmail(v)) {
				return Mapped{}, &Ignore{Field: f.Client, Reason: ReasonInvalid}
			}
			out.Text[f.CRM] = v
		case Date, DateTime:
			if v == "" {
				out.Times[f.CRM] = nil
				continue
			}
			t, err := parseTime(f.Kind, v)
			if err != nil {
				return Mapped{}, &Ignore{Field: f.Client, Reason: ReasonInvalid}
			}
			out.Times[f.CRM] = &t
		case Priority, Status:
			e, ok := enumValue(f.Kind, v)
			if !ok {
				return Mapped{}, &Ignore{Field: f.Client, Reason: ReasonInvalid}
			}
			out.Text[f.CRM] = e
		}
	}
	if m == syncenum.Events {
		if s, e := out.Times["start_at"], out.Times["end_at"]; s != nil && e != nil && e.Before(*s) {
			return Mapped{}, &Ignore{Field: "end", Reason: ReasonInvalid}
		}
		if it.Attendees != nil || create {
			if len(it.Attendees) > MaxAttendees {
				return Mapped{}, &Ignore{Field: "attendees", Limit: MaxAttendees, Reason: ReasonTooLong, Length: len(it.Attendees)}
			}
			out.Attendees = []Attendee{}
			seen := map[string]bool{}
			for _, a := range it.Attendees {
				a.Email = strings.TrimSpace(a.Email)
				a.Name = strings.TrimSpace(a.Name)
				if !validEmail(a.Email) {
					return Mapped{}, &Ignore{Field: "attendees", Reason: ReasonInvalid}
				}
				if n := utf8.RuneCountInString(a.Name); n > 120 {
					return Mapped{}, &Ignore{Field: "attendees.name", Limit: 120, Reason: ReasonTooLong, Length: n}
				}
				if textcheck.Line(a.Name) != nil {
					return Mapped{}, &Ignore{Field: "attendees.name", Reason: ReasonInvalid}
				}
				if k := emailfold.ASCIILower(a.Email); !seen[k] {
					seen[k] = true
					out.Attendees = append(out.Attendees, a)
				}
			}
		}
	}
	for k := range it.Fields {
		if _, ok := FieldOf(m, k); !ok {
			out.Unmapped = append(out.Unmapped, k)
		}
	}
	sort.Strings(out.Unmapped)
	return out, nil
}

func parseTime(k Kind, v string) (time.Time, error) {
	if k == Date {
		t, err := time.Parse(time.DateOnly, v)
		return t.UTC(), err
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil || t.Year() < 1900 || t.Year() > 2199 {
		return time.Time{}, fmt.Errorf("bad time %q", v)
	}
	return t.UTC(), nil
}

// validEmail is a light check (one @, a dot after it, no spaces); the CRM's validator has the
// last word when the record is written.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return len(s) <= 254 && at > 0 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t\r\n<>\"") &&
		!strings.HasSuffix(s, ".")
}

// Client spellings of task priorities and statuses (Outlook's and the CRM's own).
var (
	priorities = map[string]string{"highest": "HIGHEST", "high": "HIGH", "normal": "NORMAL", "medium": "NORMAL",
		"low": "LOW", "lowest": "LOWEST"}
	statuses = map[string]string{"not_started": "NOT_STARTED", "notstarted": "NOT_STARTED", "deferred": "DEFERRED",
		"in_progress": "IN_PROGRESS", "inprogress": "IN_PROGRESS", "completed": "COMPLETED", "waiting": "WAITING",
		"waitingonothers": "WAITING", "waiting_on_others": "WAITING"}
)

func enumValue(k Kind, v string) (string, bool) {
	key := strings.ToLower(strings.ReplaceAll(v, " ", "_"))
	if k == Priority {
		if v == "" {
			return "NORMAL", true
		}
		e, ok := priorities[key]
		return e, ok
	}
	if v == "" {
		return "NOT_STARTED", true
	}
	e, ok := statuses[key]
	return e, ok
}

// ToClient is the reverse mapping for a pull: CRM field values → client fields. Times are
// formatted per kind; empty values are sent as "" so the client clears them.
func ToClient(m syncenum.Module, text map[string]string, times map[string]*time.Time) map[string]string {
	out := map[string]string{}
	for _, f := range Mappings[m] {
		switch f.Kind {
		case Date, DateTime:
			t := times[f.CRM]
			switch {
			case t == nil:
				out[f.Client] = ""
			case f.Kind == Date:
				out[f.Client] = t.UTC().Format(time.DateOnly)
			default:
				out[f.Client] = t.UTC().Format(time.RFC3339)
			}
		default:
			out[f.Client] = text[f.CRM]
		}
	}
	return out
}
