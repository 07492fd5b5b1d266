package app

import (
	"context"

	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/demo"
)

// DemoRegion is the region of the demo org; its attachments go to that region's store.
const DemoRegion = "JP"

// LoadDemo loads the demo organization (crmadmin demo).
func (a *App) LoadDemo(ctx context.Context) (*demo.Result, error) {
	b, err := a.Blobs.Bucket(ctx, DemoRegion)
	if err != nil {
		return nil, err
	}
	res, err := demo.Load(ctx, a.DB.Client, demo.Options{Blobs: blobstore.Writer{Bucket: b}, Now: a.Clock.Now()})
	if err != nil {
		return nil, err
	}
	// The demo's thousands of records are over FREE's record limit (SB-8): give it a paid plan.
	if err := a.Billing.Complimentary(ctx, res.OrgID, billing.PlanProfessional, billing.Yearly, "demo organization"); err != nil {
		return nil, err
	}
	return res, nil
}
