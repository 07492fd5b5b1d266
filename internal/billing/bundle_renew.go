package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent/bundle"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/change"
)

// coverByBundle is the CRM renewal of an org whose suite bundle is paid for (BU-5): the bundle
// contract pays for the CRM until its period end, so the renewal charges nothing and the CRM's
// period runs on to the contract's end (audited as billing.covered_by_bundle). It reports
// whether it did; false when no upgraded bundle covers the period that is due.
func (s *Service) coverByBundle(ctx context.Context, orgID int) (bool, error) {
	covered := false
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		b, err := s.bundleRow(ctx, c, orgID)
		if err != nil || b == nil || b.State != bundle.StateUPGRADED || b.ContractPeriodEnd == nil {
			return err
		}
		cur := stateOf(row)
		end := b.ContractPeriodEnd.UTC()
		if !end.After(cur.PeriodEnd) {
			return nil
		}
		next := cur.Clone()
		next.PeriodStart, next.PeriodEnd = cur.PeriodEnd, end
		next.Status, next.RetriesDone = StatusActive, 0
		if _, err := s.save(ctx, c, row, next, nil); err != nil {
			return err
		}
		covered = true
		return tx.Audit(audit.Entry{Action: "billing.covered_by_bundle", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("The CRM is paid by the suite bundle contract until %s: no renewal charge",
				end.Format(time.DateOnly)),
			Details: map[string]any{"periodStart": next.PeriodStart, "periodEnd": next.PeriodEnd}})
	})
	return covered, err
}
