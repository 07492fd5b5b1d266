package datasync

import (
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// now is the fixed clock of every rule test.
var now = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

// SY-3: every field of the three modules maps to its CRM field with its limit, exactly as the
// spec lists them.
func TestMappings_SY3(t *testing.T) {
	want := map[syncenum.Module]map[string]struct {
		crm string
		max int
	}{
		syncenum.Contacts: {
			"firstName": {"first_name", 40}, "lastName": {"last_name", 80}, "email1": {"email", 254},
			"jobTitle": {"title", 100}, "company": {"account_name", 200}, "department": {"department", 50},
			"businessPhone": {"phone", 50}, "homePhone": {"home_phone", 30}, "otherPhone": {"other_phone", 30},
			"fax": {"fax", 30}, "mobile": {"mobile", 30}, "assistant": {"assistant", 50},
			"assistantPhone": {"asst_phone", 30}, "manager": {"reports_to", 50},
			"businessStreet": {"mailing_street", 250}, "businessCity": {"mailing_city", 30},
			"businessState": {"mailing_state", 30}, "businessZip": {"mailing_zip", 30},
			"businessCountry": {"mailing_country", 30}, "otherStreet": {"other_street", 250},
			"otherCity": {"other_city", 30}, "otherState": {"other_state", 30}, "otherZip": {"other_zip", 30},
			"otherCountry": {"other_country", 30}, "notes": {"description", 32000}, "birthday": {"date_of_birth", 0},
		},
		syncenum.Tasks: {
			"subject": {"subject", 255}, "dueDate": {"due_date", 0}, "priority": {"priority", 0},
			"status": {"status", 0}, "notes": {"description", 32000},
		},
		syncenum.Events: {
			"subject": {"subject", 255}, "start": {"start_at", 0}, "end": {"end_at", 0},
			"location": {"venue", 255}, "notes": {"description", 32000},
		},
	}
	for m, fields := range want {
		if len(Mappings[m]) != len(fields) {
			t.Errorf("%s: %d mapped fields, want %d", m, len(Mappings[m]), len(fields))
		}
		for client, w := range fields {
			f, ok := FieldOf(m, client)
			if !ok || f.CRM != w.crm || f.Max != w.max {
				t.Errorf("%s.%s → %+v, want %s %d", m, client, f, w.crm, w.max)
			}
		}
	}
	if _, ok := FieldOf(syncenum.Tasks, "startDate"); ok {
		t.Error("SY-3: a task's start date is not mapped")
	}
}

// SY-4: for every limited field, a value at the limit syncs whole and one character more makes
// the item IGNORED with the field and the limit; nothing is ever cut.
func TestMapLimits_SY4(t *testing.T) {
	for _, m := range syncenum.Modules {
		for _, f := range Mappings[m] {
			if f.Max == 0 || f.Kind == Email {
				continue
			}
			base := required(m)
			at := strings.Repeat("é", f.Max) // characters, not bytes
			base[f.Client] = at
			got, ig := Map(m, Item{Fields: base}, true)
			if ig != nil {
				t.Errorf("%s.%s at its limit %d: ignored %+v", m, f.Client, f.Max, ig)
				continue
			}
			if got.Text[f.CRM] != at {
				t.Errorf("%s.%s: value changed on the way (len %d)", m, f.Client, len(got.Text[f.CRM]))
			}
			base[f.Client] = at + "x"
			got, ig = Map(m, Item{Fields: base}, true)
			if ig == nil || ig.Field != f.Client || ig.Limit != f.Max || ig.Reason != ReasonTooLong || ig.Length != f.Max+1 {
				t.Errorf("%s.%s over its limit: %+v, want ignored with field and limit %d", m, f.Client, ig, f.Max)
			}
			if got.Text != nil {
				t.Errorf("%s.%s over its limit: a mapped value came back (%v)", m, f.Client, got.Text)
			}
		}
	}
}

func required(m syncenum.Module) map[string]string {
	switch m {
	case syncenum.Contacts:
		return map[string]string{"lastName": "Doe"}
	case syncenum.Tasks:
		return map[string]string{"subject": "Call"}
	}
	return map[string]string{"subject": "Meet", "start": "2026-12-04T09:00:00Z", "end": "2026-12-04T10:00:00Z"}
}

// SY-3/SY-4: values that cannot be read are ignored with the field; required fields on create;
// enums and times read in the client's spellings; unmapped fields listed for the raw payload.
func TestMapValues_SY3(t *testing.T) {
	cases := []struct {
		name   string
		m      syncenum.Module
		fields map[string]string
		att    []Attendee
		create bool
		ignore string // field, or "" when it maps
		check  func(t *testing.T, got Mapped)
	}{
		{"contact needs a last name on create", syncenum.Contacts, map[string]string{"firstName": "Ann"}, nil, true, "lastName", nil},
		{"contact update without last name keeps it", syncenum.Contacts, map[string]string{"firstName": "Ann"}, nil, false, "", func(t *testing.T, got Mapped) {
			if _, ok := got.Text["last_name"]; ok {
				t.Error("an absent field must stay unchanged")
			}
		}},
		{"blank last name", syncenum.Contacts, map[string]string{"lastName": "  "}, nil, false, "lastName", nil},
		{"bad email", syncenum.Contacts, map[string]string{"lastName": "D", "email1": "not-an-address"}, nil, true, "email1", nil},
		{"control character", syncenum.Contacts, map[string]string{"lastName": "D\x07"}, nil, true, "lastName", nil},
		{"birthday", syncenum.Contacts, map[string]string{"lastName": "D", "birthday": "1980-02-29"}, nil, true, "", func(t *testing.T, got Mapped) {
			if b := got.Times["date_of_birth"]; b == nil || !b.Equal(time.Date(1980, 2, 29, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("birthday %v", b)
			}
		}},
		{"bad birthday", syncenum.Contacts, map[string]string{"lastName": "D", "birthday": "29/02/1980"}, nil, true, "birthday", nil},
		{"cleared birthday", syncenum.Contacts, map[string]string{"birthday": ""}, nil, false, "", func(t *testing.T, got Mapped) {
			if b, ok := got.Times["date_of_birth"]; !ok || b != nil {
				t.Error("an empty date clears the field")
			}
		}},
		{"unmapped fields kept aside", syncenum.Contacts, map[string]string{"lastName": "D", "nickname": "Dee", "anniversary": "x"}, nil, true, "", func(t *testing.T, got Mapped) {
			if strings.Join(got.Unmapped, ",") != "anniversary,nickname" {
				t.Errorf("unmapped %v", got.Unmapped)
			}
		}},
		{"task priority and status in Outlook's words", syncenum.Tasks, map[string]string{"subject": "S", "priority": "High", "status": "waitingOnOthers", "startDate": "2026-12-01"}, nil, true, "", func(t *testing.T, got Mapped) {
			if got.Text["priority"] != "HIGH" || got.Text["status"] != "WAITING" {
				t.Errorf("got %v", got.Text)
			}
			if len(got.Unmapped) != 1 || got.Unmapped[0] != "startDate" {
				t.Errorf("startDate is not mapped (SY-3), kept aside: %v", got.Unmapped)
			}
		}},
		{"unknown priority", syncenum.Tasks, map[string]string{"subject": "S", "priority": "urgent!!"}, nil, true, "priority", nil},
		{"event ends before it starts", syncenum.Events, map[string]string{"subject": "S", "start": "2026-12-04T10:00:00Z", "end": "2026-12-04T09:00:00Z"}, nil, true, "end", nil},
		{"event needs a start", syncenum.Events, map[string]string{"subject": "S", "end": "2026-12-04T09:00:00Z"}, nil, true, "start", nil},
		{"event in another zone", syncenum.Events, map[string]string{"subject": "S", "start": "2026-12-04T10:00:00+09:00", "end": "2026-12-04T11:00:00+09:00"}, nil, true, "", func(t *testing.T, got Mapped) {
			if !got.Times["start_at"].Equal(time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)) {
				t.Errorf("start %v", got.Times["start_at"])
			}
		}},
		{"attendees deduplicated case-insensitively", syncenum.Events, required(syncenum.Events), []Attendee{{Email: "A@x.com"}, {Email: "a@X.com"}, {Email: "b@x.com", Name: "B"}}, true, "", func(t *testing.T, got Mapped) {
			if len(got.Attendees) != 2 {
				t.Errorf("attendees %v", got.Attendees)
			}
		}},
		{"bad attendee address", syncenum.Events, required(syncenum.Events), []Attendee{{Email: "nobody"}}, true, "attendees", nil},
		{"too many attendees", syncenum.Events, required(syncenum.Events), make([]Attendee, MaxAttendees+1), true, "attendees", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ig := Map(c.m, Item{Fields: c.fields, Attendees: c.att}, c.create)
			switch {
			case c.ignore == "" && ig != nil:
				t.Fatalf("ignored: %+v", ig)
			case c.ignore != "" && (ig == nil || ig.Field != c.ignore):
				t.Fatalf("ignore = %+v, want field %s", ig, c.ignore)
			}
			if c.check != nil {
				c.check(t, got)
			}
		})
	}
}

// SY-3: a pull sends every mapped field back in the client's names and formats.
func TestToClient_SY3(t *testing.T) {
	due := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	got := ToClient(syncenum.Tasks, map[string]string{"subject": "Gift", "priority": "HIGH", "status": "COMPLETED"},
		map[string]*time.Time{"due_date": &due})
	if got["subject"] != "Gift" || got["dueDate"] != "2026-12-24" || got["priority"] != "HIGH" || got["notes"] != "" {
		t.Errorf("got %v", got)
	}
	m, ig := Map(syncenum.Tasks, Item{Fields: got}, true)
	if ig != nil || m.Text["subject"] != "Gift" || !m.Times["due_date"].Equal(due) {
		t.Errorf("round trip: %+v %+v", m, ig)
	}
}

// SY-5: duplicate keys — contacts by email case-insensitively, else full name; tasks by subject
// + due date; events by subject + start + end.
func TestDuplicateKeys_SY5(t *testing.T) {
	d := now
	if k := ContactKey(" Ann@Example.COM ", "Ann", "Lee"); k.By != "email" || k.Email != "ann@example.com" {
		t.Errorf("email key %+v", k)
	}
	if k := ContactKey("", "Ann", "Lee"); k.By != "name" || k.First != "Ann" || k.Last != "Lee" {
		t.Errorf("name key %+v", k)
	}
	if k := ContactKey("", "", ""); k.Exists {
		t.Errorf("nothing to match by: %+v", k)
	}
	if k := TaskKey("Call", &d); k.By != "subject+due" || k.Text != "Call" || k.Start != &d {
		t.Errorf("task key %+v", k)
	}
	if k := TaskKey("Call", nil); !k.Exists || k.Start != nil {
		t.Errorf("a task without due date matches one without: %+v", k)
	}
	e := d.Add(time.Hour)
	if k := EventKey("Meet", &d, &e); k.By != "subject+start+end" || k.End != &e {
		t.Errorf("event key %+v", k)
	}
	if k := EventKey("Meet", &d, nil); k.Exists {
		t.Errorf("an event without an end matches nothing: %+v", k)
	}
}

// SY-6: attendee resolution order — contact (earliest created), else lead, else user, else the
// bare email.
func TestResolveAttendee_SY6(t *testing.T) {
	early, late := now.Add(-48*time.Hour), now
	cases := []struct {
		name string
		in   Candidates
		want Link
	}{
		{"contact first", Candidates{Contacts: []Candidate{{7, late}}, Leads: []Candidate{{3, early}}, Users: []Candidate{{1, early}}}, Link{"CONTACT", 7}},
		{"two contacts: the earliest created", Candidates{Contacts: []Candidate{{9, late}, {12, early}}}, Link{"CONTACT", 12}},
		{"same time: the lower ID", Candidates{Contacts: []Candidate{{9, late}, {5, late}}}, Link{"CONTACT", 5}},
		{"no contact: a lead", Candidates{Leads: []Candidate{{4, late}, {2, early}}, Users: []Candidate{{1, early}}}, Link{"LEAD", 2}},
		{"no lead: a user", Candidates{Users: []Candidate{{1, early}}}, Link{"USER", 1}},
		{"unknown: the bare email", Candidates{}, Link{Kind: "EMAIL"}},
	}
	for _, c := range cases {
		if got := ResolveAttendee(c.in); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// SY-1: direction decides push and pull; folders, the category filter and automatic mode
// decide which items are in scope; automatic pulls start no earlier than when it was enabled.
func TestSettings_SY1(t *testing.T) {
	for _, c := range []struct {
		dir        syncenum.Direction
		push, pull bool
	}{{syncenum.ClientToCRM, true, false}, {syncenum.CRMToClient, false, true}, {syncenum.Both, true, true}} {
		s := Settings{Enabled: true, Direction: c.dir}
		if s.AcceptsPush() != c.push || s.SendsPull() != c.pull {
			t.Errorf("%s: push %v pull %v", c.dir, s.AcceptsPush(), s.SendsPull())
		}
		s.Enabled = false
		if s.AcceptsPush() || s.SendsPull() {
			t.Errorf("%s disabled still syncs", c.dir)
		}
	}
	s := Settings{Enabled: true, Direction: syncenum.Both, Mode: syncenum.Automatic, Folders: []string{"Contacts", "Work"},
		Category: "Zoho", AutoSince: now, AutoSeq: 40}
	in := Item{Folder: "work", Categories: []string{"zoho"}, Modified: now.Add(time.Minute)}
	for _, c := range []struct {
		name string
		it   func(Item) Item
		auto bool
		want bool
	}{
		{"in scope", func(i Item) Item { return i }, true, true},
		{"other folder", func(i Item) Item { i.Folder = "Private"; return i }, false, false},
		{"no category", func(i Item) Item { i.Categories = nil; return i }, false, false},
		{"other category", func(i Item) Item { i.Categories = []string{"Family"}; return i }, false, false},
		{"older than automatic mode, automatic sync", func(i Item) Item { i.Modified = now.Add(-time.Minute); return i }, true, false},
		{"older than automatic mode, manual sync", func(i Item) Item { i.Modified = now.Add(-time.Minute); return i }, false, true},
	} {
		if got := s.InScope(c.it(in), c.auto); got != c.want {
			t.Errorf("%s: in scope %v, want %v", c.name, got, c.want)
		}
	}
	if from, err := s.PullFrom(10, true); err != nil || from != 40 {
		t.Errorf("automatic pull from %d %v, want 40", from, err)
	}
	if from, err := s.PullFrom(50, true); err != nil || from != 50 {
		t.Errorf("automatic pull from %d %v, want 50", from, err)
	}
	if from, err := s.PullFrom(10, false); err != nil || from != 10 {
		t.Errorf("manual pull from %d %v, want 10 (older changes need one manual sync)", from, err)
	}
	s.Mode = syncenum.Manual
	if _, err := s.PullFrom(10, true); err != ErrNotAutomatic {
		t.Errorf("automatic sync of a manual module: %v", err)
	}
}

// SY-8: no access → PERMISSION_DENIED, read-only sharing → READ_ONLY even for a profile that may
// edit; creates need the module's create permission.
func TestPermit_SY8(t *testing.T) {
	for _, c := range []struct {
		name      string
		exists    bool
		access    Access
		canCreate bool
		want      syncenum.ItemState
		ok        bool
	}{
		{"create allowed", false, NoAccess, true, syncenum.Synced, true},
		{"create refused", false, NoAccess, false, syncenum.PermissionDenied, false},
		{"write", true, WriteAccess, true, syncenum.Synced, true},
		{"shared read-only", true, ReadAccess, true, syncenum.ReadOnly, false},
		{"not visible", true, NoAccess, true, syncenum.PermissionDenied, false},
	} {
		for _, op := range []syncenum.Op{syncenum.Update, syncenum.Delete} {
			st, ok := Permit(op, c.exists, c.access, c.canCreate)
			if st != c.want || ok != c.ok {
				t.Errorf("%s %s: %s %v, want %s %v", c.name, op, st, ok, c.want, c.ok)
			}
		}
	}
}

// SY-9: both sides changed since the last sync in BOTH → the newer wins, a conflict is
// reported; otherwise no conflict.
func TestResolve_SY9(t *testing.T) {
	synced := now.Add(-time.Hour)
	base := Versions{Direction: syncenum.Both, Linked: true, ClientSynced: synced, CRMSyncedSeq: 10}
	for _, c := range []struct {
		name     string
		v        func(Versions) Versions
		want     Outcome
		conflict bool
	}{
		{"new item", func(v Versions) Versions { v.Linked = false; v.ClientModified = now; return v }, ApplyClient, false},
		{"same version again", func(v Versions) Versions { v.ClientModified = synced; v.CRMSeq = 10; return v }, Unchanged, false},
		{"only the client changed", func(v Versions) Versions { v.ClientModified = now; v.CRMSeq = 10; return v }, ApplyClient, false},
		{"both, client newer", func(v Versions) Versions {
			v.ClientModified = now
			v.CRMSeq, v.CRMModified = 11, now.Add(-time.Minute)
			return v
		}, ApplyClient, true},
		{"both, CRM newer", func(v Versions) Versions {
			v.ClientModified = now.Add(-time.Minute)
			v.CRMSeq, v.CRMModified = 11, now
			return v
		}, KeepCRM, true},
		{"both, same time: the CRM's", func(v Versions) Versions {
			v.ClientModified = now
			v.CRMSeq, v.CRMModified = 11, now
			return v
		}, KeepCRM, true},
		{"both changed, CLIENT_TO_CRM: the client is master", func(v Versions) Versions {
			v.Direction = syncenum.ClientToCRM
			v.ClientModified = now.Add(-time.Minute)
			v.CRMSeq, v.CRMModified = 11, now
			return v
		}, ApplyClient, false},
	} {
		o, conflict := Resolve(c.v(base))
		if o != c.want || conflict != c.conflict {
			t.Errorf("%s: %v conflict=%v, want %v conflict=%v", c.name, o, conflict, c.want, c.conflict)
		}
	}
}

// Issue 11 item 5: delete after two consecutive misses of a full listing.
func TestMisses_FullListing(t *testing.T) {
	n, st, rm := Misses(0, false)
	if n != 1 || st != syncenum.PendingDelete || rm {
		t.Fatalf("first miss: %d %s %v", n, st, rm)
	}
	n, st, rm = Misses(n, true)
	if n != 0 || st != syncenum.Synced || rm {
		t.Fatalf("seen again resets: %d %s %v", n, st, rm)
	}
	n, _, _ = Misses(n, false)
	n, st, rm = Misses(n, false)
	if n != 2 || st != syncenum.PendingDelete || !rm {
		t.Fatalf("second consecutive miss deletes: %d %s %v", n, st, rm)
	}
}

// Issue 11 item 1: sync tokens are opaque, bound to their org, tamper-evident; an old one
// past the kept history expires (RESYNC_REQUIRED).
func TestToken_SY2(t *testing.T) {
	key := []byte("k")
	tok := EncodeToken(key, 7, 12345)
	if s, err := DecodeToken(key, 7, tok); err != nil || s != 12345 {
		t.Fatalf("round trip: %d %v", s, err)
	}
	if s, err := DecodeToken(key, 7, ""); err != nil || s != 0 {
		t.Errorf("empty token is the start: %d %v", s, err)
	}
	bad := []string{
		EncodeToken(key, 8, 12345),             // another org's
		EncodeToken([]byte("other"), 7, 1),     // another key
		tok[:len(tok)-2] + "AA",                // altered
		"s1.!!!", "x", strings.Repeat("s", 65), // garbage
	}
	for _, b := range bad {
		if _, err := DecodeToken(key, 7, b); err != ErrBadToken {
			t.Errorf("%q: %v, want ErrBadToken", b, err)
		}
	}
	if !Expired(5, 6) || Expired(6, 6) || Expired(7, 6) {
		t.Error("a token before the pruned position expires; at or after it is good")
	}
	if got := PruneBefore(now, 90*24*time.Hour); !got.Equal(now.AddDate(0, 0, -90)) {
		t.Errorf("prune before %v", got)
	}
}
