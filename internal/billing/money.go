package billing

import (
	"fmt"
	"math/big"
	"strings"
)

// Money is an amount in the minor unit of its ISO-4217 currency (cents, yen, paise…).
// Money never goes through a float (SPEC: "Money is integer minor units plus an ISO-4217
// currency; never floats").
type Money struct {
	Amount   int64  // minor units; negative for a credit where a signed amount is meant
	Currency string // ISO-4217 code, e.g. "USD"
}

// String is Format(m).
func (m Money) String() string { return Format(m) }

// zeroDecimal lists the supported currencies without a minor unit.
var zeroDecimal = map[string]bool{"JPY": true, "KRW": true}

// MinorUnits is the number of decimals of currency's minor unit: 0 for JPY (and KRW), 2 for
// every other currency.
func MinorUnits(currency string) int {
	if zeroDecimal[currency] {
		return 0
	}
	return 2
}

// RoundHalfUp rounds x, an amount in minor units, to a whole minor unit, halves away from
// zero (2.5 → 3, −2.5 → −3, 2.49… → 2). It is the one rounding rule of the billing engine
// (DESIGN "rounding half-up to the minor unit, in one place"): every prorated amount goes
// through it. It panics if the result does not fit an int64, which prices and quantities
// within int64 minor units cannot cause through Prorate.
func RoundHalfUp(x *big.Rat) int64 {
	num := new(big.Int).Abs(x.Num())
	den := x.Denom() // always > 0
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 { // 2·remainder ≥ denominator: half or more
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	if !q.IsInt64() {
		panic("billing: rounded amount overflows int64")
	}
	return q.Int64()
}

// Prorate returns amount × part ⁄ whole rounded half-up to the minor unit (SB-4): the share
// of a period's price for part of its seconds. part is clamped to [0, whole]; a whole ≤ 0
// yields 0. The product is computed exactly, so no overflow or float error is possible.
func Prorate(amount, part, whole int64) int64 {
	if whole <= 0 || part <= 0 {
		return 0
	}
	if part >= whole {
		return amount
	}
	r := new(big.Rat).SetFrac(
		new(big.Int).Mul(big.NewInt(amount), big.NewInt(part)),
		big.NewInt(whole))
	return RoundHalfUp(r)
}

// symbols are the display prefixes of the catalogue's currencies. CNY is "CN¥" so it is
// never mistaken for JPY's "¥"; A$ and CA$ likewise tell the dollars apart.
var symbols = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹",
	"AUD": "A$", "CAD": "CA$", "CNY": "CN¥",
}

// Format renders m for people: symbol, thousands separated by commas, exactly MinorUnits
// decimals, a leading minus for negatives: "$20.00", "¥2,000", "€9.50", "-£1,234.56".
// A currency without a known symbol is written after the number: "12.30 CHF".
func Format(m Money) string {
	amount := m.Amount
	sign := ""
	if amount < 0 {
		sign = "-"
	}
	digits := fmt.Sprint(amount)
	digits = strings.TrimPrefix(digits, "-")

	decimals := MinorUnits(m.Currency)
	for len(digits) <= decimals { // pad so there is at least one whole digit
		digits = "0" + digits
	}
	whole, frac := digits[:len(digits)-decimals], digits[len(digits)-decimals:]
	number := groupThousands(whole)
	if decimals > 0 {
		number += "." + frac
	}
	if sym, ok := symbols[m.Currency]; ok {
		return sign + sym + number
	}
	return sign + number + " " + m.Currency
}

// groupThousands inserts a comma every three digits from the right: "1234567" → "1,234,567".
func groupThousands(digits string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
