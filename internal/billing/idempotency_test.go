package billing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/crmadmin/crmadmin/ent/payment"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
)

// Issue 9 item 9 (Stripe's rule): an idempotency key is bound to the operation and the
// parameters it paid for. The same key and parameters answer the first payment without a
// second charge; the same key with other parameters or another operation is a CONFLICT that
// charges nothing and changes nothing — never the old payment presented as this request's.
func TestIdempotencyKeyBoundToRequest_Issue9Item9(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Keys", 1, 0)
	sctx := auth.SystemContext(context.Background(), orgID)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std, two := billing.PlanStandard, 2
	first, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std}, "k1")
	if err != nil || first.Payment == nil {
		t.Fatalf("first payment: %+v %v", first, err)
	}
	unchanged := func(step string) {
		t.Helper()
		if n := len(f.gw.Charges()); n != 1 {
			t.Fatalf("%s: %d charges, want the first one only", step, n)
		}
		if n := f.client.Payment.Query().CountX(sctx); n != 1 {
			t.Fatalf("%s: %d payments recorded, want 1", step, n)
		}
		ov, _ := f.svc.Overview(ctx)
		if ov.State.Regular != first.Overview.State.Regular || ov.BackupUnits != first.Overview.BackupUnits {
			t.Fatalf("%s: the subscription changed: %+v", step, ov)
		}
	}

	// Same key, same parameters (spelt differently): the first payment, charged once.
	lower := " standard "
	again, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &lower}, "k1")
	if err != nil || again.Payment == nil || again.Payment.Reference != first.Payment.Reference {
		t.Fatalf("replay: %+v %v", again, err)
	}
	unchanged("same key, same parameters")

	refused := func(step string, err error) {
		t.Helper()
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("%s: %v, want CONFLICT", step, err)
		}
		unchanged(step)
	}
	_, err = f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std, Regular: &two}, "k1")
	refused("same key, other parameters", err)
	_, err = f.svc.BuyBackupUnits(ctx, 3, "k1")
	refused("same key, another operation (buyBackupUnits)", err)
	_, err = f.svc.RenewNow(ctx, "k1")
	refused("same key, another operation (renewNow)", err)

	// buyBackupUnits: the number of units is part of what the key paid for.
	units, err := f.svc.BuyBackupUnits(ctx, 2, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.BuyBackupUnits(ctx, 5, "u1"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("5 units under the key of 2: %v", err)
	}
	if r, err := f.svc.BuyBackupUnits(ctx, 2, "u1"); err != nil || r.Payment.Reference != units.Payment.Reference {
		t.Fatalf("replay of the 2 units: %v", err)
	}
	if n := len(f.gw.Charges()); n != 2 {
		t.Fatalf("charges: %d, want 2", n)
	}
	if ov, _ := f.svc.Overview(ctx); ov.BackupUnits != 2 {
		t.Fatalf("backup units: %d, want 2", ov.BackupUnits)
	}
	p := f.client.Payment.Query().Where(payment.Reference(units.Payment.Reference)).OnlyX(sctx)
	if p.IdempotencyFingerprint == "" {
		t.Fatal("the fingerprint is stored with the payment")
	}
}

// Issue 9 item 9: a key whose payment was declined is bound too: reusing it for another
// request is a CONFLICT, not the old PAYMENT_FAILED.
func TestDeclinedKeyBoundToRequest_Issue9Item9(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Declined", 1, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardDeclined, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.BuyBackupUnits(ctx, 1, "d1"); !apperr.Is(err, apperr.PaymentFailed) {
		t.Fatalf("declined: %v", err)
	}
	if _, err := f.svc.BuyBackupUnits(ctx, 1, "d1"); !apperr.Is(err, apperr.PaymentFailed) {
		t.Fatalf("same request again answers the same refusal: %v", err)
	}
	if _, err := f.svc.BuyBackupUnits(ctx, 4, "d1"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("other parameters: %v", err)
	}
	if n := f.client.Payment.Query().CountX(auth.SystemContext(context.Background(), orgID)); n != 1 || len(f.gw.Charges()) != 0 {
		t.Fatalf("payments: %d, want the one declined", n)
	}
}

// Issue 9 item 9: keys of the form the renewal worker uses are refused, so no request can
// occupy (or replay) an automatic renewal's payment.
func TestRenewalKeysReserved_Issue9Item9(t *testing.T) {
	f := newFixture(t, nil)
	ctx, _ := f.org(t, "Reserved", 1, 0)
	_, err := f.svc.BuyBackupUnits(ctx, 1, "renewal:1777000000")
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Validation || ae.Field != "idempotencyKey" {
		t.Fatalf("reserved key: %v", err)
	}
}
