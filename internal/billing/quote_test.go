package billing

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Fixed instants: no test reads the wall clock.
var (
	apr1  = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) // April 2026 has 30 days
	apr16 = time.Date(2026, 4, 16, 0, 0, 0, 0, time.UTC)
	may1  = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
)

var testCat = DefaultCatalogue()

// active is a paid-up subscription whose period starts at start.
func active(plan string, cycle Cycle, currency string, start time.Time, regular int) State {
	return State{Plan: plan, Cycle: cycle, Currency: currency, PeriodStart: start,
		PeriodEnd: PeriodEnd(start, cycle), Regular: regular, Status: StatusActive}
}

func mustQuote(t *testing.T, cur State, ch Change, now time.Time) *QuoteResult {
	t.Helper()
	q, err := Quote(testCat, cur, ch, now)
	if err != nil {
		t.Fatalf("Quote: %v", err)
	}
	return q
}

// summary renders lines as "CREDIT STANDARD/REGULAR ×10 $70.00" for comparison.
func summary(lines []Line) []string {
	var s []string
	for _, l := range lines {
		code := l.Code
		if l.License != "" {
			code += "/" + string(l.License)
		}
		s = append(s, fmt.Sprintf("%s %s ×%d %s", l.Kind, code, l.Quantity, l.Amount))
	}
	return s
}

func checkLines(t *testing.T, q *QuoteResult, want ...string) {
	t.Helper()
	if got := summary(q.Lines); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func checkTotals(t *testing.T, q *QuoteResult, subtotal, applied, due, balance string) {
	t.Helper()
	got := []string{q.Subtotal.String(), q.CreditApplied.String(), q.TotalDue.String(), q.NewBalance.String()}
	want := []string{subtotal, applied, due, balance}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("subtotal/applied/due/balance = %v, want %v", got, want)
	}
}

// SB-4: mid-period upgrade STANDARD → ENTERPRISE, 10 regular users, monthly, halfway through
// a 30-day month.
//
//	period 2026-04-01 → 2026-05-01 = 30 days = 2,592,000 s; now 2026-04-16 → 15 days = 1,296,000 s left
//	credit  unused STANDARD:  10 × $14.00 = $140.00 × 1,296,000/2,592,000 = $70.00
//	charge  ENTERPRISE:       10 × $40.00 = $400.00 × 1,296,000/2,592,000 = $200.00
//	subtotal $200.00 − $70.00 = $130.00, nothing on balance → total due $130.00
//	the period end stays 2026-05-01.
func TestMidPeriodUpgrade_SB4(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 10)
	q := mustQuote(t, cur, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 10}, apr16)
	checkLines(t, q,
		"CREDIT STANDARD/REGULAR ×10 $70.00",
		"CHARGE ENTERPRISE/REGULAR ×10 $200.00")
	checkTotals(t, q, "$130.00", "$0.00", "$130.00", "$0.00")

	if d := q.Lines[0].Description; d != "Unused Standard plan, regular user licenses × 10, monthly (15 of 30 days)" {
		t.Errorf("description = %q", d)
	}
	if l := q.Lines[1]; l.UnitPrice.Amount != 4000 || l.Seconds != 1_296_000 || l.PeriodSeconds != 2_592_000 {
		t.Errorf("charge line = %+v", l)
	}
	n := q.Next
	if n.Plan != PlanEnterprise || !n.PeriodStart.Equal(apr1) || !n.PeriodEnd.Equal(may1) || n.Status != StatusActive {
		t.Errorf("next = %+v", n)
	}
}

// SB-4: the account balance pays first.
//
//	same change as above, balance $50.00 → credit applied $50.00, due $80.00, balance $0.00
func TestBalancePaysFirst_SB4(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 10)
	cur.Balance = 5000
	q := mustQuote(t, cur, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 10}, apr16)
	checkTotals(t, q, "$130.00", "$50.00", "$80.00", "$0.00")
	if q.Next.Balance != 0 {
		t.Errorf("next balance = %d", q.Next.Balance)
	}
}

// SB-4: mid-period downgrade ENTERPRISE → STANDARD: a net credit goes to the balance.
//
//	credit 10 × $40 × ½ = $200.00; charge 10 × $14 × ½ = $70.00; subtotal −$130.00
//	due $0.00; balance $10.00 + $130.00 = $140.00
func TestDowngradeNetCreditToBalance_SB4(t *testing.T) {
	cur := active(PlanEnterprise, Monthly, "USD", apr1, 10)
	cur.Balance = 1000
	q := mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 10}, apr16)
	checkLines(t, q,
		"CREDIT ENTERPRISE/REGULAR ×10 $200.00",
		"CHARGE STANDARD/REGULAR ×10 $70.00")
	checkTotals(t, q, "-$130.00", "$0.00", "$0.00", "$140.00")
}

// SB-4, SB-6 (issue 14 section 1): a count change on the same plan is a credit for the unused
// part of the old quantity and a charge for the remaining part of the new one — not one line
// for the difference. Halfway through April (1,296,000 of 2,592,000 s):
//
//	10 → 12 regular: credit 10 × $14.00 × ½ = $70.00; charge 12 × $14.00 × ½ = $84.00; net $14.00
//	10 → 8 regular:  credit $70.00; charge 8 × $14.00 × ½ = $56.00; net −$14.00 to the balance
//	+4 team:         no regular line (unchanged); charge 4 × $7.00 × ½ = $14.00
func TestLicenseCountChangeLineByLine_SB4_SB6(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 10)

	q := mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 12}, apr16)
	checkLines(t, q, "CREDIT STANDARD/REGULAR ×10 $70.00", "CHARGE STANDARD/REGULAR ×12 $84.00")
	checkTotals(t, q, "$14.00", "$0.00", "$14.00", "$0.00")
	if d := q.Lines[1].Description; d != "Standard plan, regular user licenses × 12, monthly (15 of 30 days)" {
		t.Errorf("description = %q", d)
	}

	q = mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 8}, apr16)
	checkLines(t, q, "CREDIT STANDARD/REGULAR ×10 $70.00", "CHARGE STANDARD/REGULAR ×8 $56.00")
	checkTotals(t, q, "-$14.00", "$0.00", "$0.00", "$14.00")

	q = mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 10, Team: 4}, apr16)
	checkLines(t, q, "CHARGE STANDARD/TEAM ×4 $14.00")
	if q.Next.Team != 4 || !q.Next.PeriodEnd.Equal(may1) {
		t.Errorf("next = %+v", q.Next)
	}
}

// SB-4 by the book (issue 14 section 1): every mid-period change — plan, regular/team
// licenses, add-ons, any mix — is a credit line for the unused part of each old item that
// changes and a charge line for the remaining part of each new one, each rounded half-up on
// its own; the net is the sum of the lines, never the rounded difference. Items unchanged in
// price and count get no line. Figures by hand:
//
// USD, STANDARD monthly $14.00 (team $7.00), EXTRA_STORAGE $2.00/GB; period 2026-04-01 → 05-01
// (2,592,000 s), now 2026-04-16 08:00 → 14 d 16 h = 1,267,200 s left = 22/45 of the period:
//
//	10 → 15:  credit 10 × 1400 = 14000 × 22/45 = 6844.44 → 6844
//	          charge 15 × 1400 = 21000 × 22/45 = 10266.67 → 10267   net 3423
//	          (one "added 5" line: 7000 × 22/45 = 3422.22 → 3422, a cent short)
//	15 → 10:  credit 10267, charge 6844, net −3423 → balance $34.23
//	STANDARD → ENTERPRISE ($40.00), 10 users, storage 5 GB unchanged: the storage gets no line
//	          credit 14000 × 22/45 = 6844; charge 40000 × 22/45 = 19555.56 → 19556; net 12712
//	STANDARD → ENTERPRISE, storage 5 → 8 GB: credit storage 1000 × 22/45 = 488.89 → 489,
//	          charge 1600 × 22/45 = 782.22 → 782; net 12712 − 489 + 782 = 13005
//
// JPY, PROFESSIONAL yearly ¥2,760/user/month (¥33,120/year; team ¥1,380 → ¥16,560/year),
// WEEKLY_BACKUP ¥2,200/month (¥26,400/year), EXTRA_STORAGE ¥300/GB/month; period 2026-01-01 →
// 2027-01-01 (365 d), now 2026-07-02 → 183 d left = 183/365; regular 20 → 25, team 4 → 2,
// weekly backup 0 → 1, storage 10 GB unchanged (no line):
//
//	credit regular 20 × 33120 = 662400 × 183/365 = 332107.40 → ¥332,107
//	credit team     4 × 16560 =  66240 × 183/365 =  33210.74 → ¥33,211
//	charge regular 25 × 33120 = 828000 × 183/365 = 415134.25 → ¥415,134
//	charge team     2 × 16560 =  33120 × 183/365 =  16605.37 → ¥16,605
//	charge weekly   1 × 26400 =  26400 × 183/365 =  13236.16 → ¥13,236
//	net 415134 + 16605 + 13236 − 332107 − 33211 = ¥79,657 (deltas rounded: ¥79,658)
func TestSB4_ProrationLineByLine(t *testing.T) {
	usdNow := time.Date(2026, 4, 16, 8, 0, 0, 0, time.UTC)
	std := func(regular, storage int) State {
		s := active(PlanStandard, Monthly, "USD", apr1, regular)
		if storage > 0 {
			s.AddOns = map[string]int{AddOnExtraStorage: storage}
		}
		return s
	}
	jan1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pro := active(PlanProfessional, Yearly, "JPY", jan1, 20)
	pro.Team, pro.AddOns = 4, map[string]int{AddOnExtraStorage: 10}

	for _, tc := range []struct {
		name   string
		cur    State
		ch     Change
		now    time.Time
		lines  []string
		totals [4]string // subtotal, applied, due, balance
	}{
		{"USD 10 → 15 licenses", std(10, 0), Change{Plan: PlanStandard, Cycle: Monthly, Regular: 15}, usdNow,
			[]string{"CREDIT STANDARD/REGULAR ×10 $68.44", "CHARGE STANDARD/REGULAR ×15 $102.67"},
			[4]string{"$34.23", "$0.00", "$34.23", "$0.00"}},
		{"USD 15 → 10 licenses", std(15, 0), Change{Plan: PlanStandard, Cycle: Monthly, Regular: 10}, usdNow,
			[]string{"CREDIT STANDARD/REGULAR ×15 $102.67", "CHARGE STANDARD/REGULAR ×10 $68.44"},
			[4]string{"-$34.23", "$0.00", "$0.00", "$34.23"}},
		{"USD plan change, add-on unchanged", std(10, 5), Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 10, AddOns: map[string]int{AddOnExtraStorage: 5}}, usdNow,
			[]string{"CREDIT STANDARD/REGULAR ×10 $68.44", "CHARGE ENTERPRISE/REGULAR ×10 $195.56"},
			[4]string{"$127.12", "$0.00", "$127.12", "$0.00"}},
		{"USD plan change and add-on count", std(10, 5), Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 10, AddOns: map[string]int{AddOnExtraStorage: 8}}, usdNow,
			[]string{"CREDIT STANDARD/REGULAR ×10 $68.44", "CREDIT EXTRA_STORAGE ×5 $4.89", "CHARGE ENTERPRISE/REGULAR ×10 $195.56", "CHARGE EXTRA_STORAGE ×8 $7.82"},
			[4]string{"$130.05", "$0.00", "$130.05", "$0.00"}},
		{"JPY yearly mix", pro, Change{Plan: PlanProfessional, Cycle: Yearly, Regular: 25, Team: 2, AddOns: map[string]int{AddOnExtraStorage: 10, AddOnWeeklyBackup: 1}},
			time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC),
			[]string{"CREDIT PROFESSIONAL/REGULAR ×20 ¥332,107", "CREDIT PROFESSIONAL/TEAM ×4 ¥33,211",
				"CHARGE PROFESSIONAL/REGULAR ×25 ¥415,134", "CHARGE PROFESSIONAL/TEAM ×2 ¥16,605", "CHARGE WEEKLY_BACKUP ×1 ¥13,236"},
			[4]string{"¥79,657", "¥0", "¥79,657", "¥0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := mustQuote(t, tc.cur, tc.ch, tc.now)
			checkLines(t, q, tc.lines...)
			checkTotals(t, q, tc.totals[0], tc.totals[1], tc.totals[2], tc.totals[3])
			var sum int64
			for _, l := range q.Lines {
				sum += l.Signed()
			}
			if sum != q.Subtotal.Amount {
				t.Errorf("net %d is not the sum of the lines %d", q.Subtotal.Amount, sum)
			}
			if !q.Next.PeriodEnd.Equal(tc.cur.PeriodEnd) {
				t.Errorf("the period end moved: %s", q.Next.PeriodEnd)
			}
		})
	}
}

// SB-4: changing the billing cycle starts a new period now — yearly → monthly.
//
//	STANDARD yearly, 5 users, period 2026-01-01 → 2027-01-01 = 365 days = 31,536,000 s
//	now 2026-04-01: 31 + 28 + 31 = 90 days used, 275 days = 23,760,000 s left
//	credit  5 × $12.00 × 12 = $720.00 × 275/365 = $542.4657… → $542.47 (half-up)
//	charge  5 × $14.00 = $70.00, a full month 2026-04-01 → 2026-05-01
//	subtotal $70.00 − $542.47 = −$472.47 → due $0.00, balance $472.47
func TestYearlyToMonthly_SB4(t *testing.T) {
	jan1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cur := active(PlanStandard, Yearly, "USD", jan1, 5)
	q := mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5}, apr1)
	checkLines(t, q,
		"CREDIT STANDARD/REGULAR ×5 $542.47",
		"CHARGE STANDARD/REGULAR ×5 $70.00")
	checkTotals(t, q, "-$472.47", "$0.00", "$0.00", "$472.47")
	if q.Lines[0].Seconds != 23_760_000 || q.Lines[0].PeriodSeconds != 31_536_000 {
		t.Errorf("credit line seconds = %d/%d", q.Lines[0].Seconds, q.Lines[0].PeriodSeconds)
	}
	if n := q.Next; n.Cycle != Monthly || !n.PeriodStart.Equal(apr1) || !n.PeriodEnd.Equal(may1) {
		t.Errorf("next period = %s → %s (%s)", n.PeriodStart, n.PeriodEnd, n.Cycle)
	}
}

// SB-4: monthly → yearly, also a new period now.
//
//	credit 10 × $14.00 × ½ = $70.00; charge 10 × $12.00 × 12 = $1,440.00; due $1,370.00
//	new period 2026-04-16 → 2027-04-16
func TestMonthlyToYearly_SB4(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 10)
	q := mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Yearly, Regular: 10}, apr16)
	checkLines(t, q,
		"CREDIT STANDARD/REGULAR ×10 $70.00",
		"CHARGE STANDARD/REGULAR ×10 $1,440.00")
	checkTotals(t, q, "$1,370.00", "$0.00", "$1,370.00", "$0.00")
	if want := time.Date(2027, 4, 16, 0, 0, 0, 0, time.UTC); !q.Next.PeriodEnd.Equal(want) {
		t.Errorf("period end = %s, want %s", q.Next.PeriodEnd, want)
	}
}

// SB-4: JPY has no minor unit, so amounts round to whole yen.
//
//	period 2026-01-01 → 2026-02-01 = 31 days; now 2026-01-22 → 10 days left
//	credit STANDARD      ¥2,040 × 10/31 = ¥658.06… → ¥658
//	charge PROFESSIONAL  ¥3,480 × 10/31 = ¥1,122.58… → ¥1,123
//	due ¥1,123 − ¥658 = ¥465
func TestJPYRounding_SB4(t *testing.T) {
	jan1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cur := active(PlanStandard, Monthly, "JPY", jan1, 1)
	q := mustQuote(t, cur, Change{Plan: PlanProfessional, Cycle: Monthly, Regular: 1}, time.Date(2026, 1, 22, 0, 0, 0, 0, time.UTC))
	checkLines(t, q,
		"CREDIT STANDARD/REGULAR ×1 ¥658",
		"CHARGE PROFESSIONAL/REGULAR ×1 ¥1,123")
	checkTotals(t, q, "¥465", "¥0", "¥465", "¥0")
}

// SB-4: exactly half a minor unit rounds up.
//
//	EXTRA_STORAGE $2.00 per GB per month; 6,480 s (1 h 48 min) left of 2,592,000 s
//	+1 GB: 200 × 6,480/2,592,000 = 0.5 cent → $0.01
//	+3 GB: 600 × 6,480/2,592,000 = 1.5 cents → $0.02
//	1 → 0 GB: credit 0.5 cent → $0.01 (a credit rounds like a charge)
//	2 → 1 GB: credit 2 GB 1 cent → $0.01, charge 1 GB 0.5 cent → $0.01 (each line on its own), net $0.00
//	+1 GB one second later: 0.49992 cent → $0.00, so no line
func TestHalfUpEdge_SB4(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 1)
	now := may1.Add(-6480 * time.Second)
	storage := func(gb int) Change {
		return Change{Plan: PlanStandard, Cycle: Monthly, Regular: 1, AddOns: map[string]int{AddOnExtraStorage: gb}}
	}
	checkLines(t, mustQuote(t, cur, storage(1), now), "CHARGE EXTRA_STORAGE ×1 $0.01")
	checkLines(t, mustQuote(t, cur, storage(3), now), "CHARGE EXTRA_STORAGE ×3 $0.02")

	withStorage := cur.Clone()
	withStorage.AddOns = map[string]int{AddOnExtraStorage: 1}
	checkLines(t, mustQuote(t, withStorage, storage(0), now), "CREDIT EXTRA_STORAGE ×1 $0.01")
	withStorage.AddOns = map[string]int{AddOnExtraStorage: 2}
	q2 := mustQuote(t, withStorage, storage(1), now)
	checkLines(t, q2, "CREDIT EXTRA_STORAGE ×2 $0.01", "CHARGE EXTRA_STORAGE ×1 $0.01")
	checkTotals(t, q2, "$0.00", "$0.00", "$0.00", "$0.00")

	q := mustQuote(t, cur, storage(1), now.Add(time.Second))
	checkLines(t, q)
	checkTotals(t, q, "$0.00", "$0.00", "$0.00", "$0.00")
}

// SB-5: switching to FREE from a paid plan: the unused part is credited to the balance,
// nothing is charged, and a FREE period starts now.
//
//	PROFESSIONAL monthly, 3 users + 5 GB extra storage, halfway:
//	credit 3 × $23.00 × ½ = $34.50; credit 5 × $2.00 × ½ = $5.00 → balance $39.50
func TestSwitchToFree_SB5(t *testing.T) {
	cur := active(PlanProfessional, Monthly, "USD", apr1, 3)
	cur.AddOns = map[string]int{AddOnExtraStorage: 5}
	q := mustQuote(t, cur, Change{Plan: PlanFree, Regular: 3}, apr16)
	checkLines(t, q,
		"CREDIT PROFESSIONAL/REGULAR ×3 $34.50",
		"CREDIT EXTRA_STORAGE ×5 $5.00")
	checkTotals(t, q, "-$39.50", "$0.00", "$0.00", "$39.50")
	n := q.Next
	if n.Plan != PlanFree || n.Cycle != Monthly || n.AddOns != nil || !n.PeriodStart.Equal(apr16) ||
		!n.PeriodEnd.Equal(time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("next = %+v", n)
	}
}

// SB-3: buying a paid plan from FREE starts a paid period now (full charge, nothing to
// credit); the weekly backup add-on can be bought in the same purchase (BK-11).
//
//	STANDARD monthly 3 users: 3 × $14.00 = $42.00; WEEKLY_BACKUP $15.00; 2 units × $10.00
//	total $77.00, period 2026-04-16 → 2026-05-16
func TestUpgradeFromFree_SB3(t *testing.T) {
	cur := active(PlanFree, Monthly, "USD", apr1, 3)
	ch := Change{Plan: PlanStandard, Cycle: Monthly, Regular: 3, AddOns: map[string]int{AddOnWeeklyBackup: 1}, BackupUnits: 2}
	q := mustQuote(t, cur, ch, apr16)
	checkLines(t, q,
		"CHARGE STANDARD/REGULAR ×3 $42.00",
		"CHARGE WEEKLY_BACKUP ×1 $15.00",
		"CHARGE BACKUP_UNIT ×2 $20.00")
	checkTotals(t, q, "$77.00", "$0.00", "$77.00", "$0.00")
	if !q.Next.PeriodStart.Equal(apr16) || q.Next.AddOns[AddOnWeeklyBackup] != 1 {
		t.Errorf("next = %+v", q.Next)
	}
}

// BK-11: the FREE plan can buy backup units; its period does not move.
func TestFreePlanBuysUnits_BK11(t *testing.T) {
	cur := active(PlanFree, Monthly, "INR", apr1, 1)
	q := mustQuote(t, cur, Change{Plan: PlanFree, Regular: 1, BackupUnits: 3}, apr16)
	checkLines(t, q, "CHARGE BACKUP_UNIT ×3 ₹2,400.00")
	if !q.Next.PeriodStart.Equal(apr1) {
		t.Errorf("period moved: %+v", q.Next)
	}
}

// SB-3: invalid changes are refused with VALIDATION and the field at fault.
func TestInvalidChanges_SB3(t *testing.T) {
	paid := active(PlanStandard, Monthly, "USD", apr1, 5)
	free := active(PlanFree, Monthly, "USD", apr1, 2)
	for _, tc := range []struct {
		name  string
		cur   State
		ch    Change
		field string
		msg   string
	}{
		{"unknown plan", paid, Change{Plan: "PLATINUM", Cycle: Monthly, Regular: 5}, "plan", `unknown plan "PLATINUM"`},
		{"bad cycle", paid, Change{Plan: PlanEnterprise, Cycle: "WEEKLY", Regular: 5}, "cycle", "MONTHLY or YEARLY"},
		{"no regular license", paid, Change{Plan: PlanEnterprise, Cycle: Monthly}, "regularLicenses", "at least 1"},
		{"negative team", paid, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 1, Team: -1}, "teamLicenses", "negative"},
		{"FREE over max users", paid, Change{Plan: PlanFree, Regular: 3, Team: 1}, "regularLicenses", "the Free plan allows at most 3 users; 4 requested"},
		{"storage on FREE", free, Change{Plan: PlanFree, Regular: 2, AddOns: map[string]int{AddOnExtraStorage: 1}}, "addOns", "not available on the Free plan"},
		{"two weekly add-ons", paid, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5, AddOns: map[string]int{AddOnWeeklyBackup: 2}}, "addOns", "at most 1"},
		{"unknown add-on", paid, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5, AddOns: map[string]int{"FAX": 1}}, "addOns", `unknown add-on "FAX"`},
		{"one-time as recurring", paid, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5, AddOns: map[string]int{AddOnBackupUnit: 1}}, "addOns", "one-time"},
		{"negative add-on", paid, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5, AddOns: map[string]int{AddOnExtraStorage: -1}}, "addOns", "between 0"},
		{"negative units", paid, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5, BackupUnits: -1}, "backupUnits", "between 0"},
		{"nothing to change", paid, Change{Plan: PlanStandard, Cycle: Monthly, Regular: 5, AddOns: map[string]int{AddOnExtraStorage: 0}}, "", "nothing to change"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Quote(testCat, tc.cur, tc.ch, apr16)
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != apperr.Validation || e.Field != tc.field || !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("err = %#v, want VALIDATION on %q containing %q", err, tc.field, tc.msg)
			}
		})
	}

	bad := paid
	bad.Currency = "CHF"
	if _, err := Quote(testCat, bad, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 5}, apr16); apperr.CodeOf(err) != apperr.Validation {
		t.Errorf("unknown currency: %v", err)
	}
	gone := paid
	gone.Plan = "LEGACY"
	if _, err := Quote(testCat, gone, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 5}, apr16); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("current plan not in catalogue: %v", err)
	}
	noCycle := paid
	noCycle.Cycle = ""
	if _, err := Quote(testCat, noCycle, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 5}, apr16); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("paid plan without a cycle: %v", err)
	}
}

// SB-3: a FREE subscription stored without a cycle can still be upgraded, and the quote
// applies to it.
func TestFreeWithoutCycle_SB3(t *testing.T) {
	cur := State{Plan: PlanFree, Currency: "GBP", Regular: 1, Status: StatusActive}
	q := mustQuote(t, cur, Change{Plan: PlanStandard, Cycle: Yearly, Regular: 2}, apr16)
	// 2 × £10.00 × 12 = £240.00, a year from now
	checkLines(t, q, "CHARGE STANDARD/REGULAR ×2 £240.00")
	next, err := OnPaymentSucceeded(cur, q)
	if err != nil || !next.PeriodEnd.Equal(time.Date(2027, 4, 16, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("next = %+v, %v", next, err)
	}
}

// SB-3: paying applies exactly the quoted change; a quote made from an older state is refused.
func TestPaymentAppliesQuote_SB3(t *testing.T) {
	cur := active(PlanStandard, Monthly, "USD", apr1, 10)
	q := mustQuote(t, cur, Change{Plan: PlanEnterprise, Cycle: Monthly, Regular: 10}, apr16)
	next, err := OnPaymentSucceeded(cur, q)
	if err != nil || next.Plan != PlanEnterprise {
		t.Fatalf("next = %+v, %v", next, err)
	}
	moved := cur.Clone()
	moved.Regular = 11
	if _, err := OnPaymentSucceeded(moved, q); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("stale quote: %v", err)
	}
	if _, err := OnPaymentSucceeded(cur, nil); err == nil {
		t.Error("nil quote accepted")
	}
}

// SB-4 property: at one instant, quoting A → B, paying, then B → A nets to zero within
// rounding (±1 minor unit per line), the period never moves, and every amount paid comes
// back to the balance: balance₂ − balance₀ = due₁ + due₂ − (subtotal₁ + subtotal₂).
func TestRoundTripNetsToZero_SB4(t *testing.T) {
	rng := rand.New(rand.NewSource(4)) // seeded: reproducible
	paid := []string{PlanStandard, PlanProfessional, PlanEnterprise, PlanUltimate}
	randomTarget := func(cycle Cycle) Change {
		ch := Change{Plan: paid[rng.Intn(len(paid))], Cycle: cycle, Regular: 1 + rng.Intn(40), Team: rng.Intn(10),
			AddOns: map[string]int{AddOnExtraStorage: rng.Intn(30), AddOnWeeklyBackup: rng.Intn(2)}}
		return ch
	}
	for i := 0; i < 2000; i++ {
		cycle := []Cycle{Monthly, Yearly}[rng.Intn(2)]
		currency := testCat.Currencies[rng.Intn(len(testCat.Currencies))]
		start := time.Date(2025, time.Month(1+rng.Intn(12)), 1+rng.Intn(31), rng.Intn(24), 0, 0, 0, time.UTC)
		a := randomTarget(cycle)
		cur := active(a.Plan, cycle, currency, start, a.Regular)
		cur.Team, cur.AddOns, cur.Balance = a.Team, nonZero(a.AddOns), int64(rng.Intn(5000))
		period := seconds(cur.PeriodStart, cur.PeriodEnd)
		now := cur.PeriodStart.Add(time.Duration(1+rng.Int63n(period-1)) * time.Second)
		b := randomTarget(cycle)
		if sameTarget(cur, b) {
			continue
		}

		q1, err := Quote(testCat, cur, b, now)
		if err != nil {
			t.Fatalf("#%d A→B: %v", i, err)
		}
		mid, err := OnPaymentSucceeded(cur, q1)
		if err != nil {
			t.Fatal(err)
		}
		q2, err := Quote(testCat, mid, cur.AsChange(), now)
		if err != nil {
			t.Fatalf("#%d B→A: %v", i, err)
		}
		end, _ := OnPaymentSucceeded(mid, q2)

		net := q1.Subtotal.Amount + q2.Subtotal.Amount
		lines := int64(len(q1.Lines) + len(q2.Lines))
		if net > lines || net < -lines {
			t.Fatalf("#%d %s: net %d over %d lines\nA→B %v\nB→A %v", i, currency, net, lines, summary(q1.Lines), summary(q2.Lines))
		}
		if got, want := end.Balance-cur.Balance, q1.TotalDue.Amount+q2.TotalDue.Amount-net; got != want {
			t.Fatalf("#%d balance moved by %d, want %d", i, got, want)
		}
		if !end.PeriodStart.Equal(cur.PeriodStart) || !end.PeriodEnd.Equal(cur.PeriodEnd) || !sameTarget(end, cur.AsChange()) {
			t.Fatalf("#%d round trip changed the subscription: %+v → %+v", i, cur, end)
		}
	}
}

// BK-11: unused backup units given back are credited to the balance at the unit price; the
// subscription does not otherwise change. 3 units × €10.00 = €30.00 on top of €5.00.
func TestBackupUnitRefund_BK11(t *testing.T) {
	cur := active(PlanStandard, Monthly, "EUR", apr1, 2)
	cur.Balance = 500
	q, err := BackupUnitRefund(testCat, cur, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, q, "CREDIT BACKUP_UNIT ×3 €30.00")
	checkTotals(t, q, "-€30.00", "€0.00", "€0.00", "€35.00")
	if n := q.Next; n.Balance != 3500 || n.Plan != PlanStandard || !n.PeriodEnd.Equal(cur.PeriodEnd) {
		t.Errorf("next = %+v", n)
	}
	if _, err := BackupUnitRefund(testCat, cur, 6, 5); apperr.CodeOf(err) != apperr.Validation {
		t.Errorf("more than owned: %v", err)
	}
	if _, err := BackupUnitRefund(testCat, cur, 0, 5); apperr.CodeOf(err) != apperr.Validation {
		t.Errorf("zero units: %v", err)
	}
}

// SB-4, issue 17 item 3: a line's share is worded as computed. Ten minutes short of a yearly
// period is "364.9 of 365 days" (its amount is a few minor units under the full price), never
// "365 of 365 days".
func TestShareNeverReadsAsWholeWhenShort_SB4(t *testing.T) {
	for _, c := range []struct {
		part, whole int64
		want        string
	}{
		{365*86400 - 600, 365 * 86400, "364.9 of 365 days"},
		{15 * 86400, 30 * 86400, "15 of 30 days"},
		{15*86400 + 43200, 30 * 86400, "15.5 of 30 days"},
		{30 * 86400, 30 * 86400, "full period"},
		{3600, 30 * 86400, "<0.1 of 30 days"},
	} {
		if got := describeShare(c.part, c.whole); got != c.want {
			t.Errorf("describeShare(%d, %d) = %q, want %q", c.part, c.whole, got, c.want)
		}
	}
}
