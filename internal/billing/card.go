package billing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Brand is a card network.
type Brand string

const (
	BrandVisa       Brand = "visa"
	BrandMastercard Brand = "mastercard"
	BrandAmex       Brand = "amex"
	BrandDiscover   Brand = "discover"
	BrandJCB        Brand = "jcb"
	BrandDiners     Brand = "diners"
	BrandUnionPay   Brand = "unionpay"
)

// brandInfo is what validation needs to know about a network.
type brandInfo struct {
	name    string // for messages
	lengths []int  // valid numbers of digits
	cvcLen  int
}

var brands = map[Brand]brandInfo{
	BrandVisa:       {"Visa", []int{13, 16, 19}, 3},
	BrandMastercard: {"Mastercard", []int{16}, 3},
	BrandAmex:       {"American Express", []int{15}, 4},
	BrandDiscover:   {"Discover", []int{16, 17, 18, 19}, 3},
	BrandJCB:        {"JCB", []int{16, 17, 18, 19}, 3},
	BrandDiners:     {"Diners Club", []int{14, 15, 16, 17, 18, 19}, 3},
	BrandUnionPay:   {"UnionPay", []int{16, 17, 18, 19}, 3},
}

// CardInput is a card as typed by a person, on its way to the gateway. It must never be
// stored or logged: String and GoString redact it, so %v and %#v show no number or CVC.
type CardInput struct {
	Number   string // digits, spaces and dashes allowed
	ExpMonth int    // 1–12
	ExpYear  int    // four digits, or two (27 = 2027)
	CVC      string
}

// String redacts the card: brand and last 4 digits only.
func (c CardInput) String() string {
	return fmt.Sprintf("card{brand:%s last4:%s exp:%02d/%d}", DetectBrand(c.Number), Last4(c.Number), c.ExpMonth, c.ExpYear)
}

// GoString redacts the card for %#v too.
func (c CardInput) GoString() string { return c.String() }

// CardInfo is what may be kept about a card (SB-10): brand, last 4 digits and expiry, beside
// the gateway's token.
type CardInfo struct {
	Brand    Brand
	Last4    string
	ExpMonth int
	ExpYear  int // four digits
}

// ValidateCard checks c before anything is sent to a gateway (SB-10): the number (digits,
// length, Luhn checksum, a supported network and its length), the expiry (the card is valid
// through the last day of its expiry month, in now's location) and the CVC length (4 digits
// for American Express, 3 otherwise). Errors are VALIDATION with the field (number, expMonth,
// expYear, cvc) and a message that never repeats the number or the CVC.
func ValidateCard(c CardInput, now time.Time) (CardInfo, error) {
	digits, err := checkNumber(c.Number)
	if err != nil {
		return CardInfo{}, err
	}
	brand := DetectBrand(digits)
	year, err := checkExpiry(c.ExpMonth, c.ExpYear, now)
	if err != nil {
		return CardInfo{}, err
	}
	if err := checkCVC(c.CVC, brands[brand]); err != nil {
		return CardInfo{}, err
	}
	return CardInfo{Brand: brand, Last4: digits[len(digits)-4:], ExpMonth: c.ExpMonth, ExpYear: year}, nil
}

// checkNumber returns the number's digits or the reason it is not a card number we take.
func checkNumber(number string) (string, error) {
	digits, ok := cardDigits(number)
	switch {
	case strings.TrimSpace(number) == "":
		return "", apperr.Invalid("number", "enter the card number")
	case !ok:
		return "", apperr.Invalid("number", "the card number may contain only digits, spaces and dashes")
	case len(digits) < 12:
		return "", apperr.Invalid("number", "the card number is too short")
	case len(digits) > 19:
		return "", apperr.Invalid("number", "the card number is too long")
	case !Luhn(digits):
		return "", apperr.Invalid("number", "the card number is not valid; check it for typos")
	}
	brand := DetectBrand(digits)
	info, known := brands[brand]
	if !known {
		return "", apperr.Invalid("number", "this card network is not supported; use Visa, Mastercard, American Express, Discover, JCB, Diners Club or UnionPay")
	}
	if !slices.Contains(info.lengths, len(digits)) {
		return "", apperr.Invalid("number", "the card number has the wrong length for its network (%s)", info.name)
	}
	return digits, nil
}

// checkExpiry returns the four-digit expiry year, or why the card cannot be used at now.
func checkExpiry(month, year int, now time.Time) (int, error) {
	if month < 1 || month > 12 {
		return 0, apperr.Invalid("expMonth", "the expiry month must be between 1 and 12")
	}
	if year >= 0 && year < 100 {
		year += 2000
	}
	if year < 2000 || year > now.Year()+30 {
		return 0, apperr.Invalid("expYear", "the expiry year is not valid")
	}
	if year < now.Year() {
		return 0, apperr.Invalid("expYear", "the card expired in %d; use another card", year)
	}
	if year == now.Year() && time.Month(month) < now.Month() {
		return 0, apperr.Invalid("expMonth", "the card expired at the end of %02d/%d; use another card", month, year)
	}
	return year, nil
}

func checkCVC(cvc string, info brandInfo) error {
	if cvc == "" {
		return apperr.Invalid("cvc", "enter the security code (CVC) from the card")
	}
	if _, ok := cardDigits(cvc); !ok || strings.ContainsAny(cvc, " -") || len(cvc) != info.cvcLen {
		count := "three"
		if info.cvcLen == 4 {
			count = "four"
		}
		return apperr.Invalid("cvc", "the security code of a %s card has %s digits", info.name, count)
	}
	return nil
}

// cardDigits strips spaces and dashes; ok is false if anything else but digits is left or
// nothing is.
func cardDigits(s string) (digits string, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// Luhn reports whether digits (only '0'–'9') pass the Luhn checksum.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// DetectBrand names the network of a card number from its leading digits (spaces and dashes
// ignored), or "" when unknown.
func DetectBrand(number string) Brand {
	d, ok := cardDigits(number)
	if !ok {
		return ""
	}
	prefix := func(n int) int {
		if len(d) < n {
			return -1
		}
		v := 0
		for _, c := range d[:n] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	in := func(n, lo, hi int) bool { p := prefix(n); return p >= lo && p <= hi }
	switch {
	case in(2, 34, 34) || in(2, 37, 37):
		return BrandAmex
	case in(1, 4, 4):
		return BrandVisa
	case in(2, 51, 55) || in(4, 2221, 2720):
		return BrandMastercard
	case in(4, 6011, 6011) || in(3, 644, 649) || in(2, 65, 65) || in(6, 622126, 622925):
		return BrandDiscover
	case in(4, 3528, 3589):
		return BrandJCB
	case in(3, 300, 305) || in(2, 36, 36) || in(2, 38, 39):
		return BrandDiners
	case in(2, 62, 62):
		return BrandUnionPay
	}
	return ""
}

// Last4 is the last four digits of number (other characters ignored), or "" when it has
// fewer than four. It is what may be shown and stored (SB-10).
func Last4(number string) string {
	var digits []byte
	for i := 0; i < len(number); i++ {
		if number[i] >= '0' && number[i] <= '9' {
			digits = append(digits, number[i])
		}
	}
	if len(digits) < 4 {
		return ""
	}
	return string(digits[len(digits)-4:])
}
