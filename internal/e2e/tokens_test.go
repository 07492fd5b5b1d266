package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 9 item 11 (PL-2): personal tokens are personal. Only the owner sees a token, by every
// query path (node, nodes, the apiTokens list); only the owner or the SUPER_ADMIN revokes it,
// audited. Seen before: a STANDARD user read the super admin's token through node(id:), an
// ADMIN revoked it.
func TestAPITokensArePersonal(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Tokens Co", "sue@tokens.test") // its client uses the super admin's token "test"
	admin := srv.AddUser(t, org.ID, "ada@tokens.test", user.RoleADMIN)
	std := srv.AddUser(t, org.ID, "sam@tokens.test", user.RoleSTANDARD)

	var created struct {
		CreateAPIToken struct{ Token struct{ ID string } }
	}
	org.Admin.MustDo(t, `mutation { createAPIToken(input: {name: "super-secret-deploy"}) { token { id } } }`, nil, &created)
	superTok := created.CreateAPIToken.Token.ID
	admin.MustDo(t, `mutation { createAPIToken(input: {name: "ada-ci"}) { token { id } } }`, nil, &created)
	adminTok := created.CreateAPIToken.Token.ID

	for name, c := range map[string]*apptest.Client{"STANDARD": std, "ADMIN": admin} {
		for _, q := range []string{
			`query($id: ID!) { node(id: $id) { id ... on APIToken { name prefix user { email } } } }`,
			`query($id: ID!) { nodes(ids: [$id]) { id ... on APIToken { name prefix } } }`,
			`query($id: ID!) { apiTokens { edges { node { id name } } } }`,
		} {
			r := c.Do(t, q, map[string]any{"id": superTok})
			if raw, _ := json.Marshal(r); strings.Contains(string(raw), "super-secret-deploy") || strings.Contains(string(r.Data), `"`+superTok+`"`) {
				t.Errorf("%s must not see the super admin's token through %s: %s", name, q, raw)
			}
		}
		// Revoking someone else's token is NOT_FOUND (PL-1 wording) and changes nothing.
		assertCode(t, c.Do(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { id } }`, map[string]any{"id": superTok}), apperr.NotFound)
	}
	var list struct {
		APITokens struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
	}
	org.Admin.MustDo(t, `{ apiTokens { edges { node { id name revokedAt } } } }`, nil, &list)
	if len(list.APITokens.Edges) != 2 {
		t.Fatalf("the owner sees their own two tokens (and no one else's): %+v", list)
	}
	org.Admin.MustDo(t, `{ me { id } }`, nil, nil) // the super admin's tokens still work: nobody revoked them

	// The standard user cannot revoke the admin's token either; the admin's own list is theirs.
	assertCode(t, std.Do(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { id } }`, map[string]any{"id": adminTok}), apperr.NotFound)
	admin.MustDo(t, `{ apiTokens { edges { node { id name } } } }`, nil, &list)
	for _, e := range list.APITokens.Edges {
		if e.Node.ID == superTok {
			t.Fatalf("admin listed the super admin's token: %+v", list)
		}
	}

	// The SUPER_ADMIN revokes the admin's token (an employee leaving), audited with the owner.
	var revoked struct{ RevokeAPIToken struct{ RevokedAt *string } }
	org.Admin.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`, map[string]any{"id": adminTok}, &revoked)
	if revoked.RevokeAPIToken.RevokedAt == nil {
		t.Fatalf("super admin revoke: %+v", revoked)
	}
	var audit struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ Action, Summary string }
			}
		}
	}
	org.Admin.MustDo(t, `{ auditEvents(where: {action: "api_token.revoked"}) { edges { node { action summary } } } }`, nil, &audit)
	if len(audit.AuditEvents.Edges) != 1 || !strings.Contains(audit.AuditEvents.Edges[0].Node.Summary, "ada@tokens.test") {
		t.Fatalf("the revocation must be audited naming the owner: %+v", audit)
	}
	// The owner revokes their own; revoking again keeps the first date.
	std.MustDo(t, `{ apiTokens { edges { node { id } } } }`, nil, &list)
	stdTok := list.APITokens.Edges[0].Node.ID
	var first, again struct{ RevokeAPIToken struct{ RevokedAt string } }
	std.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`, map[string]any{"id": stdTok}, &first)
	org.Admin.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`, map[string]any{"id": stdTok}, &again)
	if first.RevokeAPIToken.RevokedAt == "" || first.RevokeAPIToken.RevokedAt != again.RevokeAPIToken.RevokedAt {
		t.Fatalf("revoking twice keeps the first date: %+v %+v", first, again)
	}
}
