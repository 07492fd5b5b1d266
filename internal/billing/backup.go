package billing

// What the backup service buys and uses through billing (BK-9, BK-11): one billing engine.

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
)

// BackupEntitlement is what covers an org's backup runs (BK-9).
type BackupEntitlement struct {
	Plan                string // the plan that applies now (the trial plan during a trial)
	FreeBackupsPerMonth int
	WeeklyAddOn         bool  // the recurring WEEKLY_BACKUP add-on is active
	UnitsLeft           int   // prepaid one-time backup units not used yet
	UnitPrice           Money // one BACKUP_UNIT in the org's currency
}

// BackupEntitlement reads the org's backup entitlement with c (nil: the service's client, or
// the transaction in ctx).
func (s *Service) BackupEntitlement(ctx context.Context, c *ent.Client, orgID int) (*BackupEntitlement, error) {
	if c == nil {
		c = s.client(ctx)
	}
	row, err := s.row(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	st := stateOf(row)
	plan := s.Catalogue.Plan(st.EffectivePlan(s.now()))
	if plan == nil {
		return nil, apperr.New(apperr.Internal, "billing: the plan %q is not in the catalogue", st.Plan)
	}
	price, err := s.Catalogue.AddOn(AddOnBackupUnit).UnitPrice(st.Currency)
	if err != nil {
		return nil, err
	}
	return &BackupEntitlement{Plan: plan.Code, FreeBackupsPerMonth: plan.FreeBackupsPerMonth,
		WeeklyAddOn: st.AddOns[AddOnWeeklyBackup] > 0, UnitsLeft: row.BackupUnits, UnitPrice: price}, nil
}

// UseBackupUnit spends one prepaid backup unit for a run, with c — the backup service's
// transaction, so the run and the unit commit together (BK-9, BK-13: one quota use).
// NEEDS_PURCHASE when none is left.
func (s *Service) UseBackupUnit(ctx context.Context, c *ent.Client, orgID int) error {
	if c == nil {
		c = s.client(ctx)
	}
	if _, err := s.row(ctx, c, orgID); err != nil { // creates the row of an org that has none
		return err
	}
	n, err := c.BillingSubscription.Update().
		Where(billingsubscription.OrgID(orgID), billingsubscription.BackupUnitsGT(0)).
		AddBackupUnits(-1).Save(auth.SystemContext(ctx, orgID))
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.NeedsPurchase, "no backup unit is left: buy backup units (buyBackupUnits) to run this backup")
	}
	return nil
}

// ReturnBackupUnit gives back the unit a run used when the run failed for good (its cover is
// released: the org paid for a backup it did not get), with c — the backup service's
// transaction that marks the run FAILED.
func (s *Service) ReturnBackupUnit(ctx context.Context, c *ent.Client, orgID int) error {
	if c == nil {
		c = s.client(ctx)
	}
	return c.BillingSubscription.Update().Where(billingsubscription.OrgID(orgID)).
		AddBackupUnits(1).Exec(auth.SystemContext(ctx, orgID))
}

// BuyBackupUnits buys one-time backup units with the card on file (BK-11): any number, at the
// catalogue's unit price in the org's currency, recorded in the payment history. Like every
// paid operation it runs outside the caller's transaction (see requireOwnTx).
func (s *Service) BuyBackupUnits(ctx context.Context, units int, key string) (*Result, error) {
	if err := requireOwnTx(ctx, "buyBackupUnits"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if units < 1 || units > maxQuantity {
		return nil, apperr.Invalid("units", "units must be between 1 and %d; got %d", maxQuantity, units)
	}
	fp := fingerprint("buyBackupUnits", units)
	if r, err, done := s.replay(ctx, v.OrgID, key, fp); done {
		return r, err
	}
	row, err := s.row(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	cur := stateOf(row)
	if cur.Status != StatusActive && cur.Status != StatusTrialing {
		return nil, apperr.New(apperr.Conflict, "the subscription is %s: pay the outstanding renewal (renewNow) before buying backup units", cur.Status)
	}
	ch := cur.AsChange()
	ch.BackupUnits = units
	q, err := Quote(s.Catalogue, cur, ch, s.now())
	if err != nil {
		return nil, err
	}
	return s.pay(ctx, v.OrgID, purchase{key: key, fingerprint: fp, quote: q, backupUnits: units, action: "billing.backup_units_bought",
		what: fmt.Sprintf("Backup units × %d (one-time)", units)})
}

// DowngradeBackupUnits gives back unused backup units: their price is credited to the
// account balance (BK-11) and recorded as a refund in the payment history.
func (s *Service) DowngradeBackupUnits(ctx context.Context, units int) (*Result, error) {
	if err := requireOwnTx(ctx, "downgradeBackupUnits"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	var q *QuoteResult
	var pay *ent.Payment
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, v.OrgID)
		if err != nil {
			return err
		}
		cur := stateOf(row)
		if q, err = BackupUnitRefund(s.Catalogue, cur, units, row.BackupUnits); err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, q.Next, func(u *ent.BillingSubscriptionUpdateOne) { u.AddBackupUnits(-units) }); err != nil {
			return err
		}
		p := purchase{quote: q, what: fmt.Sprintf("Returned backup units × %d: credited to the account balance", units)}
		if pay, err = s.record(ctx, c, q, p, "SUCCEEDED", nil); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "billing.backup_units_returned", TargetType: "Payment", TargetID: pay.ID,
			Summary: fmt.Sprintf("%s gave back %s; %s credited to the account balance (%s)", v.Name,
				plural(units, "unused backup unit"), Format(Money{pay.Amount, pay.Currency}), pay.Reference),
			Details: map[string]any{"units": units, "amount": pay.Amount, "currency": pay.Currency, "payment": pay.Reference}})
	})
	if err != nil {
		return nil, err
	}
	return s.result(ctx, v.OrgID, q, pay)
}
