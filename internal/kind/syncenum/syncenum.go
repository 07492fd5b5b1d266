// Package syncenum holds the mail-client sync's enums (SPEC SY), shared by the ent schema, the
// pure rules (internal/datasync), GraphQL and the SPA codegen. Standard library only.
package syncenum

import (
	"fmt"
	"io"
	"strconv"
)

// Module is a synced CRM module (SY-1).
type Module string

const (
	Contacts Module = "CONTACTS"
	Tasks    Module = "TASKS"
	Events   Module = "EVENTS"
)

// Modules lists every synced module.
var Modules = []Module{Contacts, Tasks, Events}

func (Module) Values() []string { return strs(Modules) }

// Direction says which way a module syncs (SY-1).
type Direction string

const (
	ClientToCRM Direction = "CLIENT_TO_CRM"
	CRMToClient Direction = "CRM_TO_CLIENT"
	Both        Direction = "BOTH"
)

var Directions = []Direction{ClientToCRM, CRMToClient, Both}

func (Direction) Values() []string { return strs(Directions) }

// Mode is MANUAL (the user starts each sync) or AUTOMATIC (SY-1).
type Mode string

const (
	Manual    Mode = "MANUAL"
	Automatic Mode = "AUTOMATIC"
)

var Modes = []Mode{Manual, Automatic}

func (Mode) Values() []string { return strs(Modes) }

// Op is what a change does to an item or record.
type Op string

const (
	Create Op = "CREATE"
	Update Op = "UPDATE"
	Delete Op = "DELETE"
)

var Ops = []Op{Create, Update, Delete}

func (Op) Values() []string { return strs(Ops) }

// ItemState is the state of an item link (issue 11 item 3).
type ItemState string

const (
	Synced           ItemState = "SYNCED"
	Ignored          ItemState = "IGNORED"
	Conflicted       ItemState = "CONFLICT"
	PermissionDenied ItemState = "PERMISSION_DENIED"
	ReadOnly         ItemState = "READ_ONLY"
	PendingDelete    ItemState = "PENDING_DELETE"
)

var ItemStates = []ItemState{Synced, Ignored, Conflicted, PermissionDenied, ReadOnly, PendingDelete}

func (ItemState) Values() []string { return strs(ItemStates) }

// RunState is where a sync run is.
type RunState string

const (
	RunQueued RunState = "QUEUED"
	RunDone   RunState = "DONE"
	RunFailed RunState = "FAILED"
)

var RunStates = []RunState{RunQueued, RunDone, RunFailed}

func (RunState) Values() []string { return strs(RunStates) }

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
		return fmt.Errorf("enum must be a string, got %T", v)
	}
	for _, x := range all {
		if string(x) == s {
			*dst = x
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %v", s, all)
}

func (m Module) MarshalGQL(w io.Writer)       { io.WriteString(w, strconv.Quote(string(m))) }
func (m *Module) UnmarshalGQL(v any) error    { return unmarshal(m, v, Modules) }
func (d Direction) MarshalGQL(w io.Writer)    { io.WriteString(w, strconv.Quote(string(d))) }
func (d *Direction) UnmarshalGQL(v any) error { return unmarshal(d, v, Directions) }
func (m Mode) MarshalGQL(w io.Writer)         { io.WriteString(w, strconv.Quote(string(m))) }
func (m *Mode) UnmarshalGQL(v any) error      { return unmarshal(m, v, Modes) }
func (o Op) MarshalGQL(w io.Writer)           { io.WriteString(w, strconv.Quote(string(o))) }
func (o *Op) UnmarshalGQL(v any) error        { return unmarshal(o, v, Ops) }
func (s ItemState) MarshalGQL(w io.Writer)    { io.WriteString(w, strconv.Quote(string(s))) }
func (s *ItemState) UnmarshalGQL(v any) error { return unmarshal(s, v, ItemStates) }
func (s RunState) MarshalGQL(w io.Writer)     { io.WriteString(w, strconv.Quote(string(s))) }
func (s *RunState) UnmarshalGQL(v any) error  { return unmarshal(s, v, RunStates) }
