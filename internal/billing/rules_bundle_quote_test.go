package billing

import (
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// The figures below are computed by hand: credit = paid × seconds left ⁄ seconds of the period,
// rounded half-up on its own line (SB-4).
func TestQuoteBundleUpgrade_Credits_BU5_SB4(t *testing.T) {
	now := utc(2026, 12, 11, 0)
	usd := BundlePrice{Currency: "USD", PerUser: map[Cycle]int64{Monthly: 3500, Yearly: 36000},
		AddOns: map[string]map[Cycle]int64{"EXTRA_STORAGE": {Monthly: 500, Yearly: 5000}}}
	jpy := BundlePrice{Currency: "JPY", PerUser: map[Cycle]int64{Monthly: 400, Yearly: 3600}}
	type credit struct {
		code   BundleService
		amount int64
	}
	cases := []struct {
		name    string
		price   BundlePrice
		up      BundleUpgrade
		members []Member
		balance int64
		credits []credit
		sub     int64
		applied int64
		due     int64
		newBal  int64
	}{{
		name:  "USD: a monthly and a yearly member, balance pays first",
		price: usd, up: BundleUpgrade{Cycle: Monthly, Users: 5, AddOns: map[string]int{"EXTRA_STORAGE": 2}},
		members: []Member{
			// 6000 × 21 days ⁄ 31 days = 4064.52 → 4065
			{Service: ServiceCRM, Cycle: Monthly, PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{6000, "USD"}},
			// 24000 × 182 ⁄ 365 = 11967.12 → 11967
			{Service: ServiceSalesIQ, Cycle: Yearly, PeriodStart: utc(2026, 6, 11, 0), PeriodEnd: utc(2027, 6, 11, 0), Paid: Money{24000, "USD"}},
		},
		balance: 500,
		credits: []credit{{ServiceCRM, 4065}, {ServiceSalesIQ, 11967}},
		// 5 × 3500 + 2 × 500 − 4065 − 11967
		sub: 2468, applied: 500, due: 1968, newBal: 0,
	}, {
		name:  "USD: a member renewed yesterday and one about to end",
		price: usd, up: BundleUpgrade{Cycle: Monthly, Users: 2},
		members: []Member{
			// renewed yesterday: 3000 × 30 ⁄ 31 = 2903.23 → 2903
			{Service: ServiceDesk, Cycle: Monthly, PeriodStart: utc(2026, 12, 10, 0), PeriodEnd: utc(2027, 1, 10, 0), Paid: Money{3000, "USD"}},
			// one hour left of 30 days: 1000 × 3600 ⁄ 2592000 = 1.39 → 1
			{Service: ServiceSurvey, Cycle: Monthly, PeriodStart: utc(2026, 11, 11, 1), PeriodEnd: utc(2026, 12, 11, 1), Paid: Money{1000, "USD"}},
		},
		credits: []credit{{ServiceDesk, 2903}, {ServiceSurvey, 1}},
		sub:     7000 - 2903 - 1, due: 4096,
	}, {
		name:  "JPY: credits larger than the price go to the balance",
		price: jpy, up: BundleUpgrade{Cycle: Yearly, Users: 3},
		members: []Member{
			// ¥8,400 × 21 ⁄ 31 = 5690.32 → 5690
			{Service: ServiceCRM, Cycle: Monthly, PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{8400, "JPY"}},
			// ¥30,000 × 80 ⁄ 365 = 6575.34 → 6575
			{Service: ServiceDesk, Cycle: Yearly, PeriodStart: utc(2026, 3, 1, 0), PeriodEnd: utc(2027, 3, 1, 0), Paid: Money{30000, "JPY"}},
		},
		balance: 100,
		credits: []credit{{ServiceCRM, 5690}, {ServiceDesk, 6575}},
		// 3 × 3600 − 5690 − 6575 = −1465: nothing due, the balance grows by 1465
		sub: -1465, due: 0, newBal: 1565,
	}, {
		name:  "consecutive upgrades never credit the same paid time twice",
		price: usd, up: BundleUpgrade{Cycle: Monthly, Users: 1},
		members: []Member{
			// credited up to its end by an earlier upgrade: no line
			{Service: ServiceCRM, PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{6000, "USD"}, CreditedUntil: utc(2027, 1, 1, 0)},
			// credited up to 21 Dec: only 11 of its 31 days: 3100 × 11 ⁄ 31 = 1100
			{Service: ServiceSalesIQ, PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{3100, "USD"}, CreditedUntil: utc(2026, 12, 21, 0)},
			// ended: nothing left
			{Service: ServiceDesk, PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{3100, "USD"}, Ended: true},
		},
		credits: []credit{{ServiceSalesIQ, 1100}},
		sub:     3500 - 1100, due: 2400,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := QuoteBundleUpgrade(c.price, c.up, c.members, c.balance, now)
			if err != nil {
				t.Fatal(err)
			}
			var got []credit
			var sum int64
			for _, l := range q.Lines {
				sum += l.Signed()
				if l.Kind == Credit {
					got = append(got, credit{BundleService(l.Code), l.Amount.Amount})
				}
			}
			if len(got) != len(c.credits) {
				t.Fatalf("credit lines %v, want %v", got, c.credits)
			}
			for i := range got {
				if got[i] != c.credits[i] {
					t.Errorf("credit %d = %v, want %v", i, got[i], c.credits[i])
				}
			}
			if sum != q.Subtotal.Amount || q.Subtotal.Amount != c.sub {
				t.Errorf("subtotal %d (lines sum %d), want %d", q.Subtotal.Amount, sum, c.sub)
			}
			if q.CreditApplied.Amount != c.applied || q.TotalDue.Amount != c.due || q.NewBalance.Amount != c.newBal {
				t.Errorf("applied %d due %d balance %d, want %d %d %d", q.CreditApplied.Amount, q.TotalDue.Amount, q.NewBalance.Amount, c.applied, c.due, c.newBal)
			}
			for _, cr := range c.credits {
				if _, ok := q.CreditedUntil[cr.code]; !ok {
					t.Errorf("%s credited but CreditedUntil not recorded", cr.code)
				}
			}
			if !q.PeriodEnd.Equal(PeriodEnd(now, c.up.Cycle)) {
				t.Errorf("period end %v", q.PeriodEnd)
			}
		})
	}
}

func TestQuoteBundleUpgrade_Refusals_BU5(t *testing.T) {
	now := utc(2026, 12, 11, 0)
	price := BundlePrice{Currency: "USD", PerUser: map[Cycle]int64{Monthly: 3500}, AddOns: map[string]map[Cycle]int64{"X": {Monthly: 1}}}
	for name, c := range map[string]struct {
		up      BundleUpgrade
		members []Member
		code    apperr.Code
	}{
		"no yearly price": {BundleUpgrade{Cycle: Yearly, Users: 1}, nil, apperr.Validation},
		"zero users":      {BundleUpgrade{Cycle: Monthly, Users: 0}, nil, apperr.Validation},
		"too many users":  {BundleUpgrade{Cycle: Monthly, Users: MaxBundleUsers + 1}, nil, apperr.Validation},
		"unknown add-on":  {BundleUpgrade{Cycle: Monthly, Users: 1, AddOns: map[string]int{"Y": 1}}, nil, apperr.Validation},
		"negative add-on": {BundleUpgrade{Cycle: Monthly, Users: 1, AddOns: map[string]int{"X": -1}}, nil, apperr.Validation},
		"member in another currency": {BundleUpgrade{Cycle: Monthly, Users: 1}, []Member{{Service: ServiceCRM,
			PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{800, "JPY"}}}, apperr.Conflict},
	} {
		if _, err := QuoteBundleUpgrade(price, c.up, c.members, 0, now); apperr.CodeOf(err) != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
}
