package billing

// The worker's side (SB-2, SB-11, SB-12): billing:tick lists the subscriptions whose next step
// is due — the database is the source of truth — and one task per org runs them. Every step
// is idempotent: a step already done is no longer due, and a renewal charge is made at most
// once per period because its payment's idempotency key names the period (and the retry).

import (
	"context"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/store"
)

// DueStep is a subscription whose next worker step is due.
type DueStep struct {
	OrgID  int
	Action Action
	At     time.Time
}

// Due lists up to limit subscriptions whose next step is due now, oldest first.
func (s *Service) Due(ctx context.Context, limit int) ([]DueStep, error) {
	rows, err := s.Client.BillingSubscription.Query().
		Where(billingsubscription.NextActionAtLTE(s.now())).
		Order(ent.Asc(billingsubscription.FieldNextActionAt)).Limit(limit).All(store.AllOrgs(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]DueStep, len(rows))
	for i, r := range rows {
		out[i] = DueStep{OrgID: r.OrgID, Action: Action(r.NextAction), At: r.NextActionAt.UTC()}
	}
	return out, nil
}

// RunDue runs every step due now for one org, in order (a worker that was down catches up:
// renewal failed → locked → FREE). A declined renewal is not an error: it is dunning. An
// error means "retry later" (the gateway could not be reached, the database failed).
func (s *Service) RunDue(ctx context.Context, orgID int) error {
	ctx = auth.SystemContext(ctx, orgID)
	for range 10 {
		row, err := s.row(ctx, s.Client, orgID)
		if err != nil {
			return err
		}
		st, now := stateOf(row), s.now()
		a, at := s.nextStep(st, now)
		if a == ActionNone || at.After(now) {
			if row.NextActionAt == nil || !row.NextActionAt.Equal(at) || row.NextAction != string(a) {
				return s.Client.BillingSubscription.UpdateOneID(row.ID).SetNextAction(string(a)).SetNextActionAt(at).Exec(ctx)
			}
			return nil
		}
		switch a {
		case ActionRenew, ActionRetry:
			err = s.renew(ctx, orgID, st, a, now)
		case ActionEndTrial:
			err = s.endTrial(ctx, orgID)
		case ActionPriceNotice:
			err = s.announcePrice(ctx, orgID)
		case ActionLock:
			err = s.lock(ctx, orgID)
		case ActionDowngradeToFree:
			err = s.downgradeToFree(ctx, orgID)
		}
		if err != nil {
			return err
		}
	}
	return fmt.Errorf("billing: org %d still has steps due after 10 rounds", orgID)
}

// renew charges the next period (SB-11): the first attempt at the period end, then the
// retries while PAST_DUE.
func (s *Service) renew(ctx context.Context, orgID int, st State, a Action, now time.Time) error {
	if covered, err := s.coverByBundle(ctx, orgID); covered || err != nil {
		return err // the suite bundle's contract pays for this period (BU-5)
	}
	q, err := RenewalQuote(s.Catalogue, st, now)
	if err != nil {
		return err
	}
	key, failAction := fmt.Sprintf("%s%d", reservedKeyPrefix, st.PeriodEnd.Unix()), "billing.renewal_failed"
	if a == ActionRetry {
		key += fmt.Sprintf(":retry:%d", st.RetriesDone+1)
		failAction = "billing.renewal_retry_failed"
	}
	_, err = s.pay(ctx, orgID, purchase{key: key, fingerprint: fingerprint("renewal", nil), quote: q, renewal: true, action: "billing.renewed", failAction: failAction,
		what: fmt.Sprintf("Renewal: %s, %s → %s", describeState(s.Catalogue, q.Next),
			q.Next.PeriodStart.Format(time.DateOnly), q.Next.PeriodEnd.Format(time.DateOnly))})
	if apperr.Is(err, apperr.PaymentFailed) {
		return nil // recorded, and dunning moved on
	}
	return err
}

// endTrial returns an org whose trial is over to the plan it pays for (SB-2).
func (s *Service) endTrial(ctx context.Context, orgID int) error {
	var plan, back, backCode string
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		cur := stateOf(row)
		next, changed := TrialExpired(cur, s.now())
		if !changed {
			return nil
		}
		plan, back, backCode = cur.Trial.Plan, s.Catalogue.Plan(next.Plan).Name, next.Plan
		if _, err := s.save(ctx, c, row, next, nil); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "billing.trial_ended", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("The %s trial ended without a purchase; the organization is back on the %s plan", plan, back),
			Details: map[string]any{"plan": plan, "back": backCode}}); err != nil {
			return err
		}
		return s.notify(tx, orgID, "ADMINS", fmt.Sprintf("The %s trial ended; back on the %s plan", plan, back),
			event.TrialEnded{Plan: plan, Back: backCode})
	})
	return err
}

// lock locks an org whose grace ended unpaid (SB-12).
func (s *Service) lock(ctx context.Context, orgID int) error {
	var until time.Time
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		next, err := s.Dunning.Lock(stateOf(row), s.now())
		if err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, next, nil); err != nil {
			return err
		}
		until = s.Dunning.DowngradeAt(next)
		if err := tx.Audit(audit.Entry{Action: "billing.locked", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("The grace period ended unpaid: the organization is locked until the super admin renews, chooses a plan or goes Free; on %s it goes to the Free plan automatically",
				until.Format(time.DateOnly)),
			Details: map[string]any{"downgradeAt": until}}); err != nil {
			return err
		}
		return s.notify(tx, orgID, "ALL",
			"The account is locked: the subscription was not paid. The super admin can renew, choose another plan or switch to Free",
			event.Locked{DowngradeAt: until})
	})
	return err
}

// downgradeToFree moves an org locked for 2 months to FREE and unlocks it (SB-12).
func (s *Service) downgradeToFree(ctx context.Context, orgID int) error {
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		cur := stateOf(row)
		next, err := s.Dunning.DowngradeToFree(s.Catalogue, cur, s.now())
		if err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, next, nil); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "billing.downgraded_to_free", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("After %d months locked, the organization was moved from the %s plan to the Free plan and unlocked (%s + %s)",
				s.Dunning.LockMonths, cur.Plan, plural(next.Regular, "regular license"), plural(next.Team, "team license")),
			Details: map[string]any{"plan": cur.Plan, "months": s.Dunning.LockMonths}}); err != nil {
			return err
		}
		return s.notify(tx, orgID, "ALL", "The account is unlocked on the Free plan", event.Unlocked{Plan: PlanFree})
	})
	return err
}
