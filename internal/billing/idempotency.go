package billing

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// An idempotency key is bound to what it pays for (Stripe's rule, issue 9 item 9): the payment
// made under a key stores the fingerprint of its operation and canonical parameters, in the
// transaction that reserves the key. The same key with the same fingerprint returns the first
// result without charging again; with another fingerprint it is refused with CONFLICT, never
// answered with the old payment as if it were this request's.

// fingerprint is "operation:hash of the canonical parameters" (the operation stays readable
// so the refusal can say what the key was used for).
func fingerprint(op string, params any) string {
	b, err := json.Marshal(params) // structs in field order, maps with sorted keys: canonical
	if err != nil {
		panic("billing: fingerprint of " + op + ": " + err.Error()) // params are plain values
	}
	sum := sha256.Sum256(b)
	return op + ":" + hex.EncodeToString(sum[:16])
}

// changeFingerprint is changeSubscription's fingerprint: the request as sent, normalized the
// way the change reads it (plan code case and spaces do not make another request), with the
// quote it pays.
func changeFingerprint(in ChangeInput) string {
	var plan *string
	if in.Plan != nil {
		p := strings.ToUpper(strings.TrimSpace(*in.Plan))
		plan = &p
	}
	return fingerprint("changeSubscription", struct {
		Plan        *string        `json:"plan"`
		Cycle       *Cycle         `json:"cycle"`
		Regular     *int           `json:"regular"`
		Team        *int           `json:"team"`
		AddOns      map[string]int `json:"addOns"`
		BackupUnits int            `json:"backupUnits"`
		// The quote paid (issue 17 item 3): a key pays one quote. Omitted when empty, so
		// requests without a quote keep the fingerprints stored before.
		Quote string `json:"quote,omitempty"`
	}{plan, in.Cycle, in.Regular, in.Team, in.AddOns, in.BackupUnits, in.QuoteToken})
}

// sameRequest reports whether a payment stored with fingerprint stored was made for want.
// Payments made before fingerprints were kept (stored == "") match any request.
func sameRequest(stored, want string) bool { return stored == "" || stored == want }

// keyReused is the CONFLICT for a key already spent on another request.
func keyReused(stored string) error {
	op, _, _ := strings.Cut(stored, ":")
	return apperr.New(apperr.Conflict,
		"this idempotencyKey was already used for another request (%s with other parameters, or another operation); nothing was charged: send a new key for each intended payment", op).
		With("usedFor", op)
}

// reservedKeyPrefix starts the keys of the renewal worker's own payments.
const reservedKeyPrefix = "renewal:"
