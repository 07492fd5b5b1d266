package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/billing"
)

// Issue 9 item 9 (Stripe's rule), through the API: the same idempotencyKey with the same
// parameters answers the first payment once; with other parameters or another operation it is
// a CONFLICT that charges nothing and changes nothing.
func TestIdempotencyKeyBoundToRequest_Issue9Item9(t *testing.T) {
	e := newBillingEnv(t, time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), nil)
	sa := e.srv.SignUp(t, "Keys Co", "kim@keys.test").Admin
	if r := setCard(t, sa, billing.SandboxCardSucceeds); len(r.Errors) > 0 {
		t.Fatalf("card: %+v", r.Errors)
	}
	first := mustChange(t, sa, map[string]any{"plan": "STANDARD"}, "pay-1")
	again := mustChange(t, sa, map[string]any{"plan": "STANDARD"}, "pay-1")
	if first.Payment == nil || again.Payment == nil || again.Payment.Reference != first.Payment.Reference {
		t.Fatalf("same key, same parameters: %+v then %+v", first.Payment, again.Payment)
	}
	before := subOf(t, sa)
	refused := []struct {
		name, query string
	}{
		{"other parameters", `mutation { changeSubscription(input: {plan: "STANDARD", regularLicenses: 4}, idempotencyKey: "pay-1") { payment { reference } } }`},
		{"another operation", `mutation { buyBackupUnits(units: 2, idempotencyKey: "pay-1") { payment { reference } } }`},
		{"renewNow", `mutation { renewNow(idempotencyKey: "pay-1") { payment { reference } } }`},
	}
	for _, tc := range refused {
		r := sa.Do(t, tc.query, nil)
		err := assertCode(t, r, apperr.Conflict)
		if !strings.Contains(err.Message, "already used for another request") || strings.Contains(string(r.Data), first.Payment.Reference) {
			t.Fatalf("%s: %+v %s", tc.name, err, r.Data)
		}
	}
	if n := len(e.sandbox().Charges()); n != 1 {
		t.Fatalf("charges: %d, want 1", n)
	}
	if n := len(paymentsOf(t, sa, nil)); n != 1 {
		t.Fatalf("payments: %d, want 1", n)
	}
	if after := subOf(t, sa); after.license("REGULAR") != before.license("REGULAR") || after.BackupUnits != before.BackupUnits {
		t.Fatalf("the subscription changed: %+v → %+v", before, after)
	}
}
