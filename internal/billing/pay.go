package billing

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/payment"
	"github.com/crmadmin/crmadmin/ent/paymentmethod"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/i18n"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/kind/receipt"
)

// ---------------------------------------------------------------------------------------
// Payments

// purchase is one paid operation.
type purchase struct {
	key         string // idempotency key ("" = none)
	fingerprint string // what the key pays for (see fingerprint)
	quote       *QuoteResult
	backupUnits int  // one-time units added on success
	renewal     bool // merchant-initiated (the worker): a declined card enters dunning
	action      string
	what        string // for the payment's description and the audit line
	failAction  string // audit action of a declined renewal
}

// newReference is a payment ID people can read out: PAY- and 12 characters.
func newReference() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "PAY-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])[:12]
}

// paymentFailed is the PAYMENT_FAILED error for a failed payment row.
func paymentFailed(p *ent.Payment) error {
	return apperr.New(apperr.PaymentFailed, "The payment of %s failed: %s. Nothing was changed; update the card and try again.",
		Format(Money{p.Amount - p.BalanceApplied, p.Currency}), i18n.Phrase(p.FailureReason)).
		With("paymentReference", p.Reference).With("failureReason", p.FailureReason).
		With("hint", "retry with a new idempotencyKey after setPaymentMethod; the same key returns this answer again")
}

// errExisting carries a payment found under the idempotency key out of a transaction.
type errExisting struct{ p *ent.Payment }

func (e errExisting) Error() string { return "payment exists for this idempotency key" }

// replay answers a key already used: CONFLICT when it paid for another request (fp differs),
// else the first result (SUCCEEDED), the same refusal (FAILED), or CONFLICT while the first
// request is still paying. done is false for a new key.
func (s *Service) replay(ctx context.Context, orgID int, key, fp string) (*Result, error, bool) {
	if key == "" {
		return nil, nil, false
	}
	p, err := s.Client.Payment.Query().Where(payment.OrgID(orgID), payment.IdempotencyKey(key)).Only(auth.SystemContext(ctx, orgID))
	if ent.IsNotFound(err) {
		return nil, nil, false
	}
	if err != nil {
		return nil, err, true
	}
	if !sameRequest(p.IdempotencyFingerprint, fp) {
		return nil, keyReused(p.IdempotencyFingerprint), true
	}
	r, err := s.replayPayment(ctx, orgID, p)
	return r, err, true
}

func (s *Service) replayPayment(ctx context.Context, orgID int, p *ent.Payment) (*Result, error) {
	switch p.Status {
	case payment.StatusFAILED:
		return nil, paymentFailed(p)
	case payment.StatusPENDING:
		return nil, apperr.New(apperr.Conflict, "a payment with this idempotency key is being processed (%s); look it up in payments", p.Reference).
			With("paymentReference", p.Reference)
	}
	ov, err := s.overview(ctx, s.Client, orgID)
	if err != nil {
		return nil, err
	}
	return &Result{Overview: ov, Quote: quoteFromPayment(p, ov.State), Payment: p}, nil
}

// quoteFromPayment rebuilds what a payment paid for (for an idempotent replay).
func quoteFromPayment(p *ent.Payment, st State) *QuoteResult {
	q := &QuoteResult{From: st, Next: st, Lines: billingLines(p.Lines, p.Currency), QuotedAt: p.CreatedAt.UTC()}
	var sub int64
	for _, l := range q.Lines {
		sub += l.Signed()
	}
	m := func(v int64) Money { return Money{v, p.Currency} }
	q.Subtotal, q.CreditApplied, q.NewBalance = m(sub), m(p.BalanceApplied), m(st.Balance)
	if p.Kind == payment.KindCHARGE {
		q.TotalDue = m(p.Amount - p.BalanceApplied)
	} else {
		q.TotalDue = m(0)
	}
	return q
}

func receiptLines(ls []Line) []receipt.Line {
	out := make([]receipt.Line, len(ls))
	for i, l := range ls {
		out[i] = receipt.Line{Kind: string(l.Kind), Product: string(l.Product), Code: l.Code, LicenseKind: string(l.License),
			Description: l.Description, Quantity: l.Quantity, UnitAmount: l.UnitPrice.Amount,
			Seconds: l.Seconds, PeriodSeconds: l.PeriodSeconds, Amount: l.Amount.Amount}
	}
	return out
}

func billingLines(ls []receipt.Line, currency string) []Line {
	out := make([]Line, len(ls))
	for i, l := range ls {
		out[i] = Line{Kind: LineKind(l.Kind), Product: Product(l.Product), Code: l.Code, License: LicenseKind(l.LicenseKind),
			Description: l.Description, Quantity: l.Quantity, UnitPrice: Money{l.UnitAmount, currency},
			Seconds: l.Seconds, PeriodSeconds: l.PeriodSeconds, Amount: Money{l.Amount, currency}}
	}
	return out
}

// ReceiptLines converts quote lines to their stored form (the API shows both alike).
func ReceiptLines(ls []Line) []receipt.Line { return receiptLines(ls) }

// record adds a payment row for q with c.
func (s *Service) record(ctx context.Context, c *ent.Client, q *QuoteResult, p purchase, status payment.Status, card *ent.PaymentMethod) (*ent.Payment, error) {
	kind, source := payment.KindCHARGE, payment.SourceCARD
	amount := q.TotalDue.Amount + q.CreditApplied.Amount
	if q.TotalDue.Amount == 0 {
		source = payment.SourceBALANCE
	}
	if q.Subtotal.Amount < 0 {
		kind, amount = payment.KindREFUND, -q.Subtotal.Amount
	}
	now := s.now()
	cr := c.Payment.Create().SetReference(newReference()).SetKind(kind).SetStatus(status).SetSource(source).
		SetAmount(amount).SetBalanceApplied(q.CreditApplied.Amount).SetCurrency(q.Subtotal.Currency).
		SetPlan(q.Next.Plan).SetDescription(clip(p.what, 300)).SetLines(receiptLines(q.Lines)).
		SetCreatedAt(now).SetUpdatedAt(now)
	if p.key != "" {
		cr.SetIdempotencyKey(p.key).SetIdempotencyFingerprint(p.fingerprint)
	}
	if card != nil && source == payment.SourceCARD {
		cr.SetCardBrand(card.Brand).SetCardLast4(card.Last4)
	}
	return cr.Save(ctx)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// pay charges q.TotalDue and applies q.Next, atomically from the org's point of view: the
// change is applied only once the money is captured, a declined payment changes nothing but
// is recorded FAILED, and a change that cannot be applied after capture is refunded.
func (s *Service) pay(ctx context.Context, orgID int, p purchase) (*Result, error) {
	q := p.quote
	if q.TotalDue.Amount == 0 {
		return s.applyUnpaid(ctx, orgID, p)
	}
	sctx := auth.SystemContext(ctx, orgID)
	card, err := s.Client.PaymentMethod.Query().Where(paymentmethod.OrgID(orgID)).Only(sctx)
	if ent.IsNotFound(err) {
		card = nil
		if !p.renewal {
			return nil, apperr.New(apperr.PaymentFailed, "There is no card on file to pay %s. Add a card, then try again; nothing was changed.", Format(q.TotalDue)).
				With("failureReason", "no card on file").With("failureCode", "no_card")
		}
	} else if err != nil {
		return nil, err
	}

	// 1. Reserve the idempotency key with a PENDING payment.
	var pending *ent.Payment
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if p.key != "" {
			if old, err := c.Payment.Query().Where(payment.OrgID(orgID), payment.IdempotencyKey(p.key)).Only(sctx); err == nil {
				return errExisting{old}
			} else if !ent.IsNotFound(err) {
				return err
			}
		}
		var err error
		pending, err = s.record(ctx, c, q, p, payment.StatusPENDING, card)
		return err
	})
	var ex errExisting
	switch {
	case errors.As(err, &ex) && !sameRequest(ex.p.IdempotencyFingerprint, p.fingerprint):
		return nil, keyReused(ex.p.IdempotencyFingerprint)
	case errors.As(err, &ex) && ex.p.Status == payment.StatusPENDING && p.renewal:
		pending = ex.p // the worker died after charging: charge again with the same key (the gateway answers once)
	case errors.As(err, &ex):
		return s.replayPayment(ctx, orgID, ex.p)
	case ent.IsConstraintError(err) && p.key != "": // a concurrent submit with the same key won the race
		return nil, apperr.New(apperr.Conflict, "a payment with this idempotency key is being processed; look it up in payments")
	case err != nil:
		return nil, err
	}

	// 2. Charge, holding no database lock.
	var res ChargeResult
	var chargeErr error
	if card == nil {
		chargeErr = &DeclinedError{Code: "no_card", Reason: "there is no card on file"}
	} else {
		res, chargeErr = s.Gateway.Charge(ctx, ChargeRequest{Token: card.Token, Amount: q.TotalDue,
			IdempotencyKey: fmt.Sprintf("org%d:%s", orgID, pending.Reference), Description: p.what, Renewal: p.renewal})
	}
	if chargeErr != nil {
		d, declined := IsDeclined(chargeErr)
		if !declined {
			if p.renewal {
				return nil, fmt.Errorf("billing: charging org %d: %w", orgID, chargeErr) // stays PENDING; the job retries
			}
			s.Log.Error("payment gateway error", "org", orgID, "payment", pending.Reference, "err", chargeErr)
			d = &DeclinedError{Code: "gateway_unavailable", Reason: "the payment service could not be reached"}
		}
		return nil, s.failed(ctx, orgID, p, pending, d)
	}

	// 3. Apply the change and mark the payment SUCCEEDED, in one transaction.
	var conflict error
	var wasLocked bool
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		cur := stateOf(row)
		wasLocked = cur.Status == StatusLocked
		upd := c.Payment.UpdateOneID(pending.ID).SetStatus(payment.StatusSUCCEEDED).SetGatewayRef(res.TransactionID).SetUpdatedAt(s.now())
		next, err := OnPaymentSucceeded(cur, q)
		if err != nil {
			conflict = err // the subscription changed while paying: keep the record, refund below
			pending, err = upd.Save(sctx)
			return err
		}
		if _, err := s.save(ctx, c, row, next, func(u *ent.BillingSubscriptionUpdateOne) {
			if p.backupUnits > 0 {
				u.AddBackupUnits(p.backupUnits)
			}
		}); err != nil {
			return err
		}
		if pending, err = upd.Save(sctx); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: p.action, TargetType: "Payment", TargetID: pending.ID,
			Summary: fmt.Sprintf("%s paid %s (%s): %s", actor(ctx), Format(Money{pending.Amount, pending.Currency}), pending.Reference, p.what),
			Details: map[string]any{"payment": pending.Reference, "amount": pending.Amount, "currency": pending.Currency,
				"balanceApplied": pending.BalanceApplied, "plan": next.Plan, "status": string(next.Status), "backupUnits": p.backupUnits}}); err != nil {
			return err
		}
		if err := weeklyBackupAudit(ctx, c, q, pending.Reference); err != nil {
			return err
		}
		if err := s.notify(tx, orgID, "ADMINS",
			fmt.Sprintf("Payment of %s received (%s)", Format(Money{pending.Amount - pending.BalanceApplied, pending.Currency}), pending.Reference),
			event.PaymentSucceeded{Payment: pending.Reference, Amount: pending.Amount, Currency: pending.Currency,
				Charged: pending.Amount - pending.BalanceApplied}); err != nil {
			return err
		}
		if wasLocked {
			return s.notify(tx, orgID, "ALL", "The account is unlocked: the payment was received", event.Unlocked{Payment: pending.Reference})
		}
		return nil
	})
	if err != nil {
		// Captured but not applied (the database failed): give the money back.
		s.refundCapture(ctx, orgID, pending, res, q.TotalDue, "the change could not be saved")
		return nil, err
	}
	if conflict != nil {
		s.refundCapture(ctx, orgID, pending, res, q.TotalDue, "the subscription changed while paying")
		return nil, conflict
	}
	return s.result(ctx, orgID, q, pending)
}

// WeeklyBackupAddOnChanged is the audit action of a change to the weekly backup add-on; the
// backup log shows it among the purchases of backup add-ons (BK-19).
const WeeklyBackupAddOnChanged = "billing.weekly_backup_addon_changed"

// weeklyBackupAudit records, with c, that a paid change started or cancelled the weekly
// backup add-on, when it did.
func weeklyBackupAudit(ctx context.Context, c *ent.Client, q *QuoteResult, ref string) error {
	from, to := q.From.AddOns[AddOnWeeklyBackup], q.Next.AddOns[AddOnWeeklyBackup]
	if from == to {
		return nil
	}
	what := "started the weekly backup add-on"
	if to == 0 {
		what = "cancelled the weekly backup add-on"
	}
	if ref != "" {
		what += " (" + ref + ")"
	}
	return audit.Record(ctx, c, audit.Entry{Action: WeeklyBackupAddOnChanged, TargetType: "Subscription",
		Summary: actor(ctx) + " " + what, Details: map[string]any{"from": from, "to": to, "payment": ref}})
}

// applyUnpaid applies a change that charges the card nothing: paid from the balance, free, or
// giving money back to the balance.
func (s *Service) applyUnpaid(ctx context.Context, orgID int, p purchase) (*Result, error) {
	q := p.quote
	var pay *ent.Payment
	var wasLocked bool
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		cur := stateOf(row)
		wasLocked = cur.Status == StatusLocked
		next, err := OnPaymentSucceeded(cur, q)
		if err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, next, func(u *ent.BillingSubscriptionUpdateOne) {
			if p.backupUnits > 0 {
				u.AddBackupUnits(p.backupUnits)
			}
		}); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s: %s", actor(ctx), p.what)
		if q.Subtotal.Amount != 0 || q.CreditApplied.Amount > 0 {
			if pay, err = s.record(ctx, c, q, p, payment.StatusSUCCEEDED, nil); err != nil {
				return err
			}
			verb := "paid from the account balance"
			if pay.Kind == payment.KindREFUND {
				verb = "credited to the account balance"
			}
			summary = fmt.Sprintf("%s: %s; %s %s (%s)", actor(ctx), p.what, Format(Money{pay.Amount, pay.Currency}), verb, pay.Reference)
		}
		if err := tx.Audit(audit.Entry{Action: p.action, TargetType: "Subscription", TargetID: row.ID, Summary: summary,
			Details: map[string]any{"plan": next.Plan, "status": string(next.Status), "balance": next.Balance}}); err != nil {
			return err
		}
		ref := ""
		if pay != nil {
			ref = pay.Reference
		}
		if err := weeklyBackupAudit(ctx, c, q, ref); err != nil {
			return err
		}
		if wasLocked {
			return s.notify(tx, orgID, "ALL", "The account is unlocked", event.Unlocked{Plan: q.Next.Plan})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.result(ctx, orgID, q, pay)
}

// failed records a declined payment: the payment FAILED, and for a renewal the dunning step
// (SB-11); nothing else changes (SB-3).
func (s *Service) failed(ctx context.Context, orgID int, p purchase, pending *ent.Payment, d *DeclinedError) error {
	sctx := auth.SystemContext(ctx, orgID)
	var before, after Status
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		var err error
		pending, err = c.Payment.UpdateOneID(pending.ID).SetStatus(payment.StatusFAILED).SetFailureReason(clip(d.Reason, 300)).
			SetUpdatedAt(s.now()).Save(sctx)
		if err != nil {
			return err
		}
		action, summary := "billing.payment_failed", fmt.Sprintf("Payment of %s (%s) failed: %s; nothing was changed", Format(Money{pending.Amount - pending.BalanceApplied, pending.Currency}), pending.Reference, d.Reason)
		if p.renewal {
			row, err := s.row(ctx, c, orgID)
			if err != nil {
				return err
			}
			cur := stateOf(row)
			next, err := s.Dunning.OnRenewalFailed(cur, s.now())
			if err != nil {
				return err
			}
			before, after = cur.Status, next.Status
			if _, err := s.save(ctx, c, row, next, func(u *ent.BillingSubscriptionUpdateOne) { u.SetLastFailure(clip(d.Reason, 300)) }); err != nil {
				return err
			}
			action = p.failAction
			summary = fmt.Sprintf("Renewal charge of %s (%s) failed: %s. Grace until %s (%d of %d retries made)",
				Format(Money{pending.Amount - pending.BalanceApplied, pending.Currency}), pending.Reference, d.Reason,
				s.Dunning.GraceEnds(next).Format(time.DateOnly), next.RetriesDone, len(s.Dunning.RetryDays))
		}
		if err := tx.Audit(audit.Entry{Action: action, TargetType: "Payment", TargetID: pending.ID, Summary: summary,
			Details: map[string]any{"payment": pending.Reference, "reason": d.Reason, "code": d.Code}}); err != nil {
			return err
		}
		if err := s.notify(tx, orgID, "ADMINS",
			fmt.Sprintf("Payment of %s failed: %s", Format(Money{pending.Amount - pending.BalanceApplied, pending.Currency}), d.Reason),
			event.PaymentFailed{Payment: pending.Reference, Reason: d.Reason}); err != nil {
			return err
		}
		if before != StatusPastDue && after == StatusPastDue {
			return s.notify(tx, orgID, "ADMINS",
				fmt.Sprintf("The renewal could not be charged: update the card within %d days to keep the account", s.Dunning.GraceDays),
				event.PastDue{Payment: pending.Reference, GraceDays: s.Dunning.GraceDays})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return paymentFailed(pending)
}

// refundCapture gives back a charge that was captured but could not be applied, and records
// the refund. Failures are logged for an operator: the money is then still captured.
func (s *Service) refundCapture(ctx context.Context, orgID int, paid *ent.Payment, res ChargeResult, amount Money, why string) {
	rr, err := s.Gateway.Refund(ctx, RefundRequest{TransactionID: res.TransactionID, Amount: amount,
		IdempotencyKey: fmt.Sprintf("org%d:refund:%s", orgID, paid.Reference)})
	if err != nil {
		s.Log.Error("REFUND NEEDED: a captured payment could not be applied nor refunded", "org", orgID, "payment", paid.Reference, "err", err)
		return
	}
	now := s.now()
	_, err = s.Client.Payment.Create().SetOrgID(orgID).SetReference(newReference()).SetKind(payment.KindREFUND).
		SetStatus(payment.StatusSUCCEEDED).SetSource(payment.SourceCARD).SetAmount(amount.Amount).SetCurrency(amount.Currency).
		SetPlan(paid.Plan).SetDescription(clip(fmt.Sprintf("Refund of %s: %s", paid.Reference, why), 300)).
		SetGatewayRef(rr.RefundID).SetCardBrand(paid.CardBrand).SetCardLast4(paid.CardLast4).
		SetCreatedAt(now).SetUpdatedAt(now).Save(auth.SystemContext(ctx, orgID))
	if err != nil {
		s.Log.Error("refund made but not recorded", "org", orgID, "payment", paid.Reference, "refund", rr.RefundID, "err", err)
	}
}

func (s *Service) result(ctx context.Context, orgID int, q *QuoteResult, p *ent.Payment) (*Result, error) {
	ov, err := s.overview(ctx, s.Client, orgID)
	if err != nil {
		return nil, err
	}
	return &Result{Overview: ov, Quote: q, Payment: p}, nil
}

// actor names who acts, for audit summaries.
func actor(ctx context.Context) string {
	if v := auth.FromContext(ctx); v != nil && v.Name != "" {
		return v.Name
	}
	return "System"
}

// Complimentary puts an org on a paid plan for one period without payment — for an operator
// (the demo organization): licenses as many as its users hold, a period from now. It is not
// exposed in the API.
func (s *Service) Complimentary(ctx context.Context, orgID int, plan string, cycle Cycle, why string) error {
	p := s.Catalogue.Plan(plan)
	if p == nil || !p.Paid() || !cycle.Valid() {
		return apperr.Invalid("plan", "a complimentary subscription needs a paid plan and a billing cycle")
	}
	ctx = auth.SystemContext(ctx, orgID)
	return s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		held, _, err := s.users(ctx, c, orgID)
		if err != nil {
			return err
		}
		now := s.now()
		next := stateOf(row)
		next.Plan, next.Cycle, next.Status, next.Trial = plan, cycle, StatusActive, nil
		next.Regular, next.Team = max(held[Regular], 1), held[Team]
		next.PeriodStart, next.PeriodEnd = now, PeriodEnd(now, cycle)
		next.RetriesDone, next.LockedAt = 0, time.Time{}
		if _, err := s.save(ctx, c, row, next, nil); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "billing.complimentary", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("Complimentary %s plan (%s) until %s: %s", p.Name, strings.ToLower(string(cycle)),
				next.PeriodEnd.Format(time.DateOnly), why),
			Details: map[string]any{"plan": plan, "cycle": string(cycle), "until": next.PeriodEnd}})
	})
}
