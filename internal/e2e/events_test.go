package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Issue 10 move 7: a notification's payload is served typed (Notification.event), for rows
// written through the typed events and for rows stored before them (untyped maps) alike.
func TestNotificationEventTyped_Issue10Move7(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Typed Events Co", "te@typed.test")
	orgID, _ := strconv.Atoi(org.ID)
	ctx := context.Background()
	if _, err := srv.App.Notify.Send(ctx, orgID, notify.Message{Title: "paid",
		Event: event.PaymentSucceeded{Payment: "pay_9", Amount: 1200, Currency: "EUR", Charged: 1000}}); err != nil {
		t.Fatal(err)
	}
	// An old row: the untyped payload as backup wrote it before the structs (JSON numbers,
	// a null, a key no struct has).
	if err := srv.App.DB.Client.Notification.Create().SetType("backup.ready").SetTitle("old ready").SetAudience(notify.ForAdmins).
		SetPayload(map[string]any{"runId": 42, "state": "READY", "files": 2, "bytes": 4096, "expiresAt": nil, "legacy": true}).
		SetCreatedAt(srv.App.Clock.Now()).Exec(auth.SystemContext(ctx, orgID)); err != nil {
		t.Fatal(err)
	}
	// A type this server does not know: event is null, the rest of the row is served.
	if err := srv.App.DB.Client.Notification.Create().SetType("gone.away").SetTitle("unknown").SetAudience(notify.ForAdmins).
		SetCreatedAt(srv.App.Clock.Now()).Exec(auth.SystemContext(ctx, orgID)); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Notifications struct {
			Edges []struct {
				Node struct {
					Type, Title string
					Event       *struct {
						Typename        string `json:"__typename"`
						RunID           string
						State           string
						Files, Bytes    int
						Payment         string
						Charged, Amount int
						Currency        string
					}
				}
			}
		}
	}
	org.Admin.MustDo(t, `{ notifications { edges { node { type title event { __typename
	  ... on BackupReadyEvent { runId state files bytes }
	  ... on PaymentSucceededEvent { payment amount charged currency } } } } } }`, nil, &out)
	got := map[string]int{}
	for _, e := range out.Notifications.Edges {
		n := e.Node
		got[n.Type]++
		switch n.Type {
		case "billing.payment_succeeded":
			if n.Event == nil || n.Event.Typename != "PaymentSucceededEvent" || n.Event.Payment != "pay_9" || n.Event.Charged != 1000 || n.Event.Amount != 1200 || n.Event.Currency != "EUR" {
				t.Errorf("typed row: %+v", n.Event)
			}
		case "backup.ready":
			if n.Event == nil || n.Event.Typename != "BackupReadyEvent" || n.Event.RunID != "42" || n.Event.State != "READY" || n.Event.Files != 2 || n.Event.Bytes != 4096 {
				t.Errorf("old row: %+v", n.Event)
			}
		case "gone.away":
			if n.Event != nil {
				t.Errorf("unknown type: event %+v, want null", n.Event)
			}
		}
	}
	if got["billing.payment_succeeded"] != 1 || got["backup.ready"] != 1 || got["gone.away"] != 1 {
		t.Fatalf("notifications listed: %v", got)
	}
}
