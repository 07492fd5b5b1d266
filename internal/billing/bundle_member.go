package billing

// Member subscriptions (BU-1, BU-2): subscribing the org to a member service of the suite (not
// CRM: the CRM's subscription is the billing engine's), paid now with the balance first, then
// the card on file; and making an admin the super admin of one ("unify first", BU-2).

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/bundle"
	"github.com/crmadmin/crmadmin/ent/membersubscription"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
)

// MaxMemberUsers bounds the users of a member subscription and of a bundle upgrade (the API's
// 1..10000).
const MaxMemberUsers = 10_000

// MemberInput is subscribeMemberService's input.
type MemberInput struct {
	Service      BundleService
	SuperAdminID int // 0: the caller
	Cycle        Cycle
	Users        int
}

func (in MemberInput) validate() error {
	switch {
	case in.Service == ServiceCRM:
		return apperr.Invalid("service", "the CRM's subscription is changed with changeSubscription, not here")
	case !slices.Contains(BundleServices, in.Service):
		return apperr.Invalid("service", "unknown service %q", in.Service)
	case !in.Cycle.Valid():
		return apperr.Invalid("cycle", "cycle must be MONTHLY or YEARLY")
	case in.Users < 1 || in.Users > MaxMemberUsers:
		return apperr.Invalid("users", "users must be between 1 and %d; got %d", MaxMemberUsers, in.Users)
	case in.SuperAdminID < 0:
		return apperr.Invalid("superAdminId", "not a user of this organization")
	}
	return nil
}

// orgAdmin is userID when it is an active admin (or the super admin) of the org, else VALIDATION
// on field.
func orgAdmin(ctx context.Context, c *ent.Client, orgID, userID int, field string) (*ent.User, error) {
	u, err := c.User.Query().Where(user.OrgID(orgID), user.ID(userID)).Only(auth.SystemContext(ctx, orgID))
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid(field, "not a user of this organization")
	}
	if err != nil {
		return nil, err
	}
	if u.Status != user.StatusACTIVE || (u.Role != user.RoleADMIN && u.Role != user.RoleSUPER_ADMIN) {
		return nil, apperr.Invalid(field, "%s is not an active admin of this organization", u.Name)
	}
	return u, nil
}

// runningMember is the org's member subscription of svc that has not ended, or nil.
func runningMember(ctx context.Context, c *ent.Client, orgID int, svc BundleService) (*ent.MemberSubscription, error) {
	r, err := c.MemberSubscription.Query().Where(membersubscription.OrgID(orgID),
		membersubscription.ServiceEQ(membersubscription.Service(svc)), membersubscription.EndedAtIsNil()).
		Order(ent.Desc(membersubscription.FieldID)).First(auth.SystemContext(ctx, orgID))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return r, err
}

// SubscribeMemberService subscribes the org to a member service (BU-1) for a period from now at
// the catalogue's price per user, paid with the balance first, then the card on file; the
// payment is in payments. The same idempotency key answers with the same subscription.
func (s *Service) SubscribeMemberService(ctx context.Context, in MemberInput, key string) (*MemberSub, error) {
	if err := requireOwnTx(ctx, "subscribeMemberService"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if _, err := s.bundleCatalogue(); err != nil {
		return nil, err
	}
	if in.SuperAdminID == 0 {
		in.SuperAdminID = v.UserID
	}
	fp := fingerprint("subscribeMemberService", in)
	if p, err := s.bundleReplay(ctx, v.OrgID, key, fp); err != nil || p != nil {
		if err != nil {
			return nil, err
		}
		return s.memberOfPayment(ctx, v.OrgID, p.ID)
	}
	if _, err := orgAdmin(ctx, s.Client, v.OrgID, in.SuperAdminID, "superAdminId"); err != nil {
		return nil, err
	}
	if err := s.checkMemberFree(ctx, s.Client, v.OrgID, in.Service); err != nil {
		return nil, err
	}
	row, err := s.row(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	cur, now := row.Currency, s.now()
	pv, ok := s.Catalogue.MemberPrice(in.Service, in.Cycle, cur)
	if !ok {
		return nil, apperr.Invalid("service", "%s has no %s price in %s", in.Service, in.Cycle, cur)
	}
	name := s.Catalogue.Service(in.Service).LocalName("en")
	end := PeriodEnd(now, in.Cycle)
	unit := pv.Regular * in.Cycle.Months()
	amount := unit * int64(in.Users)
	applied := min(row.Balance, amount)
	secs := seconds(now, end)
	what := fmt.Sprintf("%s, %s, %s", name, strings.ToLower(string(in.Cycle)), plural(in.Users, "user"))
	var created *ent.MemberSubscription
	_, err = s.payBundle(ctx, v.OrgID, bundlePurchase{key: key, fingerprint: fp, product: string(in.Service), plan: string(in.Service),
		what: "Subscription: " + what, action: "bundle.member_subscribed",
		lines: []Line{{Kind: Charge, Product: ProductService, Code: string(in.Service), Description: what, Quantity: in.Users,
			UnitPrice: Money{unit, cur}, Seconds: secs, PeriodSeconds: secs, Amount: Money{amount, cur}}},
		subtotal: Money{amount, cur}, creditApplied: Money{applied, cur}, totalDue: Money{amount - applied, cur},
		apply: func(tx *change.Tx, c *ent.Client, pay *ent.Payment, at time.Time) error {
			if err := s.checkMemberFree(ctx, c, v.OrgID, in.Service); err != nil {
				return err
			}
			cr := c.MemberSubscription.Create().SetOrgID(v.OrgID).SetService(membersubscription.Service(in.Service)).
				SetSuperAdminID(in.SuperAdminID).SetCycle(membersubscription.Cycle(in.Cycle)).SetUsers(in.Users).
				SetPeriodStart(now).SetPeriodEnd(end).SetPaid(amount).SetCurrency(cur).SetPaymentID(pay.ID).
				SetCreatedAt(at).SetUpdatedAt(at)
			if pv.ID != 0 {
				cr.SetPriceID(pv.ID)
			}
			var err error
			created, err = cr.Save(auth.SystemContext(ctx, v.OrgID))
			return err
		}})
	if err != nil {
		return nil, err
	}
	return memberSubOf(created), nil
}

// checkMemberFree refuses subscribing to svc while the org has a running subscription of it, or
// once its bundle is paid for (the service is in it).
func (s *Service) checkMemberFree(ctx context.Context, c *ent.Client, orgID int, svc BundleService) error {
	r, err := runningMember(ctx, c, orgID, svc)
	if err != nil {
		return err
	}
	if r != nil && s.now().Before(r.PeriodEnd) {
		return conflict("MEMBER_ALREADY_SUBSCRIBED", "the organization already subscribes to %s until %s", svc, r.PeriodEnd.UTC().Format(time.DateOnly))
	}
	b, err := s.bundleRow(ctx, c, orgID)
	if err != nil {
		return err
	}
	if b != nil && b.State == bundle.StateUPGRADED {
		return conflict("BUNDLE_UPGRADED", "%s is part of the organization's suite bundle", svc)
	}
	return nil
}

// memberOfPayment is the member subscription a payment paid for (an idempotent replay).
func (s *Service) memberOfPayment(ctx context.Context, orgID, paymentID int) (*MemberSub, error) {
	r, err := s.Client.MemberSubscription.Query().Where(membersubscription.OrgID(orgID), membersubscription.PaymentID(paymentID)).
		Only(auth.SystemContext(ctx, orgID))
	if err != nil {
		return nil, err
	}
	return memberSubOf(r), nil
}

// SetMemberSuperAdmin makes userID (an active admin of the org) the super admin of the org's
// running subscription of svc (BU-2: unify the super admins first; the service's settings and
// data stay as they are). Only the service's current super admin or the org's super admin may.
func (s *Service) SetMemberSuperAdmin(ctx context.Context, svc BundleService, userID int) (*MemberSub, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case svc == ServiceCRM:
		return nil, apperr.Invalid("service", "the CRM's super admin is the organization's super admin: transfer the ownership of the organization instead")
	case !slices.Contains(BundleServices, svc):
		return nil, apperr.Invalid("service", "unknown service %q", svc)
	}
	var out *MemberSub
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if _, err := s.row(ctx, c, v.OrgID); err != nil { // the lock
			return err
		}
		r, err := runningMember(ctx, c, v.OrgID, svc)
		if err != nil {
			return err
		}
		if r == nil {
			return apperr.New(apperr.NotFound, "the organization does not subscribe to %s", svc)
		}
		if r.SuperAdminID != v.UserID && v.Role != auth.RoleSuperAdmin {
			return apperr.New(apperr.Forbidden, "only the super admin of %s or of the organization may name its super admin", svc)
		}
		u, err := orgAdmin(ctx, c, v.OrgID, userID, "userId")
		if err != nil {
			return err
		}
		from := r.SuperAdminID
		if r, err = r.Update().SetSuperAdminID(u.ID).SetUpdatedAt(s.now()).Save(auth.SystemContext(ctx, v.OrgID)); err != nil {
			return err
		}
		out = memberSubOf(r)
		return tx.Audit(audit.Entry{Action: "bundle.member_super_admin_changed", TargetType: "MemberSubscription", TargetID: r.ID,
			Summary: fmt.Sprintf("%s made %s the super admin of %s", v.Name, u.Name, svc),
			Details: map[string]any{"service": string(svc), "from": from, "to": u.ID}})
	})
	return out, err
}
