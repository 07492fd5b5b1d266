package billing

import (
	"math"
	"math/big"
	"testing"
)

func TestMinorUnits(t *testing.T) {
	for cur, want := range map[string]int{"JPY": 0, "USD": 2, "EUR": 2, "INR": 2, "GBP": 2, "CNY": 2, "XYZ": 2} {
		if got := MinorUnits(cur); got != want {
			t.Errorf("MinorUnits(%s) = %d, want %d", cur, got, want)
		}
	}
}

// SB-4: rounding is half-up (away from zero) to the minor unit — the one rounding rule.
func TestRoundHalfUp_SB4(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		want     int64
	}{
		{1, 2, 1},   // exactly .5 → up
		{3, 2, 2},   // 1.5 → 2
		{5, 2, 3},   // 2.5 → 3 (not banker's 2)
		{-5, 2, -3}, // −2.5 → −3: symmetric, so a credit rounds like the charge it reverses
		{49, 100, 0},
		{-49, 100, 0},
		{51, 100, 1},
		{2, 3, 1},
		{1, 3, 0},
		{7, 1, 7},
		{0, 5, 0},
		{499999, 1000000, 0}, // just under half
	} {
		if got := RoundHalfUp(big.NewRat(tc.num, tc.den)); got != tc.want {
			t.Errorf("RoundHalfUp(%d/%d) = %d, want %d", tc.num, tc.den, got, tc.want)
		}
	}
}

// SB-4: proration by seconds, exact then rounded once.
func TestProrate_SB4(t *testing.T) {
	for _, tc := range []struct {
		amount, part, whole, want int64
	}{
		{14000, 1_296_000, 2_592_000, 7000}, // half of a 30-day month
		{200, 6480, 2_592_000, 1},           // 0.5 cent → 1 cent
		{200, 6479, 2_592_000, 0},           // 0.49992 cent → 0
		{600, 6480, 2_592_000, 2},           // 1.5 cents → 2
		{2040, 864_000, 2_678_400, 658},     // ¥2,040 × 10/31 = 658.06 → ¥658
		{3480, 864_000, 2_678_400, 1123},    // ¥3,480 × 10/31 = 1,122.58 → ¥1,123
		{1000, 0, 100, 0},
		{1000, -5, 100, 0},                         // clamped
		{1000, 200, 100, 1000},                     // clamped
		{1000, 50, 0, 0},                           // no period
		{math.MaxInt64, 1, 2, math.MaxInt64/2 + 1}, // no overflow in the product
	} {
		if got := Prorate(tc.amount, tc.part, tc.whole); got != tc.want {
			t.Errorf("Prorate(%d, %d, %d) = %d, want %d", tc.amount, tc.part, tc.whole, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		want string
	}{
		{Money{2000, "USD"}, "$20.00"},
		{Money{2000, "JPY"}, "¥2,000"},
		{Money{950, "EUR"}, "€9.50"},
		{Money{5, "USD"}, "$0.05"},
		{Money{0, "JPY"}, "¥0"},
		{Money{0, "GBP"}, "£0.00"},
		{Money{123456789, "USD"}, "$1,234,567.89"},
		{Money{-47247, "USD"}, "-$472.47"},
		{Money{-5, "GBP"}, "-£0.05"},
		{Money{100000, "INR"}, "₹1,000.00"},
		{Money{10000, "CNY"}, "CN¥100.00"},
		{Money{2100, "AUD"}, "A$21.00"},
		{Money{1900, "CAD"}, "CA$19.00"},
		{Money{1230, "CHF"}, "12.30 CHF"},
		{Money{999, "JPY"}, "¥999"},
		{Money{100000, "JPY"}, "¥100,000"},
	} {
		if got := Format(tc.m); got != tc.want {
			t.Errorf("Format(%+v) = %q, want %q", tc.m, got, tc.want)
		}
		if tc.m.String() != tc.want {
			t.Errorf("String(%+v) = %q", tc.m, tc.m.String())
		}
	}
}
