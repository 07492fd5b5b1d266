package billing

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

var cardNow = time.Date(2026, 4, 16, 12, 0, 0, 0, time.UTC)

// withCheckDigit appends the Luhn check digit to a partial number.
func withCheckDigit(partial string) string {
	for d := '0'; d <= '9'; d++ {
		if Luhn(partial + string(d)) {
			return partial + string(d)
		}
	}
	panic("unreachable")
}

// SB-10: valid test cards of each network pass, giving brand, last 4 and expiry only.
func TestValidCards_SB10(t *testing.T) {
	for _, tc := range []struct {
		number string
		cvc    string
		brand  Brand
	}{
		{"4242 4242 4242 4242", "123", BrandVisa},
		{"4000-0566-5566-5556", "123", BrandVisa},
		{"5555555555554444", "321", BrandMastercard},
		{"2223003122003222", "321", BrandMastercard},
		{"378282246310005", "1234", BrandAmex},
		{"6011111111111117", "555", BrandDiscover},
		{"3530111333300000", "555", BrandJCB},
		{"36227206271667", "555", BrandDiners},
		{"6200000000000005", "555", BrandUnionPay},
	} {
		info, err := ValidateCard(CardInput{Number: tc.number, ExpMonth: 12, ExpYear: 2030, CVC: tc.cvc}, cardNow)
		if err != nil {
			t.Errorf("%s: %v", tc.number, err)
			continue
		}
		if info.Brand != tc.brand || info.Last4 != Last4(tc.number) || info.ExpYear != 2030 {
			t.Errorf("%s: %+v", tc.number, info)
		}
	}
}

// SB-10: invalid input is refused with VALIDATION naming the field, and the message never
// repeats the number or the CVC.
func TestInvalidCards_SB10(t *testing.T) {
	visa := "4242424242424242"
	for _, tc := range []struct {
		name  string
		card  CardInput
		field string
		msg   string
	}{
		{"empty number", CardInput{Number: " ", ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "number", "enter the card number"},
		{"letters", CardInput{Number: "4242 4242 4242 424x", ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "number", "only digits"},
		{"too short", CardInput{Number: "42424242", ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "number", "too short"},
		{"too long", CardInput{Number: strings.Repeat("4", 20), ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "number", "too long"},
		{"Luhn", CardInput{Number: "4242424242424241", ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "number", "not valid"},
		{"unknown network", CardInput{Number: withCheckDigit("999999999999999"), ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "number", "not supported"},
		{"amex length", CardInput{Number: withCheckDigit("3782822463100"), ExpMonth: 1, ExpYear: 2030, CVC: "1234"}, "number", "wrong length for its network (American Express)"},
		{"month 0", CardInput{Number: visa, ExpMonth: 0, ExpYear: 2030, CVC: "123"}, "expMonth", "between 1 and 12"},
		{"month 13", CardInput{Number: visa, ExpMonth: 13, ExpYear: 2030, CVC: "123"}, "expMonth", "between 1 and 12"},
		{"last year", CardInput{Number: visa, ExpMonth: 12, ExpYear: 2025, CVC: "123"}, "expYear", "expired in 2025"},
		{"last month", CardInput{Number: visa, ExpMonth: 3, ExpYear: 2026, CVC: "123"}, "expMonth", "expired at the end of 03/2026"},
		{"two-digit last year", CardInput{Number: visa, ExpMonth: 12, ExpYear: 25, CVC: "123"}, "expYear", "expired in 2025"},
		{"absurd year", CardInput{Number: visa, ExpMonth: 1, ExpYear: 9999, CVC: "123"}, "expYear", "not valid"},
		{"no cvc", CardInput{Number: visa, ExpMonth: 1, ExpYear: 2030}, "cvc", "enter the security code"},
		{"short cvc", CardInput{Number: visa, ExpMonth: 1, ExpYear: 2030, CVC: "12"}, "cvc", "three digits"},
		{"visa with 4", CardInput{Number: visa, ExpMonth: 1, ExpYear: 2030, CVC: "1234"}, "cvc", "three digits"},
		{"amex with 3", CardInput{Number: "378282246310005", ExpMonth: 1, ExpYear: 2030, CVC: "123"}, "cvc", "American Express card has four digits"},
		{"cvc letters", CardInput{Number: visa, ExpMonth: 1, ExpYear: 2030, CVC: "12a"}, "cvc", "three digits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ValidateCard(tc.card, cardNow)
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != apperr.Validation || e.Field != tc.field || !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("err = %v, want VALIDATION on %s containing %q", err, tc.field, tc.msg)
			}
			checkNoEcho(t, tc.card, e)
		})
	}
	// The expiry month itself is still valid: a card is good through the end of it.
	if _, err := ValidateCard(CardInput{Number: visa, ExpMonth: 4, ExpYear: 26, CVC: "123"}, cardNow); err != nil {
		t.Errorf("card expiring this month: %v", err)
	}
}

// SB-10: a card formatted with %v, %+v or %#v shows no number and no CVC.
func TestCardInputRedacted_SB10(t *testing.T) {
	c := CardInput{Number: "4242 4242 4242 4242", ExpMonth: 1, ExpYear: 2030, CVC: "987"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(verb, c)
		if strings.Contains(s, "4242 4242") || strings.Contains(s, "424242") || strings.Contains(s, "987") {
			t.Errorf("%s leaks: %s", verb, s)
		}
	}
	if Last4("4242-4242-4242-1234") != "1234" || Last4("12") != "" {
		t.Error("Last4")
	}
}

func TestLuhnAndBrand(t *testing.T) {
	for number, want := range map[string]bool{"79927398713": true, "79927398710": false, "0": true, "": false, "12a": false} {
		if Luhn(number) != want {
			t.Errorf("Luhn(%q) != %v", number, want)
		}
	}
	for number, want := range map[string]Brand{"4": BrandVisa, "34": BrandAmex, "2720": BrandMastercard, "2721": "", "644": BrandDiscover,
		"622126": BrandDiscover, "6221": BrandUnionPay, "3589": BrandJCB, "305": BrandDiners, "9": "", "x": ""} {
		if got := DetectBrand(number); got != want {
			t.Errorf("DetectBrand(%q) = %q, want %q", number, got, want)
		}
	}
}

// checkNoEcho fails if an error about card input repeats the number or CVC. Number and CVC
// errors contain no digits at all; expiry errors may only name the month and year.
func checkNoEcho(t *testing.T, c CardInput, e *apperr.Error) {
	t.Helper()
	if e.Field == "number" || e.Field == "cvc" {
		if strings.IndexFunc(e.Message, unicode.IsDigit) >= 0 {
			t.Fatalf("%s error contains digits: %q", e.Field, e.Message)
		}
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, c.Number)
	for _, secret := range []string{strings.TrimSpace(c.Number), digits} {
		if len(secret) >= 5 && strings.Contains(e.Message, secret) {
			t.Fatalf("error echoes the card number: %q", e.Message)
		}
	}
	if len(e.Details) > 0 {
		t.Fatalf("card errors carry no details: %v", e.Details)
	}
}

// SB-10: validation never panics, errors are VALIDATION on a known field, and nothing typed
// as a number or CVC comes back in a message.
func FuzzValidateCard(f *testing.F) {
	f.Add("4242 4242 4242 4242", 12, 2030, "123")
	f.Add("378282246310005", 1, 27, "1234")
	f.Add("4242424242424241", 13, -1, "")
	f.Add("", 0, 0, "abc")
	f.Add("٤٢٤٢", 5, 2026, "١٢٣")
	f.Add("6011 1111 1111 1117", 4, 2026, "12345")
	f.Fuzz(func(t *testing.T, number string, month, year int, cvc string) {
		c := CardInput{Number: number, ExpMonth: month, ExpYear: year, CVC: cvc}
		info, err := ValidateCard(c, cardNow)
		_ = fmt.Sprint(c)
		if err == nil {
			d, _ := cardDigits(number)
			if !Luhn(d) || info.Last4 != Last4(number) || info.Brand == "" || len(info.Last4) != 4 {
				t.Fatalf("accepted %+v", info)
			}
			return
		}
		e, ok := err.(*apperr.Error)
		if !ok || e.Code != apperr.Validation {
			t.Fatalf("err = %#v", err)
		}
		switch e.Field {
		case "number", "expMonth", "expYear", "cvc":
		default:
			t.Fatalf("field %q", e.Field)
		}
		checkNoEcho(t, c, e)
		if e.Field == "cvc" && len(cvc) >= 3 && strings.Contains(e.Message, cvc) {
			t.Fatalf("error echoes the CVC: %q", e.Message)
		}
	})
}
