package e2e

import (
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 17 item 6: the SPA words audit entries in the reader's language from their action and
// details (the summary is English, for API clients), so each entry carries the details its
// sentence needs; and the default test notification is titled in its sender's saved language,
// marked so that each reader's SPA words it in theirs.
func TestAuditDetailsWordTheEntry(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Words Co", "words@words.test")
	var tok struct {
		CreateAPIToken struct{ Token struct{ ID string } }
	}
	org.Admin.MustDo(t, `mutation { createAPIToken(input: {name: "deploy"}) { token { id } } }`, nil, &tok)
	org.Admin.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { id } }`, map[string]any{"id": tok.CreateAPIToken.Token.ID}, nil)
	var inv struct {
		InviteUser struct{ User struct{ ID string } }
	}
	org.Admin.MustDo(t, `mutation { inviteUser(input: {email: "sam@words.test", name: "Sam Words"}) { user { id } } }`, nil, &inv)
	org.Admin.MustDo(t, `mutation($id: ID!) { deactivateUser(id: $id) { id } }`, map[string]any{"id": inv.InviteUser.User.ID}, nil)
	org.Admin.MustDo(t, `mutation($id: ID!) { activateUser(id: $id) { id } }`, map[string]any{"id": inv.InviteUser.User.ID}, nil)
	org.Admin.MustDo(t, `mutation { setPaymentMethod(card: {number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123"}) { last4 } }`, nil, nil)
	org.Admin.MustDo(t, `mutation { removePaymentMethod }`, nil, nil)

	var log struct {
		AuditEvents struct {
			Edges []struct {
				Node struct {
					Action  string
					Details map[string]any
				}
			}
		}
	}
	org.Admin.MustDo(t, `{ auditEvents(first: 100) { edges { node { action details } } } }`, nil, &log)
	want := map[string][]string{
		"org.created":          {"name", "region"},
		"api_token.created":    {"name"},
		"api_token.revoked":    {"name"},
		"user.invited":         {"name", "email", "role", "licenseKind"},
		"user.deactivated":     {"name", "email", "licenseKind"},
		"user.activated":       {"name", "email"},
		"billing.card_set":     {"brand", "last4"},
		"billing.card_removed": {"brand", "last4"},
	}
	seen := map[string]bool{}
	for _, e := range log.AuditEvents.Edges {
		keys, ok := want[e.Node.Action]
		if !ok {
			continue
		}
		seen[e.Node.Action] = true
		for _, k := range keys {
			if v, ok := e.Node.Details[k]; !ok || v == "" {
				t.Errorf("%s: details lack %q: %v", e.Node.Action, k, e.Node.Details)
			}
		}
	}
	for a := range want {
		if !seen[a] {
			t.Errorf("no %s entry in the audit log", a)
		}
	}

	// The test notification: a French sender's default title is French, and marked as the default.
	org.Admin.MustDo(t, `mutation { updateMe(input: {locale: "fr"}) { id } }`, nil, nil)
	org.Admin.MustDo(t, `mutation { sendTestNotification }`, nil, nil)
	org.Admin.MustDo(t, `mutation { sendTestNotification(title: "Hello team") }`, nil, nil)
	var ns struct {
		Notifications struct {
			Edges []struct {
				Node struct {
					Title   string
					Payload map[string]any
				}
			}
		}
	}
	org.Admin.MustDo(t, `{ notifications(first: 10, where: {type: "test"}) { edges { node { title payload } } } }`, nil, &ns)
	titles := map[string]any{}
	for _, e := range ns.Notifications.Edges {
		titles[e.Node.Title] = e.Node.Payload["defaultTitle"]
	}
	if titles["Notification de test"] != true || titles["Hello team"] != false || len(titles) != 2 {
		t.Fatalf("test notifications: want the default title in French (defaultTitle true) and the typed one as typed (false); got %v", titles)
	}
}
