package billing

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
)

// ---------------------------------------------------------------------------------------
// Quotes and changes (SB-3, SB-4, SB-6, SB-7)

// ChangeInput is a change as asked through the API: nil fields keep their current value, and
// AddOns lists only the add-ons to change (0 cancels one).
type ChangeInput struct {
	Plan        *string
	Cycle       *Cycle
	Regular     *int
	Team        *int
	AddOns      map[string]int
	BackupUnits int
	// QuoteToken, for changeSubscription, is the token of the quote shown before paying
	// (QuoteResult.Token): the change is then priced at the quote's instant and charges
	// exactly its total, or is refused (StaleQuoteError). Empty: priced now.
	QuoteToken string
}

// target is the complete Change in applied to cur.
func (in ChangeInput) target(cur State) Change {
	ch := cur.AsChange()
	if in.Plan != nil {
		ch.Plan = strings.ToUpper(strings.TrimSpace(*in.Plan))
	}
	if in.Cycle != nil {
		ch.Cycle = *in.Cycle
	}
	if ch.Cycle == "" {
		ch.Cycle = Monthly
	}
	if in.Regular != nil {
		ch.Regular = *in.Regular
	}
	if in.Team != nil {
		ch.Team = *in.Team
	}
	if len(in.AddOns) > 0 {
		if ch.AddOns == nil {
			ch.AddOns = map[string]int{}
		}
		maps.Copy(ch.AddOns, in.AddOns)
	}
	ch.BackupUnits = in.BackupUnits
	return ch
}

// QuoteChange prices a change of the viewer's org's subscription now (SB-3); nothing is paid.
func (s *Service) QuoteChange(ctx context.Context, in ChangeInput) (*QuoteResult, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	q, _, err := s.quote(ctx, s.client(ctx), v.OrgID, in, s.now())
	if err != nil {
		return nil, err
	}
	q.Token = QuoteToken(s.QuoteKey, v.OrgID, q)
	return q, nil
}

// quote prices in for orgID at the instant at (now, or a quote's instant being paid).
func (s *Service) quote(ctx context.Context, c *ent.Client, orgID int, in ChangeInput, at time.Time) (*QuoteResult, Change, error) {
	row, err := s.row(ctx, c, orgID)
	if err != nil {
		return nil, Change{}, err
	}
	cur := stateOf(row)
	ch := in.target(cur)
	q, err := Quote(s.Catalogue, cur, ch, at)
	if err != nil {
		return nil, ch, err
	}
	held, _, err := s.users(auth.SystemContext(ctx, orgID), c, orgID)
	if err != nil {
		return nil, ch, err
	}
	if err := CheckLicenseReduction(held[Regular], held[Team], ch); err != nil { // SB-7
		return nil, ch, err
	}
	return q, ch, nil
}

// Result is what a paid operation returns.
type Result struct {
	Overview *Overview
	Quote    *QuoteResult
	Payment  *ent.Payment // nil when nothing was charged or credited
}

// ChangeSubscription pays for a change and applies it (SB-3). The same idempotency key
// submitted again returns the first result without charging again.
func (s *Service) ChangeSubscription(ctx context.Context, in ChangeInput, key string) (*Result, error) {
	if err := requireOwnTx(ctx, "changeSubscription"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	var ref *QuoteRef
	if in.QuoteToken != "" {
		r, err := ParseQuoteToken(in.QuoteToken)
		if err != nil {
			return nil, err
		}
		ref = &r
	}
	fp := changeFingerprint(in)
	if r, err, done := s.replay(ctx, v.OrgID, key, fp); done {
		return r, err
	}
	now := s.now()
	at := now
	if ref != nil {
		switch {
		case ref.QuotedAt.After(now):
			return nil, apperr.Invalid("quoteToken", "quoteToken was made at %s, later than now: pass quote.token from quoteChange unchanged",
				ref.QuotedAt.Format(time.RFC3339))
		case now.Sub(ref.QuotedAt) > QuoteValidity:
			return nil, s.staleQuote(ctx, v.OrgID, in, *ref, true)
		}
		at = ref.QuotedAt // a quote is a promise: priced at its instant, it charges its total
	}
	q, ch, err := s.quote(ctx, s.Client, v.OrgID, in, at)
	if err != nil {
		// A concurrent submit of the same key may have paid and applied the change between
		// the replay check and the quote ("nothing to change"): answer with its result.
		if r, rerr, done := s.replay(ctx, v.OrgID, key, fp); done {
			return r, rerr
		}
		return nil, err
	}
	if ref != nil && !VerifyQuote(s.QuoteKey, v.OrgID, *ref, q) {
		return nil, s.staleQuote(ctx, v.OrgID, in, *ref, false)
	}
	plan := s.Catalogue.Plan(ch.Plan)
	what := fmt.Sprintf("%s plan, %s, %s + %s", plan.Name, strings.ToLower(string(q.Next.Cycle)),
		plural(ch.Regular, "regular license"), plural(ch.Team, "team license"))
	if adds := describeAddOns(s.Catalogue, q.Next.AddOns); adds != "" {
		what += ", " + adds
	}
	if ch.BackupUnits > 0 {
		what += ", " + plural(ch.BackupUnits, "backup unit")
	}
	return s.pay(ctx, v.OrgID, purchase{
		key: key, fingerprint: fp, quote: q, backupUnits: ch.BackupUnits,
		action: "billing.subscription_changed", what: "Subscription change: " + what,
	})
}

// StaleQuoteError refuses paying a quote that no longer holds (issue 17 item 3): CONFLICT,
// nothing charged, with the new quote to show and pay instead (Fresh, its Token set).
type StaleQuoteError struct {
	Err   *apperr.Error
	Fresh *QuoteResult
}

func (e *StaleQuoteError) Error() string { return e.Err.Error() }
func (e *StaleQuoteError) Unwrap() error { return e.Err }

// Reasons of a StaleQuoteError, in its details ("reason").
const (
	QuoteExpired = "QUOTE_EXPIRED" // paid after QuoteValidity
	QuoteChanged = "QUOTE_CHANGED" // a price, the change asked or the subscription differs
)

// staleQuote prices in now for a new quote and returns the CONFLICT refusing ref; an error
// pricing the new quote (nothing left to change…) is returned instead.
func (s *Service) staleQuote(ctx context.Context, orgID int, in ChangeInput, ref QuoteRef, expired bool) error {
	fresh, _, err := s.quote(ctx, s.Client, orgID, in, s.now())
	if err != nil {
		return err
	}
	fresh.Token = QuoteToken(s.QuoteKey, orgID, fresh)
	quoted, now := Format(Money{ref.TotalDue, fresh.TotalDue.Currency}), Format(fresh.TotalDue)
	var e *apperr.Error
	if expired {
		e = apperr.New(apperr.Conflict, "the quote of %s expired (a quote can be paid for %d minutes); nothing was charged: the new quote is %s, pay it with its token",
			quoted, int(QuoteValidity/time.Minute), now).With("reason", QuoteExpired)
	} else {
		e = apperr.New(apperr.Conflict, "the quote changed (a price, the change asked or the subscription is not what was quoted); nothing was charged: the quote of %s is now %s, pay the new one with its token",
			quoted, now).With("reason", QuoteChanged)
	}
	return &StaleQuoteError{Err: e.With("quotedTotal", ref.TotalDue), Fresh: fresh}
}

func describeAddOns(cat *Catalogue, adds map[string]int) string {
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(adds)) {
		name := code
		if a := cat.AddOn(code); a != nil {
			name = a.Name
		}
		parts = append(parts, fmt.Sprintf("%s × %d", name, adds[code]))
	}
	return strings.Join(parts, ", ")
}

func checkKey(key string) error {
	if k := strings.TrimSpace(key); k == "" || len(k) > 100 || k != key {
		return apperr.Invalid("idempotencyKey", "idempotencyKey must be 1 to 100 characters without surrounding spaces; send a new one for each intended payment")
	}
	if strings.HasPrefix(key, reservedKeyPrefix) {
		return apperr.Invalid("idempotencyKey", "idempotencyKey must not start with %q (reserved for automatic renewals)", reservedKeyPrefix)
	}
	return nil
}

// SwitchToFree moves the org to FREE now (SB-5): the unused paid time is credited to the
// balance. A running trial ends. Licenses become FREE's (3); an org with more users must delete
// some first (SB-7) — unless it is LOCKED, where going FREE is one of the ways out (SB-12) and
// users beyond the licenses stay, like after the automatic downgrade.
func (s *Service) SwitchToFree(ctx context.Context) (*Result, error) {
	if err := requireOwnTx(ctx, "switchToFree"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	row, err := s.row(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	cur := stateOf(row)
	if cur.Plan == PlanFree {
		if cur.Trial == nil {
			return nil, apperr.New(apperr.Conflict, "the organization is already on the Free plan")
		}
		return s.endTrialNow(ctx, v, row)
	}
	held, _, err := s.users(auth.SystemContext(ctx, v.OrgID), s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	free := s.Catalogue.Plan(PlanFree)
	ch := Change{Plan: PlanFree, Cycle: Monthly, Regular: max(held[Regular], 1), Team: held[Team]}
	if limit := free.MaxUsers; limit > 0 {
		if over := ch.Regular + ch.Team - limit; over > 0 {
			if cur.Status != StatusLocked {
				return nil, apperr.New(apperr.LicenseLimit,
					"the Free plan allows %d users and the organization has %d (deactivated users count too): delete %s first",
					limit, ch.Regular+ch.Team, plural(over, "user")).With("usersToDelete", over)
			}
			ch.Regular = min(ch.Regular, limit)
			ch.Team = min(ch.Team, limit-ch.Regular)
		} else {
			ch.Regular = limit - ch.Team // FREE's licenses cost nothing: all of them
		}
	}
	q, err := Quote(s.Catalogue, cur, ch, s.now())
	if err != nil {
		return nil, err
	}
	return s.pay(ctx, v.OrgID, purchase{quote: q, action: "billing.switched_to_free",
		what: "Switch to the Free plan: unused paid time credited to the balance"})
}

// endTrialNow ends a trial early on FREE (switchToFree during a trial).
func (s *Service) endTrialNow(ctx context.Context, v *auth.Viewer, row *ent.BillingSubscription) (*Result, error) {
	cur := stateOf(row)
	next := cur.Clone()
	next.Trial, next.Status = nil, StatusActive
	err := s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		fresh, err := s.row(ctx, c, v.OrgID)
		if err != nil {
			return err
		}
		if !sameState(stateOf(fresh), cur) {
			return apperr.New(apperr.Conflict, "the subscription changed meanwhile; try again")
		}
		if _, err := s.save(ctx, c, fresh, next, nil); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "billing.trial_ended", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("%s ended the %s trial early; the organization stays on the Free plan", v.Name, cur.Trial.Plan),
			Details: map[string]any{"plan": cur.Trial.Plan, "back": next.Plan}})
	})
	if err != nil {
		return nil, err
	}
	ov, err := s.overview(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	return &Result{Overview: ov, Quote: settle(cur, next, nil)}, nil
}
