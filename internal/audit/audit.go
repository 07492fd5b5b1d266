// Package audit writes the org's append-only audit log (PL-5). Services call Record inside
// their transaction, so a change and its audit line commit or roll back together.
package audit

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// Entry is one audit line; the actor comes from the viewer in the context.
type Entry struct {
	Action     string // dotted verb, e.g. "auth.sign_in", "api_token.created"
	TargetType string
	TargetID   int
	Summary    string // a sentence an admin can read, e.g. "A. Admin created API token “CI”"
	Details    map[string]any
}

// Record appends e to the viewer's org log using client (a transaction's client when in one).
func Record(ctx context.Context, client *ent.Client, e Entry) error {
	v := auth.FromContext(ctx)
	if v == nil {
		return fmt.Errorf("audit: no viewer in context")
	}
	c := client.AuditEvent.Create().
		SetAction(e.Action).
		SetActorName(v.Name).
		SetSummary(e.Summary).
		SetTargetType(e.TargetType)
	if v.UserID != 0 {
		c.SetActorID(v.UserID)
	}
	if e.TargetID != 0 {
		c.SetTargetID(fmt.Sprint(e.TargetID))
	}
	if len(e.Details) > 0 {
		c.SetDetails(e.Details)
	}
	_, err := c.Save(ctx)
	return err
}
