package billing

import (
	"context"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
)

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
//
// Read through a transaction's client (c is not s.Client), the row is locked first until the
// transaction ends (issue 15 item 2): whatever the caller then computes from it (licences,
// balance, add-on units, status) and saves cannot lose a concurrent change on PostgreSQL, whose
// READ COMMITTED lets two transactions read the same row; SQLite's immediate transactions
// already serialise writers.
func (s *Service) row(ctx context.Context, c *ent.Client, orgID int) (*ent.BillingSubscription, error) {
	sctx := auth.SystemContext(ctx, orgID)
	if c != s.Client {
		if err := lockSubscription(ctx, c, orgID); err != nil {
			return nil, err
		}
	}
	r, err := subscriptionQuery(c, orgID).Only(sctx)
	if !ent.IsNotFound(err) {
		return r, err
	}
	if c == s.Client {
		r, err = s.create(sctx, c, orgID)
	} else { // in a transaction: one that survives losing the race (PostgreSQL)
		err = store.Savepoint(ctx, c, func() (err error) {
			r, err = s.create(sctx, c, orgID)
			return err
		})
	}
	if ent.IsConstraintError(err) { // created meanwhile by a concurrent first read
		if c != s.Client { // its creator has committed: lock it as above, then read it
			if err := lockSubscription(ctx, c, orgID); err != nil {
				return nil, err
			}
		}
		return subscriptionQuery(c, orgID).Only(sctx)
	}
	return r, err // created here: no one else sees it before this transaction commits
}

// subscriptionQuery reads the org's subscription with the price versions it pays and is
// announced (issue 18), which stateOf turns into State.Price and State.NextPrice.
func subscriptionQuery(c *ent.Client, orgID int) *ent.BillingSubscriptionQuery {
	withPlan := func(q *ent.PlanPriceQuery) { q.WithPlan() }
	return c.BillingSubscription.Query().Where(billingsubscription.OrgID(orgID)).WithPrice(withPlan).WithNextPrice(withPlan)
}

// lockSubscription takes the row lock of the org's subscription in c's transaction, the same
// statement on SQLite and PostgreSQL (an UPDATE that changes nothing locks the row like
// SELECT … FOR UPDATE, and fires no ent hook). No row (none created yet): no lock, and the
// unique org_id makes a concurrent first creation fail instead (see row).
func lockSubscription(ctx context.Context, c *ent.Client, orgID int) error {
	_, err := c.ExecContext(ctx, `UPDATE "`+billingsubscription.Table+`" SET "id" = "id" WHERE "org_id" = $1`, orgID)
	return err
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
	held, err := s.usersByKind(ctx, c, orgID)
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
	cr := c.BillingSubscription.Create().SetOrgID(orgID).SetPlan(st.Plan).SetCycle(billingsubscription.CycleMONTHLY).
		SetCurrency(currency).SetStatus(billingsubscription.StatusACTIVE).SetPeriodStart(st.PeriodStart).SetPeriodEnd(st.PeriodEnd).
		SetRegularLicenses(regular).SetTeamLicenses(team).SetNextAction(string(a)).SetNextActionAt(at).
		SetCreatedAt(now).SetUpdatedAt(now)
	pv := s.Catalogue.CurrentPrice(PlanFree, Monthly, currency)
	if pv.ID != 0 {
		cr.SetPriceID(pv.ID)
	}
	r, err := cr.Save(ctx)
	if err != nil {
		return nil, err
	}
	r.Edges.Price = planPriceOf(&pv) // as subscriptionQuery loads it
	// The seats (issue 18): as many as the counters say, each user holding one of its kind.
	if err := s.createSeats(ctx, c, orgID, map[LicenseKind]int{Regular: regular, Team: team}); err != nil {
		return nil, err
	}
	return r, nil
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
	st.Price, st.NextPrice = priceVersionOf(r.Edges.Price), priceVersionOf(r.Edges.NextPrice)
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
	// The seats follow the licences bought (issue 18): the rows are the source of truth and
	// the counters a copy written here, in the same transaction.
	counts, err := s.syncSeats(ctx, c, row.OrgID, map[LicenseKind]int{Regular: next.Regular, Team: next.Team})
	if err != nil {
		return nil, err
	}
	next.Regular, next.Team = counts[Regular], counts[Team]
	paid := PaidPrice(s.Catalogue, next)
	if paid.ID != 0 {
		next.Price = &paid
	}
	if !next.NextPrice.matches(next.Plan, priceCycle(next.Plan, next.Cycle), next.Currency) {
		next.NextPrice = nil
	}
	a, at := s.nextStep(next, s.now())
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
	if next.Price != nil && next.Price.ID != 0 {
		u.SetPriceID(next.Price.ID)
	} else {
		u.ClearPriceID()
	}
	if next.NextPrice != nil && next.NextPrice.ID != 0 {
		u.SetNextPriceID(next.NextPrice.ID)
	} else {
		u.ClearNextPriceID()
	}
	if mod != nil {
		mod(u)
	}
	saved, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	saved.Edges.Price, saved.Edges.NextPrice = planPriceOf(next.Price), planPriceOf(next.NextPrice)
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

// users counts the org's users by licence kind: held (active and deactivated: each needs a
// seat, SB-7; equal to the ASSIGNED seats except after an automatic downgrade to FREE left
// users beyond the licences) and active.
func (s *Service) users(ctx context.Context, c *ent.Client, orgID int) (held, active map[LicenseKind]int, err error) {
	us, err := c.User.Query().Where(user.OrgID(orgID)).Select(user.FieldLicenseKind, user.FieldStatus).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	held, active = map[LicenseKind]int{}, map[LicenseKind]int{}
	for _, u := range us {
		held[LicenseKind(u.LicenseKind)]++
		if u.Status == user.StatusACTIVE {
			active[LicenseKind(u.LicenseKind)]++
		}
	}
	return held, active, nil
}

// usersByKind counts the org's users (active and deactivated) by licence kind.
func (s *Service) usersByKind(ctx context.Context, c *ent.Client, orgID int) (map[LicenseKind]int, error) {
	us, err := c.User.Query().Where(user.OrgID(orgID)).Select(user.FieldLicenseKind).All(ctx)
	if err != nil {
		return nil, err
	}
	n := map[LicenseKind]int{}
	for _, u := range us {
		n[LicenseKind(u.LicenseKind)]++
	}
	return n, nil
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
