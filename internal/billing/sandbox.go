package billing

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
)

// Test cards of the sandbox gateway (SB-9), documented in the README. Any expiry in the
// future and any CVC of the right length work; any other valid card number behaves like
// SandboxCardSucceeds.
const (
	SandboxCardSucceeds          = "4242424242424242" // every charge succeeds
	SandboxCardDeclined          = "4000000000000002" // registers, every charge is declined
	SandboxCardFailsOnRenewal    = "4000000000000341" // registers, pays now; renewals are declined
	SandboxCardInsufficientFunds = "4000000000009995" // registers, every charge declined: insufficient funds
)

// sandbox behaviours, carried in the token (so tokens survive a restart; no card data in it).
const (
	sbxOK      = "ok"
	sbxDecline = "decline"
	sbxRenewal = "renewfail"
	sbxFunds   = "nofunds"
)

// Sandbox is the shipped default gateway: no money moves. Its behaviour follows the test
// cards above. It keeps charges in memory for tests (Charges) and answers a repeated
// idempotency key with the first result, like a real gateway.
type Sandbox struct {
	mu      sync.Mutex
	byKey   map[string]sandboxResult
	charges []SandboxCharge
	refunds []SandboxCharge
	seq     int
}

// SandboxCharge is a captured charge or a refund, as the sandbox saw it.
type SandboxCharge struct {
	ID             string
	Amount         Money
	IdempotencyKey string
	Renewal        bool
}

type sandboxResult struct {
	res ChargeResult
	err error
}

// NewSandbox returns an empty sandbox gateway.
func NewSandbox() *Sandbox { return &Sandbox{byKey: map[string]sandboxResult{}} }

// Name is "sandbox".
func (*Sandbox) Name() string { return "sandbox" }

// Tokenise returns a token naming the test card's behaviour and random bytes. The card must
// have passed ValidateCard.
func (*Sandbox) Tokenise(_ context.Context, card CardInput) (string, error) {
	digits, ok := cardDigits(card.Number)
	if !ok || !Luhn(digits) {
		return "", fmt.Errorf("sandbox: the card was not validated before tokenising")
	}
	behaviour := sbxOK
	switch digits {
	case SandboxCardDeclined:
		behaviour = sbxDecline
	case SandboxCardFailsOnRenewal:
		behaviour = sbxRenewal
	case SandboxCardInsufficientFunds:
		behaviour = sbxFunds
	}
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", err
	}
	return "sbx_" + behaviour + "_" + hex.EncodeToString(rnd[:]), nil
}

// Charge succeeds or declines as the token's test card says.
func (s *Sandbox) Charge(_ context.Context, req ChargeRequest) (ChargeResult, error) {
	parts := strings.SplitN(req.Token, "_", 3)
	if len(parts) != 3 || parts[0] != "sbx" {
		return ChargeResult{}, &DeclinedError{Code: "invalid_token", Reason: "the card on file is not known to the payment gateway; add the card again"}
	}
	if req.Amount.Amount <= 0 {
		return ChargeResult{}, fmt.Errorf("sandbox: charge amount must be positive, got %d", req.Amount.Amount)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.IdempotencyKey != "" {
		if r, ok := s.byKey[req.IdempotencyKey]; ok {
			return r.res, r.err
		}
	}
	var r sandboxResult
	switch {
	case parts[1] == sbxDecline:
		r.err = &DeclinedError{Code: "card_declined", Reason: "the card was declined by the bank"}
	case parts[1] == sbxFunds:
		r.err = &DeclinedError{Code: "insufficient_funds", Reason: "the card has insufficient funds"}
	case parts[1] == sbxRenewal && req.Renewal:
		r.err = &DeclinedError{Code: "card_declined", Reason: "the bank declined the recurring charge"}
	default:
		s.seq++
		r.res = ChargeResult{TransactionID: fmt.Sprintf("sbx_ch_%06d", s.seq)}
		s.charges = append(s.charges, SandboxCharge{ID: r.res.TransactionID, Amount: req.Amount, IdempotencyKey: req.IdempotencyKey, Renewal: req.Renewal})
	}
	if req.IdempotencyKey != "" {
		s.byKey[req.IdempotencyKey] = r
	}
	return r.res, r.err
}

// Refund always succeeds for a charge the sandbox made.
func (s *Sandbox) Refund(_ context.Context, req RefundRequest) (RefundResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.charges {
		if c.ID == req.TransactionID {
			s.seq++
			id := fmt.Sprintf("sbx_re_%06d", s.seq)
			s.refunds = append(s.refunds, SandboxCharge{ID: id, Amount: req.Amount, IdempotencyKey: req.IdempotencyKey})
			return RefundResult{RefundID: id}, nil
		}
	}
	return RefundResult{}, fmt.Errorf("sandbox: no charge %q to refund", req.TransactionID)
}

// Charges lists the captured charges so far (tests count them: a double submit charges once).
func (s *Sandbox) Charges() []SandboxCharge {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SandboxCharge(nil), s.charges...)
}

// Refunds lists the refunds so far.
func (s *Sandbox) Refunds() []SandboxCharge {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SandboxCharge(nil), s.refunds...)
}
