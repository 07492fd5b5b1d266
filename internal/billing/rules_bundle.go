package billing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// ---------------------------------------------------------------------------------------
// The suite bundle (BU-1 … BU-5): pure rules. The bundle's services, trial, expiry choices and
// the upgrade's credits for what the org already paid for its member subscriptions. Nothing
// here reads a database or a clock: the caller passes the members and the instant.

// BundleService is a member service of the suite (BU-1); CRM is this product.
type BundleService string

const (
	ServiceCRM       BundleService = "CRM"
	ServiceCampaigns BundleService = "CAMPAIGNS"
	ServiceSalesIQ   BundleService = "SALESIQ"
	ServiceDesk      BundleService = "DESK"
	ServiceProjects  BundleService = "PROJECTS"
	ServiceSocial    BundleService = "SOCIAL"
	ServiceSurvey    BundleService = "SURVEY"
	ServiceAnalytics BundleService = "ANALYTICS"
)

// BundleServices lists the suite's services in the order the API and the SPA show them.
var BundleServices = []BundleService{ServiceCRM, ServiceCampaigns, ServiceSalesIQ, ServiceDesk,
	ServiceProjects, ServiceSocial, ServiceSurvey, ServiceAnalytics}

// BundleAccessKind is how an org reaches a service while its bundle trial runs (BU-3), and
// after the bundle ends without an upgrade (BU-4).
type BundleAccessKind string

const (
	AccessInBundle       BundleAccessKind = "IN_BUNDLE"       // a paid service used inside the bundle
	AccessStandaloneOnly BundleAccessKind = "STANDALONE_ONLY" // a paid service reachable only on its own
	AccessTrialInBundle  BundleAccessKind = "TRIAL_IN_BUNDLE" // an unpaid service on trial inside the bundle
	AccessStandalone     BundleAccessKind = "STANDALONE"      // after the bundle: a paid service goes on on its own
	AccessFreeEdition    BundleAccessKind = "FREE_EDITION"    // after the bundle: the service's free edition
	AccessNone           BundleAccessKind = "NONE"            // after the bundle: no free edition, no access
	AccessBundle         BundleAccessKind = "BUNDLE"          // upgraded: part of the paid bundle contract
)

// Member is an org's own subscription to one member service (BU-1): who is its super admin,
// its current period and what was actually paid for that period (after the account balance
// and discounts: the money the credit may give back, never the list price).
type Member struct {
	Service        BundleService
	SuperAdminID   int
	SuperAdminName string
	Cycle          Cycle
	PeriodStart    time.Time
	PeriodEnd      time.Time
	Paid           Money
	// CreditedUntil: the paid time before this instant was already credited to a bundle
	// upgrade (zero when never); an upgrade credits only what follows it (BU-5).
	CreditedUntil time.Time
	// Ended: the subscription was ended (by an upgrade or otherwise): nothing left to credit.
	Ended bool
}

// paid is whether the member is a paid subscription still running at now.
func (m Member) paid(now time.Time) bool {
	return !m.Ended && m.Paid.Amount > 0 && now.Before(m.PeriodEnd)
}

// CanStartBundleTrial decides BU-2: the user may start the bundle trial when they are the super
// admin of every paid member service, or an admin of all of them (adminOf: the services the
// user administers). Otherwise the error is FORBIDDEN with reason BUNDLE_ADMINS_DIFFER and, in
// its details, every paid service with its super admin, so they can be unified first.
func CanStartBundleTrial(members []Member, userID int, adminOf map[BundleService]bool, now time.Time) error {
	var paid []Member
	for _, m := range members {
		if m.paid(now) {
			paid = append(paid, m)
		}
	}
	superOfAll, adminOfAll := true, true
	for _, m := range paid {
		superOfAll = superOfAll && m.SuperAdminID == userID
		adminOfAll = adminOfAll && adminOf[m.Service]
	}
	if superOfAll || adminOfAll {
		return nil
	}
	slices.SortFunc(paid, func(a, b Member) int { return serviceRank(a.Service) - serviceRank(b.Service) })
	names := make([]string, 0, len(paid))
	details := make([]map[string]any, 0, len(paid))
	for _, m := range paid {
		names = append(names, fmt.Sprintf("%s (%s)", m.Service, m.SuperAdminName))
		details = append(details, map[string]any{"service": string(m.Service), "superAdminId": m.SuperAdminID, "superAdminName": m.SuperAdminName})
	}
	return apperr.New(apperr.Forbidden,
		"only the super admin of every paid service, or an admin of all of them, may start the bundle trial; unify the super admins of %s first",
		strings.Join(names, ", ")).
		With("reason", "BUNDLE_ADMINS_DIFFER").With("services", details)
}

func serviceRank(s BundleService) int {
	if i := slices.Index(BundleServices, s); i >= 0 {
		return i
	}
	return len(BundleServices)
}

// BundleAccess is each service's access during the trial (BU-3): paid CRM and SALESIQ are used
// inside the bundle, other paid services stay reachable only on their own, unpaid ones are on
// trial inside the bundle. Every service of BundleServices is in the result.
func BundleAccess(members []Member, now time.Time) map[BundleService]BundleAccessKind {
	out := make(map[BundleService]BundleAccessKind, len(BundleServices))
	for _, s := range BundleServices {
		out[s] = AccessTrialInBundle
	}
	for _, m := range members {
		if !m.paid(now) {
			continue
		}
		if m.Service == ServiceCRM || m.Service == ServiceSalesIQ {
			out[m.Service] = AccessInBundle
		} else {
			out[m.Service] = AccessStandaloneOnly
		}
	}
	return out
}

// AccessAfterBundle is each service's access once the bundle ends without an upgrade (BU-4):
// paid services go on as before (on their own), unpaid ones fall back to their free edition
// (hasFree) or lose access.
func AccessAfterBundle(members []Member, hasFree map[BundleService]bool, now time.Time) map[BundleService]BundleAccessKind {
	out := make(map[BundleService]BundleAccessKind, len(BundleServices))
	for _, s := range BundleServices {
		if hasFree[s] {
			out[s] = AccessFreeEdition
		} else {
			out[s] = AccessNone
		}
	}
	for _, m := range members {
		if m.paid(now) {
			out[m.Service] = AccessStandalone
		}
	}
	return out
}
