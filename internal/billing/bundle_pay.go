package billing

// Paying for the suite bundle's operations (subscribeMemberService, upgradeBundle) the way
// pay.go pays for the CRM's: the balance first, then the card on file through the gateway
// with an idempotency key bound to the request (fingerprint); a PENDING payment reserves the
// key, the charge holds no database lock, and the change is applied with the payment marked
// SUCCEEDED in ONE transaction — or the payment is recorded FAILED and nothing else changes.
// A change that can no longer be applied after the capture is refunded.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/payment"
	"github.com/crmadmin/crmadmin/ent/paymentmethod"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
)

// bundlePurchase is one paid bundle operation.
type bundlePurchase struct {
	key, fingerprint string
	product, plan    string // the payment's product (a service's code, BUNDLE) and plan
	what             string // description and audit line
	action           string // audit action
	lines            []Line
	subtotal         Money // charges − credits; negative: the rest goes to the balance
	creditApplied    Money // from the balance
	totalDue         Money // charged to the card
	// apply makes the change in the payment's transaction (the org's billing row locked); an
	// error rolls everything back (a capture is then refunded).
	apply func(tx *change.Tx, c *ent.Client, pay *ent.Payment, now time.Time) error
}

// bundleReplay is the payment made earlier under key: nil for a new key; CONFLICT when the key
// paid for another request or is still paying; PAYMENT_FAILED when it failed.
func (s *Service) bundleReplay(ctx context.Context, orgID int, key, fp string) (*ent.Payment, error) {
	p, err := s.Client.Payment.Query().Where(payment.OrgID(orgID), payment.IdempotencyKey(key)).Only(auth.SystemContext(ctx, orgID))
	switch {
	case ent.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	case !sameRequest(p.IdempotencyFingerprint, fp):
		return nil, keyReused(p.IdempotencyFingerprint)
	}
	return replayable(p)
}

func replayable(p *ent.Payment) (*ent.Payment, error) {
	switch p.Status {
	case payment.StatusFAILED:
		return nil, paymentFailed(p)
	case payment.StatusPENDING:
		return nil, apperr.New(apperr.Conflict, "a payment with this idempotency key is being processed (%s); look it up in payments", p.Reference).
			With("paymentReference", p.Reference)
	}
	return p, nil
}

// recordBundle adds the payment row of bp.
func (s *Service) recordBundle(ctx context.Context, c *ent.Client, orgID int, bp bundlePurchase, status payment.Status, card *ent.PaymentMethod) (*ent.Payment, error) {
	kind, source := payment.KindCHARGE, payment.SourceCARD
	amount := bp.totalDue.Amount + bp.creditApplied.Amount
	if bp.totalDue.Amount == 0 {
		source = payment.SourceBALANCE
	}
	if bp.subtotal.Amount < 0 {
		kind, amount = payment.KindREFUND, -bp.subtotal.Amount
	}
	now := s.now()
	cr := c.Payment.Create().SetOrgID(orgID).SetReference(newReference()).SetKind(kind).SetStatus(status).SetSource(source).
		SetAmount(amount).SetBalanceApplied(bp.creditApplied.Amount).SetCurrency(bp.subtotal.Currency).
		SetProduct(bp.product).SetPlan(bp.plan).SetDescription(clip(bp.what, 300)).SetLines(receiptLines(bp.lines)).
		SetCreatedAt(now).SetUpdatedAt(now).SetIdempotencyKey(bp.key).SetIdempotencyFingerprint(bp.fingerprint)
	if card != nil && source == payment.SourceCARD {
		cr.SetCardBrand(card.Brand).SetCardLast4(card.Last4)
	}
	return cr.Save(auth.SystemContext(ctx, orgID))
}

// payBundle pays bp and applies it; it returns the payment (SUCCEEDED).
func (s *Service) payBundle(ctx context.Context, orgID int, bp bundlePurchase) (*ent.Payment, error) {
	sctx := auth.SystemContext(ctx, orgID)
	var card *ent.PaymentMethod
	if bp.totalDue.Amount > 0 {
		var err error
		card, err = s.Client.PaymentMethod.Query().Where(paymentmethod.OrgID(orgID)).Only(sctx)
		if ent.IsNotFound(err) {
			return nil, apperr.New(apperr.PaymentFailed, "There is no card on file to pay %s. Add a card, then try again; nothing was changed.", Format(bp.totalDue)).
				With("failureReason", "no card on file").With("failureCode", "no_card")
		} else if err != nil {
			return nil, err
		}
	}

	// 1. Reserve the idempotency key with a PENDING payment.
	var pending *ent.Payment
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if old, err := c.Payment.Query().Where(payment.OrgID(orgID), payment.IdempotencyKey(bp.key)).Only(sctx); err == nil {
			return errExisting{old}
		} else if !ent.IsNotFound(err) {
			return err
		}
		var err error
		pending, err = s.recordBundle(ctx, c, orgID, bp, payment.StatusPENDING, card)
		return err
	})
	var ex errExisting
	switch {
	case errors.As(err, &ex) && !sameRequest(ex.p.IdempotencyFingerprint, bp.fingerprint):
		return nil, keyReused(ex.p.IdempotencyFingerprint)
	case errors.As(err, &ex):
		return replayable(ex.p)
	case ent.IsConstraintError(err):
		return nil, apperr.New(apperr.Conflict, "a payment with this idempotency key is being processed; look it up in payments")
	case err != nil:
		return nil, err
	}

	// 2. Charge, holding no database lock.
	var res ChargeResult
	if bp.totalDue.Amount > 0 {
		var chargeErr error
		res, chargeErr = s.Gateway.Charge(ctx, ChargeRequest{Token: card.Token, Amount: bp.totalDue,
			IdempotencyKey: fmt.Sprintf("org%d:%s", orgID, pending.Reference), Description: bp.what})
		if chargeErr != nil {
			d, declined := IsDeclined(chargeErr)
			if !declined {
				s.Log.Error("payment gateway error", "org", orgID, "payment", pending.Reference, "err", chargeErr)
				d = &DeclinedError{Code: "gateway_unavailable", Reason: "the payment service could not be reached"}
			}
			return nil, s.failed(ctx, orgID, purchase{}, pending, d)
		}
	}

	// 3. Apply the change, take the balance and mark the payment SUCCEEDED, in one transaction.
	reserved := pending
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		delta := -bp.creditApplied.Amount
		if bp.subtotal.Amount < 0 {
			delta = -bp.subtotal.Amount
		}
		if row.Balance+delta < 0 {
			return conflict("BALANCE_CHANGED", "the account balance changed while paying; nothing was changed")
		}
		now := s.now()
		upd := c.Payment.UpdateOneID(pending.ID).SetStatus(payment.StatusSUCCEEDED).SetUpdatedAt(now)
		if res.TransactionID != "" {
			upd.SetGatewayRef(res.TransactionID)
		}
		if pending, err = upd.Save(sctx); err != nil {
			return err
		}
		if err := bp.apply(tx, c, pending, now); err != nil { // before the balance moves: apply may price again
			return err
		}
		if delta != 0 {
			if err := c.BillingSubscription.UpdateOneID(row.ID).AddBalance(delta).SetUpdatedAt(now).Exec(sctx); err != nil {
				return err
			}
		}
		if err := tx.Audit(audit.Entry{Action: bp.action, TargetType: "Payment", TargetID: pending.ID,
			Summary: fmt.Sprintf("%s paid %s (%s): %s", actor(ctx), Format(Money{pending.Amount, pending.Currency}), pending.Reference, bp.what),
			Details: map[string]any{"payment": pending.Reference, "amount": pending.Amount, "currency": pending.Currency,
				"kind": string(pending.Kind), "balanceApplied": pending.BalanceApplied, "product": bp.product}}); err != nil {
			return err
		}
		if pending.Kind != payment.KindCHARGE || bp.totalDue.Amount == 0 {
			return nil
		}
		return s.notify(tx, orgID, "ADMINS",
			fmt.Sprintf("Payment of %s received (%s)", Format(bp.totalDue), pending.Reference),
			event.PaymentSucceeded{Payment: pending.Reference, Amount: pending.Amount, Currency: pending.Currency, Charged: bp.totalDue.Amount})
	})
	if err != nil {
		if res.TransactionID != "" {
			s.refundCapture(ctx, orgID, reserved, res, bp.totalDue, "the change could not be applied")
		}
		// Nothing was applied (rolled back): the reservation is kept FAILED, so the key answers
		// the same refusal and a new key can try again.
		if uerr := s.Client.Payment.UpdateOneID(reserved.ID).SetStatus(payment.StatusFAILED).
			SetFailureReason(clip("not applied: "+err.Error(), 300)).SetUpdatedAt(s.now()).Exec(sctx); uerr != nil {
			s.Log.Error("payment left PENDING", "org", orgID, "payment", reserved.Reference, "err", uerr)
		}
		return nil, err
	}
	return pending, nil
}
