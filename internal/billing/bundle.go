package billing

// The suite bundle's service (BU-1 … BU-5, issue 14 §2): the pure rules of rules_bundle*.go
// applied to the org's member subscriptions (MemberSubscription rows), its CRM subscription
// (the BillingSubscription: the CRM is a member too) and its Bundle row. One file per use case:
// bundle.go (reading: the members and the bundle as the API shows them), bundle_trial.go (start,
// extend, cancel, the expiry job), bundle_member.go (subscribing to a member service, its super
// admin), bundle_upgrade.go (quote and upgrade) and bundle_pay.go (paying them).

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/bundle"
	"github.com/crmadmin/crmadmin/ent/membersubscription"
	"github.com/crmadmin/crmadmin/ent/payment"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// BundleView states of the org's bundle, as the API shows them.
const (
	BundleViewNone      = "NONE"
	BundleViewTrialing  = "TRIALING"
	BundleViewExtended  = "EXTENDED"
	BundleViewExpired   = "EXPIRED"
	BundleViewCancelled = "CANCELLED"
	BundleViewUpgraded  = "UPGRADED"
)

// MemberSub is an org's subscription to one member service (BU-1): a MemberSubscription row,
// or for the CRM the BillingSubscription seen the same way (ID: the billing subscription's).
type MemberSub struct {
	ID           int
	Service      BundleService
	SuperAdminID int
	Cycle        Cycle
	Users        int
	PeriodStart  time.Time
	PeriodEnd    time.Time
	// Paid is what was actually paid for the current period (card and balance, after credits).
	Paid          Money
	EndedAt       *time.Time
	CreditedUntil *time.Time
}

// BundleMemberView is one service of the suite for the API.
type BundleMemberView struct {
	Service        BundleService
	Entry          *ServiceEntry // names; nil when the catalogue has no services
	HasFreeEdition bool
	Sub            *MemberSub // nil: the org pays nothing for it
	Access         BundleAccessKind
}

// BundleBlocker is a paid service whose super admin is not the viewer (BU-2).
type BundleBlocker struct {
	Service      BundleService
	SuperAdminID int
}

// BundleContract is the one bundle contract once upgraded (BU-5).
type BundleContract struct {
	ID        int
	Cycle     Cycle
	Users     int
	AddOns    []string
	StartedAt time.Time
	PeriodEnd time.Time
	Price     Money
}

// SuiteBundle is the org's bundle as the API shows it.
type SuiteBundle struct {
	State          string
	Members        []BundleMemberView
	TrialStartedAt *time.Time
	TrialEndsAt    *time.Time
	DaysLeft       *int
	CanExtend      bool
	ExtensionDays  int
	CanStartTrial  bool
	Blockers       []BundleBlocker
	Contract       *BundleContract
}

// bundleCatalogue is the catalogue's bundle, or NOT_FOUND when the catalogue has none.
func (s *Service) bundleCatalogue() (*BundleEntry, error) {
	if s.Catalogue.Bundle == nil || len(s.Catalogue.Services) == 0 {
		return nil, apperr.New(apperr.NotFound, "the plan catalogue has no suite bundle")
	}
	return s.Catalogue.Bundle, nil
}

// SuiteBundle returns the viewer's org's bundle (BU-1 … BU-5).
func (s *Service) SuiteBundle(ctx context.Context) (*SuiteBundle, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	return s.suiteBundle(ctx, s.client(ctx), v)
}

func (s *Service) suiteBundle(ctx context.Context, c *ent.Client, v *auth.Viewer) (*SuiteBundle, error) {
	b, err := s.bundleCatalogue()
	if err != nil {
		return nil, err
	}
	orgID, now := v.OrgID, s.now()
	subs, err := s.memberSubs(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	row, err := s.bundleRow(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	loc, err := s.orgLocation(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	members := membersOf(subs)
	out := &SuiteBundle{State: BundleViewNone, ExtensionDays: b.ExtensionDays}
	var access map[BundleService]BundleAccessKind
	hasFree := map[BundleService]bool{}
	for _, e := range s.Catalogue.Services {
		hasFree[e.Code] = e.HasFreeEdition
	}
	switch {
	case row == nil:
		access = BundleAccess(members, now) // what the trial would give
	case row.State == bundle.StateUPGRADED:
		out.State = BundleViewUpgraded
		access = map[BundleService]BundleAccessKind{}
		for _, svc := range BundleServices {
			access[svc] = AccessBundle
		}
		out.Contract = contractOf(row)
	case row.State == bundle.StateTRIALING:
		out.State = BundleViewTrialing
		if row.Extended {
			out.State = BundleViewExtended
		}
		access = BundleAccess(members, now)
		out.CanExtend = !row.Extended && b.ExtensionDays > 0
		if row.TrialEndsAt != nil {
			d := daysLeft(now, *row.TrialEndsAt, loc)
			out.DaysLeft = &d
		}
	default: // CANCELLED, EXPIRED
		out.State = string(row.State)
		access = AccessAfterBundle(members, hasFree, now)
	}
	if row != nil {
		out.TrialStartedAt, out.TrialEndsAt = utcPtr(row.TrialStartedAt), utcPtr(row.TrialEndsAt)
	}
	// BU-2: who may start it (only before any trial), and whom to ask otherwise.
	if err := CanStartBundleTrial(members, v.UserID, s.adminOf(members, v), now); err != nil {
		for _, m := range members {
			if m.paid(now) && m.SuperAdminID != v.UserID {
				out.Blockers = append(out.Blockers, BundleBlocker{Service: m.Service, SuperAdminID: m.SuperAdminID})
			}
		}
	} else {
		out.CanStartTrial = row == nil
	}
	for _, svc := range BundleServices {
		mv := BundleMemberView{Service: svc, Entry: s.Catalogue.Service(svc), HasFreeEdition: hasFree[svc], Access: access[svc]}
		if sub, ok := subs[svc]; ok {
			mv.Sub = sub
		}
		out.Members = append(out.Members, mv)
	}
	return out, nil
}

// daysLeft is the whole days left before end in loc: 0 on the trial's last day (BU-4).
func daysLeft(now, end time.Time, loc *time.Location) int {
	if !now.Before(end) {
		return 0
	}
	ty, tm, td := now.In(loc).Date()
	ey, em, ed := end.In(loc).Date()
	days := int(time.Date(ey, em, ed, 0, 0, 0, 0, time.UTC).Sub(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	return max(days-1, 0)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// adminOf is BU-2's "admin of all of them" for v: without per-service admin lists, a user
// administers a service they are the super admin of, and the org's super admin the CRM.
func (s *Service) adminOf(members []Member, v *auth.Viewer) map[BundleService]bool {
	out := map[BundleService]bool{}
	for _, m := range members {
		out[m.Service] = m.SuperAdminID == v.UserID || (m.Service == ServiceCRM && v.Role == auth.RoleSuperAdmin)
	}
	return out
}

func contractOf(r *ent.Bundle) *BundleContract {
	if r.State != bundle.StateUPGRADED || r.ContractCycle == nil || r.ContractStartedAt == nil || r.ContractPeriodEnd == nil {
		return nil
	}
	adds := slices.Sorted(maps.Keys(r.ContractAddOns))
	if adds == nil {
		adds = []string{}
	}
	return &BundleContract{ID: r.ID, Cycle: Cycle(*r.ContractCycle), Users: r.ContractUsers, AddOns: adds,
		StartedAt: r.ContractStartedAt.UTC(), PeriodEnd: r.ContractPeriodEnd.UTC(), Price: Money{r.ContractPrice, r.ContractCurrency}}
}

// membersOf turns the org's subscriptions into what the rules see.
func membersOf(subs map[BundleService]*MemberSub) []Member {
	var out []Member
	for _, svc := range BundleServices {
		sub, ok := subs[svc]
		if !ok {
			continue
		}
		m := Member{Service: svc, SuperAdminID: sub.SuperAdminID, Cycle: sub.Cycle, PeriodStart: sub.PeriodStart,
			PeriodEnd: sub.PeriodEnd, Paid: sub.Paid, Ended: sub.EndedAt != nil}
		if sub.CreditedUntil != nil {
			m.CreditedUntil = *sub.CreditedUntil
		}
		out = append(out, m)
	}
	return out
}

// memberSubs are the org's running (or ended by the bundle) member subscriptions by service:
// the CRM's from the billing subscription when it is paid, the others' latest rows.
func (s *Service) memberSubs(ctx context.Context, c *ent.Client, orgID int) (map[BundleService]*MemberSub, error) {
	sctx := auth.SystemContext(ctx, orgID)
	out := map[BundleService]*MemberSub{}
	crm, err := s.crmMember(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	if crm != nil {
		out[ServiceCRM] = crm
	}
	rows, err := c.MemberSubscription.Query().Where(membersubscription.OrgID(orgID)).
		Order(ent.Asc(membersubscription.FieldID)).All(sctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rows { // the latest row of each service wins
		out[BundleService(r.Service)] = memberSubOf(r)
	}
	return out, nil
}

func memberSubOf(r *ent.MemberSubscription) *MemberSub {
	return &MemberSub{ID: r.ID, Service: BundleService(r.Service), SuperAdminID: r.SuperAdminID, Cycle: Cycle(r.Cycle),
		Users: r.Users, PeriodStart: r.PeriodStart.UTC(), PeriodEnd: r.PeriodEnd.UTC(), Paid: Money{r.Paid, r.Currency},
		EndedAt: utcPtr(r.EndedAt), CreditedUntil: utcPtr(r.CreditedUntil)}
}

// crmMember is the CRM as a member subscription (BU-1): its super admin is the org's, and what
// its current period actually paid is the sum of the period's CRM payments (charges less
// refunds, balance included). nil on FREE, or when nothing was paid for the period.
func (s *Service) crmMember(ctx context.Context, c *ent.Client, orgID int) (*MemberSub, error) {
	sctx := auth.SystemContext(ctx, orgID)
	row, err := subscriptionQuery(c, orgID).Only(sctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	st := stateOf(row)
	if !s.Catalogue.Plan(st.Plan).Paid() || (st.Status != StatusActive && st.Status != StatusTrialing) {
		return nil, nil
	}
	pays, err := c.Payment.Query().Where(payment.OrgID(orgID), payment.Product("CRM"), payment.StatusEQ(payment.StatusSUCCEEDED),
		payment.CreatedAtGTE(st.PeriodStart)).All(sctx)
	if err != nil {
		return nil, err
	}
	var paid int64
	for _, p := range pays {
		if p.Kind == payment.KindREFUND {
			paid -= p.Amount
		} else {
			paid += p.Amount
		}
	}
	if paid <= 0 {
		return nil, nil
	}
	admin, err := c.User.Query().Where(user.OrgID(orgID), user.RoleEQ(user.RoleSUPER_ADMIN)).Order(ent.Asc(user.FieldID)).First(sctx)
	if err != nil {
		return nil, err
	}
	sub := &MemberSub{ID: row.ID, Service: ServiceCRM, SuperAdminID: admin.ID, Cycle: st.Cycle, Users: st.Regular + st.Team,
		PeriodStart: st.PeriodStart, PeriodEnd: st.PeriodEnd, Paid: Money{paid, st.Currency}}
	b, err := s.bundleRow(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	if b != nil && b.CrmCreditedUntil != nil {
		sub.CreditedUntil = utcPtr(b.CrmCreditedUntil)
	}
	return sub, nil
}

// bundleRow is the org's bundle row, or nil before any trial or upgrade.
func (s *Service) bundleRow(ctx context.Context, c *ent.Client, orgID int) (*ent.Bundle, error) {
	r, err := c.Bundle.Query().Where(bundle.OrgID(orgID)).Only(auth.SystemContext(ctx, orgID))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return r, err
}

// orgLocation is the org's time zone (its calendar days count the trial, BU-3).
func (s *Service) orgLocation(ctx context.Context, c *ent.Client, orgID int) (*time.Location, error) {
	org, err := c.Organization.Get(auth.SystemContext(ctx, orgID), orgID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(org.TimeZone)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}

// conflict is a CONFLICT with a reason for clients.
func conflict(reason, format string, args ...any) error {
	return apperr.New(apperr.Conflict, format, args...).With("reason", reason)
}
