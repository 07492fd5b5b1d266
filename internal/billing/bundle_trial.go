package billing

// The bundle trial (BU-2, BU-3, BU-4): start, extend once, cancel, and the worker's expiry —
// each one change: transaction + audit + notification. Every change locks the org's billing
// subscription row first (row), so bundle changes, upgrades and the job serialise per org.

import (
	"context"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/bundle"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/event"
	"github.com/crmadmin/crmadmin/internal/store"
)

// trialOf turns a bundle row into what the rules see.
func trialOf(r *ent.Bundle) BundleTrial {
	t := BundleTrial{Extended: r.Extended, NoticesSent: r.NoticesSent}
	switch r.State {
	case bundle.StateTRIALING:
		t.State = BundleTrialing
	case bundle.StateUPGRADED:
		t.State = BundleUpgraded
	default:
		t.State = BundleEnded
	}
	if r.TrialStartedAt != nil {
		t.StartedAt = r.TrialStartedAt.UTC()
	}
	if r.TrialEndsAt != nil {
		t.EndsAt = r.TrialEndsAt.UTC()
	}
	if r.EndedAt != nil {
		t.EndedAt = r.EndedAt.UTC()
	}
	return t
}

// withSuperAdminNames fills the members' super admins' names (BU-2's refusal names them).
func withSuperAdminNames(ctx context.Context, c *ent.Client, orgID int, members []Member) ([]Member, error) {
	ids := make([]int, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.SuperAdminID)
	}
	users, err := c.User.Query().Where(user.OrgID(orgID), user.IDIn(ids...)).All(auth.SystemContext(ctx, orgID))
	if err != nil {
		return nil, err
	}
	names := map[int]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	for i := range members {
		members[i].SuperAdminName = names[members[i].SuperAdminID]
	}
	return members, nil
}

// bundleChange runs fn on the org's bundle in one change, the org's billing row locked; fn
// gets the members (with their super admins' names), the bundle row (nil: none yet), the org's
// time zone and now.
func (s *Service) bundleChange(ctx context.Context, orgID int, fn func(tx *change.Tx, c *ent.Client, members []Member, row *ent.Bundle, loc *time.Location, now time.Time) error) error {
	return s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if _, err := s.row(ctx, c, orgID); err != nil { // the lock
			return err
		}
		subs, err := s.memberSubs(ctx, c, orgID)
		if err != nil {
			return err
		}
		members, err := withSuperAdminNames(ctx, c, orgID, membersOf(subs))
		if err != nil {
			return err
		}
		row, err := s.bundleRow(ctx, c, orgID)
		if err != nil {
			return err
		}
		loc, err := s.orgLocation(ctx, c, orgID)
		if err != nil {
			return err
		}
		return fn(tx, c, members, row, loc, s.now())
	})
}

// StartBundleTrial starts the org's 30-day bundle trial (BU-2, BU-3): only the super admin of
// every paid member service, or an admin of all of them; otherwise FORBIDDEN with reason
// BUNDLE_ADMINS_DIFFER naming the services and their super admins.
func (s *Service) StartBundleTrial(ctx context.Context) (*SuiteBundle, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.bundleCatalogue()
	if err != nil {
		return nil, err
	}
	err = s.bundleChange(ctx, v.OrgID, func(tx *change.Tx, c *ent.Client, members []Member, row *ent.Bundle, loc *time.Location, now time.Time) error {
		if err := CanStartBundleTrial(members, v.UserID, s.adminOf(members, v), now); err != nil {
			return err
		}
		var prev *BundleTrial
		if row != nil {
			t := trialOf(row)
			prev = &t
		}
		t, err := StartBundleTrial(b.Policy(), prev, now, loc)
		if err != nil {
			return err
		}
		row, err = c.Bundle.Create().SetOrgID(v.OrgID).SetState(bundle.StateTRIALING).SetTrialStartedAt(t.StartedAt).
			SetTrialEndsAt(t.EndsAt).SetCreatedAt(now).SetUpdatedAt(now).Save(auth.SystemContext(ctx, v.OrgID))
		if err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "bundle.trial_started", TargetType: "Bundle", TargetID: row.ID,
			Summary: fmt.Sprintf("%s started the suite bundle trial: %d days, until %s (%s)", v.Name, b.TrialDays,
				t.EndsAt.In(loc).Format(time.DateTime), loc),
			Details: map[string]any{"endsAt": t.EndsAt, "days": b.TrialDays, "timeZone": loc.String()}}); err != nil {
			return err
		}
		return s.notify(tx, v.OrgID, "ADMINS", fmt.Sprintf("The suite bundle trial started; it runs until %s", t.EndsAt.In(loc).Format(time.DateOnly)),
			event.BundleTrialStarted{EndsAt: t.EndsAt, By: v.Name})
	})
	if err != nil {
		return nil, err
	}
	return s.suiteBundle(ctx, s.Client, v)
}

// ExtendBundleTrial extends the running trial once by the catalogue's extension (BU-4).
func (s *Service) ExtendBundleTrial(ctx context.Context) (*SuiteBundle, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.bundleCatalogue()
	if err != nil {
		return nil, err
	}
	err = s.bundleChange(ctx, v.OrgID, func(tx *change.Tx, c *ent.Client, _ []Member, row *ent.Bundle, loc *time.Location, now time.Time) error {
		if row == nil {
			return noBundleTrial()
		}
		t, err := ExtendBundleTrial(b.Policy(), trialOf(row), now, loc)
		if err != nil {
			return err
		}
		if err := row.Update().SetExtended(true).SetTrialEndsAt(t.EndsAt).SetNoticesSent(t.NoticesSent).SetUpdatedAt(now).
			Exec(auth.SystemContext(ctx, v.OrgID)); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "bundle.trial_extended", TargetType: "Bundle", TargetID: row.ID,
			Summary: fmt.Sprintf("%s extended the suite bundle trial by %d days, until %s (%s)", v.Name, b.ExtensionDays,
				t.EndsAt.In(loc).Format(time.DateTime), loc),
			Details: map[string]any{"endsAt": t.EndsAt, "days": b.ExtensionDays}}); err != nil {
			return err
		}
		return s.notify(tx, v.OrgID, "ADMINS", fmt.Sprintf("The suite bundle trial was extended until %s", t.EndsAt.In(loc).Format(time.DateOnly)),
			event.BundleTrialExtended{EndsAt: t.EndsAt, By: v.Name})
	})
	if err != nil {
		return nil, err
	}
	return s.suiteBundle(ctx, s.Client, v)
}

// CancelBundle ends the running trial at the org's choice (BU-4): unpaid services fall back to
// their free edition (or lose access), paid ones go on unchanged.
func (s *Service) CancelBundle(ctx context.Context) (*SuiteBundle, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.bundleCatalogue(); err != nil {
		return nil, err
	}
	err = s.bundleChange(ctx, v.OrgID, func(tx *change.Tx, c *ent.Client, _ []Member, row *ent.Bundle, _ *time.Location, now time.Time) error {
		if row == nil {
			return noBundleTrial()
		}
		t, err := CancelBundle(trialOf(row), now)
		if err != nil {
			return err
		}
		if err := row.Update().SetState(bundle.StateCANCELLED).SetEndedAt(t.EndedAt).SetUpdatedAt(now).
			Exec(auth.SystemContext(ctx, v.OrgID)); err != nil {
			return err
		}
		if err := tx.Audit(audit.Entry{Action: "bundle.cancelled", TargetType: "Bundle", TargetID: row.ID,
			Summary: fmt.Sprintf("%s cancelled the suite bundle: unpaid services fall back to their free edition, paid ones go on", v.Name)}); err != nil {
			return err
		}
		return s.notify(tx, v.OrgID, "ADMINS", "The suite bundle was cancelled", event.BundleCancelled{By: v.Name})
	})
	if err != nil {
		return nil, err
	}
	return s.suiteBundle(ctx, s.Client, v)
}

func noBundleTrial() error {
	return conflict("BUNDLE_NOT_STARTED", "the suite bundle trial has not been started")
}

// BundleDueOrgs lists (up to limit) the orgs whose bundle trial has a notice or its expiry due
// now (BU-4), with the instant it was due.
func (s *Service) BundleDueOrgs(ctx context.Context, limit int) ([]DueStep, error) {
	b := s.Catalogue.Bundle
	if b == nil {
		return nil, nil
	}
	rows, err := s.Client.Bundle.Query().Where(bundle.StateEQ(bundle.StateTRIALING)).
		Order(ent.Asc(bundle.FieldTrialEndsAt)).All(store.AllOrgs(ctx))
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []DueStep
	for _, r := range rows {
		loc, err := s.orgLocation(ctx, s.Client, r.OrgID)
		if err != nil {
			return nil, err
		}
		t := trialOf(r)
		sched := NoticeSchedule(b.Policy(), t, loc)
		if t.NoticesSent < len(sched) && !now.Before(sched[t.NoticesSent].At) {
			out = append(out, DueStep{OrgID: r.OrgID, Action: "BUNDLE", At: sched[t.NoticesSent].At})
		} else if !now.Before(t.EndsAt) {
			out = append(out, DueStep{OrgID: r.OrgID, Action: "BUNDLE", At: t.EndsAt})
		}
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

// RunBundleDue sends the org's due trial notices (7, 3, 1 day(s) before the end, in the org's
// time zone) and expires a trial whose time is up with no choice made, as if cancelled (BU-4).
// Idempotent: the notices sent are recorded with the state, in one change, the org locked.
func (s *Service) RunBundleDue(ctx context.Context, orgID int) error {
	b := s.Catalogue.Bundle
	if b == nil {
		return nil
	}
	ctx = auth.SystemContext(ctx, orgID)
	return s.bundleChange(ctx, orgID, func(tx *change.Tx, c *ent.Client, _ []Member, row *ent.Bundle, loc *time.Location, now time.Time) error {
		if row == nil || row.State != bundle.StateTRIALING {
			return nil
		}
		t0 := trialOf(row)
		t, notices := DueNotices(b.Policy(), t0, now, loc)
		for _, n := range notices {
			if n.DaysLeft == 0 {
				continue // the expiry's own notice is bundle.trial_expired below
			}
			if err := s.notify(tx, orgID, "ADMINS", fmt.Sprintf("The suite bundle trial ends in %s: upgrade, extend or cancel", plural(n.DaysLeft, "day")),
				event.BundleTrialEnding{DaysLeft: n.DaysLeft, EndsAt: t.EndsAt}); err != nil {
				return err
			}
		}
		upd := row.Update().SetNoticesSent(t.NoticesSent).SetUpdatedAt(now)
		t, expired := ExpireBundleTrial(t, now)
		if expired {
			upd.SetState(bundle.StateEXPIRED).SetEndedAt(t.EndedAt)
		}
		if len(notices) == 0 && !expired {
			return nil
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		if !expired {
			return nil
		}
		if err := tx.Audit(audit.Entry{Action: "bundle.trial_expired", TargetType: "Bundle", TargetID: row.ID,
			Summary: "The suite bundle trial expired with no choice made: the bundle ended as if cancelled",
			Details: map[string]any{"endedAt": t.EndedAt}}); err != nil {
			return err
		}
		return s.notify(tx, orgID, "ADMINS", "The suite bundle trial expired: unpaid services fall back to their free edition",
			event.BundleTrialExpired{EndedAt: t.EndedAt})
	})
}
