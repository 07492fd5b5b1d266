package e2e

// Deleting a mail client (issue 11 item 8): deleteSyncClient removes the client, its settings,
// item links and runs — not the CRM records it synced, and nothing of the user's other clients;
// only the owner or an admin of the org may, and each deletion is audited.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/syncclient"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/syncrun"
	"github.com/crmadmin/crmadmin/ent/syncsetting"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/store"
)

const deleteSyncClientMutation = `mutation($id: ID!) { deleteSyncClient(id: $id) }`

// syncRowsOf counts the rows of each sync table that belong to one client, below the API.
func syncRowsOf(t *testing.T, srv *apptest.Server, client string) map[string]int {
	t.Helper()
	id := atoi(t, client)
	ctx := store.AllOrgs(context.Background())
	c := srv.App.DB.Client
	return map[string]int{
		"clients":  c.SyncClient.Query().Where(syncclient.ID(id)).CountX(ctx),
		"settings": c.SyncSetting.Query().Where(syncsetting.ClientID(id)).CountX(ctx),
		"items":    c.SyncItem.Query().Where(syncitem.ClientID(id)).CountX(ctx),
		"runs":     c.SyncRun.Query().Where(syncrun.ClientID(id)).CountX(ctx),
	}
}

func TestSync_DeleteClient_Issue11Item8(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Delete Co", "owner@delete.test")
	other := srv.SignUp(t, "Other Co", "owner@other-delete.test")
	std := srv.AddUser(t, org.ID, "std@delete.test", user.RoleSTANDARD)
	std2 := srv.AddUser(t, org.ID, "std2@delete.test", user.RoleSTANDARD)

	desk := newPlugin(t, std, "Desk Outlook")
	run := desk.push("CONTACTS",
		it("d1", "CREATE", time.Now(), map[string]string{"firstName": "Dana", "lastName": "Kept", "email1": "dana@delete.test"}),
		it("d2", "CREATE", time.Now(), map[string]string{"lastName": "Long", "jobTitle": strings.Repeat("x", 101)}))
	if run.Added != 1 || run.Ignored != 1 {
		t.Fatalf("setup: run %+v, want 1 added and 1 ignored", run)
	}
	phone := newPlugin(t, std, "Phone")
	phone.push("TASKS", it("t1", "CREATE", time.Now(), map[string]string{"subject": "Call Dana"}))
	before := syncRowsOf(t, srv, desk.client)
	if before["clients"] != 1 || before["settings"] != 3 || before["items"] != 2 || before["runs"] != 1 {
		t.Fatalf("setup: the desk client's rows %v", before)
	}
	phoneBefore := syncRowsOf(t, srv, phone.client)

	// Another user of the org, and another org's admin, cannot delete it: it is missing to them.
	for name, c := range map[string]*apptest.Client{"same org standard": std2, "other org admin": other.Admin} {
		if r := c.Do(t, deleteSyncClientMutation, map[string]any{"id": desk.client}); !hasCode(r, "NOT_FOUND") {
			t.Errorf("%s deletes another user's client: %s %+v", name, r.Data, r.Errors)
		}
	}
	if got := syncRowsOf(t, srv, desk.client); got["clients"] != 1 || got["items"] != 2 {
		t.Fatalf("a refused deletion deleted rows: %v", got)
	}

	// The owner deletes it: its settings, links and runs go; the contact it created stays.
	var del struct{ DeleteSyncClient string }
	std.MustDo(t, deleteSyncClientMutation, map[string]any{"id": desk.client}, &del)
	if del.DeleteSyncClient != desk.client {
		t.Errorf("deleteSyncClient answered %q, want the client's ID %s", del.DeleteSyncClient, desk.client)
	}
	if got := syncRowsOf(t, srv, desk.client); got["clients"]+got["settings"]+got["items"]+got["runs"] != 0 {
		t.Errorf("rows of the deleted client remain: %v", got)
	}
	if got := syncRowsOf(t, srv, phone.client); got["clients"] != phoneBefore["clients"] || got["settings"] != phoneBefore["settings"] ||
		got["items"] != phoneBefore["items"] || got["runs"] != phoneBefore["runs"] {
		t.Errorf("the user's other client changed: %v, was %v", got, phoneBefore)
	}
	var contacts struct{ Contacts struct{ TotalCount int } }
	std.MustDo(t, `{ contacts(where: {lastName: "Kept"}) { totalCount } }`, nil, &contacts)
	if contacts.Contacts.TotalCount != 1 {
		t.Errorf("the CRM contact the client synced is gone: %d contacts named Kept", contacts.Contacts.TotalCount)
	}
	var listed struct {
		SyncClients struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	std.MustDo(t, `{ syncClients { edges { node { id } } } }`, nil, &listed)
	if len(listed.SyncClients.Edges) != 1 || listed.SyncClients.Edges[0].Node.ID != phone.client {
		t.Errorf("syncClients after the deletion: %+v, want only %s", listed, phone.client)
	}
	// The plug-in of a deleted client can no longer push; deleting it again finds nothing.
	if r := desk.pushKey("CONTACTS", "after-delete", nil, it("d3", "CREATE", time.Now(), map[string]string{"lastName": "Late"})); !hasCode(r, "NOT_FOUND") {
		t.Errorf("a push to the deleted client: %+v", r.Errors)
	}
	if r := std.Do(t, deleteSyncClientMutation, map[string]any{"id": desk.client}); !hasCode(r, "NOT_FOUND") {
		t.Errorf("deleting the client twice: %+v", r.Errors)
	}

	// An admin deletes any user's client of the org.
	org.Admin.MustDo(t, deleteSyncClientMutation, map[string]any{"id": phone.client}, nil)
	if got := syncRowsOf(t, srv, phone.client); got["clients"]+got["settings"]+got["items"]+got["runs"] != 0 {
		t.Errorf("rows of the client the admin deleted remain: %v", got)
	}

	// Both deletions are in the audit log, with what the SPA words them from.
	var log struct {
		AuditEvents struct {
			Edges []struct {
				Node struct {
					Summary string
					Details map[string]any
				}
			}
		}
	}
	org.Admin.MustDo(t, `{ auditEvents(first: 10, where: {action: "sync_client.deleted"}) { edges { node { summary details } } } }`, nil, &log)
	summaries := map[string]map[string]any{}
	for _, e := range log.AuditEvents.Edges {
		summaries[e.Node.Summary] = e.Node.Details
	}
	own, ok := summaries[`std@delete.test deleted their mail client "Desk Outlook"`]
	if !ok {
		t.Fatalf("no audit entry for the owner's deletion: %v", summaries)
	}
	if own["name"] != "Desk Outlook" || own["items"] != float64(2) || own["runs"] != float64(1) || own["settings"] != float64(3) {
		t.Errorf("the owner's deletion's details: %v", own)
	}
	found := false
	for s, d := range summaries {
		if strings.Contains(s, `deleted the mail client "Phone" of `) && strings.Contains(s, "std@delete.test") && d["ownerName"] != nil {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit entry naming the owner of the client the admin deleted: %v", summaries)
	}
}
