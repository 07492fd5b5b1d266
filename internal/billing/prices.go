package billing

// The catalogue as data (issue 18 items 1 and 3): at every start the catalogue (catalogue.json
// or CRM_PLAN_CATALOGUE) is seeded into CataloguePlan and PlanPrice rows. An unchanged
// catalogue creates nothing; a changed price creates a new version of it and never edits
// one: subscribers keep the version they pay (billing_subscriptions.price_id) until their
// renewal, announced PriceNoticeLead before (ActionPriceNotice), moves them to the current
// one. Then MigrateSeats gives the orgs of a database from before seats theirs.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/catalogueplan"
	"github.com/crmadmin/crmadmin/ent/license"
	"github.com/crmadmin/crmadmin/ent/planprice"
	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/store"
)

// SeedResult says what seeding the catalogue changed.
type SeedResult struct {
	PlansCreated, PlansUpdated, PricesCreated int
}

// SeedCatalogue writes s.Catalogue into the database and records the current versions in it
// (Catalogue.SetCurrent): plans are created or brought up to date (names, features, limits),
// and each price (plan × cycle × currency) whose amounts differ from its latest version gets
// a new version, active from now. It runs in one transaction; on PostgreSQL processes
// starting at once collide on the unique plan code and version indexes: the loser's
// transaction is rolled back and run again, and then finds the winner's rows (seedTx).
func (s *Service) SeedCatalogue(ctx context.Context) (SeedResult, error) {
	var res SeedResult
	ctx = privacy.DecisionContext(ctx, privacy.Allow) // plans and prices are read-only to everyone else
	now := s.now()
	var current []PriceVersion
	err := seedTx(ctx, s.Client, func(c *ent.Client) error {
		res, current = SeedResult{}, nil // again from the start when a concurrent start won (seedTx)
		// The plans, then the suite bundle's member services and the bundle (catalogue_bundle.go).
		for _, pl := range append(slices.Clone(s.Catalogue.Plans), s.Catalogue.productPlans()...) {
			row, err := c.CataloguePlan.Query().Where(catalogueplan.Code(pl.Code)).Only(ctx)
			switch {
			case ent.IsNotFound(err):
				row, err = c.CataloguePlan.Create().SetCode(pl.Code).SetProduct(pl.ProductCode()).
					SetNameEn(pl.LocalName("en")).SetNameJa(pl.LocalName("ja")).SetNameFr(pl.LocalName("fr")).
					SetRank(pl.Rank).SetFeatures(pl.Features).SetMaxUsers(pl.MaxUsers).SetRecordLimit(pl.RecordLimit).
					SetStorageGB(pl.StorageGB).SetFreeBackupsPerMonth(pl.FreeBackupsPerMonth).
					SetCreatedAt(now).SetUpdatedAt(now).Save(ctx)
				if err != nil {
					return err
				}
				res.PlansCreated++
			case err != nil:
				return err
			case !samePlanRow(row, &pl):
				row, err = row.Update().SetProduct(pl.ProductCode()).
					SetNameEn(pl.LocalName("en")).SetNameJa(pl.LocalName("ja")).SetNameFr(pl.LocalName("fr")).
					SetRank(pl.Rank).SetFeatures(pl.Features).SetMaxUsers(pl.MaxUsers).SetRecordLimit(pl.RecordLimit).
					SetStorageGB(pl.StorageGB).SetFreeBackupsPerMonth(pl.FreeBackupsPerMonth).SetUpdatedAt(now).Save(ctx)
				if err != nil {
					return err
				}
				res.PlansUpdated++
			}
			cycles := []Cycle{Monthly, Yearly}
			if !pl.Paid() {
				cycles = []Cycle{Monthly} // FREE bills nothing: one cycle
			}
			for _, cycle := range cycles {
				for _, cur := range s.Catalogue.Currencies {
					want := catalogueCurrent(s.Catalogue, pl.Code, cycle, cur)
					latest, err := c.PlanPrice.Query().Where(planprice.PlanID(row.ID), planprice.CycleEQ(planprice.Cycle(cycle)),
						planprice.Currency(cur)).Order(ent.Desc(planprice.FieldVersion)).First(ctx)
					if err != nil && !ent.IsNotFound(err) {
						return err
					}
					if latest != nil && sameAmounts(latest, want) {
						current = append(current, versionOf(latest, pl.Code))
						continue
					}
					version := 1
					if latest != nil {
						version = latest.Version + 1
					}
					created, err := c.PlanPrice.Create().SetPlanID(row.ID).SetCycle(planprice.Cycle(cycle)).SetCurrency(cur).
						SetRegularAmount(want.Regular).SetTeamAmount(want.Team).SetAddOnPrices(want.AddOns).
						SetVersion(version).SetActiveFrom(now).Save(ctx)
					if err != nil {
						return err
					}
					res.PricesCreated++
					current = append(current, versionOf(created, pl.Code))
					if latest != nil {
						// Its subscribers' next step is recomputed by billing:tick now: the
						// announcement PriceNoticeLead before their renewal (nextStep).
						if _, err := c.BillingSubscription.Update().Where(billingsubscription.PriceID(latest.ID),
							billingsubscription.NextPriceIDIsNil(), billingsubscription.NextActionAtGT(now)).
							SetNextActionAt(now).Save(ctx); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("billing: seeding the plan catalogue: %w", err)
	}
	s.Catalogue.SetCurrent(current)
	if res.PricesCreated > 0 || res.PlansCreated > 0 || res.PlansUpdated > 0 {
		s.Log.Info("plan catalogue seeded", "plansCreated", res.PlansCreated, "plansUpdated", res.PlansUpdated,
			"priceVersionsCreated", res.PricesCreated)
	}
	return res, nil
}

// seedTx runs fn in one transaction, again (at most 3 times) when it lost a race on a unique
// index to another process seeding at the same moment.
func seedTx(ctx context.Context, client *ent.Client, fn func(*ent.Client) error) (err error) {
	for attempt := 0; attempt < 3; attempt++ {
		if err = seedOnce(ctx, client, fn); !ent.IsConstraintError(err) {
			return err
		}
	}
	return err
}

func seedOnce(ctx context.Context, client *ent.Client, fn func(*ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// catalogueCurrent is the catalogue's price of plan in cycle and currency (ID 0).
func catalogueCurrent(cat *Catalogue, plan string, cycle Cycle, currency string) PriceVersion {
	saved := cat.current
	cat.current = nil
	defer func() { cat.current = saved }()
	return cat.CurrentPrice(plan, cycle, currency)
}

func samePlanRow(r *ent.CataloguePlan, pl *Plan) bool {
	return r.Product == pl.ProductCode() && r.NameEn == pl.LocalName("en") && r.NameJa == pl.LocalName("ja") &&
		r.NameFr == pl.LocalName("fr") && r.Rank == pl.Rank && slices.Equal(r.Features, pl.Features) &&
		r.MaxUsers == pl.MaxUsers && r.RecordLimit == pl.RecordLimit && r.StorageGB == pl.StorageGB &&
		r.FreeBackupsPerMonth == pl.FreeBackupsPerMonth
}

func sameAmounts(r *ent.PlanPrice, pv PriceVersion) bool {
	return r.RegularAmount == pv.Regular && r.TeamAmount == pv.Team && maps.Equal(nonZero64(r.AddOnPrices), nonZero64(pv.AddOns))
}

func nonZero64(m map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// versionOf turns a stored version of plan's price into what the rules see.
func versionOf(r *ent.PlanPrice, plan string) PriceVersion {
	return PriceVersion{ID: r.ID, Version: r.Version, Plan: plan, Cycle: Cycle(r.Cycle), Currency: r.Currency,
		Regular: r.RegularAmount, Team: r.TeamAmount, AddOns: r.AddOnPrices, ActiveFrom: r.ActiveFrom.UTC()}
}

// priceVersionOf converts an eager-loaded price edge (nil: none).
func priceVersionOf(r *ent.PlanPrice) *PriceVersion {
	if r == nil || r.Edges.Plan == nil {
		return nil
	}
	pv := versionOf(r, r.Edges.Plan.Code)
	return &pv
}

// planPriceOf is the reverse of priceVersionOf, for a row just saved (no query).
func planPriceOf(pv *PriceVersion) *ent.PlanPrice {
	if pv == nil || pv.ID == 0 {
		return nil
	}
	return &ent.PlanPrice{ID: pv.ID, Cycle: planprice.Cycle(pv.Cycle), Currency: pv.Currency, RegularAmount: pv.Regular,
		TeamAmount: pv.Team, AddOnPrices: pv.AddOns, Version: pv.Version, ActiveFrom: pv.ActiveFrom,
		Edges: ent.PlanPriceEdges{Plan: &ent.CataloguePlan{Code: pv.Plan}}}
}

// nextStep is the worker's next step for st: the dunning rules' (NextDunningStep), or the
// announcement of a newer price version before the renewal (PriceNoticeStep).
func (s *Service) nextStep(st State, now time.Time) (Action, time.Time) {
	a, at := s.Dunning.NextDunningStep(st, now)
	return PriceNoticeStep(st, s.Catalogue.CurrentPrice(st.Plan, priceCycle(st.Plan, st.Cycle), st.Currency), a, at, now)
}

// announcePrice tells the org's admins that its next renewal moves to the current price
// version, with the amount it will charge (event.PriceChanging), and records the version as
// the one the renewal pays (next_price_id).
func (s *Service) announcePrice(ctx context.Context, orgID int) error {
	return s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		row, err := s.row(ctx, c, orgID)
		if err != nil {
			return err
		}
		cur, now := stateOf(row), s.now()
		if a, _ := s.nextStep(cur, now); a != ActionPriceNotice {
			return nil // announced meanwhile, or nothing to announce any more
		}
		newPrice := s.Catalogue.CurrentPrice(cur.Plan, priceCycle(cur.Plan, cur.Cycle), cur.Currency)
		oldQ, err := RenewalQuote(s.Catalogue, cur, maxTime(now, cur.PeriodEnd))
		if err != nil {
			return err
		}
		next := cur.Clone()
		next.NextPrice = &newPrice
		newQ, err := RenewalQuote(s.Catalogue, next, maxTime(now, cur.PeriodEnd))
		if err != nil {
			return err
		}
		if _, err := s.save(ctx, c, row, next, nil); err != nil {
			return err
		}
		e := event.PriceChanging{Plan: cur.Plan, Cycle: string(cur.Cycle), Version: newPrice.Version,
			OldAmount: oldQ.Subtotal.Amount, NewAmount: newQ.Subtotal.Amount, Currency: cur.Currency, EffectiveAt: cur.PeriodEnd}
		if err := tx.Audit(audit.Entry{Action: "billing.price_announced", TargetType: "Subscription", TargetID: row.ID,
			Summary: fmt.Sprintf("The renewal on %s moves to version %d of the %s plan's price: %s instead of %s",
				cur.PeriodEnd.Format(time.DateOnly), newPrice.Version, cur.Plan, Format(newQ.Subtotal), Format(oldQ.Subtotal)),
			Details: map[string]any{"plan": cur.Plan, "version": newPrice.Version, "oldAmount": oldQ.Subtotal.Amount,
				"newAmount": newQ.Subtotal.Amount, "currency": cur.Currency, "effectiveAt": cur.PeriodEnd}}); err != nil {
			return err
		}
		return s.notify(tx, orgID, "ADMINS", fmt.Sprintf("From the renewal on %s the subscription costs %s instead of %s",
			cur.PeriodEnd.Format(time.DateOnly), Format(newQ.Subtotal), Format(oldQ.Subtotal)), e)
	})
}

// MigrateSeats is the data step of the seats migration (issue 18 item 3), run at every start
// and by `crmadmin migrate` after the schema's: each subscription without seats gets them
// from its counters (FREE seats, one assigned to each user), and one without a price version
// points at the current version of its plan — the catalogue's prices, which it paid until
// now: nothing changes on any org's bill. Each org is one transaction; an org done is skipped.
func (s *Service) MigrateSeats(ctx context.Context) (orgs int, err error) {
	all := store.AllOrgs(ctx)
	subs, err := s.Client.BillingSubscription.Query().Select(billingsubscription.FieldID, billingsubscription.FieldOrgID,
		billingsubscription.FieldPlan, billingsubscription.FieldCycle, billingsubscription.FieldCurrency,
		billingsubscription.FieldRegularLicenses, billingsubscription.FieldTeamLicenses, billingsubscription.FieldPriceID).All(all)
	if err != nil {
		return 0, err
	}
	withSeats, err := s.Client.License.Query().Unique(true).Select(license.FieldOrgID).Ints(all)
	if err != nil {
		return 0, err
	}
	seated := make(map[int]bool, len(withSeats))
	for _, id := range withSeats {
		seated[id] = true
	}
	for _, sub := range subs {
		has := seated[sub.OrgID]
		pv := s.Catalogue.CurrentPrice(sub.Plan, priceCycle(sub.Plan, Cycle(sub.Cycle)), sub.Currency)
		needPrice := sub.PriceID == nil && pv.ID != 0
		if has && !needPrice {
			continue
		}
		octx := auth.SystemContext(ctx, sub.OrgID)
		err = s.withTx(octx, func(tx *change.Tx) error {
			c := tx.Client()
			if _, err := s.row(octx, c, sub.OrgID); err != nil { // lock
				return err
			}
			if !has {
				if err := s.createSeats(octx, c, sub.OrgID, map[LicenseKind]int{Regular: sub.RegularLicenses, Team: sub.TeamLicenses}); err != nil {
					return err
				}
			}
			if needPrice {
				return c.BillingSubscription.UpdateOneID(sub.ID).SetPriceID(pv.ID).Exec(octx)
			}
			return nil
		})
		if err != nil {
			return orgs, fmt.Errorf("billing: migrating org %d to seats: %w", sub.OrgID, err)
		}
		orgs++
	}
	if orgs > 0 {
		s.Log.Info("licence seats and price versions created for existing organizations", "orgs", orgs)
	}
	return orgs, nil
}
