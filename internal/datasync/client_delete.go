package datasync

// Deleting a mail client (issue 11 item 8): its settings, item links and runs go, the CRM
// records it synced stay. The owner deletes their own client; an admin any user's of the org
// (the sync privacy policy decides what the viewer sees). Audited.

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/syncclient"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/syncrun"
	"github.com/crmadmin/crmadmin/ent/syncsetting"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/change"
)

// DeleteClient deletes the sync client id with its settings, item links and runs, and answers
// its ID. A run still queued is deleted with it: its job then finds no run and does nothing.
// It joins the request's transaction (graph: @requestTransaction).
func (s *Service) DeleteClient(ctx context.Context, id int) (int, error) {
	v, err := viewer(ctx)
	if err != nil {
		return 0, err
	}
	err = (&change.Runner{Client: s.Client}).Do(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		cl, err := c.SyncClient.Query().Where(syncclient.ID(id)).WithUser().Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.Missing("sync client")
		} else if err != nil {
			return err
		}
		items, err := c.SyncItem.Delete().Where(syncitem.ClientID(id)).Exec(ctx)
		if err != nil {
			return err
		}
		settings, err := c.SyncSetting.Delete().Where(syncsetting.ClientID(id)).Exec(ctx)
		if err != nil {
			return err
		}
		runs, err := c.SyncRun.Delete().Where(syncrun.ClientID(id)).Exec(ctx)
		if err != nil {
			return err
		}
		if err := c.SyncClient.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s deleted their mail client %q", v.Name, cl.Name)
		details := map[string]any{"name": cl.Name, "kind": string(cl.Kind), "ownerID": cl.UserID,
			"items": items, "settings": settings, "runs": runs}
		if cl.UserID != v.UserID && cl.Edges.User != nil {
			summary = fmt.Sprintf("%s deleted the mail client %q of %s <%s>", v.Name, cl.Name, cl.Edges.User.Name, cl.Edges.User.Email)
			details["ownerName"] = cl.Edges.User.Name
		}
		return tx.Audit(audit.Entry{Action: "sync_client.deleted", TargetType: "SyncClient", TargetID: id,
			Summary: summary, Details: details})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}
