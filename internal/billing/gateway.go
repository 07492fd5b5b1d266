package billing

import (
	"context"
	"errors"
)

// Gateway moves money (SB-9). The service validates cards (ValidateCard) before Tokenise, and
// keeps only the token with brand, last 4 digits and expiry (SB-10); the card number and CVC
// are never stored or logged.
//
// Charge is one call that authorizes and captures: the billing service applies a change only
// once the money is captured, and gives it back with Refund if the change cannot be applied
// after all. Every Charge carries an idempotency key: a gateway charges at most once per key,
// and answers a repeated key with the first result.
type Gateway interface {
	// Name identifies the gateway in stored payment methods ("sandbox").
	Name() string
	// Tokenise registers a validated card and returns a token to charge it later.
	Tokenise(ctx context.Context, card CardInput) (token string, err error)
	// Charge authorizes and captures req.Amount. A refusal by the card's bank is a
	// *DeclinedError; any other error means the gateway could not be asked (retry later with
	// the same key).
	Charge(ctx context.Context, req ChargeRequest) (ChargeResult, error)
	// Refund gives back all or part of a captured charge.
	Refund(ctx context.Context, req RefundRequest) (RefundResult, error)
}

// ChargeRequest asks for one payment.
type ChargeRequest struct {
	Token          string
	Amount         Money
	IdempotencyKey string // unique per intended payment; repeated keys are charged once
	Description    string
	// Renewal marks a merchant-initiated charge (the renewal job), as opposed to a person
	// paying now. Banks (and the sandbox's "fails on renewal" card) treat them differently.
	Renewal bool
}

// ChargeResult is a captured charge.
type ChargeResult struct {
	TransactionID string
}

// RefundRequest gives back Amount of the charge TransactionID.
type RefundRequest struct {
	TransactionID  string
	Amount         Money
	IdempotencyKey string
}

// RefundResult is a refund made.
type RefundResult struct {
	RefundID string
}

// DeclinedError is a charge refused by the card's bank. Reason is a sentence for people (it
// never contains card data); Code is the gateway's short code (card_declined…).
type DeclinedError struct {
	Code   string
	Reason string
}

func (e *DeclinedError) Error() string { return "payment declined: " + e.Reason }

// IsDeclined reports whether err is a bank's refusal (and returns it).
func IsDeclined(err error) (*DeclinedError, bool) {
	var d *DeclinedError
	ok := errors.As(err, &d)
	return d, ok
}
