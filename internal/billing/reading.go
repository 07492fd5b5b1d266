package billing

import (
	"context"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/paymentmethod"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

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
	// Price is the version paid; NextPrice the version a coming renewal moves to when it
	// differs (announced: NextPriceAnnounced), else nil (issue 18).
	Price              PriceVersion
	NextPrice          *PriceVersion
	NextPriceAnnounced bool
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
	ov.Price = PaidPrice(s.Catalogue, st)
	if rp := RenewalPrice(s.Catalogue, st); rp.ID != ov.Price.ID {
		ov.NextPrice, ov.NextPriceAnnounced = &rp, true
	} else if cp := s.Catalogue.CurrentPrice(st.Plan, priceCycle(st.Plan, st.Cycle), st.Currency); cp.ID != ov.Price.ID {
		ov.NextPrice = &cp
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
