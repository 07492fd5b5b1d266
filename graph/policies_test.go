package graph

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Issue 10 move 6, SB-12: the policies read from graph/*.graphqls are the ones the hand lists
// of graph/locked.go held before they became directives (behaviour unchanged).
func TestPolicies_Issue10Move6_SB12(t *testing.T) {
	p, err := PoliciesOf(NewExecutableSchema(Config{}).Schema())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  map[string]bool
		want []string
	}{
		{"@selfTransacted", p.SelfTransacted, []string{
			"changeSubscription", "startTrial", "switchToFree", "renewNow", "setPaymentMethod",
			"removePaymentMethod", "buyBackupUnits", "downgradeBackupUnits", "deleteOrganization",
			"scheduleBackup", "updateBackupSchedule", "backupNow", "pushSyncBatch", "syncAgain", "stopBackupSchedule", "cancelBackupRun",
			"signUp", "signIn", "changePassword", "inviteUser", "sendTestNotification",
			"addEmail", "addEmailTo", "sendAndAddEmail", "addEmailAsCase",
			"startBundleTrial", "extendBundleTrial", "cancelBundle", "upgradeBundle", "subscribeMemberService", "setMemberSuperAdmin"}},
		{"@allowWhileLocked(role: SUPER_ADMIN)", p.SuperAdminWhileLocked, []string{
			"renewNow", "quoteChange", "changeSubscription", "switchToFree",
			"setPaymentMethod", "removePaymentMethod",
			"currentSubscription", "plans", "addOns", "payments", "me", "organization"}},
		{"@open", p.OpenWhileLocked, []string{"signIn", "signUp", "signOut"}},
	} {
		got := slices.Sorted(maps.Keys(c.got))
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	// SkipTx and AccountLock use the same sets.
	if !policies.SelfTransacted["renewNow"] || policies.SelfTransacted["createContact"] {
		t.Errorf("package policies differ from the schema's: %v", policies.SelfTransacted)
	}
}

// Issue 10 move 6: a new mutation cannot miss a list — the schema is refused (the server does
// not start) when a mutation declares neither or both transaction policies, when a query
// declares one, or when @allowWhileLocked names a role other than SUPER_ADMIN.
func TestPoliciesRefuseUndeclared_Issue10Move6(t *testing.T) {
	const defs = `
directive @requestTransaction on FIELD_DEFINITION
directive @selfTransacted on FIELD_DEFINITION
directive @allowWhileLocked(role: Role!) on FIELD_DEFINITION
directive @open on FIELD_DEFINITION
enum Role { SUPER_ADMIN ADMIN }
`
	for _, c := range []struct{ schema, want string }{
		{`type Query { a: Int } type Mutation { m: Int @requestTransaction s: Int @selfTransacted }`, ""},
		{`type Query { a: Int } type Mutation { newThing: Int }`, "Mutation.newThing declares neither"},
		{`type Query { a: Int } type Mutation { m: Int @requestTransaction @selfTransacted }`, "declares both"},
		{`type Query { a: Int @selfTransacted }`, "Query.a: transaction policies are for mutations"},
		{`type Query { a: Int @allowWhileLocked(role: ADMIN) }`, "SUPER_ADMIN only"},
	} {
		s, err := gqlparser.LoadSchema(&ast.Source{Input: defs + c.schema})
		if err != nil {
			t.Fatal(err)
		}
		_, err = PoliciesOf(s)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.schema, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error with %q", c.schema, err, c.want)
		}
	}
}
