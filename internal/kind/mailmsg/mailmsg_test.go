package mailmsg

import "testing"

func TestNormalizeMessageID_EM1(t *testing.T) {
	for in, want := range map[string]string{
		"<abc@example.com>":   "abc@example.com",
		" <abc@example.com> ": "abc@example.com",
		"abc@example.com":     "abc@example.com",
		"":                    "",
	} {
		if got := NormalizeMessageID(in); got != want {
			t.Errorf("NormalizeMessageID(%q) = %q, want %q", in, got, want)
		}
	}
}
