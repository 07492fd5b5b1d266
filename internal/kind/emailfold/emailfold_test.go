package emailfold

import "testing"

// Issue 11 item 3 (SY-5): ASCII letters fold, nothing else does.
func TestASCIILower_FoldsASCIIOnly_Issue11Item3(t *testing.T) {
	for in, want := range map[string]string{
		"Ann@Example.COM": "ann@example.com",
		"ÉLODIE@X.TEST":   "Élodie@x.test",
		"straße@X.de":     "straße@x.de",
		"":                "",
	} {
		if got := ASCIILower(in); got != want {
			t.Errorf("ASCIILower(%q) = %q, want %q", in, got, want)
		}
	}
}
