package dav

// vCard 3.0/4.0 and iCalendar ↔ the sync engine's client fields (SY-3 names, see
// datasync.Mappings). Reading fills every mapped field (absent → "": a PUT is the whole item);
// writing starts from the item's raw payload (the last version the client sent) and changes
// only the properties whose value differs from the CRM's, so that every property the CRM does
// not map (and the spelling of those it does: TZID, all-day dates, TEL types) comes back
// unchanged.

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-vcard"

	"github.com/crmadmin/crmadmin/internal/datasync"
)

// ---- vCard ----

func hasType(f *vcard.Field, t string) bool {
	for _, v := range f.Params[vcard.ParamType] {
		for _, p := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), t) {
				return true
			}
		}
	}
	return false
}

// telSlot picks the TEL field a phone field maps to.
func telSlot(c vcard.Card, slot string) *vcard.Field {
	for _, f := range c[vcard.FieldTelephone] {
		fax, cell, work, home := hasType(f, "fax"), hasType(f, "cell"), hasType(f, "work"), hasType(f, "home")
		switch slot {
		case "fax":
			if fax {
				return f
			}
		case "mobile":
			if cell && !fax {
				return f
			}
		case "businessPhone":
			if work && !fax && !cell {
				return f
			}
		case "homePhone":
			if home && !fax && !cell && !work {
				return f
			}
		case "otherPhone":
			if !fax && !cell && !work && !home {
				return f
			}
		}
	}
	return nil
}

var telTypes = map[string][]string{"fax": {"fax"}, "mobile": {"cell"}, "businessPhone": {"work", "voice"},
	"homePhone": {"home", "voice"}, "otherPhone": {"voice"}}

func adrSlot(c vcard.Card, business bool) *vcard.Field {
	for _, f := range c[vcard.FieldAddress] {
		if hasType(f, "work") == business {
			return f
		}
	}
	return nil
}

func part(v string, i int) string {
	p := strings.Split(v, ";")
	if i < len(p) {
		return p[i]
	}
	return ""
}

func setPart(v string, i, n int, s string) string {
	p := strings.Split(v, ";")
	for len(p) < n {
		p = append(p, "")
	}
	p[i] = s
	return strings.Join(p, ";")
}

var adrParts = []struct {
	suffix string
	index  int
}{{"Street", 2}, {"City", 3}, {"State", 4}, {"Zip", 5}, {"Country", 6}}

func bday(v string) string {
	v = strings.TrimSpace(v)
	if len(v) == 8 && !strings.Contains(v, "-") {
		if _, err := strconv.Atoi(v); err == nil {
			return v[:4] + "-" + v[4:6] + "-" + v[6:]
		}
	}
	if len(v) > 10 && v[4] == '-' {
		return v[:10]
	}
	return v
}

// cardFields reads the mapped client fields of a vCard.
func cardFields(c vcard.Card) map[string]string {
	out := map[string]string{}
	n := c.Value(vcard.FieldName)
	out["lastName"], out["firstName"] = part(n, 0), part(n, 1)
	if out["lastName"] == "" && out["firstName"] == "" { // a card with only FN
		out["lastName"] = strings.TrimSpace(c.Value(vcard.FieldFormattedName))
	}
	out["email1"] = c.Value(vcard.FieldEmail)
	out["jobTitle"] = c.Value(vcard.FieldTitle)
	org := c.Value(vcard.FieldOrganization)
	out["company"], out["department"] = part(org, 0), part(org, 1)
	for slot := range telTypes {
		out[slot] = ""
		if f := telSlot(c, slot); f != nil {
			out[slot] = strings.TrimPrefix(f.Value, "tel:")
		}
	}
	for _, b := range []bool{true, false} {
		prefix, f := "other", adrSlot(c, b)
		if b {
			prefix = "business"
		}
		for _, p := range adrParts {
			out[prefix+p.suffix] = ""
			if f != nil {
				out[prefix+p.suffix] = part(f.Value, p.index)
			}
		}
	}
	out["notes"] = c.Value(vcard.FieldNote)
	out["birthday"] = bday(c.Value(vcard.FieldBirthday))
	return out
}

func removeField(c vcard.Card, k string, f *vcard.Field) {
	list := c[k]
	for i, x := range list {
		if x == f {
			c[k] = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(c[k]) == 0 {
		delete(c, k)
	}
}

// setSimple sets the first k field's value, adds one, or removes it when v is empty.
func setSimple(c vcard.Card, k, v string) {
	f := c.Get(k)
	switch {
	case f == nil && v != "":
		c.Add(k, &vcard.Field{Value: v, Params: vcard.Params{}})
	case f != nil && v == "":
		removeField(c, k, f)
	case f != nil:
		f.Value = v
	}
}

// applyCard writes CRM values (client field names) onto a card, changing only what differs.
func applyCard(c vcard.Card, fields map[string]string, categories []string) {
	have := cardFields(c)
	diff := func(k string) bool { return have[k] != fields[k] }
	if diff("lastName") || diff("firstName") || c.Get(vcard.FieldName) == nil {
		n := c.Value(vcard.FieldName)
		n = setPart(setPart(n, 0, 5, fields["lastName"]), 1, 5, fields["firstName"])
		setSimple(c, vcard.FieldName, n)
		setSimple(c, vcard.FieldFormattedName, strings.TrimSpace(fields["firstName"]+" "+fields["lastName"]))
	}
	if c.Get(vcard.FieldFormattedName) == nil {
		setSimple(c, vcard.FieldFormattedName, strings.TrimSpace(fields["firstName"]+" "+fields["lastName"]))
	}
	for k, prop := range map[string]string{"email1": vcard.FieldEmail, "jobTitle": vcard.FieldTitle,
		"notes": vcard.FieldNote, "birthday": vcard.FieldBirthday} {
		if diff(k) {
			setSimple(c, prop, fields[k])
		}
	}
	if diff("company") || diff("department") {
		org := c.Value(vcard.FieldOrganization)
		org = setPart(setPart(org, 0, 1, fields["company"]), 1, 2, fields["department"])
		org = strings.TrimRight(org, ";")
		setSimple(c, vcard.FieldOrganization, org)
	}
	for slot, types := range telTypes {
		if !diff(slot) {
			continue
		}
		f, v := telSlot(c, slot), fields[slot]
		switch {
		case f == nil && v != "":
			c.Add(vcard.FieldTelephone, &vcard.Field{Value: v, Params: vcard.Params{vcard.ParamType: types}})
		case f != nil && v == "":
			removeField(c, vcard.FieldTelephone, f)
		case f != nil:
			f.Value = v
		}
	}
	for _, b := range []bool{true, false} {
		prefix, typ := "other", "home"
		if b {
			prefix, typ = "business", "work"
		}
		changed, empty := false, true
		for _, p := range adrParts {
			changed = changed || diff(prefix+p.suffix)
			empty = empty && fields[prefix+p.suffix] == ""
		}
		if !changed {
			continue
		}
		f := adrSlot(c, b)
		if empty {
			if f != nil {
				removeField(c, vcard.FieldAddress, f)
			}
			continue
		}
		if f == nil {
			f = &vcard.Field{Value: ";;;;;;", Params: vcard.Params{vcard.ParamType: {typ}}}
			c.Add(vcard.FieldAddress, f)
		}
		for _, p := range adrParts {
			f.Value = setPart(f.Value, p.index, 7, fields[prefix+p.suffix])
		}
	}
	if have := nonEmpty(c.Categories()); len(categories) > 0 && !containsFold(have, categories[0]) {
		c.SetCategories(append(have, categories[0]))
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// newCard is a CRM record's card when the client has none yet.
func newCard(uid string) vcard.Card {
	c := vcard.Card{}
	c.SetValue(vcard.FieldVersion, "3.0")
	c.SetValue(vcard.FieldUID, uid)
	return c
}

func encodeCard(c vcard.Card) ([]byte, error) {
	var b bytes.Buffer
	err := vcard.NewEncoder(&b).Encode(c)
	return b.Bytes(), err
}

func decodeCard(b []byte) (vcard.Card, error) { return vcard.NewDecoder(bytes.NewReader(b)).Decode() }

// ---- iCalendar ----

const prodID = "-//crmadmin//CRM sync//EN"

// comp returns the calendar's first component of kind (VEVENT or VTODO).
func comp(cal *ical.Calendar, kind string) *ical.Component {
	if cal == nil || cal.Component == nil {
		return nil
	}
	for _, ch := range cal.Children {
		if ch.Name == kind {
			return ch
		}
	}
	return nil
}

func text(c *ical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	if v, err := p.Text(); err == nil {
		return v
	}
	return p.Value // an INTEGER (PRIORITY) or another non-text value
}

func utcTime(c *ical.Component, name string) (time.Time, bool) {
	p := c.Props.Get(name)
	if p == nil {
		return time.Time{}, false
	}
	t, err := p.DateTime(time.UTC)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func isDate(c *ical.Component, name string) bool {
	p := c.Props.Get(name)
	return p != nil && (p.ValueType() == ical.ValueDate || len(p.Value) == 8)
}

// eventFields reads a VEVENT's mapped fields and attendees.
func eventFields(c *ical.Component) (map[string]string, []datasync.Attendee) {
	out := map[string]string{"subject": text(c, ical.PropSummary), "location": text(c, ical.PropLocation),
		"notes": text(c, ical.PropDescription), "start": "", "end": ""}
	start, ok := utcTime(c, ical.PropDateTimeStart)
	if ok {
		out["start"] = start.UTC().Format(time.RFC3339)
		end, ok := utcTime(c, ical.PropDateTimeEnd)
		if !ok {
			end = start
			if dp := c.Props.Get(ical.PropDuration); dp != nil {
				if d, err := dp.Duration(); err == nil {
					end = start.Add(d)
				}
			} else if isDate(c, ical.PropDateTimeStart) {
				end = start.AddDate(0, 0, 1)
			}
		}
		out["end"] = end.UTC().Format(time.RFC3339)
	}
	atts := []datasync.Attendee{}
	for _, p := range c.Props.Values(ical.PropAttendee) {
		v := p.Value
		if i := strings.Index(strings.ToLower(v), "mailto:"); i >= 0 {
			v = v[i+len("mailto:"):]
		} else {
			continue // not an email address: kept in the raw payload only
		}
		atts = append(atts, datasync.Attendee{Email: strings.TrimSpace(v), Name: p.Params.Get(ical.ParamCommonName)})
	}
	return out, atts
}

// ical priority 1–9 (1 highest, 0 undefined) ↔ the CRM's five.
func priorityOf(v string) string {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil || n == 0 || n == 5:
		return "normal"
	case n == 1:
		return "highest"
	case n < 5:
		return "high"
	case n < 9:
		return "low"
	}
	return "lowest"
}

var icalPriority = map[string]string{"HIGHEST": "1", "HIGH": "3", "NORMAL": "5", "LOW": "7", "LOWEST": "9"}

var todoStatus = map[string]string{"NEEDS-ACTION": "not_started", "IN-PROCESS": "in_progress", "COMPLETED": "completed",
	"CANCELLED": "deferred"}
var icalStatus = map[string]string{"NOT_STARTED": "NEEDS-ACTION", "IN_PROGRESS": "IN-PROCESS", "COMPLETED": "COMPLETED",
	"DEFERRED": "CANCELLED", "WAITING": "NEEDS-ACTION"}

// taskFields reads a VTODO's mapped fields (DTSTART is not mapped: SY-3).
func taskFields(c *ical.Component) map[string]string {
	out := map[string]string{"subject": text(c, ical.PropSummary), "notes": text(c, ical.PropDescription),
		"dueDate": "", "priority": priorityOf(text(c, ical.PropPriority)), "status": "not_started"}
	if p := c.Props.Get(ical.PropDue); p != nil {
		if t, err := p.DateTime(time.UTC); err == nil {
			out["dueDate"] = t.Format(time.DateOnly)
		}
	}
	if s, ok := todoStatus[strings.ToUpper(text(c, ical.PropStatus))]; ok {
		out["status"] = s
	}
	return out
}

func setText(c *ical.Component, name, v string) {
	if v == "" {
		c.Props.Del(name)
		return
	}
	c.Props.SetText(name, v)
}

func setUTC(c *ical.Component, name, v string) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		c.Props.Del(name)
		return
	}
	p := ical.NewProp(name)
	p.SetDateTime(t.UTC())
	c.Props.Set(p)
}

// applyEvent writes CRM values onto a VEVENT, changing only what differs.
func applyEvent(c *ical.Component, fields map[string]string, atts []datasync.Attendee, categories []string) {
	have, haveAtt := eventFields(c)
	for k, prop := range map[string]string{"subject": ical.PropSummary, "location": ical.PropLocation, "notes": ical.PropDescription} {
		if have[k] != fields[k] {
			setText(c, prop, fields[k])
		}
	}
	if have["start"] != fields["start"] {
		setUTC(c, ical.PropDateTimeStart, fields["start"])
	}
	if have["end"] != fields["end"] {
		c.Props.Del(ical.PropDuration)
		setUTC(c, ical.PropDateTimeEnd, fields["end"])
	}
	if !sameAttendees(have, haveAtt, atts) {
		var keep []ical.Prop
		for _, p := range c.Props.Values(ical.PropAttendee) {
			if !strings.Contains(strings.ToLower(p.Value), "mailto:") {
				keep = append(keep, p)
			}
		}
		old := map[string]ical.Prop{}
		for _, p := range c.Props.Values(ical.PropAttendee) {
			old[strings.ToLower(strings.TrimPrefix(strings.ToLower(p.Value), "mailto:"))] = p
		}
		for _, a := range atts {
			p, ok := old[strings.ToLower(a.Email)]
			if !ok {
				p = *ical.NewProp(ical.PropAttendee)
				p.Value = "mailto:" + a.Email
			}
			if a.Name != "" {
				p.Params.Set(ical.ParamCommonName, a.Name)
			}
			keep = append(keep, p)
		}
		c.Props[ical.PropAttendee] = keep
		if len(keep) == 0 {
			delete(c.Props, ical.PropAttendee)
		}
	}
	addCategory(c, categories)
}

func sameAttendees(_ map[string]string, a, b []datasync.Attendee) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i].Email, b[i].Email) || (b[i].Name != "" && a[i].Name != b[i].Name) {
			return false
		}
	}
	return true
}

func addCategory(c *ical.Component, categories []string) {
	if len(categories) == 0 {
		return
	}
	var have []string
	for _, p := range c.Props.Values(ical.PropCategories) {
		l, _ := p.TextList()
		have = append(have, l...)
	}
	if !containsFold(have, categories[0]) {
		p := ical.NewProp(ical.PropCategories)
		p.SetTextList(append(have, categories[0]))
		c.Props.Set(p)
	}
}

func categoriesOf(c *ical.Component) []string {
	var out []string
	for _, p := range c.Props.Values(ical.PropCategories) {
		l, _ := p.TextList()
		out = append(out, l...)
	}
	return out
}

// applyTask writes CRM values onto a VTODO, changing only what differs.
func applyTask(c *ical.Component, fields map[string]string, categories []string) {
	have := taskFields(c)
	for k, prop := range map[string]string{"subject": ical.PropSummary, "notes": ical.PropDescription} {
		if have[k] != fields[k] {
			setText(c, prop, fields[k])
		}
	}
	if have["dueDate"] != fields["dueDate"] {
		if t, err := time.Parse(time.DateOnly, fields["dueDate"]); err == nil {
			p := ical.NewProp(ical.PropDue)
			p.SetDate(t)
			c.Props.Set(p)
		} else {
			c.Props.Del(ical.PropDue)
		}
	}
	if !strings.EqualFold(have["priority"], fields["priority"]) && fields["priority"] != "" {
		p := ical.NewProp(ical.PropPriority)
		p.Value = icalPriority[strings.ToUpper(fields["priority"])]
		c.Props.Set(p)
	}
	if !strings.EqualFold(have["status"], fields["status"]) && fields["status"] != "" {
		if s, ok := icalStatus[strings.ToUpper(fields["status"])]; ok {
			c.Props.SetText(ical.PropStatus, s)
		}
	}
	addCategory(c, categories)
}

// newCalendar is a CRM record's calendar object when the client has none yet.
func newCalendar(kind, uid string, now time.Time) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, prodID)
	c := ical.NewComponent(kind)
	c.Props.SetText(ical.PropUID, uid)
	c.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	cal.Children = append(cal.Children, c)
	return cal
}

func encodeCalendar(cal *ical.Calendar) ([]byte, error) {
	var b bytes.Buffer
	err := ical.NewEncoder(&b).Encode(cal)
	return b.Bytes(), err
}

func decodeCalendar(b []byte) (*ical.Calendar, error) {
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return cal, nil
}
