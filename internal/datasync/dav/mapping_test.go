package dav

import (
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// Issue 12 item 2 (SY-3): vCard 3.0 and 4.0 → client fields; every mapped field present (a PUT
// is the whole item: absent clears); a card with only FN keeps its name as the last name.
func TestCardFieldsSY3(t *testing.T) {
	for _, tc := range []struct {
		name, card string
		want       map[string]string
	}{
		{"3.0 full", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL;TYPE=work:ann@x.test\r\nTITLE:CTO\r\nORG:Acme;R&D\r\n" +
			"TEL;TYPE=work,voice:+1 1\r\nTEL;TYPE=cell:+1 2\r\nTEL;TYPE=home:+1 3\r\nTEL;TYPE=fax:+1 4\r\nTEL:+1 5\r\n" +
			"ADR;TYPE=work:;;1 Main St;Springfield;IL;62701;USA\r\nADR;TYPE=home:;;2 Elm;Shelby;;;\r\nNOTE:hi\r\nBDAY:19800102\r\nEND:VCARD\r\n",
			map[string]string{"firstName": "Ann", "lastName": "Lee", "email1": "ann@x.test", "jobTitle": "CTO", "company": "Acme",
				"department": "R&D", "businessPhone": "+1 1", "mobile": "+1 2", "homePhone": "+1 3", "fax": "+1 4", "otherPhone": "+1 5",
				"businessStreet": "1 Main St", "businessCity": "Springfield", "businessState": "IL", "businessZip": "62701",
				"businessCountry": "USA", "otherStreet": "2 Elm", "otherCity": "Shelby", "notes": "hi", "birthday": "1980-01-02"}},
		{"4.0 FN only", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Prince\r\nBDAY:1958-06-07\r\nEND:VCARD\r\n",
			map[string]string{"lastName": "Prince", "birthday": "1958-06-07", "email1": "", "company": ""}},
	} {
		c, err := decodeCard([]byte(tc.card))
		if err != nil {
			t.Fatal(err)
		}
		got := cardFields(c)
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", tc.name, k, got[k], v)
			}
		}
		for _, f := range datasync.Mappings[syncenum.Contacts] {
			if _, ok := got[f.Client]; !ok && f.Client != "assistant" && f.Client != "assistantPhone" && f.Client != "manager" {
				t.Errorf("%s: %s missing (a PUT is the whole item)", tc.name, f.Client)
			}
		}
	}
}

// Issue 12 item 2: the CRM's values written onto the client's own card change only what
// differs; unmapped properties, the UID and the TEL types come back unchanged.
func TestApplyCardKeepsUnmapped(t *testing.T) {
	raw := "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u1\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nTEL;TYPE=cell:+1 2\r\nX-PET:cat\r\nEMAIL:a@x.test\r\nEMAIL:second@x.test\r\nEND:VCARD\r\n"
	c, _ := decodeCard([]byte(raw))
	f := cardFields(c)
	f["jobTitle"], f["mobile"] = "CEO", "+1 9"
	applyCard(c, f, []string{"Zoho"})
	out, err := encodeCard(c)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"UID:u1", "X-PET:cat", "TITLE:CEO", "TEL;TYPE=cell:+1 9", "EMAIL:second@x.test", "CATEGORIES:Zoho", "VERSION:4.0"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
}

// Issue 12 item 2 (SY-3): VTODO PRIORITY and STATUS ↔ the CRM's values, both ways.
func TestTaskPriorityAndStatus(t *testing.T) {
	for ical, want := range map[string]string{"0": "normal", "1": "highest", "3": "high", "5": "normal", "7": "low", "9": "lowest", "x": "normal"} {
		if got := priorityOf(ical); got != want {
			t.Errorf("PRIORITY %s → %s, want %s", ical, got, want)
		}
	}
	for crm, ical := range icalPriority {
		if got := strings.ToUpper(priorityOf(ical)); got != crm {
			t.Errorf("round trip of %s: %s", crm, got)
		}
	}
	for ical, want := range todoStatus {
		if back := icalStatus[strings.ToUpper(want)]; back != ical {
			t.Errorf("STATUS %s → %s → %s", ical, want, back)
		}
	}
}

// Issue 12 item 2 (SY-3, SY-6): VEVENT → start/end in UTC (DURATION and all-day dates
// included), attendees from mailto: with CN; the CRM's values written back keep TZID and
// unmapped properties when the time did not change.
func TestEventFieldsAndAttendees(t *testing.T) {
	raw := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:e1\r\nDTSTAMP:20261201T000000Z\r\n" +
		"DTSTART;TZID=Europe/Paris:20261210T100000\r\nDURATION:PT90M\r\nSUMMARY:Plan\r\nX-ZOOM:link\r\n" +
		"ATTENDEE;CN=Ann Lee:mailto:ann@x.test\r\nATTENDEE:urn:uuid:room-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	cal, err := decodeCalendar([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	ev := comp(cal, "VEVENT")
	f, atts := eventFields(ev)
	if f["start"] != "2026-12-10T09:00:00Z" || f["end"] != "2026-12-10T10:30:00Z" {
		t.Errorf("times in UTC: %v", f)
	}
	if len(atts) != 1 || atts[0].Email != "ann@x.test" || atts[0].Name != "Ann Lee" {
		t.Errorf("attendees: %+v", atts)
	}
	f["subject"] = "Plan B"
	applyEvent(ev, f, atts, nil)
	out, _ := encodeCalendar(cal)
	for _, want := range []string{"SUMMARY:Plan B", "TZID=Europe/Paris", "X-ZOOM:link", "urn:uuid:room-1", "DURATION:PT90M"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	day := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:e2\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20261224\r\nSUMMARY:Off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	cal, _ = decodeCalendar([]byte(day))
	f, _ = eventFields(comp(cal, "VEVENT"))
	if f["end"] != time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC).Format(time.RFC3339) {
		t.Errorf("an all-day event lasts the day: %v", f)
	}
}
