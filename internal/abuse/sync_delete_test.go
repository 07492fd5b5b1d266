package abuse_test

import (
	"net/http"
	"strings"
	"testing"
)

// deleteSyncClient (issue 11 item 8): its one input, the client's ID, is refused before any
// work when it is not an ID, and answers NOT_FOUND — deleting nothing — for a client the caller
// may not delete: another user's (for a standard user), another org's, or a record of another
// type.
func TestAbuseDeleteSyncClient_Issue11Item8(t *testing.T) {
	e := setup(t)
	var reg struct{ RegisterSyncClient struct{ ID string } }
	e.A.Admin.MustDo(t, `mutation { registerSyncClient(name: "Admin's Outlook") { id } }`, nil, &reg)
	var regB struct{ RegisterSyncClient struct{ ID string } }
	e.B.Admin.MustDo(t, `mutation { registerSyncClient(name: "B's Outlook") { id } }`, nil, &regB)
	del := func(id string) string {
		return gql(`mutation($id: ID!) { deleteSyncClient(id: $id) }`, map[string]any{"id": id})
	}
	for _, c := range []Case{
		{Name: "anonymous", Body: del(reg.RegisterSyncClient.ID), Status: http.StatusOK, Code: "UNAUTHENTICATED"},
		{Name: "a standard user deletes the admin's client", As: "standard", Body: del(reg.RegisterSyncClient.ID), Status: http.StatusOK, Code: "NOT_FOUND"},
		{Name: "an admin deletes another org's client", As: "admin", Body: del(regB.RegisterSyncClient.ID), Status: http.StatusOK, Code: "NOT_FOUND"},
		{Name: "the ID of a contact", As: "admin", Body: del(e.ContactB), Status: http.StatusOK, Code: "NOT_FOUND"},
		invalid("an ID that is not a number", "admin", del("outlook"), "id"),
		invalid("an ID of 10,000 digits", "admin", del(strings.Repeat("9", 10_000)), "id"),
	} {
		t.Run(c.Name, func(t *testing.T) { e.check(t, c) })
	}
}
