package e2e

// PL-1 safety net: every root operation of the GraphQL schema, found by introspection (never
// hand-listed), is run by org B against org A's data, and must neither show A's data, nor change
// it, nor tell A's IDs apart from IDs that do not exist. A new query, mutation or subscription
// is exercised automatically; one the generator cannot build fails the test until it is taught.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// tiKnownSubscriptions lists the subscription fields this test knows how to trigger, with how.
// Every subscription field is opened by org B over the websocket below; a field that is not
// listed here fails the test, so that whoever adds one also makes sure (and shows, by adding a
// trigger) that its events are scoped to the subscriber's org.
var tiKnownSubscriptions = map[string]string{
	"notifications": "triggered by sendTestNotification as A (must not reach B) and as B (must reach B)",
	"backupEvents":  "triggered by backupNow as A (queued … ready: must not reach B) and by scheduleBackup/stopBackupSchedule as B (must reach B)",
	"syncRunEvents": "triggered by pushSyncBatch as A (its run must not reach B) and as B (must reach B)",
}

// tiIDFieldTargets names the record type of ID arguments and input fields whose name does not
// say it (the sync plug-in API's clientId and itemId).
var tiIDFieldTargets = map[string]string{"clientId": "SyncClient", "itemId": "SyncItem", "userId": "User"}

// tiMaxSelectionLevel is how many levels of records (Node types) a generated selection follows:
// contacts → account → contacts is 3. Wrappers (connections, edges, payloads) are free.
const tiMaxSelectionLevel = 3

// PL-1
func TestTenantIsolationEveryOperation(t *testing.T) {
	began := time.Now()
	srv := apptest.Start(t, apptest.Options{})
	orgA := srv.SignUp(t, "Org A", "alice@tenant-a.test")
	orgB := srv.SignUp(t, "Org B", "bob@tenant-b.test")
	marker := "SECRET-A-" + tiRandomHex(6)

	s := tiLoadSchema(t, orgB.Admin)
	g := &tiGenerator{s: s, own: map[string][]string{}}

	// 1. Org A's data: one record of every CRM module, an extra API token, an attachment with
	// a file, and a notification; every text carries the marker.
	seeded := tiSeedOrgA(t, srv, orgA, marker)

	// Subscriptions: B subscribes to every subscription field before A's notification is sent.
	subsB := tiOpenSubscriptions(t, srv, g, orgB.Admin.Token)
	tiNotificationExchange(t, srv, g, orgA, orgB, subsB, marker)

	// Every ID that belongs to A: the seeded ones plus all that A's own listings show (A's
	// user, org, tokens, audit events, notifications…), each with its GraphQL type.
	foreign := tiHarvestIDs(t, g, orgA.Admin, seeded)
	for _, typ := range []string{"Account", "Contact", "Lead", "Deal", "Task", "Event", "EventParticipant",
		"SupportCase", "Note", "Email", "Attachment", "APIToken", "User", "Organization", "Notification",
		"BackupSchedule", "BackupRun", "BackupFile", "MailMessage"} {
		if len(foreign.byType[typ]) == 0 {
			t.Fatalf("setup: org A has no %s to attack (harvested %v)", typ, foreign.byType)
		}
	}
	davA := tiDAVSetup(t, srv, orgA) // A's DAV paths (A's DAV client registered before the snapshot)
	before := tiSnapshot(t, g, orgA.Admin, foreign)

	r := &tiRunner{t: t, srv: srv, g: g, b: orgB.Admin, foreign: foreign, missing: map[int]string{},
		perField: map[string]int{}, level: map[string]int{}, twinCache: map[string]*apptest.Response{}, internal: map[string]int{},
		leakText: []string{strings.ToLower(marker), "tenant-a.test"}}

	// 2–3. Run everything as B: first the mutations that need no ID (B gets its own records, so
	// updates can be aimed at B's records with A's IDs as edges), then every query, then every
	// tiVariant that carries one of A's IDs.
	mutations := s.root(s.MutationType)
	queries := s.root(s.QueryType)
	r.runBase("mutation", mutations)
	r.runBase("query", queries)
	r.runForeign("query", queries)
	r.runForeign("mutation", mutations)

	// Downloads are plain HTTP: A's attachment answers B exactly like a missing one.
	r.checkDownload(orgA, seeded)

	// The DAV door (issue 12): A's principal, collections and objects answer B like missing ones.
	r.checkDAV(orgB, davA)

	// Subscriptions: nothing of A's arrived on B's websocket.
	subsB.close()
	r.checkSubscriptions(subsB)

	// 4. A's data is exactly as before.
	after := tiSnapshot(t, g, orgA.Admin, foreign)
	for _, k := range tiSortedKeys(before) {
		if before[k] != after[k] {
			t.Errorf("PL-1: org A's data changed while org B ran its operations: %s\nbefore: %s\nafter:  %s",
				k, tiClip(before[k], 600), tiClip(after[k], 600))
		}
	}

	// 5. Coverage: every root field was exercised at least once.
	r.summary(queries, mutations, subsB, time.Since(began))
}

// ---------------------------------------------------------------------------------------------
// Schema, from introspection.

const tiTypeRefFragment = `fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`

const tiIntrospectionQuery = `query Introspect { __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { kind name
    fields { name args { name type { ...TypeRef } } type { ...TypeRef } }
    inputFields { name type { ...TypeRef } }
    enumValues { name }
    possibleTypes { name } } } }
` + tiTypeRefFragment

type tiTypeRef struct {
	Kind   string     `json:"kind"`
	Name   string     `json:"name"`
	OfType *tiTypeRef `json:"ofType"`
}

// named is the innermost type name ("[ID!]!" → "ID").
func (r tiTypeRef) named() string {
	for r.OfType != nil {
		r = *r.OfType
	}
	return r.Name
}

// String is the type in GraphQL notation, for variable declarations.
func (r tiTypeRef) String() string {
	switch r.Kind {
	case "NON_NULL":
		return r.OfType.String() + "!"
	case "LIST":
		return "[" + r.OfType.String() + "]"
	}
	return r.Name
}

func (r tiTypeRef) nonNull() bool { return r.Kind == "NON_NULL" }

// isList reports whether r is a list (under an optional NON_NULL).
func (r tiTypeRef) isList() bool {
	if r.Kind == "NON_NULL" {
		return r.OfType.isList()
	}
	return r.Kind == "LIST"
}

type tiInputValue struct {
	Name string    `json:"name"`
	Type tiTypeRef `json:"type"`
}

type tiField struct {
	Name string         `json:"name"`
	Args []tiInputValue `json:"args"`
	Type tiTypeRef      `json:"type"`
}

// requiredArgs reports whether the field has a non-null argument (selection sets skip those).
func (f tiField) requiredArgs() bool {
	return slices.ContainsFunc(f.Args, func(a tiInputValue) bool { return a.Type.nonNull() })
}

type tiType struct {
	Kind          string         `json:"kind"`
	Name          string         `json:"name"`
	Fields        []tiField      `json:"fields"`
	InputFields   []tiInputValue `json:"inputFields"`
	EnumValues    []struct{ Name string }
	PossibleTypes []struct{ Name string }
}

func (t *tiType) field(name string) *tiField {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

func (t *tiType) inputField(name string) *tiInputValue {
	for i := range t.InputFields {
		if t.InputFields[i].Name == name {
			return &t.InputFields[i]
		}
	}
	return nil
}

type tiSchema struct {
	QueryType, MutationType, SubscriptionType string
	types                                     map[string]*tiType
}

func tiLoadSchema(t *testing.T, c *apptest.Client) *tiSchema {
	t.Helper()
	var out struct {
		Schema struct {
			QueryType, MutationType, SubscriptionType *struct{ Name string }
			Types                                     []*tiType
		} `json:"__schema"`
	}
	c.MustDo(t, tiIntrospectionQuery, nil, &out)
	s := &tiSchema{types: map[string]*tiType{}}
	for _, ty := range out.Schema.Types {
		s.types[ty.Name] = ty
	}
	name := func(n *struct{ Name string }) string {
		if n == nil {
			return ""
		}
		return n.Name
	}
	s.QueryType, s.MutationType, s.SubscriptionType = name(out.Schema.QueryType), name(out.Schema.MutationType), name(out.Schema.SubscriptionType)
	if s.QueryType == "" || s.MutationType == "" || len(s.root(s.QueryType)) == 0 {
		t.Fatalf("introspection returned no root types: %+v", out.Schema)
	}
	return s
}

// root lists the fields of a root type, except introspection's own (__schema, __type).
func (s *tiSchema) root(name string) []tiField {
	ty := s.types[name]
	if ty == nil {
		return nil
	}
	var fs []tiField
	for _, f := range ty.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			fs = append(fs, f)
		}
	}
	return fs
}

// isRecord reports whether a type is a record (has an id): record levels count toward
// tiMaxSelectionLevel; other objects (connections, edges, payloads, PageInfo) are wrappers.
func (s *tiSchema) isRecord(name string) bool {
	ty := s.types[name]
	return ty != nil && (ty.Kind == "OBJECT" || ty.Kind == "INTERFACE") && ty.field("id") != nil
}

// recordType is the record type a field's type leads to: itself, or a connection's node type.
func (s *tiSchema) recordType(name string) string {
	if s.isRecord(name) {
		return name
	}
	if ty := s.types[name]; ty != nil && ty.Kind == "OBJECT" {
		if e := ty.field("edges"); e != nil {
			if et := s.types[e.Type.named()]; et != nil {
				if n := et.field("node"); n != nil && s.isRecord(n.Type.named()) {
					return n.Type.named()
				}
			}
		}
	}
	return ""
}

// isWhereInput reports whether an input type is a filter (entgql's XWhereInput has "or").
func (s *tiSchema) isWhereInput(name string) bool {
	ty := s.types[name]
	return ty != nil && ty.Kind == "INPUT_OBJECT" && ty.inputField("or") != nil
}

// ---------------------------------------------------------------------------------------------
// Generating operations.

// tiGenerator builds operations (variables, selection sets) from the schema.
type tiGenerator struct {
	s   *tiSchema
	own map[string][]string // B's own IDs by type, harvested from B's responses
	seq int
}

// selection builds a selection set for a type: scalars and enums everywhere, objects while
// the record level stays within maxLevel; fields with required arguments are skipped. Every
// object selects __typename so IDs in responses can be told apart by type. depth guards the
// server's nesting limit (12). Inside the fragments of an interface (node(id:) → … on Lead)
// fields are aliased by type (Lead_status: status): the same name may have different types in
// different implementations, which GraphQL refuses to merge.
func (g *tiGenerator) selection(typeName string, level, maxLevel, depth int) string {
	return g.selectionAs(typeName, "", level, maxLevel, depth)
}

func (g *tiGenerator) selectionAs(typeName, alias string, level, maxLevel, depth int) string {
	ty := g.s.types[typeName]
	if ty == nil || ty.Kind == "SCALAR" || ty.Kind == "ENUM" {
		return ""
	}
	var b strings.Builder
	b.WriteString("{ __typename")
	for _, f := range ty.Fields {
		if f.requiredArgs() {
			continue
		}
		named := f.Type.named()
		ft := g.s.types[named]
		if ft == nil {
			continue
		}
		name := f.Name
		if alias != "" && f.Name != "id" {
			name = alias + "_" + f.Name + ": " + f.Name
		}
		switch ft.Kind {
		case "SCALAR", "ENUM":
			b.WriteString(" " + name)
		default:
			next := level
			if g.s.isRecord(named) {
				next++
			}
			if next > maxLevel || depth+1 > 10 {
				continue
			}
			b.WriteString(" " + name + " " + g.selection(named, next, maxLevel, depth+1))
		}
	}
	if ty.Kind == "INTERFACE" || ty.Kind == "UNION" {
		for _, p := range ty.PossibleTypes {
			b.WriteString(" ... on " + p.Name + " " + g.selectionAs(p.Name, p.Name, level, maxLevel, depth))
		}
	}
	b.WriteString(" }")
	return b.String()
}

// operation renders `kind Op($a: T!) { field(a: $a) { … } }` for the arguments present in vars.
func (g *tiGenerator) operation(kind string, f tiField, vars map[string]any, maxLevel int) string {
	var decl, args []string
	for _, a := range f.Args {
		if _, ok := vars[a.Name]; ok {
			decl = append(decl, "$"+a.Name+": "+a.Type.String())
			args = append(args, a.Name+": $"+a.Name)
		}
	}
	d, as := "", ""
	if len(decl) > 0 {
		d = "(" + strings.Join(decl, ", ") + ")"
		as = "(" + strings.Join(args, ", ") + ")"
	}
	start := 0
	if g.s.isRecord(f.Type.named()) {
		start = 1
	}
	return fmt.Sprintf("%s Op%s { %s%s %s }", kind, d, f.Name, as, g.selection(f.Type.named(), start, maxLevel, 1))
}

// edgeTarget guesses the record type an ID field of an input points at, from the schema:
// CreateContactInput.accountID → Contact.account → Account; UpdateAccountInput.addContactIDs →
// Account.contacts → ContactConnection → Contact. "" when it cannot tell.
func (g *tiGenerator) edgeTarget(inputType, field string) string {
	if t, ok := tiIDFieldTargets[field]; ok {
		return t
	}
	obj := strings.TrimSuffix(inputType, "Input")
	for _, p := range []string{"Create", "Update"} {
		obj = strings.TrimPrefix(obj, p)
	}
	base := field
	for _, p := range []string{"add", "remove"} {
		if rest, ok := strings.CutPrefix(base, p); ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
			base = strings.ToLower(rest[:1]) + rest[1:]
		}
	}
	switch {
	case strings.HasSuffix(base, "IDs"):
		base = strings.TrimSuffix(base, "IDs") + "s"
	case strings.HasSuffix(base, "ID"):
		base = strings.TrimSuffix(base, "ID")
	}
	if ty := g.s.types[obj]; ty != nil {
		if f := ty.field(base); f != nil {
			if rt := g.s.recordType(f.Type.named()); rt != "" {
				return rt
			}
		}
	}
	if base == "" {
		return ""
	}
	cand := strings.ToUpper(base[:1]) + strings.TrimSuffix(base[1:], "s")
	if g.s.isRecord(cand) {
		return cand
	}
	return ""
}

// value builds a valid-looking value of type ref for the argument or input field name of
// owner (an input type name, "" for root arguments). Input objects get their required fields
// only. Required IDs are B's own record of the type the field points at. ok is false when no
// value can be built (yet: B may not have the record it needs).
func (g *tiGenerator) value(ref tiTypeRef, owner, name string, depth int) (any, bool) {
	if ref.Kind == "NON_NULL" {
		return g.value(*ref.OfType, owner, name, depth)
	}
	if ref.Kind == "LIST" {
		v, ok := g.value(*ref.OfType, owner, name, depth)
		return []any{v}, ok
	}
	ty := g.s.types[ref.Name]
	if ty == nil {
		return nil, false
	}
	switch ty.Kind {
	case "ENUM":
		return ty.EnumValues[0].Name, true
	case "INPUT_OBJECT":
		if depth > 4 {
			return nil, false
		}
		m := map[string]any{}
		for _, f := range ty.InputFields {
			if !f.Type.nonNull() {
				continue
			}
			v, ok := g.value(f.Type, ty.Name, f.Name, depth+1)
			if !ok {
				return nil, false
			}
			m[f.Name] = v
		}
		return m, true
	}
	lname := strings.ToLower(name)
	switch ref.Name {
	case "ID":
		if target := g.edgeTarget(owner, name); target != "" && len(g.own[target]) > 0 {
			return g.own[target][0], true
		}
		return nil, false
	case "Int":
		return 1, true
	case "Float":
		return 1.0, true
	case "Boolean":
		return false, true
	case "Time":
		return time.Now().UTC().Truncate(time.Second).Format(time.RFC3339), true
	case "Map":
		return map[string]any{}, true
	case "Cursor":
		return nil, false
	}
	// String and unknown scalars: a value that passes the obvious validations.
	switch {
	case strings.Contains(lname, "password"):
		return apptest.Password, true
	case strings.Contains(lname, "email") || strings.Contains(lname, "address"):
		g.seq++
		return fmt.Sprintf("b%d-%s@tenant-b.test", g.seq, tiRandomHex(3)), true
	case strings.Contains(lname, "timezone"):
		return "Europe/Paris", true
	case strings.Contains(lname, "currency"):
		return "EUR", true
	case strings.Contains(lname, "locale"):
		return "en", true
	}
	return "x", true
}

// baseVars fills every required argument of f, or reports that it cannot.
func (g *tiGenerator) baseVars(f tiField) (map[string]any, bool) {
	vars := map[string]any{}
	for _, a := range f.Args {
		if !a.Type.nonNull() {
			continue
		}
		v, ok := g.value(a.Type, "", a.Name, 0)
		if !ok {
			return nil, false
		}
		vars[a.Name] = v
	}
	return vars, true
}

// ---------------------------------------------------------------------------------------------
// A's IDs.

// tiIDSet is a set of IDs with their GraphQL type.
type tiIDSet struct {
	typeOf map[string]string
	byType map[string][]string
}

func tiNewIDSet() *tiIDSet {
	return &tiIDSet{typeOf: map[string]string{}, byType: map[string][]string{}}
}

func (s *tiIDSet) add(typ, id string) {
	if _, ok := s.typeOf[id]; ok || id == "" {
		return
	}
	s.typeOf[id] = typ
	s.byType[typ] = append(s.byType[typ], id)
}

// all lists the IDs sorted by type, then ID.
func (s *tiIDSet) all() []string {
	var ids []string
	for _, typ := range tiSortedKeys(s.byType) {
		ids = append(ids, s.byType[typ]...)
	}
	return ids
}

// tiEachRecord calls fn for every object in a JSON value that has __typename and id.
func tiEachRecord(v any, fn func(typ, id string)) {
	switch x := v.(type) {
	case map[string]any:
		typ, _ := x["__typename"].(string)
		id, _ := x["id"].(string)
		if typ != "" && id != "" {
			fn(typ, id)
		}
		for _, c := range x {
			tiEachRecord(c, fn)
		}
	case []any:
		for _, c := range x {
			tiEachRecord(c, fn)
		}
	}
}

// tiDoAdaptive runs a generated operation, lowering the selection level while the server
// refuses it as too complex.
func tiDoAdaptive(t *testing.T, g *tiGenerator, c *apptest.Client, kind string, f tiField, vars map[string]any, level int) (*apptest.Response, int) {
	t.Helper()
	for {
		resp := c.Do(t, g.operation(kind, f, vars, level), vars)
		if level > 0 && slices.Contains(resp.Codes(), "QUERY_TOO_COMPLEX") {
			level--
			continue
		}
		return resp, level
	}
}

// tiHarvestIDs runs, as A, every query that needs no argument and collects every record in the
// answers, plus the seeded IDs (typed through node(id:)). A query that fails for A itself (an
// operation still being built) is noted, not fatal: the seeded records are what matters.
func tiHarvestIDs(t *testing.T, g *tiGenerator, a *apptest.Client, seeded map[string]string) *tiIDSet {
	t.Helper()
	set := tiNewIDSet()
	for _, f := range g.s.root(g.s.QueryType) {
		if f.requiredArgs() {
			continue
		}
		resp, _ := tiDoAdaptive(t, g, a, "query", f, map[string]any{}, tiMaxSelectionLevel)
		if len(resp.Errors) > 0 {
			t.Logf("note: query %s fails for org A itself, so it adds no IDs to attack: %v %s", f.Name, resp.Codes(), tiClip(tiFirstMessage(resp), 120))
		}
		var data any
		_ = json.Unmarshal(resp.Data, &data)
		tiEachRecord(data, set.add)
	}
	for what, id := range seeded {
		var out struct {
			Node *struct {
				Typename string `json:"__typename"`
			}
		}
		a.MustDo(t, `query($id: ID!) { node(id: $id) { __typename } }`, map[string]any{"id": id}, &out)
		if out.Node == nil {
			t.Fatalf("harvest: A cannot read its own %s %s", what, id)
		}
		set.add(out.Node.Typename, id)
	}
	return set
}

// tiSnapshot reads, as A, every A record through node(id:) and every argument-free query, with
// their linked records' IDs, for comparison before and after B's operations. lastUsedAt is
// left out: A's own token is used by the snapshot itself. Of errors (operations still being
// built), only the codes are kept.
func tiSnapshot(t *testing.T, g *tiGenerator, a *apptest.Client, ids *tiIDSet) map[string]string {
	t.Helper()
	out := map[string]string{}
	keep := func(key string, resp *apptest.Response) {
		if strings.HasPrefix(key, "node ") && len(resp.Errors) > 0 {
			t.Fatalf("snapshot: A cannot read its own record (%s): %s", key, tiClip(tiJSON(resp.Errors), 800))
		}
		var v any
		_ = json.Unmarshal(resp.Data, &v)
		b, _ := json.Marshal(tiDropKeys(v, "lastUsedAt"))
		out[key] = string(b) + fmt.Sprintf(" errors=%v", resp.Codes())
	}
	node := g.s.types[g.s.QueryType].field("node")
	for _, id := range ids.all() {
		resp, _ := tiDoAdaptive(t, g, a, "query", *node, map[string]any{"id": id}, 2)
		keep("node "+ids.typeOf[id]+" "+id, resp)
	}
	for _, f := range g.s.root(g.s.QueryType) {
		if !f.requiredArgs() {
			resp, _ := tiDoAdaptive(t, g, a, "query", f, map[string]any{}, 2)
			keep("query "+f.Name, resp)
		}
	}
	return out
}

func tiDropKeys(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, key)
		for k, c := range x {
			x[k] = tiDropKeys(c, key)
		}
	case []any:
		for i, c := range x {
			x[i] = tiDropKeys(c, key)
		}
	}
	return v
}

// ---------------------------------------------------------------------------------------------
// Org A's data.

// tiSeedOrgA creates A's records through the API (an attachment directly, with its file: the
// API has no upload) and returns their IDs by what they are.
func tiSeedOrgA(t *testing.T, srv *apptest.Server, a *apptest.Org, marker string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	create := func(what, field, inputType string, in map[string]any) string {
		t.Helper()
		var out map[string]struct{ ID string }
		a.Admin.MustDo(t, fmt.Sprintf(`mutation($i: %s!) { %s(input: $i) { id } }`, inputType, field), map[string]any{"i": in}, &out)
		ids[what] = out[field].ID
		return ids[what]
	}
	now := time.Now().UTC().Truncate(time.Second)
	acc := create("account", "createAccount", "CreateAccountInput", map[string]any{"name": marker + " account", "website": "https://tenant-a.test", "description": marker})
	con := create("contact", "createContact", "CreateContactInput", map[string]any{"lastName": marker + " contact", "email": "carol@tenant-a.test", "accountID": acc, "description": marker})
	lead := create("lead", "createLead", "CreateLeadInput", map[string]any{"lastName": marker + " lead", "company": marker, "email": "lee@tenant-a.test"})
	deal := create("deal", "createDeal", "CreateDealInput", map[string]any{"name": marker + " deal", "amount": 500000, "currency": "EUR", "accountID": acc, "contactID": con})
	create("task", "createTask", "CreateTaskInput", map[string]any{"subject": marker + " task", "contactID": con, "dealID": deal})
	ev := create("event", "createEvent", "CreateEventInput", map[string]any{"subject": marker + " event", "startAt": now.Format(time.RFC3339),
		"endAt": now.Add(time.Hour).Format(time.RFC3339), "venue": marker})
	create("eventParticipant", "createEventParticipant", "CreateEventParticipantInput", map[string]any{"email": "guest@tenant-a.test", "name": marker, "eventID": ev, "contactID": con, "leadID": lead})
	sc := create("supportCase", "createSupportCase", "CreateSupportCaseInput", map[string]any{"subject": marker + " case", "contactID": con, "accountID": acc, "description": marker})
	create("note", "createNote", "CreateNoteInput", map[string]any{"title": marker + " note", "body": marker, "accountID": acc, "contactID": con})
	create("email", "createEmail", "CreateEmailInput", map[string]any{"subject": marker + " email", "fromAddress": "alice@tenant-a.test",
		"toAddresses": []string{"carol@tenant-a.test"}, "body": marker, "sentAt": now.Format(time.RFC3339), "direction": "OUTGOING",
		"contactIDs": []string{con}, "leadIDs": []string{lead}, "dealIDs": []string{deal}, "supportCaseID": sc})
	var tok struct {
		CreateAPIToken struct{ Token struct{ ID string } }
	}
	a.Admin.MustDo(t, `mutation($n: String!) { createAPIToken(input: {name: $n}) { token { id } } }`, map[string]any{"n": marker + " token"}, &tok)
	ids["apiToken"] = tok.CreateAPIToken.Token.ID

	// An attachment on the contact, with its file in A's region store.
	orgID, _ := strconv.Atoi(a.ID)
	conID, _ := strconv.Atoi(con)
	ctx := auth.SystemContext(context.Background(), orgID)
	body := []byte(marker + " attachment body")
	key := "attachments/" + marker + ".txt"
	bucket, err := srv.App.Blobs.Bucket(ctx, "EU")
	if err != nil {
		t.Fatal(err)
	}
	if err := bucket.WriteAll(ctx, key, body, nil); err != nil {
		t.Fatal(err)
	}
	att, err := srv.App.DB.Client.Attachment.Create().SetFileName(marker + ".txt").SetContentType("text/plain").
		SetSize(int64(len(body))).SetSha256(strings.Repeat("0", 64)).SetBlobKey(key).SetContactID(conID).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids["attachment"] = strconv.Itoa(att.ID)

	// Backups: a schedule with its SCHEDULED run, and a READY one-off run with its files, its
	// email in the outbox (no SMTP) and its download links. A gets two prepaid units (the FREE
	// plan has no free backups): one for this run, one for the exchange with B.
	srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(2).ExecX(ctx)
	var sch struct {
		ScheduleBackup struct{ Schedule struct{ ID string } }
	}
	a.Admin.MustDo(t, `mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: MONDAY}) { schedule { id } } }`, nil, &sch)
	ids["backupSchedule"] = sch.ScheduleBackup.Schedule.ID
	var run struct{ BackupNow struct{ ID string } }
	a.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, &run)
	ids["backupRun"] = run.BackupNow.ID

	// Mail-client sync: a client (with its settings), a pushed batch (a run) and an ignored
	// item (a link), all A's user's.
	var syncCl struct{ RegisterSyncClient struct{ ID string } }
	a.Admin.MustDo(t, `mutation($n: String!) { registerSyncClient(name: $n) { id } }`, map[string]any{"n": marker + " sync client"}, &syncCl)
	ids["syncClient"] = syncCl.RegisterSyncClient.ID
	var push struct{ PushSyncBatch struct{ ID string } }
	a.Admin.MustDo(t, `mutation($i: PushSyncBatchInput!) { pushSyncBatch(input: $i) { id } }`, map[string]any{"i": map[string]any{
		"clientId": ids["syncClient"], "module": "CONTACTS", "batchKey": marker + " batch", "items": []any{map[string]any{
			"clientItemId": marker + " item", "op": "CREATE", "modified": now.Format(time.RFC3339),
			"fields": []any{map[string]any{"name": "lastName", "value": marker + " " + strings.Repeat("x", 80)}}}}}}, &push)
	ids["syncRun"] = push.PushSyncBatch.ID
	waitSyncRun(t, a.Admin, push.PushSyncBatch.ID)
	if ready := waitRun(t, a.Admin, run.BackupNow.ID, "READY"); len(ready.Files) == 0 || ready.Files[0].DownloadURL == nil {
		t.Fatalf("setup: A's backup run has no download link: %+v", ready)
	}
	return ids
}

// ---------------------------------------------------------------------------------------------
// Running B's operations.

type tiExpectation int

const (
	// tiExpectRefused: the variant targets one of A's records (an ID argument, or an edge the
	// input adds). It must fail exactly like its twin with a missing ID, with NOT_FOUND.
	tiExpectRefused tiExpectation = iota
	// tiExpectLikeMissing: A's IDs are only filters (where, remove…IDs): same answer as the twin.
	tiExpectLikeMissing
)

// tiVariant is one call of a root field with one of A's IDs somewhere in its variables; twin is
// the same call with IDs that do not exist in their place.
type tiVariant struct {
	label      string
	vars, twin map[string]any
	expect     tiExpectation
	zeroTotals bool // a filter: every totalCount and edges list must be empty
}

type tiRunner struct {
	t        *testing.T
	srv      *apptest.Server
	g        *tiGenerator
	b        *apptest.Client
	foreign  *tiIDSet
	leakText []string // lower-case texts that must never reach B

	missing   map[int]string               // type range → an ID of that range that does not exist
	perField  map[string]int               // "mutation.createLead" → calls
	level     map[string]int               // selection level the server accepts, per field
	twinCache map[string]*apptest.Response // missing-ID twins already run

	idREs    map[string]*regexp.Regexp
	internal map[string]int // answers with INTERNAL, per field (unimplemented or crashing resolvers)

	calls, refused, likeMissing, inconclusive, leaks int
	inconclusiveN                                    map[string]int      // field → variants
	inconclusiveCodes                                map[string][]string // field → distinct codes
}

var tiOrgANameRE = regexp.MustCompile(`\bOrg A\b`)

// idRE matches id as a whole word in text (not inside a longer number or a hex reference).
func (r *tiRunner) idRE(id string) *regexp.Regexp {
	if r.idREs == nil {
		r.idREs = map[string]*regexp.Regexp{}
	}
	re, ok := r.idREs[id]
	if !ok {
		re = regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(id) + `([^0-9A-Za-z]|$)`)
		r.idREs[id] = re
	}
	return re
}

// call runs one operation as B, counts it, and checks the answer for any trace of A.
func (r *tiRunner) call(kind string, f tiField, vars map[string]any, label string) *apptest.Response {
	r.t.Helper()
	key := kind + "." + f.Name
	lvl, ok := r.level[key]
	if !ok {
		lvl = tiMaxSelectionLevel
	}
	resp, lvl := tiDoAdaptive(r.t, r.g, r.b, kind, f, vars, lvl)
	r.level[key] = lvl
	r.calls++
	r.perField[key]++
	if slices.Contains(resp.Codes(), "INTERNAL") {
		r.internal[key]++
	}
	r.checkLeak(key+" ["+label+"]", resp, vars)
	var data any
	_ = json.Unmarshal(resp.Data, &data)
	tiEachRecord(data, func(typ, id string) {
		if _, isA := r.foreign.typeOf[id]; !isA && !slices.Contains(r.g.own[typ], id) {
			r.g.own[typ] = append(r.g.own[typ], id)
		}
	})
	return resp
}

// checkLeak fails when a response holds A's marker, A's domain (emails), A's org name, or one
// of A's IDs: as a JSON string anywhere, or as a number in an error message (IDs that B itself
// sent may be echoed there; IDs under 5 digits, like the first API tokens', are too short to
// be told apart from other numbers in free text and are only matched as JSON strings).
func (r *tiRunner) checkLeak(what string, resp *apptest.Response, vars map[string]any) {
	r.t.Helper()
	errs, _ := json.Marshal(resp.Errors)
	data := string(resp.Data)
	all := strings.ToLower(data + string(errs))
	var found []string
	for _, m := range r.leakText {
		if strings.Contains(all, m) {
			found = append(found, fmt.Sprintf("%q", m))
		}
	}
	if tiOrgANameRE.MatchString(data + string(errs)) {
		found = append(found, `"Org A"`)
	}
	sent := map[string]bool{}
	tiWalkStrings(vars, func(s string) { sent[s] = true })
	var msgs []string
	for _, e := range resp.Errors {
		msgs = append(msgs, e.Message, tiJSON(e.Extensions))
	}
	text := strings.Join(msgs, "\n")
	for id, typ := range r.foreign.typeOf {
		switch {
		case strings.Contains(data, `"`+id+`"`):
			found = append(found, fmt.Sprintf("A's %s ID %s in data", typ, id))
		case sent[id]:
		case strings.Contains(text, `"`+id+`"`) || len(id) >= 5 && r.idRE(id).MatchString(text):
			found = append(found, fmt.Sprintf("A's %s ID %s in an error", typ, id))
		}
	}
	if len(found) > 0 {
		r.leaks++
		r.t.Errorf("PL-1 LEAK: %s answered org B with %s\nvars: %s\nresponse: data=%s errors=%s",
			what, strings.Join(found, ", "), tiJSON(vars), tiClip(data, 1500), tiClip(string(errs), 1500))
	}
}

// runBase runs every field that needs no ID of anyone: required arguments filled, nothing of
// A's. Fields whose input needs one of B's records are retried once B has made it.
func (r *tiRunner) runBase(kind string, fields []tiField) {
	pending := slices.Clone(fields)
	for round := 0; round < 3 && len(pending) > 0; round++ {
		var later []tiField
		for _, f := range pending {
			if r.rootIDArg(f) != nil {
				continue // exercised by runForeign with A's IDs and missing IDs
			}
			vars, ok := r.g.baseVars(f)
			if !ok {
				later = append(later, f)
				continue
			}
			resp := r.call(kind, f, vars, "base")
			if kind == "mutation" && len(resp.Errors) > 0 {
				r.t.Logf("note: base %s %s answered %v: %s", kind, f.Name, resp.Codes(), tiClip(tiFirstMessage(resp), 200))
			}
		}
		pending = later
	}
	for _, f := range pending {
		r.t.Errorf("PL-1 generator: cannot build the required arguments of %s %s %v; teach tiGenerator.value how", kind, f.Name, f.Args)
	}
}

// idArgTarget guesses the record type a root field's ID argument names: the record it returns
// (updateLead → Lead), else its name without the leading verb (deleteLead → Lead). "" for
// interfaces (node) and when it cannot tell.
func (r *tiRunner) idArgTarget(f tiField) string {
	if a := r.rootIDArg(f); a != nil && tiIDFieldTargets[a.Name] != "" {
		return tiIDFieldTargets[a.Name]
	}
	ret := f.Type.named()
	if ty := r.g.s.types[ret]; ty != nil && ty.Kind == "OBJECT" && r.g.s.isRecord(ret) {
		return ret
	}
	if i := strings.IndexFunc(f.Name, func(c rune) bool { return c >= 'A' && c <= 'Z' }); i > 0 && r.g.s.isRecord(f.Name[i:]) &&
		r.g.s.types[f.Name[i:]].Kind == "OBJECT" {
		return f.Name[i:]
	}
	return ""
}

// rootIDArg returns the field's first required argument of type ID or [ID!], if any.
func (r *tiRunner) rootIDArg(f tiField) *tiInputValue {
	for i, a := range f.Args {
		if a.Type.nonNull() && a.Type.named() == "ID" {
			return &f.Args[i]
		}
	}
	return nil
}

// runForeign runs every variant of every field that carries one of A's IDs.
func (r *tiRunner) runForeign(kind string, fields []tiField) {
	for _, f := range fields {
		for _, v := range r.variants(f) {
			r.runVariant(kind, f, v)
		}
	}
}

// missingID returns an ID of the same type range as id that does not exist: beyond the
// largest ID of that range known so far, and checked in the database.
func (r *tiRunner) missingID(id string) string {
	r.t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		r.t.Fatalf("ID %q is not a number", id)
	}
	rng := int(n >> 32)
	if m, ok := r.missing[rng]; ok {
		return m
	}
	max := n
	consider := func(s string) {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil && int(v>>32) == rng && v > max {
			max = v
		}
	}
	for other := range r.foreign.typeOf {
		consider(other)
	}
	for _, ids := range r.g.own {
		for _, o := range ids {
			consider(o)
		}
	}
	m := max + 10_000
	if _, err := r.srv.App.DB.Client.Noder(store.AllOrgs(context.Background()), int(m)); err == nil {
		r.t.Fatalf("the ID %d meant to be missing exists", m)
	}
	r.missing[rng] = strconv.FormatInt(m, 10)
	return r.missing[rng]
}

// swapIDs returns a deep copy of v with every one of A's IDs replaced by a missing ID of the
// same type, and A's marker probe replaced by a text nobody has.
func (r *tiRunner) swapIDs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, c := range x {
			m[k] = r.swapIDs(c)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, c := range x {
			l[i] = r.swapIDs(c)
		}
		return l
	case string:
		if _, ok := r.foreign.typeOf[x]; ok {
			return r.missingID(x)
		}
		if x == tiMarkerProbe {
			return "NO-SUCH-TEXT-ANYWHERE"
		}
	}
	return v
}

// tiMarkerProbe is what filters search for: A's marker without its random part (an echo of the
// filter is not a leak; a hit would carry the whole marker, which is).
const tiMarkerProbe = "SECRET-A"

func (r *tiRunner) withTwin(label string, vars map[string]any, e tiExpectation) tiVariant {
	return tiVariant{label: label, vars: vars, twin: r.swapIDs(vars).(map[string]any), expect: e}
}

// variants builds, for one root field, every call that carries A's IDs:
//   - each required or optional ID argument, once per A ID (a list once per ID, and once with
//     all of them);
//   - each ID field of each input object argument (an edge: accountID, addContactIDs…), with
//     A's records of the type it points at, on top of B's own valid input; remove…IDs expect
//     the twin's answer (a no-op), the others NOT_FOUND;
//   - each filter argument (where), with A's IDs in every ID-list field, in every has…With
//     edge, and A's marker in every …Contains text field, all OR-ed: it must match nothing.
func (r *tiRunner) variants(f tiField) []tiVariant {
	var out []tiVariant
	g := r.g
	base, baseOK := map[string]any{}, true
	idArg := r.rootIDArg(f)
	for _, a := range f.Args {
		if a.Type.nonNull() && (idArg == nil || a.Name != idArg.Name) {
			v, ok := g.value(a.Type, "", a.Name, 0)
			if !ok {
				baseOK = false
				break
			}
			base[a.Name] = v
		}
	}
	if !baseOK {
		r.t.Errorf("PL-1 generator: cannot build the arguments of %s beside its ID argument", f.Name)
		return nil
	}
	all := r.foreign.all()

	// ID arguments (required or not).
	for _, a := range f.Args {
		if a.Type.named() != "ID" {
			continue
		}
		if target := r.idArgTarget(f); target != "" && len(r.foreign.byType[target]) == 0 {
			r.t.Errorf("PL-1 setup: %s takes the ID of a %s, and org A has none: seed one in tiSeedOrgA so that %s is tried on a real record of another org",
				f.Name, target, f.Name)
		}
		for _, id := range all {
			vars := tiCloneMap(base)
			if a.Type.isList() {
				vars[a.Name] = []any{id}
			} else {
				vars[a.Name] = id
			}
			out = append(out, r.withTwin(fmt.Sprintf("%s=A's %s", a.Name, r.foreign.typeOf[id]), vars, tiExpectRefused))
		}
		if a.Type.isList() {
			vars := tiCloneMap(base)
			vars[a.Name] = tiToAny(all)
			out = append(out, r.withTwin(a.Name+"=all of A's IDs", vars, tiExpectRefused))
		}
	}

	// Edges in input objects, on B's own record when the field targets one (updateX(id:…)).
	if idArg != nil {
		own := g.own[f.Type.named()]
		if len(own) == 0 {
			base = nil // no record of B's to aim at: no edge variants
		} else {
			base[idArg.Name] = own[0]
		}
	}
	for _, a := range f.Args {
		ty := g.s.types[a.Type.named()]
		if base == nil || ty == nil || ty.Kind != "INPUT_OBJECT" || a.Type.isList() {
			continue
		}
		if g.s.isWhereInput(ty.Name) {
			if v := r.filterProbe(ty); v != nil {
				vars := tiCloneMap(base)
				vars[a.Name] = v
				tv := r.withTwin(a.Name+"=filter on A's IDs and marker", vars, tiExpectLikeMissing)
				tv.zeroTotals = true
				out = append(out, tv)
			}
			continue
		}
		in, _ := base[a.Name].(map[string]any)
		if in == nil {
			v, ok := g.value(a.Type, "", a.Name, 0)
			if !ok {
				continue
			}
			in = v.(map[string]any)
		}
		for _, fld := range ty.InputFields {
			if fld.Type.named() != "ID" {
				continue
			}
			target := g.edgeTarget(ty.Name, fld.Name)
			candidates := r.foreign.byType[target]
			if target == "" {
				candidates = all // unknown target: every ID of A's
			} else if len(candidates) == 0 {
				r.t.Errorf("PL-1 setup: %s.%s links to a %s, and org A has none: seed one in tiSeedOrgA", ty.Name, fld.Name, target)
			}
			e := tiExpectRefused
			if strings.HasPrefix(fld.Name, "remove") {
				e = tiExpectLikeMissing
			}
			for _, id := range candidates {
				vin := tiCloneMap(in)
				if fld.Type.isList() {
					vin[fld.Name] = []any{id}
				} else {
					vin[fld.Name] = id
				}
				vars := tiCloneMap(base)
				vars[a.Name] = vin
				out = append(out, r.withTwin(fmt.Sprintf("%s.%s=A's %s", a.Name, fld.Name, r.foreign.typeOf[id]), vars, e))
			}
		}
	}
	return out
}

// filterProbe builds {or: [{idIn: A's IDs}, {hasXWith: [{idIn: A's IDs}]}, {nameContains:
// "SECRET-A"}, …]} for a WhereInput type.
func (r *tiRunner) filterProbe(ty *tiType) map[string]any {
	all := tiToAny(r.foreign.all())
	var or []any
	for _, f := range ty.InputFields {
		named := f.Type.named()
		switch {
		case named == "ID" && f.Type.isList() && !strings.HasSuffix(f.Name, "NotIn"):
			or = append(or, map[string]any{f.Name: all})
		case named == "String" && !f.Type.isList() && strings.HasSuffix(f.Name, "Contains"):
			or = append(or, map[string]any{f.Name: tiMarkerProbe})
		case strings.HasPrefix(f.Name, "has") && r.g.s.isWhereInput(named):
			if sub := r.g.s.types[named]; sub.inputField("idIn") != nil {
				or = append(or, map[string]any{f.Name: []any{map[string]any{"idIn": all}}})
			}
		}
	}
	if len(or) == 0 {
		return nil
	}
	return map[string]any{"or": or}
}

// runVariant runs a variant and its twin and judges the pair.
func (r *tiRunner) runVariant(kind string, f tiField, v tiVariant) {
	r.t.Helper()
	key := kind + "." + f.Name
	got := r.call(kind, f, v.vars, v.label)
	twinKey := key + " " + tiJSON(v.twin)
	twin, ok := r.twinCache[twinKey]
	if !ok {
		twin = r.call(kind, f, v.twin, v.label+" (missing-ID twin)")
		r.twinCache[twinKey] = twin
	}
	fail := func(why string) {
		r.t.Errorf("PL-1: %s %s [%s] %s\nvars: %s\nanswer with A's IDs:  status %d data=%s errors=%s\nanswer with missing IDs: status %d data=%s errors=%s",
			kind, f.Name, v.label, why, tiClip(tiJSON(v.vars), 600),
			got.Status, tiClip(string(got.Data), 600), tiClip(tiJSON(got.Errors), 600),
			twin.Status, tiClip(string(twin.Data), 600), tiClip(tiJSON(twin.Errors), 600))
	}
	aIDs := map[string]bool{}
	tiWalkStrings(v.vars, func(s string) {
		if _, ok := r.foreign.typeOf[s]; ok {
			aIDs[s] = true
		}
	})
	missingIDs := map[string]bool{}
	for id := range aIDs {
		missingIDs[r.missingID(id)] = true
	}
	sigGot, sigTwin := tiSignature(got, aIDs), tiSignature(twin, missingIDs)

	switch v.expect {
	case tiExpectRefused:
		r.refused++
		switch {
		case tiSucceeded(got, f.Name):
			fail("SUCCEEDED on another org's record; it must answer NOT_FOUND like a missing ID")
		case slices.Contains(got.Codes(), "FORBIDDEN"):
			fail("answered FORBIDDEN, which tells that the record exists; it must answer NOT_FOUND like a missing ID")
		case sigGot != sigTwin:
			fail("answers differently from the same call with a missing ID (an existence oracle):\n  A's: " + sigGot + "\n  missing: " + sigTwin)
		case len(got.Errors) == 0 || slices.ContainsFunc(got.Codes(), func(c string) bool { return c != "NOT_FOUND" }):
			// Same answer as a missing ID, but not NOT_FOUND: the generated input was refused
			// for another reason first, so the call proves less than it should.
			r.inconclusive++
			if r.inconclusiveN == nil {
				r.inconclusiveN, r.inconclusiveCodes = map[string]int{}, map[string][]string{}
			}
			r.inconclusiveN[key]++
			r.inconclusiveCodes[key] = slices.Compact(slices.Sorted(slices.Values(append(r.inconclusiveCodes[key], got.Codes()...))))
		}
	case tiExpectLikeMissing:
		r.likeMissing++
		if sigGot != sigTwin {
			fail("answers differently from the same call with missing IDs:\n  A's: " + sigGot + "\n  missing: " + sigTwin)
		}
		if v.zeroTotals {
			var data any
			_ = json.Unmarshal(got.Data, &data)
			if n := tiCountFound(data); n > 0 {
				fail(fmt.Sprintf("a filter on A's IDs or marker matched %d rows in B's org", n))
			}
		}
	}
}

// tiSucceeded reports whether a root field answered with data: a non-null value, or a list
// with at least one non-null element.
func tiSucceeded(resp *apptest.Response, field string) bool {
	var data map[string]any
	if json.Unmarshal(resp.Data, &data) != nil || data == nil {
		return false
	}
	switch v := data[field].(type) {
	case nil:
		return false
	case []any:
		return slices.ContainsFunc(v, func(e any) bool { return e != nil })
	default:
		return true
	}
}

// tiCountFound adds up totalCount and edges found anywhere in a filtered answer.
func tiCountFound(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			switch {
			case k == "totalCount":
				if f, ok := c.(float64); ok {
					n += int(f)
				}
			case k == "edges":
				if l, ok := c.([]any); ok {
					n += len(l)
				}
			default:
				n += tiCountFound(c)
			}
		}
	case []any:
		for _, c := range x {
			n += tiCountFound(c)
		}
	}
	return n
}

// tiSignature is what "answers exactly like a missing ID" compares: HTTP status, each error's
// code, message, path and extensions (the IDs sent replaced by <ID>), and the shape of data
// (nulls, list lengths, keys; scalar values blanked: timestamps differ between two calls).
// INTERNAL messages are compared too: their "reference" is a hash of the hidden error text, so
// two different hidden errors would tell A's IDs from missing ones.
func tiSignature(resp *apptest.Response, ids map[string]bool) string {
	var data any
	_ = json.Unmarshal(resp.Data, &data)
	var alts []string
	for id := range ids {
		alts = append(alts, regexp.QuoteMeta(id))
	}
	norm := func(s string) string { return s }
	if len(alts) > 0 {
		re := regexp.MustCompile(`(^|[^0-9A-Za-z])(` + strings.Join(alts, "|") + `)([^0-9A-Za-z]|$)`)
		norm = func(s string) string {
			// An ID of 12+ digits that passes the Luhn check is echoed as "[card number]" (SB-10
			// redaction): it is still the ID sent, whichever org's it is.
			s = strings.ReplaceAll(s, "[card number]", "<ID>")
			for { // twice over: adjacent matches share their separator
				n := re.ReplaceAllString(s, "$1<ID>$3")
				if n == s {
					return n
				}
				s = n
			}
		}
	}
	var errs []string
	for _, e := range resp.Errors {
		errs = append(errs, fmt.Sprintf("%s %q path=%v ext=%s", e.Code(), norm(e.Message), e.Path, norm(tiJSON(e.Extensions))))
	}
	sort.Strings(errs)
	return fmt.Sprintf("status=%d data=%s errors=%v", resp.Status, tiJSON(tiSkeleton(data)), errs)
}

func tiSkeleton(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, c := range x {
			m[k] = tiSkeleton(c)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, c := range x {
			l[i] = tiSkeleton(c)
		}
		return l
	case string:
		return "s"
	case float64:
		return 0
	}
	return v
}

// ---------------------------------------------------------------------------------------------
// Downloads.

// checkDownload: A downloads its attachment (the control); B gets exactly what a missing ID
// gets.
func (r *tiRunner) checkDownload(a *apptest.Org, seeded map[string]string) {
	r.t.Helper()
	getURL := func(token, url, rng string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if rng != "" {
			req.Header.Set("Range", rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			r.t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		r.calls++
		return resp.StatusCode, string(b)
	}
	get := func(token, id string) (int, string) { return getURL(token, r.srv.URL+"/download/attachment/"+id, "") }
	id := seeded["attachment"]
	if code, body := get(a.Admin.Token, id); code != http.StatusOK || !strings.Contains(body, "SECRET-A") {
		r.t.Fatalf("control: A cannot download its own attachment: %d %q", code, tiClip(body, 200))
	}
	code, body := get(r.b.Token, id)
	mcode, mbody := get(r.b.Token, r.missingID(id))
	if code != mcode || body != mbody || strings.Contains(strings.ToLower(body), r.leakText[0]) {
		r.t.Errorf("PL-1: GET /download/attachment/<A's attachment> as B answered %d %q; a missing ID answers %d %q", code, tiClip(body, 200), mcode, tiClip(mbody, 200))
	}

	// A's backup file (BK-15): A downloads it; B gets what an unknown link gets.
	link := *waitRun(r.t, a.Admin, seeded["backupRun"], "READY").Files[0].DownloadURL
	const resumed = "bytes=1-" // a resumed download is not logged: A's log stays as it was
	if code, _ := getURL(a.Admin.Token, link, resumed); code != http.StatusPartialContent {
		r.t.Fatalf("control: A cannot download its own backup: %d", code)
	}
	code, body = getURL(r.b.Token, link, resumed)
	mcode, mbody = getURL(r.b.Token, link[:strings.LastIndex(link, "/")+1]+strings.Repeat("0", 64), resumed)
	if code != mcode || body != mbody {
		r.t.Errorf("PL-1: GET <A's backup link> as B answered %d %q; an unknown link answers %d %q", code, tiClip(body, 200), mcode, tiClip(mbody, 200))
	}
}

// ---------------------------------------------------------------------------------------------
// Subscriptions, over the websocket (graphql-transport-ws).

type tiWS struct {
	conn *websocket.Conn
	wmu  sync.Mutex
	mu   sync.Mutex
	msgs []string
	done chan struct{}
}

func tiDialWS(t *testing.T, srv *apptest.Server, token string) *tiWS {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 5 * time.Second}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/query", nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &tiWS{conn: conn, done: make(chan struct{})}
	t.Cleanup(w.close)
	w.send(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": token}})
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var ack struct{ Type string }
	if err := conn.ReadJSON(&ack); err != nil || ack.Type != "connection_ack" {
		t.Fatalf("websocket: no connection_ack: %v %+v", err, ack)
	}
	_ = conn.SetReadDeadline(time.Time{})
	go func() {
		defer close(w.done)
		for {
			_, b, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var m struct{ Type string }
			_ = json.Unmarshal(b, &m)
			if m.Type == "ping" {
				w.send(map[string]any{"type": "pong"})
				continue
			}
			w.mu.Lock()
			w.msgs = append(w.msgs, string(b))
			w.mu.Unlock()
		}
	}()
	return w
}

func (w *tiWS) send(m map[string]any) {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	_ = w.conn.WriteJSON(m)
}

func (w *tiWS) close() {
	_ = w.conn.Close()
	<-w.done
}

func (w *tiWS) messages() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.msgs)
}

// waitFor waits until a message contains text.
func (w *tiWS) waitFor(text string, timeout time.Duration) bool {
	return wait.Until(timeout, 20*time.Millisecond, func() bool {
		return slices.ContainsFunc(w.messages(), func(m string) bool { return strings.Contains(m, text) })
	})
}

// tiSubscriptions is one websocket with one subscription per subscription field.
type tiSubscriptions struct {
	*tiWS
	fields  []string
	unknown []string
}

// tiOpenSubscriptions subscribes, as token's user, to every subscription field of the schema
// (required arguments generated like any other operation).
func tiOpenSubscriptions(t *testing.T, srv *apptest.Server, g *tiGenerator, token string) *tiSubscriptions {
	t.Helper()
	subs := &tiSubscriptions{tiWS: tiDialWS(t, srv, token)}
	for i, f := range g.s.root(g.s.SubscriptionType) {
		subs.fields = append(subs.fields, f.Name)
		if _, ok := tiKnownSubscriptions[f.Name]; !ok {
			subs.unknown = append(subs.unknown, f.Name)
		}
		vars, ok := g.baseVars(f)
		if !ok {
			t.Errorf("PL-1 generator: cannot build the arguments of subscription %s", f.Name)
			continue
		}
		subs.send(map[string]any{"id": strconv.Itoa(i + 1), "type": "subscribe",
			"payload": map[string]any{"query": g.operation("subscription", f, vars, 1), "variables": vars}})
	}
	return subs
}

// tiNotificationExchange proves B's subscription is live (B's own notification arrives), then
// has A send one carrying the marker, waits until A's own subscription got it (so it has been
// published), and has B send another one that must arrive after it.
func tiNotificationExchange(t *testing.T, srv *apptest.Server, g *tiGenerator, a, b *apptest.Org, subsB *tiSubscriptions, marker string) {
	t.Helper()
	// send sends a test notification until it arrives on sub: a subscription registers with
	// the broker asynchronously, and a message published before that is not replayed.
	send := func(c *apptest.Client, sub *tiSubscriptions, title string) {
		t.Helper()
		for try := 0; try < 10; try++ {
			c.MustDo(t, `mutation($t: String) { sendTestNotification(title: $t) }`, map[string]any{"t": title}, nil)
			if sub.waitFor(title, time.Second) {
				return
			}
		}
		t.Fatalf("notification %q never arrived on its own org's subscription: %v", title, sub.messages())
	}
	subscribers := len(g.s.root(g.s.SubscriptionType))
	liveWaitSubscribers(t, srv, subscribers, 5*time.Second) // every subscription of B is registered
	send(b.Admin, subsB, "B live check one")
	subsA := tiOpenSubscriptions(t, srv, g, a.Admin.Token)
	liveWaitSubscribers(t, srv, 2*subscribers, 5*time.Second)
	send(a.Admin, subsA, marker+" notification") // published: A's own subscription got it

	// Backup events: B's own arrive; A's one-off backup (queued, progress, archived, ready)
	// must not. B's stop is published after A's ready, so B has seen everything before it.
	b.Admin.MustDo(t, `mutation { scheduleBackup(input: {repeatType: MONTHLY_DATE, dayOfMonth: 17}) { schedule { id } } }`, nil, nil)
	if !subsB.waitFor("on day 17 of every month", 5*time.Second) {
		t.Fatalf("B's backupEvents subscription did not get B's own SCHEDULED event: %v", subsB.messages())
	}
	var run struct{ BackupNow struct{ ID string } }
	a.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, &run)
	if !subsA.waitFor("ready to download", 10*time.Second) {
		t.Fatalf("A's backupEvents subscription did not get A's READY event: %v", subsA.messages())
	}
	b.Admin.MustDo(t, `mutation { stopBackupSchedule { message } }`, nil, nil)
	if !subsB.waitFor("Scheduled backups are stopped", 5*time.Second) {
		t.Fatalf("B's backupEvents subscription did not get B's own STOPPED event: %v", subsB.messages())
	}
	for _, m := range subsB.messages() {
		if strings.Contains(m, "One-off backup queued") || strings.Contains(m, "ready to download") ||
			strings.Contains(m, "Backup archived") || strings.Contains(m, `"runId":"`+run.BackupNow.ID+`"`) {
			t.Errorf("PL-1 LEAK: B's subscription received A's backup event: %s", tiClip(m, 300))
		}
	}
	// Sync runs: A's run must not reach B; B's own does.
	pushRun := func(c *apptest.Client, key string) {
		t.Helper()
		var cl struct{ RegisterSyncClient struct{ ID string } }
		c.MustDo(t, `mutation($n: String!) { registerSyncClient(name: $n) { id } }`, map[string]any{"n": key}, &cl)
		c.MustDo(t, `mutation($i: PushSyncBatchInput!) { pushSyncBatch(input: $i) { id } }`, map[string]any{"i": map[string]any{
			"clientId": cl.RegisterSyncClient.ID, "module": "TASKS", "batchKey": key, "items": []any{}}}, nil)
	}
	pushRun(a.Admin, marker+" sync run")
	if !subsA.waitFor(marker+" sync run", 10*time.Second) {
		t.Fatalf("A's syncRunEvents subscription did not get A's run: %v", subsA.messages())
	}
	pushRun(b.Admin, "B sync run check")
	if !subsB.waitFor("B sync run check", 10*time.Second) {
		t.Fatalf("B's syncRunEvents subscription did not get B's own run: %v", subsB.messages())
	}
	send(b.Admin, subsB, "B live check two") // B's subscription got everything before it
	subsA.close()
}

func (r *tiRunner) checkSubscriptions(subs *tiSubscriptions) {
	r.t.Helper()
	msgs := subs.messages()
	for _, m := range msgs {
		var frame struct {
			Type    string
			Payload apptest.Response
		}
		_ = json.Unmarshal([]byte(m), &frame)
		if frame.Type == "next" {
			r.checkLeak("subscription message", &frame.Payload, nil)
		} else if low := strings.ToLower(m); strings.Contains(low, r.leakText[0]) || strings.Contains(low, r.leakText[1]) {
			r.t.Errorf("PL-1 LEAK: subscription frame carries A's data: %s", tiClip(m, 500))
		}
		if frame.Type == "error" || len(frame.Payload.Errors) > 0 {
			r.t.Errorf("subscription error frame: %s", tiClip(m, 500))
		}
	}
	for _, name := range subs.unknown {
		r.t.Errorf("PL-1: subscription %q is new: it was opened by B but nothing here triggers it. Make sure its events "+
			"are scoped to the subscriber's org, add a trigger to tiNotificationExchange (or a new exchange) and list it in tiKnownSubscriptions", name)
	}
	r.perField["subscription (websocket messages)"] = len(msgs)
}

// ---------------------------------------------------------------------------------------------
// Summary.

func (r *tiRunner) summary(queries, mutations []tiField, subs *tiSubscriptions, took time.Duration) {
	r.t.Helper()
	count := func(kind string, fs []tiField) (exercised, calls int) {
		for _, f := range fs {
			n := r.perField[kind+"."+f.Name]
			calls += n
			if n > 0 {
				exercised++
			} else {
				r.t.Errorf("PL-1 coverage: %s %s was never exercised; the generator must be taught to build it", kind, f.Name)
			}
		}
		return
	}
	qe, qc := count("query", queries)
	me, mc := count("mutation", mutations)
	r.t.Logf("PL-1 coverage: Query %d/%d fields (%d calls), Mutation %d/%d fields (%d calls), Subscription %d/%d fields "+
		"(websocket, %d messages checked); %d calls in all, against %d of org A's IDs of %d types, in %s",
		qe, len(queries), qc, me, len(mutations), mc, len(subs.fields)-len(subs.unknown), len(subs.fields),
		r.perField["subscription (websocket messages)"], r.calls, len(r.foreign.typeOf), len(r.foreign.byType), took.Round(time.Millisecond))
	r.t.Logf("PL-1 variants: %d aimed at A's records (NOT_FOUND like a missing ID), %d with A's IDs as filters or removals "+
		"(same answer as missing IDs); %d inconclusive (same answer as a missing ID, but not NOT_FOUND); %d answers leaked",
		r.refused, r.likeMissing, r.inconclusive, r.leaks)
	for _, k := range tiSortedKeys(r.inconclusiveN) {
		r.t.Logf("  inconclusive: %s: %d variants answered %v", k, r.inconclusiveN[k], r.inconclusiveCodes[k])
	}
	if len(r.internal) > 0 {
		var l []string
		for _, k := range tiSortedKeys(r.internal) {
			l = append(l, fmt.Sprintf("%s (%d/%d calls)", k, r.internal[k], r.perField[k]))
		}
		r.t.Logf("answered INTERNAL (not implemented or crashing; their isolation is only proven once they work): %s", strings.Join(l, ", "))
	}
	var lines []string
	for _, k := range tiSortedKeys(r.perField) {
		lvl := ""
		if l, ok := r.level[k]; ok && l < tiMaxSelectionLevel {
			lvl = fmt.Sprintf(" (selection level %d)", l)
		}
		lines = append(lines, fmt.Sprintf("%s=%d%s", k, r.perField[k], lvl))
	}
	r.t.Logf("calls per field: %s", strings.Join(lines, ", "))
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

func tiRandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

func tiSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func tiCloneMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func tiToAny(ss []string) []any {
	l := make([]any, len(ss))
	for i, s := range ss {
		l[i] = s
	}
	return l
}

func tiWalkStrings(v any, fn func(string)) {
	switch x := v.(type) {
	case string:
		fn(x)
	case map[string]any:
		for _, c := range x {
			tiWalkStrings(c, fn)
		}
	case []any:
		for _, c := range x {
			tiWalkStrings(c, fn)
		}
	}
}

func tiJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func tiClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func tiFirstMessage(r *apptest.Response) string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}
