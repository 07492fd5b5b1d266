package billing

import (
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/clock"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// SB-7: licenses cannot go below the users holding them (active + deactivated); the error
// says how many users of which kind to delete first.
func TestLicenseReduction_SB7(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		regularHeld, teamHeld int
		ch                    Change
		msg                   string
		regular, team         int
	}{
		{"more licenses", 5, 2, Change{Regular: 8, Team: 2}, "", 0, 0},
		{"down to the holders", 5, 2, Change{Regular: 5, Team: 2}, "", 0, 0},
		{"regular below holders", 5, 0, Change{Regular: 3}, "delete 2 regular users first", 2, 0},
		{"team below holders", 5, 3, Change{Regular: 5, Team: 2}, "delete 1 team user first", 0, 1},
		{"both", 10, 4, Change{Regular: 3, Team: 0}, "delete 7 regular users and 4 team users first", 7, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckLicenseReduction(tc.regularHeld, tc.teamHeld, tc.ch)
			if tc.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != apperr.LicenseLimit || !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("err = %v, want LICENSE_LIMIT %q", err, tc.msg)
			}
			del := e.Details["usersToDelete"].(map[string]int)
			if del["REGULAR"] != tc.regular || del["TEAM"] != tc.team {
				t.Errorf("usersToDelete = %v", del)
			}
		})
	}
}

// SB-7: activating or adding a user needs a free license of its kind; deactivated users
// count as holders.
func TestCanActivate_SB7(t *testing.T) {
	if err := CanActivate(Regular, 5, 4); err != nil {
		t.Errorf("one free license: %v", err)
	}
	err := CanActivate(Team, 3, 3)
	if apperr.CodeOf(err) != apperr.LicenseLimit || !strings.Contains(err.Error(), "no free team user license") {
		t.Errorf("full: %v", err)
	}
	if err := CanActivate(Regular, 3, 7); apperr.CodeOf(err) != apperr.LicenseLimit {
		t.Errorf("over: %v", err)
	}
}

// SB-8: at or over the (new) plan's record limit, creating records is refused.
func TestRecordLimit_SB8(t *testing.T) {
	free, ultimate := testCat.Plan(PlanFree), testCat.Plan(PlanUltimate)
	for _, tc := range []struct {
		plan    *Plan
		records int
		refused bool
	}{
		{free, 0, false},
		{free, 4999, false},
		{free, 5000, true}, // at the limit
		{free, 80_000, true},
		{testCat.Plan(PlanStandard), 80_000, false},
		{ultimate, 50_000_000, false}, // 0 = no limit
	} {
		err := CheckRecordLimit(tc.plan, tc.records)
		if got := apperr.CodeOf(err) == apperr.RecordLimit; got != tc.refused {
			t.Errorf("%s with %d records: %v", tc.plan.Code, tc.records, err)
		}
	}
	if err := CheckRecordLimit(free, 5000); !strings.Contains(err.Error(), "existing ones can still be read, edited and deleted") {
		t.Errorf("message: %v", err)
	}
}

// SB-2: a higher paid plan can be tried for 15 days, once per plan; then the org is back on
// the plan it pays for.
func TestTrial_SB2(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 5)
	s, err := StartTrial(testCat, cur, PlanEnterprise, apr16, nil)
	if err != nil {
		t.Fatal(err)
	}
	ends := day(2026, 5, 1) // 2026-04-16 + 15 days
	if s.Status != StatusTrialing || s.Trial.Plan != PlanEnterprise || !s.Trial.EndsAt.Equal(ends) || s.Plan != PlanStandard {
		t.Fatalf("trial state = %+v %+v", s, s.Trial)
	}
	if got := s.EffectivePlan(ends.Add(-time.Second)); got != PlanEnterprise {
		t.Errorf("during the trial the effective plan is %s", got)
	}
	if got := s.EffectivePlan(ends); got != PlanStandard {
		t.Errorf("after the trial the effective plan is %s", got)
	}

	if same, changed := TrialExpired(s, ends.Add(-time.Second)); changed || same.Trial == nil {
		t.Error("trial ended early")
	}
	back, changed := TrialExpired(s, ends)
	if !changed || back.Status != StatusActive || back.Trial != nil || back.Plan != PlanStandard {
		t.Errorf("after expiry: %+v", back)
	}

	tried := map[string]bool{PlanEnterprise: true}
	for _, tc := range []struct {
		name string
		s    State
		plan string
		code apperr.Code
	}{
		{"tried before", cur, PlanEnterprise, apperr.Conflict},
		{"same plan", cur, PlanStandard, apperr.Validation},
		{"lower plan", active(PlanProfessional, Monthly, "USD", apr1, 1), PlanStandard, apperr.Validation},
		{"FREE", cur, PlanFree, apperr.Validation},
		{"unknown", cur, "GOLD", apperr.Validation},
		{"already trialing", s, PlanUltimate, apperr.Conflict},
		{"past due", func() State { p := cur; p.Status = StatusPastDue; return p }(), PlanUltimate, apperr.Conflict},
	} {
		if _, err := StartTrial(testCat, tc.s, tc.plan, apr16, tried); apperr.CodeOf(err) != tc.code {
			t.Errorf("%s: err = %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, err := StartTrial(testCat, active(PlanFree, Monthly, "USD", apr1, 1), PlanUltimate, apr16, tried); err != nil {
		t.Errorf("FREE org trying ULTIMATE: %v", err)
	}
}

// SB-2: buying another plan during a trial ends it; buying licenses of the paid plan does not.
func TestPurchaseDuringTrial_SB2(t *testing.T) {
	s, _ := StartTrial(testCat, active(PlanStandard, Monthly, "USD", apr1, 5), PlanEnterprise, apr16, nil)
	now := apr16.Add(48 * time.Hour)
	q := mustQuote(t, s, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 5}, now)
	if q.Next.Trial != nil || q.Next.Status != StatusActive {
		t.Errorf("buying the tried plan: %+v", q.Next)
	}
	q = mustQuote(t, s, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 6}, now)
	if q.Next.Trial == nil || q.Next.Status != StatusTrialing {
		t.Errorf("buying a license: %+v", q.Next)
	}
	if a, at := DefaultDunning().NextDunningStep(s, now); a != ActionEndTrial || !at.Equal(s.Trial.EndsAt) {
		t.Errorf("next step = %s at %s", a, at)
	}
}

// Periods: calendar months and years; a day missing from the target month is clamped.
func TestPeriodEnd(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 30, 0, 0, time.UTC) }
	for _, tc := range []struct {
		start time.Time
		cycle Cycle
		want  time.Time
	}{
		{at(2026, 4, 1, 9), Monthly, at(2026, 5, 1, 9)},
		{at(2026, 1, 31, 9), Monthly, at(2026, 2, 28, 9)}, // not Mar 3
		{at(2028, 1, 31, 9), Monthly, at(2028, 2, 29, 9)}, // leap year
		{at(2026, 3, 31, 9), Monthly, at(2026, 4, 30, 9)},
		{at(2026, 12, 15, 9), Monthly, at(2027, 1, 15, 9)},
		{at(2026, 12, 31, 9), Monthly, at(2027, 1, 31, 9)},
		{at(2026, 4, 16, 9), Yearly, at(2027, 4, 16, 9)},
		{at(2028, 2, 29, 9), Yearly, at(2029, 2, 28, 9)},
	} {
		if got := PeriodEnd(tc.start, tc.cycle); !got.Equal(tc.want) {
			t.Errorf("PeriodEnd(%s, %s) = %s, want %s", tc.start, tc.cycle, got, tc.want)
		}
	}
}

// SB-11: renewal is due at the period end.
func TestRenewalDue_SB11(t *testing.T) {
	s := active(PlanStandard, Monthly, "USD", apr1, 5)
	if RenewalDue(s, may1.Add(-time.Second)) || !RenewalDue(s, may1) {
		t.Error("renewal due at the wrong time")
	}
	if _, err := RenewalQuote(testCat, s, may1.Add(-time.Second)); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("early renewal: %v", err)
	}
	s.Balance = 1000
	s.AddOns = map[string]int{AddOnWeeklyBackup: 1}
	q, err := RenewalQuote(testCat, s, may1)
	if err != nil {
		t.Fatal(err)
	}
	// 5 × $14.00 + $15.00 = $85.00, $10.00 from the balance → $75.00; 2026-05-01 → 2026-06-01
	checkLines(t, q, "CHARGE STANDARD/REGULAR ×5 $70.00", "CHARGE WEEKLY_BACKUP ×1 $15.00")
	checkTotals(t, q, "$85.00", "$10.00", "$75.00", "$0.00")
	if !q.Next.PeriodStart.Equal(may1) || !q.Next.PeriodEnd.Equal(day(2026, 6, 1)) {
		t.Errorf("next period %s → %s", q.Next.PeriodStart, q.Next.PeriodEnd)
	}
}

// SB-11, SB-12: the whole dunning timeline from a failed renewal, driven by a settable clock.
//
//	period end 2026-05-01: renewal fails → PAST_DUE
//	retries on days 1, 3, 7, 14 → 05-02, 05-04, 05-08, 05-15, all failing
//	grace (15 days) ends 05-16 → LOCKED; 2 calendar months later, 07-16 → FREE, unlocked
func TestDunningTimeline_SB11_SB12(t *testing.T) {
	d := DefaultDunning()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewSettable(may1)
	s := active(PlanEnterprise, Monthly, "USD", apr1, 10)
	s.Team, s.AddOns, s.Balance = 2, map[string]int{AddOnExtraStorage: 5}, 300

	step := func(wantAction Action, wantAt time.Time) {
		t.Helper()
		a, at := d.NextDunningStep(s, clk.Now())
		if a != wantAction || !at.Equal(wantAt) {
			t.Fatalf("at %s: next step %s at %s, want %s at %s", clk.Now(), a, at, wantAction, wantAt)
		}
		clk.Set(at)
	}
	fail := func() {
		t.Helper()
		var err error
		if s, err = d.OnRenewalFailed(s, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}

	step(ActionRenew, may1)
	fail()
	if s.Status != StatusPastDue {
		t.Fatalf("status %s", s.Status)
	}
	for _, retry := range []int{2, 4, 8, 15} {
		step(ActionRetry, day(2026, 5, retry))
		fail()
	}
	step(ActionLock, day(2026, 5, 16))
	if _, err := d.Lock(s, day(2026, 5, 15)); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("lock during grace: %v", err)
	}
	var err error
	if s, err = d.Lock(s, clk.Now()); err != nil || s.Status != StatusLocked {
		t.Fatalf("lock: %+v %v", s, err)
	}
	fail() // a failed payment while locked changes nothing
	if s.Status != StatusLocked {
		t.Fatalf("status %s", s.Status)
	}
	step(ActionDowngradeToFree, day(2026, 7, 16))
	if _, err := d.DowngradeToFree(testCat, s, day(2026, 7, 15)); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("downgrade too early: %v", err)
	}
	s, err = d.DowngradeToFree(testCat, s, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if s.Plan != PlanFree || s.Status != StatusActive || s.Regular != 3 || s.Team != 0 || s.AddOns != nil ||
		s.Balance != 300 || !s.PeriodStart.Equal(day(2026, 7, 16)) || !s.LockedAt.IsZero() {
		t.Errorf("after downgrade: %+v", s)
	}
}

// SB-11: a worker that was down does not fire the missed retries back to back.
func TestMissedRetriesCollapse_SB11(t *testing.T) {
	d := DefaultDunning()
	s := active(PlanStandard, Monthly, "USD", apr1, 1)
	s, _ = d.OnRenewalFailed(s, may1)
	s, _ = d.OnRenewalFailed(s, day(2026, 5, 9)) // days 1, 3 and 7 all passed
	if a, at := d.NextDunningStep(s, day(2026, 5, 9)); a != ActionRetry || !at.Equal(day(2026, 5, 15)) {
		t.Errorf("next = %s at %s, want RETRY at 05-15", a, at)
	}
	if a, at := d.NextDunningStep(s, day(2026, 5, 20)); a != ActionLock || !at.Equal(day(2026, 5, 16)) {
		t.Errorf("after grace: %s at %s", a, at)
	}
	if _, err := d.OnRenewalFailed(active(PlanStandard, Monthly, "USD", apr1, 1), apr16); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("failure before the period end: %v", err)
	}
}

// SB-11: paying during grace renews the period without a gap (grace was usable) and clears
// dunning.
func TestPaidDuringGrace_SB11(t *testing.T) {
	d := DefaultDunning()
	s, _ := d.OnRenewalFailed(active(PlanStandard, Monthly, "USD", apr1, 2), may1)
	s, _ = d.OnRenewalFailed(s, day(2026, 5, 2))
	q, err := RenewalQuote(testCat, s, day(2026, 5, 3))
	if err != nil {
		t.Fatal(err)
	}
	s, err = OnPaymentSucceeded(s, q)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != StatusActive || s.RetriesDone != 0 || !s.PeriodStart.Equal(may1) || !s.PeriodEnd.Equal(day(2026, 6, 1)) {
		t.Errorf("after paying: %+v", s)
	}
}

// SB-12: a LOCKED org unlocks by renewing (a new period from now), choosing another plan or
// going to FREE — each through a quote that is then paid.
func TestUnlockByPaying_SB12(t *testing.T) {
	d := DefaultDunning()
	s, _ := d.OnRenewalFailed(active(PlanProfessional, Monthly, "EUR", apr1, 4), may1)
	s, _ = d.Lock(s, day(2026, 5, 16))
	now := day(2026, 6, 10)

	renew, err := RenewalQuote(testCat, s, now)
	if err != nil {
		t.Fatal(err)
	}
	// 4 × €23.00 = €92.00 for 2026-06-10 → 2026-07-10: the locked time is not billed.
	checkLines(t, renew, "CHARGE PROFESSIONAL/REGULAR ×4 €92.00")
	if n := renew.Next; n.Status != StatusActive || !n.PeriodStart.Equal(now) || !n.PeriodEnd.Equal(day(2026, 7, 10)) {
		t.Errorf("renewed: %+v", n)
	}

	// Another plan: the unpaid period has nothing to credit; the new one starts now.
	// 4 × €40.00 = €160.00
	other := mustQuote(t, s, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 4}, now)
	checkLines(t, other, "CHARGE ENTERPRISE/REGULAR ×4 €160.00")
	if other.Next.Status != StatusActive {
		t.Errorf("another plan: %+v", other.Next)
	}

	free := mustQuote(t, s, Change{Plan: PlanFree, Regular: 3}, now)
	checkTotals(t, free, "€0.00", "€0.00", "€0.00", "€0.00")
	if n, err := OnPaymentSucceeded(s, free); err != nil || n.Status != StatusActive || n.Plan != PlanFree {
		t.Errorf("to FREE: %+v %v", n, err)
	}
}

// SB-12: 2 calendar months of lock, clamped at month ends like periods.
func TestDowngradeAtMonthEnd_SB12(t *testing.T) {
	d := DefaultDunning()
	s := State{Status: StatusLocked, LockedAt: day(2026, 12, 31)}
	if got := d.DowngradeAt(s); !got.Equal(day(2027, 2, 28)) {
		t.Errorf("DowngradeAt = %s, want 2027-02-28", got)
	}
}

func TestDunningValidate(t *testing.T) {
	for _, bad := range []Dunning{
		{GraceDays: 0, LockMonths: 2},
		{GraceDays: 15, LockMonths: 0},
		{GraceDays: 15, LockMonths: 2, RetryDays: []int{3, 1}},
		{GraceDays: 15, LockMonths: 2, RetryDays: []int{15}},
	} {
		if err := bad.Validate(); apperr.CodeOf(err) != apperr.Validation {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
