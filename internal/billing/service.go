package billing

// service.go is the billing engine's service: the pure rules of rules.go applied to the
// database (ent), the gateway, the audit log and notifications.
//
// Transactions. Operations that pay (changeSubscription, renewNow, buyBackupUnits…) never run
// inside the GraphQL request's transaction: they call the gateway between two short
// transactions of their own — reserve a PENDING payment under the idempotency key, charge,
// then apply the change and mark the payment SUCCEEDED (or record it FAILED and change
// nothing) — so a failed payment is kept in the history while the change is not, and no
// database lock is held while the gateway answers. Their mutations are declared @selfTransacted
// in graph/*.graphqls for entgql.Transactioner; they refuse to run inside a transaction (requireOwnTx). Everything
// else (the record-limit hook, the license check of internal/accounts) joins the caller's transaction.

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/ent/payment"
	"github.com/crmadmin/crmadmin/ent/paymentmethod"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/i18n"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/kind/receipt"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Notifier keeps notifications in a change's transaction and publishes them after its commit
// (notify.Service).
type Notifier = change.Notifier

// Service is the billing service. Build it with NewService.
type Service struct {
	Client    *ent.Client
	Catalogue *Catalogue
	Dunning   Dunning
	Gateway   Gateway
	Notify    Notifier // nil: no notifications
	Clock     clock.Clock
	Log       *slog.Logger
	// QuoteKey signs quote tokens (QuoteToken, issue 17 item 3). NewService makes a random
	// one; the app derives it from CRM_SECRET so that every API node accepts the others'.
	QuoteKey []byte
}

// NewService returns a service with the shipped dunning schedule. cat nil means the
// catalogue shipped with the binary; gw nil means the sandbox gateway.
func NewService(client *ent.Client, cat *Catalogue, gw Gateway, n Notifier, clk clock.Clock, log *slog.Logger) *Service {
	if cat == nil {
		cat = DefaultCatalogue()
	}
	if gw == nil {
		gw = NewSandbox()
	}
	if clk == nil {
		clk = clock.Real{}
	}
	if log == nil {
		log = slog.Default()
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Service{Client: client, Catalogue: cat, Dunning: DefaultDunning(), Gateway: gw, Notify: n, Clock: clk, Log: log,
		QuoteKey: key}
}

// now is the service's time in UTC, in whole seconds (proration counts whole seconds).
func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Second) }

// ---------------------------------------------------------------------------------------
// Loading and saving the subscription row

// viewerOrg returns the viewer's org.
func viewerOrg(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.OrgID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	return v, nil
}

// client is the transaction's client when ctx carries one, else the service's.
func (s *Service) client(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return s.Client
}

// row loads the org's subscription through c, creating the FREE one of an org that has none
// yet (orgs created before billing existed, or by the demo loader).
func (s *Service) row(ctx context.Context, c *ent.Client, orgID int) (*ent.BillingSubscription, error) {
	sctx := auth.SystemContext(ctx, orgID)
	r, err := c.BillingSubscription.Query().Where(billingsubscription.OrgID(orgID)).Only(sctx)
	if !ent.IsNotFound(err) {
		return r, err
	}
	r, err = s.create(sctx, c, orgID)
	if ent.IsConstraintError(err) { // created meanwhile by a concurrent first read
		return c.BillingSubscription.Query().Where(billingsubscription.OrgID(orgID)).Only(sctx)
	}
	return r, err
}

// CreateForOrg creates a new org's subscription, in the sign-up transaction (c): the FREE
// plan with its 3 free licenses, a monthly period from now, in the org's currency.
func (s *Service) CreateForOrg(ctx context.Context, c *ent.Client, org *ent.Organization) error {
	_, err := s.create(auth.SystemContext(ctx, org.ID), c, org.ID)
	return err
}

func (s *Service) create(ctx context.Context, c *ent.Client, orgID int) (*ent.BillingSubscription, error) {
	org, err := c.Organization.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	currency := org.Currency
	if !s.Catalogue.HasCurrency(currency) {
		currency = "USD" // prices exist in the catalogue's currencies only
	}
	held, _, err := s.users(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	// FREE's licenses cost nothing: give all of them, or as many as users already hold.
	team := held[Team]
	regular := max(held[Regular], 1)
	if free := s.Catalogue.Plan(PlanFree); free.MaxUsers > 0 && regular+team < free.MaxUsers {
		regular = free.MaxUsers - team
	}
	now := s.now()
	st := State{Plan: PlanFree, Cycle: Monthly, Currency: currency, PeriodStart: now, PeriodEnd: PeriodEnd(now, Monthly),
		Regular: regular, Team: team, Status: StatusActive}
	a, at := s.Dunning.NextDunningStep(st, now)
	return c.BillingSubscription.Create().SetOrgID(orgID).SetPlan(st.Plan).SetCycle(billingsubscription.CycleMONTHLY).
		SetCurrency(currency).SetStatus(billingsubscription.StatusACTIVE).SetPeriodStart(st.PeriodStart).SetPeriodEnd(st.PeriodEnd).
		SetRegularLicenses(regular).SetTeamLicenses(team).SetNextAction(string(a)).SetNextActionAt(at).
		SetCreatedAt(now).SetUpdatedAt(now).Save(ctx)
}

// stateOf turns a row into what the rules see.
func stateOf(r *ent.BillingSubscription) State {
	st := State{
		Plan: r.Plan, Cycle: Cycle(r.Cycle), Currency: r.Currency,
		PeriodStart: r.PeriodStart.UTC(), PeriodEnd: r.PeriodEnd.UTC(),
		Regular: r.RegularLicenses, Team: r.TeamLicenses, AddOns: nonZero(r.AddOns),
		Balance: r.Balance, Status: Status(r.Status), RetriesDone: r.RetriesDone,
	}
	if r.LockedAt != nil {
		st.LockedAt = r.LockedAt.UTC()
	}
	if r.TrialPlan != nil && r.TrialStartedAt != nil && r.TrialEndsAt != nil {
		st.Trial = &Trial{Plan: *r.TrialPlan, StartedAt: r.TrialStartedAt.UTC(), EndsAt: r.TrialEndsAt.UTC()}
	}
	return st
}

// save writes next over row with c, with the worker's next step, and keeps the org's status
// in step with LOCKED (the viewer's org status is what refuses locked orgs, SB-12). mod may
// change more fields (backup units, tried plans…).
func (s *Service) save(ctx context.Context, c *ent.Client, row *ent.BillingSubscription, next State,
	mod func(*ent.BillingSubscriptionUpdateOne)) (*ent.BillingSubscription, error) {
	if next.Cycle == "" {
		next.Cycle = Monthly
	}
	a, at := s.Dunning.NextDunningStep(next, s.now())
	u := c.BillingSubscription.UpdateOneID(row.ID).
		SetPlan(next.Plan).SetCycle(billingsubscription.Cycle(next.Cycle)).SetCurrency(next.Currency).
		SetStatus(billingsubscription.Status(next.Status)).
		SetPeriodStart(next.PeriodStart).SetPeriodEnd(next.PeriodEnd).
		SetRegularLicenses(next.Regular).SetTeamLicenses(next.Team).
		SetBalance(next.Balance).SetRetriesDone(next.RetriesDone).
		SetUpdatedAt(s.now())
	if adds := nonZero(next.AddOns); adds != nil {
		u.SetAddOns(adds)
	} else {
		u.ClearAddOns()
	}
	if next.Trial != nil {
		u.SetTrialPlan(next.Trial.Plan).SetTrialStartedAt(next.Trial.StartedAt).SetTrialEndsAt(next.Trial.EndsAt)
	} else {
		u.ClearTrialPlan().ClearTrialStartedAt().ClearTrialEndsAt()
	}
	if next.LockedAt.IsZero() {
		u.ClearLockedAt()
	} else {
		u.SetLockedAt(next.LockedAt)
	}
	if next.Status == StatusActive || next.Status == StatusTrialing {
		u.ClearLastFailure()
	}
	if a == ActionNone {
		u.ClearNextAction().ClearNextActionAt()
	} else {
		u.SetNextAction(string(a)).SetNextActionAt(at)
	}
	if mod != nil {
		mod(u)
	}
	saved, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if (row.Status == billingsubscription.StatusLOCKED) != (next.Status == StatusLocked) {
		status := organization.StatusACTIVE
		if next.Status == StatusLocked {
			status = organization.StatusLOCKED
		}
		if err := c.Organization.UpdateOneID(row.OrgID).SetStatus(status).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return saved, nil
}

// users counts the org's users by license kind: held (active and deactivated: each holds a
// license, SB-7) and active.
func (s *Service) users(ctx context.Context, c *ent.Client, orgID int) (held, active map[LicenseKind]int, err error) {
	us, err := c.User.Query().Where(user.OrgID(orgID)).Select(user.FieldLicenseKind, user.FieldStatus).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	held, active = map[LicenseKind]int{}, map[LicenseKind]int{}
	for _, u := range us {
		k := LicenseKind(u.LicenseKind)
		held[k]++
		if u.Status == user.StatusACTIVE {
			active[k]++
		}
	}
	return held, active, nil
}

// withTx runs fn as one change (internal/change): in a transaction, or in the caller's when
// ctx already carries one. Its audit entries and notifications are written in the
// transaction; the notifications are published after the commit (redelivered after a crash).
func (s *Service) withTx(ctx context.Context, fn func(*change.Tx) error) error {
	r := &change.Runner{Client: s.Client}
	if s.Notify != nil {
		r.Notify = s.Notify
	}
	return r.Do(ctx, fn)
}

// requireOwnTx refuses to run an operation that pays inside someone else's transaction: its
// failed payment would roll back with it, and its writes after the charge would wait on the
// caller's lock. Declare the GraphQL mutation @selfTransacted in graph/*.graphqls.
func requireOwnTx(ctx context.Context, op string) error {
	if ent.TxFromContext(ctx) != nil {
		return apperr.New(apperr.Internal, "billing: %s must run outside a database transaction (declare its mutation @selfTransacted in graph/*.graphqls)", op)
	}
	return nil
}

// notify writes a notification in the change tx, for the org's admins or (audience "ALL")
// everyone; it is published after the commit, or redelivered if the process dies first.
func (s *Service) notify(tx *change.Tx, orgID int, audience string, title string, e event.Event) error {
	m := notify.Message{Title: title, Event: e, Audience: notify.ForAdmins}
	if audience == "ALL" {
		m.Audience = notify.ForAll
	}
	return tx.Notify(orgID, m)
}

// ---------------------------------------------------------------------------------------
// Reading

// Overview is the org's subscription as the API shows it.
type Overview struct {
	State         State
	Plan          *Plan // paid for
	EffectivePlan *Plan // applies now (the trial plan during a trial)
	NextRenewalAt *time.Time
	NextRenewal   *QuoteResult // the next renewal at today's prices (paid plans)
	GraceEndsAt   *time.Time
	DowngradeAt   *time.Time
	LastFailure   string
	TriedPlans    []string
	BackupUnits   int
	Licenses      []LicenseUsage
	Card          *Card
	Records       int
}

// LicenseUsage is the licenses of one kind (SB-7).
type LicenseUsage struct {
	Kind                    LicenseKind
	Purchased, Held, Active int
}

// Card is the card on file (SB-10).
type Card struct {
	CardInfo
	AddedAt time.Time
}

// Overview returns the viewer's org's subscription.
func (s *Service) Overview(ctx context.Context) (*Overview, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	return s.overview(ctx, s.client(ctx), v.OrgID)
}

func (s *Service) overview(ctx context.Context, c *ent.Client, orgID int) (*Overview, error) {
	row, err := s.row(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	sctx := auth.SystemContext(ctx, orgID)
	now := s.now()
	st := stateOf(row)
	ov := &Overview{State: st, Plan: s.Catalogue.Plan(st.Plan), EffectivePlan: s.Catalogue.Plan(st.EffectivePlan(now)),
		LastFailure: row.LastFailure, TriedPlans: row.TriedPlans, BackupUnits: row.BackupUnits}
	if ov.Plan == nil || ov.EffectivePlan == nil {
		return nil, apperr.New(apperr.Internal, "billing: the plan %q is not in the catalogue", st.Plan)
	}
	switch st.Status {
	case StatusActive, StatusTrialing:
		if ov.Plan.Paid() {
			at := st.PeriodEnd
			ov.NextRenewalAt = &at
		}
	case StatusPastDue:
		g := s.Dunning.GraceEnds(st)
		ov.GraceEndsAt = &g
		if a, at := s.Dunning.NextDunningStep(st, now); a == ActionRetry {
			ov.NextRenewalAt = &at
		}
	case StatusLocked:
		d := s.Dunning.DowngradeAt(st)
		ov.DowngradeAt = &d
	}
	if ov.Plan.Paid() {
		q, err := RenewalQuote(s.Catalogue, st, maxTime(now, st.PeriodEnd))
		if err != nil {
			return nil, err
		}
		ov.NextRenewal = q
	}
	held, active, err := s.users(sctx, c, orgID)
	if err != nil {
		return nil, err
	}
	for _, k := range []LicenseKind{Regular, Team} {
		ov.Licenses = append(ov.Licenses, LicenseUsage{Kind: k, Purchased: st.Licenses(k), Held: held[k], Active: active[k]})
	}
	pm, err := c.PaymentMethod.Query().Where(paymentmethod.OrgID(orgID)).Only(sctx)
	switch {
	case err == nil:
		ov.Card = &Card{CardInfo: CardInfo{Brand: Brand(pm.Brand), Last4: pm.Last4, ExpMonth: pm.ExpMonth, ExpYear: pm.ExpYear}, AddedAt: pm.UpdatedAt}
	case !ent.IsNotFound(err):
		return nil, err
	}
	if ov.Records, err = CountRecords(sctx, c, orgID); err != nil {
		return nil, err
	}
	return ov, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Currency is the currency the viewer's org is billed in.
func (s *Service) Currency(ctx context.Context) (string, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return "", err
	}
	row, err := s.row(ctx, s.client(ctx), v.OrgID)
	if err != nil {
		return "", err
	}
	return row.Currency, nil
}

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

// StartTrial starts a 15-day trial of a higher paid plan, once per plan (SB-2).
func (s *Service) StartTrial(ctx context.Context, plan string) (*Overview, error) {
	if err := requireOwnTx(ctx, "startTrial"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	plan = strings.ToUpper(strings.TrimSpace(plan))
	var trial *Trial
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, v.OrgID)
		if err != nil {
			return err
		}
		tried := map[string]bool{}
		for _, p := range row.TriedPlans {
			tried[p] = true
		}
		next, err := StartTrial(s.Catalogue, stateOf(row), plan, s.now(), tried)
		if err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, next, func(u *ent.BillingSubscriptionUpdateOne) { u.AppendTriedPlans([]string{plan}) }); err != nil {
			return err
		}
		trial = next.Trial
		if err := tx.Audit(audit.Entry{Action: "billing.trial_started", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("%s started a %d-day trial of the %s plan, until %s", v.Name, TrialDays,
				s.Catalogue.Plan(plan).Name, trial.EndsAt.Format(time.DateOnly)),
			Details: map[string]any{"plan": plan, "endsAt": trial.EndsAt}}); err != nil {
			return err
		}
		return s.notify(tx, v.OrgID, "ADMINS",
			fmt.Sprintf("The %s trial runs until %s", s.Catalogue.Plan(plan).Name, trial.EndsAt.Format(time.DateOnly)),
			event.TrialStarted{Plan: plan, EndsAt: trial.EndsAt})
	})
	if err != nil {
		return nil, err
	}
	return s.overview(ctx, s.Client, v.OrgID)
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

// RenewNow pays the outstanding renewal now (SB-11, SB-12): the way out of PAST_DUE and
// LOCKED by paying. A renewal due but not yet charged by the worker can be paid too.
func (s *Service) RenewNow(ctx context.Context, key string) (*Result, error) {
	if err := requireOwnTx(ctx, "renewNow"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	fp := fingerprint("renewNow", nil)
	if r, err, done := s.replay(ctx, v.OrgID, key, fp); done {
		return r, err
	}
	row, err := s.row(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	cur, now := stateOf(row), s.now()
	if cur.Status != StatusPastDue && cur.Status != StatusLocked && !RenewalDue(cur, now) {
		if r, err, done := s.replay(ctx, v.OrgID, key, fp); done { // a concurrent submit of this key renewed it
			return r, err
		}
		return nil, apperr.New(apperr.Conflict, "nothing to renew: the subscription is paid until %s", cur.PeriodEnd.Format(time.DateOnly))
	}
	q, err := RenewalQuote(s.Catalogue, cur, now)
	if err != nil {
		return nil, err
	}
	return s.pay(ctx, v.OrgID, purchase{key: key, fingerprint: fp, quote: q, action: "billing.renewed",
		what: fmt.Sprintf("Renewal: %s, %s → %s", describeState(s.Catalogue, q.Next),
			q.Next.PeriodStart.Format(time.DateOnly), q.Next.PeriodEnd.Format(time.DateOnly))})
}

func describeState(cat *Catalogue, st State) string {
	name := st.Plan
	if p := cat.Plan(st.Plan); p != nil {
		name = p.Name
	}
	d := fmt.Sprintf("%s plan, %s, %s + %s", name, strings.ToLower(string(st.Cycle)),
		plural(st.Regular, "regular license"), plural(st.Team, "team license"))
	if adds := describeAddOns(cat, st.AddOns); adds != "" {
		d += ", " + adds
	}
	return d
}

// ---------------------------------------------------------------------------------------
// The card on file (SB-10)

// SetPaymentMethod validates a card, registers it with the gateway and keeps its token,
// brand, last 4 digits and expiry as the org's card on file (replacing any other).
func (s *Service) SetPaymentMethod(ctx context.Context, in CardInput) (*Card, error) {
	if err := requireOwnTx(ctx, "setPaymentMethod"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	info, err := ValidateCard(in, now)
	if err != nil {
		return nil, err
	}
	token, err := s.Gateway.Tokenise(ctx, in)
	if err != nil {
		if d, ok := IsDeclined(err); ok {
			return nil, apperr.New(apperr.PaymentFailed, "The card was refused: %s.", i18n.Phrase(d.Reason)).
				With("failureReason", d.Reason).With("failureCode", d.Code)
		}
		return nil, apperr.Wrap(apperr.Internal, err, "the payment service could not register the card; try again")
	}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if _, err := c.PaymentMethod.Delete().Where(paymentmethod.OrgID(v.OrgID)).Exec(ctx); err != nil {
			return err
		}
		if _, err := c.PaymentMethod.Create().SetGateway(s.Gateway.Name()).SetToken(token).SetBrand(string(info.Brand)).
			SetLast4(info.Last4).SetExpMonth(info.ExpMonth).SetExpYear(info.ExpYear).
			SetCreatedAt(now).SetUpdatedAt(now).Save(ctx); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "billing.card_set", TargetType: "PaymentMethod",
			Summary: fmt.Sprintf("%s set the card on file: %s ending in %s, expiring %02d/%d", v.Name, brandName(info.Brand), info.Last4, info.ExpMonth, info.ExpYear),
			Details: map[string]any{"brand": string(info.Brand), "last4": info.Last4}})
	})
	if err != nil {
		return nil, err
	}
	return &Card{CardInfo: info, AddedAt: now}, nil
}

func brandName(b Brand) string {
	if info, ok := brands[b]; ok {
		return info.name
	}
	return string(b)
}

// RemovePaymentMethod removes the card on file; it reports whether there was one.
func (s *Service) RemovePaymentMethod(ctx context.Context) (bool, error) {
	if err := requireOwnTx(ctx, "removePaymentMethod"); err != nil {
		return false, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return false, err
	}
	removed := false
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		pm, err := c.PaymentMethod.Query().Where(paymentmethod.OrgID(v.OrgID)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := c.PaymentMethod.DeleteOne(pm).Exec(ctx); err != nil {
			return err
		}
		removed = true
		return tx.Audit(audit.Entry{Action: "billing.card_removed", TargetType: "PaymentMethod",
			Summary: fmt.Sprintf("%s removed the card on file (%s ending in %s); renewals fail until a card is added", v.Name, brandName(Brand(pm.Brand)), pm.Last4),
			Details: map[string]any{"brand": pm.Brand, "last4": pm.Last4}})
	})
	return removed, err
}

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
