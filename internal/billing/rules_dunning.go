package billing

import (
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// ---------------------------------------------------------------------------------------
// Periods

// PeriodEnd is the end of a period starting at start: one calendar month (MONTHLY) or year
// (YEARLY) later, same clock time. A day that does not exist in the target month is clamped
// to its last day — Jan 31 → Feb 28 (29 in leap years), Mar 31 → Apr 30, Feb 29 + 1 year →
// Feb 28 — where time.AddDate would overflow into the next month (Jan 31 → Mar 3). Each period
// starts where the last ended, so after a clamp the day stays (Feb 28 → Mar 28).
func PeriodEnd(start time.Time, c Cycle) time.Time {
	return addMonths(start, int(c.Months()))
}

// addMonths adds n calendar months, clamping the day to the target month's last day.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	target := time.Month(int(m) + n)
	last := time.Date(y, target+1, 0, 0, 0, 0, 0, t.Location()).Day()
	return time.Date(y, target, min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// RenewalDue reports whether s must be renewed (charged for its next period) at now (SB-11).
func RenewalDue(s State, now time.Time) bool {
	return (s.Status == StatusActive || s.Status == StatusTrialing) && !now.Before(s.PeriodEnd)
}

// ---------------------------------------------------------------------------------------
// Dunning (SB-11, SB-12)

// Action is the next thing the billing worker does for a subscription.
type Action string

const (
	ActionNone            Action = "NONE"
	ActionRenew           Action = "RENEW"     // charge the next period (RenewalQuote)
	ActionEndTrial        Action = "END_TRIAL" // TrialExpired
	ActionRetry           Action = "RETRY"     // retry the renewal charge while PAST_DUE
	ActionLock            Action = "LOCK"      // Dunning.Lock
	ActionDowngradeToFree Action = "DOWNGRADE_TO_FREE"
)

// Dunning is the configuration of what happens after a failed renewal. Every time counts
// from the unpaid period end, so a late worker does not shift the schedule.
type Dunning struct {
	GraceDays  int   // PAST_DUE this many days, then LOCKED (SB-11: 15)
	RetryDays  []int // retry the charge this many days after the period end (ascending, < GraceDays)
	LockMonths int   // LOCKED this many calendar months, then FREE (SB-12: 2)
}

// DefaultDunning is the shipped schedule: 15 days of grace with retries on days 1, 3, 7 and
// 14, locked for 2 months, then FREE.
func DefaultDunning() Dunning {
	return Dunning{GraceDays: 15, RetryDays: []int{1, 3, 7, 14}, LockMonths: 2}
}

// Validate checks a configured schedule.
func (d Dunning) Validate() error {
	if d.GraceDays < 1 {
		return apperr.Invalid("graceDays", "grace must last at least 1 day")
	}
	if d.LockMonths < 1 {
		return apperr.Invalid("lockMonths", "the lock must last at least 1 month")
	}
	for i, day := range d.RetryDays {
		if day < 1 || day >= d.GraceDays || (i > 0 && day <= d.RetryDays[i-1]) {
			return apperr.Invalid("retryDays", "retry days must ascend, each between 1 and %d", d.GraceDays-1)
		}
	}
	return nil
}

// GraceEnds is when a PAST_DUE subscription is locked: the unpaid period end + GraceDays.
func (d Dunning) GraceEnds(s State) time.Time { return s.PeriodEnd.AddDate(0, 0, d.GraceDays) }

// DowngradeAt is when a LOCKED subscription goes to FREE: LockMonths calendar months after it
// was locked, clamped at month ends like PeriodEnd (Dec 31 + 2 months → Feb 28).
func (d Dunning) DowngradeAt(s State) time.Time { return addMonths(s.LockedAt, d.LockMonths) }

// retriesDue counts the retry times at or before now.
func (d Dunning) retriesDue(s State, now time.Time) int {
	n := 0
	for _, day := range d.RetryDays {
		if !now.Before(s.PeriodEnd.AddDate(0, 0, day)) {
			n++
		}
	}
	return n
}

// NextDunningStep says what to do next for s and when (SB-11, SB-12); a time at or before now
// means "now". ACTIVE: RENEW at the period end. TRIALING: END_TRIAL or RENEW, whichever comes
// first (the trial on a tie). PAST_DUE: RETRY at the next retry day not yet made, LOCK at the end of grace.
// LOCKED: DOWNGRADE_TO_FREE LockMonths after locking.
func (d Dunning) NextDunningStep(s State, now time.Time) (Action, time.Time) {
	switch s.Status {
	case StatusActive:
		return ActionRenew, s.PeriodEnd
	case StatusTrialing:
		if s.Trial != nil && !s.Trial.EndsAt.After(s.PeriodEnd) { // trial first when both are due
			return ActionEndTrial, s.Trial.EndsAt
		}
		return ActionRenew, s.PeriodEnd
	case StatusPastDue:
		graceEnds := d.GraceEnds(s)
		if !now.Before(graceEnds) || s.RetriesDone >= len(d.RetryDays) {
			return ActionLock, graceEnds
		}
		return ActionRetry, s.PeriodEnd.AddDate(0, 0, d.RetryDays[s.RetriesDone])
	case StatusLocked:
		return ActionDowngradeToFree, d.DowngradeAt(s)
	}
	return ActionNone, time.Time{}
}

// OnRenewalFailed records a failed renewal charge (SB-11). From ACTIVE or TRIALING the org
// enters PAST_DUE (a trial ends: the org returns to the plan it failed to pay for). While
// PAST_DUE, a failed retry marks every retry due by now as made, so missed retries are not
// fired back to back. While LOCKED nothing changes.
func (d Dunning) OnRenewalFailed(s State, now time.Time) (State, error) {
	next := s.Clone()
	switch s.Status {
	case StatusActive, StatusTrialing:
		if now.Before(s.PeriodEnd) {
			return s, apperr.New(apperr.Conflict, "the renewal is not due before %s", s.PeriodEnd.Format(time.RFC3339))
		}
		next.Status, next.Trial = StatusPastDue, nil
		next.RetriesDone = d.retriesDue(s, now)
	case StatusPastDue:
		next.RetriesDone = max(s.RetriesDone, d.retriesDue(s, now))
	case StatusLocked:
	default:
		return s, apperr.New(apperr.Internal, "billing: unknown subscription status %q", s.Status)
	}
	return next, nil
}

// Lock locks a PAST_DUE subscription whose grace is over (SB-12). LockedAt is the end of
// grace, so the 2 months count from there whenever the worker runs.
func (d Dunning) Lock(s State, now time.Time) (State, error) {
	if s.Status != StatusPastDue {
		return s, apperr.New(apperr.Conflict, "only a past-due subscription can be locked (it is %s)", s.Status)
	}
	graceEnds := d.GraceEnds(s)
	if now.Before(graceEnds) {
		return s, apperr.New(apperr.Conflict, "the grace period runs until %s", graceEnds.Format(time.RFC3339))
	}
	next := s.Clone()
	next.Status, next.LockedAt = StatusLocked, graceEnds
	return next, nil
}

// DowngradeToFree moves a subscription locked for LockMonths to FREE and unlocks it (SB-12).
// Nothing is charged or credited (the locked period was never paid). Licenses are cut to
// FREE's user limit — users beyond it stay, but no user can be added or activated until there
// is a free license (CanActivate) — and recurring add-ons end. The balance is kept.
func (d Dunning) DowngradeToFree(cat *Catalogue, s State, now time.Time) (State, error) {
	if _, err := currentPlan(cat, s); err != nil {
		return s, err
	}
	if s.Status != StatusLocked {
		return s, apperr.New(apperr.Conflict, "only a locked subscription is downgraded automatically (it is %s)", s.Status)
	}
	if at := d.DowngradeAt(s); now.Before(at) {
		return s, apperr.New(apperr.Conflict, "the subscription stays locked until %s", at.Format(time.RFC3339))
	}
	free := cat.Plan(PlanFree)
	next := s.Clone()
	next.Plan, next.Cycle, next.AddOns = PlanFree, Monthly, nil
	next.PeriodStart, next.PeriodEnd = now, PeriodEnd(now, Monthly)
	if free.MaxUsers > 0 {
		next.Regular = min(max(s.Regular, 1), free.MaxUsers)
		next.Team = min(s.Team, free.MaxUsers-next.Regular)
	}
	paidUp(&next, false)
	return next, nil
}
