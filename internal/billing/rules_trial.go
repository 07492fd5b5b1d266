package billing

import (
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// ---------------------------------------------------------------------------------------
// Trials (SB-2)

// StartTrial starts a TrialDays trial of plan: only a paid plan ranked above the one paid
// for, once per plan (triedBefore, kept by the caller), from an ACTIVE subscription.
func StartTrial(cat *Catalogue, s State, plan string, now time.Time, triedBefore map[string]bool) (State, error) {
	cur, err := currentPlan(cat, s)
	if err != nil {
		return s, err
	}
	target := cat.Plan(plan)
	switch {
	case target == nil:
		return s, apperr.Invalid("plan", "unknown plan %q", plan)
	case s.Status == StatusTrialing && s.Trial != nil:
		return s, apperr.New(apperr.Conflict, "a trial of %s is already running until %s", s.Trial.Plan, s.Trial.EndsAt.Format(time.DateOnly))
	case s.Status != StatusActive:
		return s, apperr.New(apperr.Conflict, "pay the outstanding renewal before trying another plan")
	case !target.Paid() || target.Rank <= cur.Rank:
		return s, apperr.Invalid("plan", "only a paid plan above %s can be tried", cur.Name)
	case triedBefore[plan]:
		return s, apperr.New(apperr.Conflict, "the %s plan was already tried; each plan can be tried once", target.Name)
	}
	next := s.Clone()
	next.Status = StatusTrialing
	next.Trial = &Trial{Plan: plan, StartedAt: now, EndsAt: now.AddDate(0, 0, TrialDays)}
	return next, nil
}

// TrialExpired ends a trial whose time is up: the org is back on the plan it pays for
// (SB-2). It reports whether anything changed.
func TrialExpired(s State, now time.Time) (State, bool) {
	if s.Trial == nil || now.Before(s.Trial.EndsAt) {
		return s, false
	}
	next := s.Clone()
	next.Trial = nil
	if next.Status == StatusTrialing {
		next.Status = StatusActive
	}
	return next, true
}
