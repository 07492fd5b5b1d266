package billing

import (
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// ---------------------------------------------------------------------------------------
// The bundle trial's timeline (BU-3, BU-4): 30 days, one extension of 15 days, a choice at
// expiry (upgrade, extend, cancel), and the notices before it. Days are the org's calendar
// days: a trial started on 3 December in Tokyo lasts through 1 January and expires at
// 00:00 on 2 January, Tokyo time, whatever the hour it was started.

// BundlePolicy is the catalogue's part of the bundle trial (BU-3, BU-4).
type BundlePolicy struct {
	TrialDays     int   // 30
	ExtensionDays int   // 15, once
	NoticeDays    []int // days before expiry a notice is sent, e.g. 7, 3, 1; one more at expiry
}

// DefaultBundlePolicy is SPEC BU's: 30 days, one 15-day extension, notices 7, 3 and 1 day(s)
// before the end and at the end.
var DefaultBundlePolicy = BundlePolicy{TrialDays: 30, ExtensionDays: 15, NoticeDays: []int{7, 3, 1}}

// BundleState is where an org's bundle stands.
type BundleState string

const (
	BundleTrialing BundleState = "TRIALING"
	BundleUpgraded BundleState = "UPGRADED" // one bundle contract runs
	BundleEnded    BundleState = "ENDED"    // cancelled, or expired without a choice
)

// BundleTrial is an org's bundle: its trial window and what became of it.
type BundleTrial struct {
	State     BundleState
	StartedAt time.Time
	EndsAt    time.Time // the instant the trial expires: midnight of the org's calendar
	Extended  bool
	EndedAt   time.Time // when it was cancelled, expired or upgraded
	// NoticesSent counts the notices of NoticeSchedule already sent, so a tick sends each once.
	NoticesSent int
}

// StartBundleTrial starts a trial at now in the org's time zone loc; the caller has checked
// CanStartBundleTrial. An org that already had a bundle trial may not start another.
func StartBundleTrial(p BundlePolicy, prev *BundleTrial, now time.Time, loc *time.Location) (BundleTrial, error) {
	if prev != nil {
		return BundleTrial{}, apperr.New(apperr.Conflict, "this organization has already tried the suite bundle").With("reason", "BUNDLE_ALREADY_TRIED")
	}
	return BundleTrial{State: BundleTrialing, StartedAt: now, EndsAt: addLocalDays(now, p.TrialDays, loc)}, nil
}

// addLocalDays is the midnight (in loc) that ends the n-th calendar day counted from t's day.
func addLocalDays(t time.Time, n int, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, loc)
}

// ExtendBundleTrial adds the extension once, while the trial runs (BU-4).
func ExtendBundleTrial(p BundlePolicy, t BundleTrial, now time.Time, loc *time.Location) (BundleTrial, error) {
	if err := stillTrialing(t, now); err != nil {
		return t, err
	}
	if t.Extended {
		return t, apperr.New(apperr.Conflict, "the bundle trial was already extended once").With("reason", "BUNDLE_ALREADY_EXTENDED")
	}
	local := t.EndsAt.In(loc)
	t.EndsAt = time.Date(local.Year(), local.Month(), local.Day()+p.ExtensionDays, 0, 0, 0, 0, loc)
	t.Extended = true
	t.NoticesSent = 0 // the notices count again towards the new end
	return t, nil
}

// CancelBundle ends the bundle at the org's choice (BU-4); AccessAfterBundle says what each
// service becomes.
func CancelBundle(t BundleTrial, now time.Time) (BundleTrial, error) {
	if err := stillTrialing(t, now); err != nil {
		return t, err
	}
	t.State, t.EndedAt = BundleEnded, now
	return t, nil
}

// ExpireBundleTrial ends a trial whose time is up with no choice made, as if cancelled (BU-4).
// ok is false when there is nothing to do yet.
func ExpireBundleTrial(t BundleTrial, now time.Time) (BundleTrial, bool) {
	if t.State != BundleTrialing || now.Before(t.EndsAt) {
		return t, false
	}
	t.State, t.EndedAt = BundleEnded, t.EndsAt
	return t, true
}

func stillTrialing(t BundleTrial, now time.Time) error {
	switch {
	case t.State == BundleUpgraded:
		return apperr.New(apperr.Conflict, "the suite bundle is already paid for").With("reason", "BUNDLE_UPGRADED")
	case t.State != BundleTrialing || !now.Before(t.EndsAt):
		return apperr.New(apperr.Conflict, "the bundle trial has ended").With("reason", "BUNDLE_ENDED")
	}
	return nil
}

// BundleNotice is one reminder of the trial's end: DaysLeft 7, 3, 1 before it, 0 at it.
type BundleNotice struct {
	DaysLeft int
	At       time.Time
}

// NoticeSchedule lists the trial's reminders in order (BU-4): NoticeDays before EndsAt, at the
// same local midnight, then one at EndsAt. A notice that would fall before the trial started
// (a short trial) is left out.
func NoticeSchedule(p BundlePolicy, t BundleTrial, loc *time.Location) []BundleNotice {
	end := t.EndsAt.In(loc)
	var out []BundleNotice
	for _, d := range p.NoticeDays {
		at := time.Date(end.Year(), end.Month(), end.Day()-d, 0, 0, 0, 0, loc)
		if at.After(t.StartedAt) {
			out = append(out, BundleNotice{DaysLeft: d, At: at})
		}
	}
	return append(out, BundleNotice{DaysLeft: 0, At: t.EndsAt})
}

// DueNotices returns the notices due at now that were not sent yet, and the trial with them
// counted as sent. A tick that ran late sends only the latest one due (the others would be
// stale: "3 days left" when one is left).
func DueNotices(p BundlePolicy, t BundleTrial, now time.Time, loc *time.Location) (BundleTrial, []BundleNotice) {
	if t.State != BundleTrialing {
		return t, nil
	}
	all := NoticeSchedule(p, t, loc)
	due := t.NoticesSent
	for due < len(all) && !now.Before(all[due].At) {
		due++
	}
	if due == t.NoticesSent {
		return t, nil
	}
	t.NoticesSent = due
	return t, []BundleNotice{all[due-1]}
}
