package schema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Issue 9 item 12: the field validators, one table each. A refusal is VALIDATION whose
// message gives the rule (the presenter puts the field name in front).
func TestValidators(t *testing.T) {
	many := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("r%d@example.com", i)
		}
		return out
	}
	type check struct {
		name string
		err  error
		want string // "" = accepted
	}
	cases := []check{
		{"email", validEmail("ann@example.com"), ""},
		{"email with a display name", validEmail("Ann <ann@example.com>"), "is not a valid email address"},
		{"email without a domain dot", validEmail("ann@example"), "is not a valid email address"},
		{"email with spaces", validEmail("ann smith@example.com"), "is not a valid email address"},
		{"email too long", validEmail(strings.Repeat("a", 250) + "@example.com"), "is not a valid email address"},
		{"email with a line break", validEmail("ann@example.com\nBcc: x@y.z"), "is not a valid email address"},
		{"recipients", recipients(many(100)), ""},
		{"no recipients", recipients(nil), ""},
		{"101 recipients", recipients(many(101)), "has 101 addresses; the limit is 100"},
		{"20,000 recipients", recipients(many(20000)), "has 20000 addresses; the limit is 100"},
		{"a recipient that is not an address", recipients([]string{"a@b.example", "nope"}), `contains "nope", which is not a valid email address`},
		{"currency", validCurrency("EUR"), ""},
		{"currency JPY", validCurrency("JPY"), ""},
		{"currency ZZZ", validCurrency("ZZZ"), `is not an ISO 4217 currency code (e.g. EUR, JPY); got "ZZZ"`},
		{"currency lower case", validCurrency("eur"), "is not an ISO 4217 currency code"},
		{"currency empty", validCurrency(""), "is not an ISO 4217 currency code"},
		{"locale en", validLocale("en"), ""},
		{"locale ja", validLocale("ja"), ""},
		{"locale fr", validLocale("fr"), ""},
		{"locale de", validLocale("de"), `must be one of en, ja, fr; got "de"`},
		{"locale ja-JP", validLocale("ja-JP"), "must be one of en, ja, fr"},
		{"time zone", validTimeZone("Asia/Tokyo"), ""},
		{"time zone Local", validTimeZone("Local"), "is not an IANA time zone"},
		{"time zone unknown", validTimeZone("Mars/Base"), "is not an IANA time zone"},
		{"required text", requiredText(5)("Ann"), ""},
		{"required text of spaces", requiredText(5)("   "), "must not be empty"},
		{"required text too long", requiredText(5)("山田山田山田"), "is 6 characters long; the limit is 5"},
		{"required text with a bidi override", requiredText(50)("a\u202eb"), "bidirectional control character (U+202E)"},
		{"line with a tab", line(50)("a\tb"), "control character (U+0009)"},
		{"multiline with tab and breaks", multiline(50)("a\tb\r\nc"), ""},
		{"multiline with a NUL", multiline(50)("a\x00"), "control character (U+0000)"},
	}
	for _, c := range cases {
		switch {
		case c.want == "" && c.err != nil:
			t.Errorf("%s: %v, want accepted", c.name, c.err)
		case c.want != "" && (!apperr.Is(c.err, apperr.Validation) || !strings.Contains(c.err.Error(), c.want)):
			t.Errorf("%s: %v, want VALIDATION saying %q", c.name, c.err, c.want)
		}
	}
}
