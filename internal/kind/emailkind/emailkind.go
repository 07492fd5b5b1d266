// Package emailkind holds the vocabulary of emails to records (SPEC EM) shared by the ent
// schema, the pure rules (internal/emails), GraphQL and the SPA codegen. Standard library only.
package emailkind

import (
	"fmt"
	"io"
	"strconv"
)

// Match says which modules the addresses of an email are matched against (EM-1).
type Match string

const (
	MatchLeads    Match = "LEADS"
	MatchContacts Match = "CONTACTS"
	MatchBoth     Match = "BOTH"
)

// Matches lists every Match.
var Matches = []Match{MatchLeads, MatchContacts, MatchBoth}

func (Match) Values() []string { return strs(Matches) }

// Leads reports whether leads are matched.
func (m Match) Leads() bool { return m == MatchLeads || m == MatchBoth }

// Contacts reports whether contacts are matched.
func (m Match) Contacts() bool { return m == MatchContacts || m == MatchBoth }

// Create is the kind of record created for an address that matches nothing (EM-5).
type Create string

const (
	CreateLead    Create = "LEAD"
	CreateContact Create = "CONTACT"
)

// Creates lists every Create.
var Creates = []Create{CreateLead, CreateContact}

func (Create) Values() []string { return strs(Creates) }

// Module is a module an email can be added to by search (EM-2).
type Module string

const (
	Leads    Module = "LEADS"
	Contacts Module = "CONTACTS"
	Deals    Module = "DEALS"
)

// Modules lists every Module.
var Modules = []Module{Leads, Contacts, Deals}

func (Module) Values() []string { return strs(Modules) }

func (m Match) MarshalGQL(w io.Writer)     { _, _ = io.WriteString(w, strconv.Quote(string(m))) }
func (m *Match) UnmarshalGQL(v any) error  { return unmarshal(m, v, Matches) }
func (c Create) MarshalGQL(w io.Writer)    { _, _ = io.WriteString(w, strconv.Quote(string(c))) }
func (c *Create) UnmarshalGQL(v any) error { return unmarshal(c, v, Creates) }
func (m Module) MarshalGQL(w io.Writer)    { _, _ = io.WriteString(w, strconv.Quote(string(m))) }
func (m *Module) UnmarshalGQL(v any) error { return unmarshal(m, v, Modules) }

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func unmarshal[T ~string](dst *T, v any, all []T) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	for _, x := range all {
		if string(x) == s {
			*dst = x
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %v", s, all)
}
