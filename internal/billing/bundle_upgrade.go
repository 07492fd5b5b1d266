package billing

// The bundle upgrade (BU-5): an immutable quote — the bundle's price for the chosen cycle, users
// and add-ons, one credit line per member subscription for its unused, already-paid time — with
// a signed token like quoteChange's (quotetoken.go), and the upgrade that pays it with the card
// on file. On success ONE transaction ends the member subscriptions (ended_at, credited_until),
// starts the one bundle contract and marks the payment SUCCEEDED; on failure nothing changes.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/bundle"
	"github.com/crmadmin/crmadmin/ent/membersubscription"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
)

// Bounds of an upgrade's input (checked before any work).
const (
	MaxBundleAddOns   = 20
	maxAddOnCodeBytes = 40
)

// BundleUpgradeInput is quoteBundleUpgrade's and upgradeBundle's input.
type BundleUpgradeInput struct {
	Cycle  Cycle
	Users  int
	AddOns []string
}

// normalize validates in and returns it with sorted add-on codes.
func (in BundleUpgradeInput) normalize() (BundleUpgradeInput, error) {
	switch {
	case !in.Cycle.Valid():
		return in, apperr.Invalid("cycle", "cycle must be MONTHLY or YEARLY")
	case in.Users < 1 || in.Users > MaxMemberUsers:
		return in, apperr.Invalid("users", "users must be between 1 and %d; got %d", MaxMemberUsers, in.Users)
	case len(in.AddOns) > MaxBundleAddOns:
		return in, apperr.Invalid("addOns", "at most %d add-ons", MaxBundleAddOns)
	}
	adds := slices.Clone(in.AddOns)
	for _, a := range adds {
		if a == "" || len(a) > maxAddOnCodeBytes || !codeRE.MatchString(a) {
			return in, apperr.Invalid("addOns", "add-on codes are upper-case letters, digits and _, at most %d characters", maxAddOnCodeBytes)
		}
	}
	slices.Sort(adds)
	if len(slices.Compact(slices.Clone(adds))) != len(adds) {
		return in, apperr.Invalid("addOns", "an add-on is listed twice")
	}
	in.AddOns = adds
	return in, nil
}

// BundleQuote is an upgrade's quote with its token.
type BundleQuote struct {
	*BundleQuoteResult
	Token     string
	QuotedAt  time.Time
	ExpiresAt time.Time
}

// QuoteBundleUpgrade prices upgrading the org's bundle now (BU-5); nothing is paid.
func (s *Service) QuoteBundleUpgrade(ctx context.Context, in BundleUpgradeInput) (*BundleQuote, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if in, err = in.normalize(); err != nil {
		return nil, err
	}
	q, err := s.bundleQuote(ctx, s.client(ctx), v.OrgID, in, s.now())
	if err != nil {
		return nil, err
	}
	return q, nil
}

// bundleQuote prices in at the instant at, with c.
func (s *Service) bundleQuote(ctx context.Context, c *ent.Client, orgID int, in BundleUpgradeInput, at time.Time) (*BundleQuote, error) {
	if _, err := s.bundleCatalogue(); err != nil {
		return nil, err
	}
	row, err := s.row(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	b, err := s.bundleRow(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	if b != nil && b.State == bundle.StateUPGRADED {
		return nil, conflict("BUNDLE_UPGRADED", "the suite bundle is already paid for")
	}
	price, ok := s.Catalogue.BundlePriceIn(row.Currency)
	if !ok {
		return nil, apperr.Invalid("cycle", "the suite bundle has no price in %s", row.Currency)
	}
	subs, err := s.memberSubs(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	adds := map[string]int{}
	for _, a := range in.AddOns {
		adds[a] = 1
	}
	r, err := QuoteBundleUpgrade(price, BundleUpgrade{Cycle: in.Cycle, Users: in.Users, AddOns: adds}, membersOf(subs), row.Balance, at)
	if err != nil {
		return nil, err
	}
	// Members' names in their credit lines.
	for i, l := range r.Lines {
		if l.Product == ProductService {
			if e := s.Catalogue.Service(BundleService(l.Code)); e != nil {
				r.Lines[i].Description = strings.Replace(l.Description, l.Code, e.LocalName("en"), 1)
			}
		}
		if l.Product == ProductBundle {
			r.Lines[i].Description = strings.Replace(l.Description, "Suite bundle", s.Catalogue.Bundle.LocalName("en"), 1)
		}
	}
	q := &BundleQuote{BundleQuoteResult: r, QuotedAt: at, ExpiresAt: at.Add(QuoteValidity)}
	q.Token = bundleQuoteToken(s.QuoteKey, orgID, in, q)
	return q, nil
}

const bundleTokenVersion = "bq1"

// bundleQuoteToken is "bq1.<quotedAt unix seconds>.<total due>.<signature>": the signature binds
// the org, the input and every line and total of the quote (quotetoken.go says why).
func bundleQuoteToken(key []byte, orgID int, in BundleUpgradeInput, q *BundleQuote) string {
	return bundleTokenVersion + "." + strconv.FormatInt(q.QuotedAt.Unix(), 10) + "." + strconv.FormatInt(q.TotalDue.Amount, 10) + "." +
		base64.RawURLEncoding.EncodeToString(bundleQuoteMAC(key, orgID, in, q))
}

func bundleQuoteMAC(key []byte, orgID int, in BundleUpgradeInput, q *BundleQuote) []byte {
	body, err := json.Marshal(struct {
		Org     int
		At      int64
		In      BundleUpgradeInput
		Lines   []Line
		Sub     Money
		Applied Money
		Due     Money
		Balance Money
	}{orgID, q.QuotedAt.Unix(), in, q.Lines, q.Subtotal, q.CreditApplied, q.TotalDue, q.NewBalance})
	if err != nil {
		panic("billing: bundle quote signature: " + err.Error())
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("crmadmin bundle quote v1\n"))
	m.Write(body)
	return m.Sum(nil)[:macLength]
}

// parseBundleQuoteToken reads the instant a token was priced at; VALIDATION when it cannot be
// one of bundleQuoteToken's.
func parseBundleQuoteToken(tok string) (time.Time, error) {
	bad := apperr.Invalid("quoteToken", "quoteToken is not a token from quoteBundleUpgrade; pass quote.token unchanged, or omit it to pay the price of now")
	if len(tok) > MaxQuoteTokenLength {
		return time.Time{}, bad
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 4 || parts[0] != bundleTokenVersion {
		return time.Time{}, bad
	}
	at, err1 := strconv.ParseInt(parts[1], 10, 64)
	_, err2 := strconv.ParseInt(parts[2], 10, 64)
	mac, err3 := base64.RawURLEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil || err3 != nil || at < 0 || at > 253402300799 || len(mac) != macLength {
		return time.Time{}, bad
	}
	return time.Unix(at, 0).UTC(), nil
}

// UpgradeBundle pays the upgrade with the card on file and starts the bundle contract (BU-5).
// With quoteToken it pays exactly that quote (priced again at its instant, within
// QuoteValidity) or refuses with CONFLICT; the idempotency key is bound to the input and the
// quote. A declined card changes nothing (PAYMENT_FAILED).
func (s *Service) UpgradeBundle(ctx context.Context, in BundleUpgradeInput, key, quoteToken string) (*SuiteBundle, *ent.Payment, error) {
	if err := requireOwnTx(ctx, "upgradeBundle"); err != nil {
		return nil, nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, nil, err
	}
	if in, err = in.normalize(); err != nil {
		return nil, nil, err
	}
	now := s.now()
	at := now
	if quoteToken != "" {
		if at, err = parseBundleQuoteToken(quoteToken); err != nil {
			return nil, nil, err
		}
		switch {
		case at.After(now):
			return nil, nil, apperr.Invalid("quoteToken", "quoteToken was made later than now: pass quote.token from quoteBundleUpgrade unchanged")
		case now.Sub(at) > QuoteValidity:
			return nil, nil, conflict(QuoteExpired, "the quote expired (a quote can be paid for %d minutes); nothing was charged: ask for a new quote", int(QuoteValidity/time.Minute))
		}
	}
	fp := fingerprint("upgradeBundle", struct {
		In    BundleUpgradeInput `json:"in"`
		Quote string             `json:"quote,omitempty"`
	}{in, quoteToken})
	if p, err := s.bundleReplay(ctx, v.OrgID, key, fp); err != nil || p != nil {
		if err != nil {
			return nil, nil, err
		}
		sb, err := s.suiteBundle(ctx, s.Client, v)
		return sb, p, err
	}
	q, err := s.bundleQuote(ctx, s.Client, v.OrgID, in, at)
	if err != nil {
		return nil, nil, err
	}
	if quoteToken != "" && !hmac.Equal([]byte(q.Token), []byte(quoteToken)) {
		return nil, nil, conflict(QuoteChanged, "the quote changed (a price, a member subscription or the balance is not what was quoted); nothing was charged: the total is now %s, ask for a new quote", Format(q.TotalDue))
	}
	what := fmt.Sprintf("%s, %s, %s", s.Catalogue.Bundle.LocalName("en"), strings.ToLower(string(in.Cycle)), plural(in.Users, "user"))
	if len(in.AddOns) > 0 {
		what += ", " + strings.Join(in.AddOns, ", ")
	}
	var charges int64
	for _, l := range q.Lines {
		if l.Kind == Charge {
			charges += l.Amount.Amount
		}
	}
	pay, err := s.payBundle(ctx, v.OrgID, bundlePurchase{key: key, fingerprint: fp, product: s.Catalogue.Bundle.Code, plan: s.Catalogue.Bundle.Code,
		what: "Upgrade: " + what, action: "bundle.upgraded", lines: q.Lines,
		subtotal: q.Subtotal, creditApplied: q.CreditApplied, totalDue: q.TotalDue,
		apply: func(tx *change.Tx, c *ent.Client, pay *ent.Payment, applyAt time.Time) error {
			// The quote must still hold with the org locked: priced again at its instant.
			again, err := s.bundleQuote(ctx, c, v.OrgID, in, at)
			if err != nil {
				return err
			}
			if again.Token != q.Token {
				return conflict(QuoteChanged, "a member subscription or the balance changed while paying; nothing was changed")
			}
			return s.applyUpgrade(ctx, tx, c, v.OrgID, in, q, pay, charges, applyAt)
		}})
	if err != nil {
		return nil, nil, err
	}
	sb, err := s.suiteBundle(ctx, s.Client, v)
	return sb, pay, err
}

// applyUpgrade ends the member subscriptions and starts the contract, in the payment's
// transaction.
func (s *Service) applyUpgrade(ctx context.Context, tx *change.Tx, c *ent.Client, orgID int, in BundleUpgradeInput, q *BundleQuote, pay *ent.Payment, price int64, now time.Time) error {
	sctx := auth.SystemContext(ctx, orgID)
	rows, err := c.MemberSubscription.Query().Where(membersubscription.OrgID(orgID), membersubscription.EndedAtIsNil()).All(sctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		until, ok := q.CreditedUntil[BundleService(r.Service)]
		if !ok {
			until = maxTime(now, r.PeriodStart)
			if r.PeriodEnd.Before(until) {
				until = r.PeriodEnd
			}
		}
		if err := r.Update().SetEndedAt(now).SetCreditedUntil(until).SetUpdatedAt(now).Exec(sctx); err != nil {
			return err
		}
	}
	b, err := s.bundleRow(ctx, c, orgID)
	if err != nil {
		return err
	}
	adds := map[string]int{}
	for _, a := range in.AddOns {
		adds[a] = 1
	}
	cycle := bundle.ContractCycle(in.Cycle)
	var upd interface {
		Exec(context.Context) error
	}
	if b == nil {
		cr := c.Bundle.Create().SetOrgID(orgID).SetCreatedAt(now)
		cr.SetState(bundle.StateUPGRADED).SetEndedAt(now).SetContractCycle(cycle).SetContractUsers(in.Users).
			SetContractAddOns(adds).SetContractStartedAt(q.PeriodStart).SetContractPeriodEnd(q.PeriodEnd).
			SetContractPrice(price).SetContractCurrency(q.Subtotal.Currency).SetContractPaymentID(pay.ID).SetUpdatedAt(now)
		if until, ok := q.CreditedUntil[ServiceCRM]; ok {
			cr.SetCrmCreditedUntil(until)
		}
		upd = cr
	} else {
		u := b.Update().SetState(bundle.StateUPGRADED).SetEndedAt(now).SetContractCycle(cycle).SetContractUsers(in.Users).
			SetContractAddOns(adds).SetContractStartedAt(q.PeriodStart).SetContractPeriodEnd(q.PeriodEnd).
			SetContractPrice(price).SetContractCurrency(q.Subtotal.Currency).SetContractPaymentID(pay.ID).SetUpdatedAt(now)
		if until, ok := q.CreditedUntil[ServiceCRM]; ok {
			u.SetCrmCreditedUntil(until)
		}
		upd = u
	}
	if err := upd.Exec(sctx); err != nil {
		return err
	}
	return s.notify(tx, orgID, "ADMINS", fmt.Sprintf("The suite bundle is paid for: %s, %s (%s)", plural(in.Users, "user"),
		strings.ToLower(string(in.Cycle)), pay.Reference),
		event.BundleUpgraded{Payment: pay.Reference, Cycle: string(in.Cycle), Users: in.Users, Amount: pay.Amount, Currency: pay.Currency})
}
