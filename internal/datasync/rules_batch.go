package datasync

import (
	"github.com/crmadmin/crmadmin/internal/kind/emailfold"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// Probes (issue 11, a batch applied in bulk): a batch's one duplicate lookup (SY-5) asks the
// CRM, for every item that would create a record, whether anything sits under the item's
// probe: a coarser key than the match itself (a contact's email lower-cased, else its last
// name; a task's or an event's subject). An item whose probe finds nothing, and shares it with
// no record created earlier in the batch, surely matches nothing: it is created without a
// lookup of its own. Any other item is matched one by one, as always. A probe may only ever
// find more than the match, never less.

// Probe is the key's probe; "" when the key matches nothing (always create).
func (k Key) Probe() string {
	switch {
	case !k.Exists:
		return ""
	case k.By == "email":
		return ProbeEmail(k.Email)
	case k.By == "name":
		return ProbeLastName(k.Last)
	}
	return ProbeSubject(k.Text)
}

// ProbeEmail is the probe of a contact found by its email (ASCII letters in any case, as
// SY-5 matches on both databases).
func ProbeEmail(email string) string { return "email\x00" + emailfold.ASCIILower(email) }

// ProbeLastName is the probe of a contact without an email found by its last name.
func ProbeLastName(last string) string { return "last\x00" + last }

// ProbeSubject is the probe of a task or an event found by its subject.
func ProbeSubject(subject string) string { return "subject\x00" + subject }

// KeyOf is the SY-5 key of mapped values of module m.
func KeyOf(module syncenum.Module, m Mapped) Key {
	switch module {
	case syncenum.Contacts:
		return ContactKey(m.Text["email"], m.Text["first_name"], m.Text["last_name"])
	case syncenum.Tasks:
		return TaskKey(m.Text["subject"], m.Times["due_date"])
	}
	return EventKey(m.Text["subject"], m.Times["start_at"], m.Times["end_at"])
}
