package e2e

// The GraphQL email filters fold alike on SQLite and PostgreSQL (issue 11 item 2): emails match
// ignoring the case of ASCII letters only (store.FoldEqual / store.FoldContains), while ent's
// generated EqualFold/ContainsFold is LOWER() on SQLite (ASCII) but ILIKE on PostgreSQL (every
// letter its locale folds): "ÉLODIE@x.test" found "élodie@x.test" on PostgreSQL only.

import (
	"fmt"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

func TestGraphQL_EmailFoldFiltersSameOnBothDatabases_Issue11Item2(t *testing.T) {
	eachDatabase(t, apptest.Options{NoWorker: true}, func(t *testing.T, srv *apptest.Server) {
		org := srv.SignUp(t, "Fold Filter Co", "owner@foldfilter.test")
		c := org.Admin
		for _, e := range []string{"élodie@x.test", "ann@example.com"} {
			createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "C", "email": e})
			createRecord(t, c, "createLead", "CreateLeadInput", map[string]any{"lastName": "L", "email": e})
		}
		count := func(list, typ string, where map[string]any) int {
			t.Helper()
			var out map[string]struct{ TotalCount int }
			c.MustDo(t, fmt.Sprintf(`query($w: %s) { %s(where: $w) { totalCount } }`, typ, list), map[string]any{"w": where}, &out)
			return out[list].TotalCount
		}
		cases := []struct {
			name  string
			where map[string]any
			want  int
		}{
			{"ASCII letters in another case match", map[string]any{"emailEqualFold": "ANN@Example.COM"}, 1},
			{"a non-ASCII letter in another case does not", map[string]any{"emailEqualFold": "ÉLODIE@x.test"}, 0},
			{"the same non-ASCII letter with ASCII in another case matches", map[string]any{"emailEqualFold": "éLODIE@X.TEST"}, 1},
			{"contains: ASCII in another case", map[string]any{"emailContainsFold": "EXAMPLE"}, 1},
			{"contains: a non-ASCII letter in another case", map[string]any{"emailContainsFold": "ÉLOD"}, 0},
			{"contains: % and _ are literal", map[string]any{"emailContainsFold": "%"}, 0},
			{"nested under not", map[string]any{"not": map[string]any{"emailEqualFold": "ANN@EXAMPLE.COM"}}, 1},
			{"nested under or", map[string]any{"or": []any{map[string]any{"emailEqualFold": "ÉLODIE@X.TEST"}, map[string]any{"emailEqualFold": "ann@EXAMPLE.com"}}}, 1},
		}
		for _, tc := range cases {
			for _, l := range []struct{ list, typ string }{{"contacts", "ContactWhereInput"}, {"leads", "LeadWhereInput"}} {
				if got := count(l.list, l.typ, tc.where); got != tc.want {
					t.Errorf("%s %v (%s): %d, want %d", l.list, tc.where, tc.name, got, tc.want)
				}
			}
		}
		// Users: the same folding.
		if got := count("users", "UserWhereInput", map[string]any{"emailEqualFold": "OWNER@FoldFilter.TEST"}); got != 1 {
			t.Errorf("users emailEqualFold in another ASCII case: %d, want 1", got)
		}
		if got := count("users", "UserWhereInput", map[string]any{"emailContainsFold": "FOLDFILTER"}); got != 1 {
			t.Errorf("users emailContainsFold in another ASCII case: %d, want 1", got)
		}
		// An edge's where (the field collection path, not the root resolver) folds the same way.
		acct := createRecord(t, c, "createAccount", "CreateAccountInput", map[string]any{"name": "Acme"})
		createRecord(t, c, "createContact", "CreateContactInput", map[string]any{"lastName": "E", "email": "élodie@acme.test", "accountID": acct})
		var out struct {
			Node struct{ Contacts struct{ TotalCount int } }
		}
		c.MustDo(t, `query($id: ID!, $w: ContactWhereInput) { node(id: $id) { ... on Account { contacts(where: $w) { totalCount } } } }`,
			map[string]any{"id": acct, "w": map[string]any{"emailEqualFold": "ÉLODIE@ACME.TEST"}}, &out)
		if out.Node.Contacts.TotalCount != 0 {
			t.Errorf("an account's contacts by emailEqualFold ÉLODIE@ACME.TEST: %d, want 0 (é ≠ É)", out.Node.Contacts.TotalCount)
		}
		c.MustDo(t, `query($id: ID!, $w: ContactWhereInput) { node(id: $id) { ... on Account { contacts(where: $w) { totalCount } } } }`,
			map[string]any{"id": acct, "w": map[string]any{"emailEqualFold": "éLODIE@ACME.TEST"}}, &out)
		if out.Node.Contacts.TotalCount != 1 {
			t.Errorf("an account's contacts by emailEqualFold éLODIE@ACME.TEST: %d, want 1", out.Node.Contacts.TotalCount)
		}
	})
}
