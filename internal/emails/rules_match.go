package emails

import (
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// MatchAddresses are the addresses EM-1 matches records by: the sender of a received email, the
// recipients (To, then Cc) of a sent one; folded (FoldAddress), each once, in order, without
// the user's own addresses (own, folded or not: a copy to oneself is no customer).
func MatchAddresses(m mailmsg.Message, own ...string) []string {
	var in []mailmsg.Address
	if m.Direction == mailmsg.Outgoing {
		in = append(append(in, m.To...), m.Cc...)
	} else {
		in = []mailmsg.Address{m.From}
	}
	skip := map[string]bool{"": true}
	for _, o := range own {
		skip[FoldAddress(o)] = true
	}
	var out []string
	for _, a := range in {
		f := FoldAddress(a.Address)
		if !skip[f] {
			skip[f] = true
			out = append(out, f)
		}
	}
	return out
}

// Scope says which modules an email is matched against.
type Scope struct{ Leads, Contacts bool }

// MatchScope is EM-1 and EM-3: an email added by the user ("add email", a mail received in the
// dropbox) is matched against the modules of their settings; sent mail added automatically or
// by "send and add" goes to the matching contacts only (EM-3).
func MatchScope(s Settings, automaticSent bool) Scope {
	if automaticSent {
		return Scope{Contacts: true}
	}
	return Scope{Leads: s.MatchWith.Leads(), Contacts: s.MatchWith.Contacts()}
}

// DropboxPlan is what a message arriving in the user's dropbox does (EM-1, EM-3): a received
// one is added per the settings; a sent one (the user BCC'd their dropbox) is added to the
// matching contacts when sent mail is added automatically, and not added otherwise (add=false).
func DropboxPlan(s Settings, d mailmsg.Direction) (scope Scope, add bool) {
	if d == mailmsg.Outgoing {
		return MatchScope(s, true), s.AddSentAutomatically
	}
	return MatchScope(s, false), true
}

// DisplayName is the name written with address in m (the sender's or a recipient's), "" when
// none.
func DisplayName(m mailmsg.Message, address string) string {
	f := FoldAddress(address)
	for _, list := range [][]mailmsg.Address{{m.From}, m.To, m.Cc} {
		for _, a := range list {
			if FoldAddress(a.Address) == f && a.Name != "" {
				return a.Name
			}
		}
	}
	return ""
}

// Unmatched are the addresses of want that no record of the module matched (EM-5 creates a
// record for each); found holds the folded addresses of the records that matched.
func Unmatched(want []string, found map[string]bool) []string {
	var out []string
	for _, a := range want {
		if !found[FoldAddress(a)] {
			out = append(out, a)
		}
	}
	return out
}

// CreateScope adds the module a missing record is created in to the scope matched, so that the
// record created is also the one linked (EM-5).
func CreateScope(s Scope, c emailkind.Create) Scope {
	switch c {
	case emailkind.CreateLead:
		s.Leads = true
	case emailkind.CreateContact:
		s.Contacts = true
	}
	return s
}
