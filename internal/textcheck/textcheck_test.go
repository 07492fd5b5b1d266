package textcheck

import (
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Issue 9 item 12: the text hygiene rule, for a line and for text spanning lines.
func TestLineAndMultiline(t *testing.T) {
	cases := []struct {
		in              string
		line, multiline string // "" = accepted, else a part of the message
	}{
		{"Ann Smith", "", ""},
		{"山田 太郎", "", ""},
		{"François « Paris »", "", ""},
		{"שלום עולם", "", ""}, // right-to-left text itself is fine
		{"a\tb", "control character (U+0009)", ""},
		{"a\nb", "single line", ""},
		{"a\r\nb", "single line", ""},
		{"bell\a", "control character (U+0007)", "control character (U+0007)"},
		{"nul\x00", "control character (U+0000)", "control character (U+0000)"},
		{"esc\x1b[31m", "control character (U+001B)", "control character (U+001B)"},
		{"del\x7f", "control character (U+007F)", "control character (U+007F)"},
		{"c1\u0085", "control character (U+0085)", "control character (U+0085)"},
		{"invoice\u202Efdp.exe", "bidirectional control character (U+202E)", ""},
		{"x\u202Ay", "bidirectional control character (U+202A)", ""},
		{"x\u2066y\u2069", "bidirectional control character (U+2066)", ""},
		{"x\u2069", "bidirectional control character (U+2069)", ""},
		{"x\u200Fy", "", ""}, // a right-to-left mark is not an override
	}
	for _, c := range cases {
		for _, k := range []struct {
			name string
			err  error
			want string
		}{{"Line", Line(c.in), c.line}, {"Multiline", Multiline(c.in), c.multiline}} {
			switch {
			case k.want == "" && k.err != nil:
				t.Errorf("%s(%q): %v, want accepted", k.name, c.in, k.err)
			case k.want != "" && (k.err == nil || !apperr.Is(k.err, apperr.Validation) || !strings.Contains(k.err.Error(), k.want)):
				t.Errorf("%s(%q): %v, want VALIDATION saying %q", k.name, c.in, k.err, k.want)
			}
		}
	}
}

func TestTrim(t *testing.T) {
	for in, want := range map[string]string{"  Ann  ": "Ann", "\u3000山田\u00a0": "山田", "   ": "", "\tx": "\tx", "a b": "a b"} {
		if got := Trim(in); got != want {
			t.Errorf("Trim(%q) = %q, want %q", in, got, want)
		}
	}
}
