package billing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
)

// StartTrial starts a 15-day trial of a higher paid plan, once per plan (SB-2).
func (s *Service) StartTrial(ctx context.Context, plan string) (*Overview, error) {
	if err := requireOwnTx(ctx, "startTrial"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	plan = strings.ToUpper(strings.TrimSpace(plan))
	var trial *Trial
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, v.OrgID)
		if err != nil {
			return err
		}
		tried := map[string]bool{}
		for _, p := range row.TriedPlans {
			tried[p] = true
		}
		next, err := StartTrial(s.Catalogue, stateOf(row), plan, s.now(), tried)
		if err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, next, func(u *ent.BillingSubscriptionUpdateOne) { u.AppendTriedPlans([]string{plan}) }); err != nil {
			return err
		}
		trial = next.Trial
		if err := tx.Audit(audit.Entry{Action: "billing.trial_started", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("%s started a %d-day trial of the %s plan, until %s", v.Name, TrialDays,
				s.Catalogue.Plan(plan).Name, trial.EndsAt.Format(time.DateOnly)),
			Details: map[string]any{"plan": plan, "endsAt": trial.EndsAt}}); err != nil {
			return err
		}
		return s.notify(tx, v.OrgID, "ADMINS",
			fmt.Sprintf("The %s trial runs until %s", s.Catalogue.Plan(plan).Name, trial.EndsAt.Format(time.DateOnly)),
			event.TrialStarted{Plan: plan, EndsAt: trial.EndsAt})
	})
	if err != nil {
		return nil, err
	}
	return s.overview(ctx, s.Client, v.OrgID)
}
