package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Issue 9 item 12: the reader's language is the saved locale, else Accept-Language, else
// English (API clients that send neither).
func TestPick(t *testing.T) {
	cases := []struct{ saved, accept, want string }{
		{"", "", "en"},
		{"ja", "fr-FR,fr;q=0.9", "ja"},
		{"", "fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"", "ja-JP", "ja"},
		{"", "de-DE,de;q=0.9", "en"},
		{"", "de-DE,ja;q=0.5", "ja"},
		{"de", "", "en"},
		{"", "*", "en"},
		{"", "garbage;;;q=x", "en"},
	}
	for _, c := range cases {
		if got := Pick(c.saved, c.accept); got != c.want {
			t.Errorf("Pick(%q, %q) = %q, want %q", c.saved, c.accept, got, c.want)
		}
	}
}

func TestSprintf(t *testing.T) {
	f := "The payment of %s failed: %s. Nothing was changed; update the card and try again."
	got := Sprintf("ja", f, "¥4,200", Phrase("the card was declined by the bank"))
	if got != "¥4,200 のお支払いができませんでした: カード会社によって決済が拒否されました。変更は行われていません。カードを更新してもう一度お試しください。" {
		t.Errorf("ja: %s", got)
	}
	got = Sprintf("fr", f, "42,00 €", Phrase("the card was declined by the bank"))
	if got != "Le paiement de 42,00 € a échoué\u202f: la banque a refusé la carte. Rien n’a été modifié\u202f; mettez à jour la carte et réessayez." {
		t.Errorf("fr: %s", got)
	}
	if got := Sprintf("en", f, "€42.00", Phrase("the card was declined by the bank")); got != "The payment of €42.00 failed: the card was declined by the bank. Nothing was changed; update the card and try again." {
		t.Errorf("en: %s", got)
	}
	if got := Sprintf("ja", "a message nobody translated %d", 7); got != "a message nobody translated 7" {
		t.Errorf("untranslated: %s", got)
	}
}

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)

// verbs lists the argument numbers and verbs a format uses (%[2]d → "2d").
func verbs(f string) []string {
	var out []string
	n := 0
	for _, m := range verbRE.FindAllStringSubmatch(strings.ReplaceAll(f, "%%", ""), -1) {
		if m[2] != "" {
			fmt.Sscan(m[2], &n)
		} else {
			n++
		}
		out = append(out, fmt.Sprintf("%d%s", n, m[0][len(m[0])-1:]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every translation uses exactly the arguments of its English key, with the same verbs, and
// French puts a narrow no-break space before ; ? ! and before : where a sentence goes on.
func TestCatalogue(t *testing.T) {
	for locale, msgs := range catalogue {
		for key, tr := range msgs {
			if !slices.Equal(verbs(key), verbs(tr)) {
				t.Errorf("%s: %q uses %v, its key %q uses %v", locale, tr, verbs(tr), key, verbs(key))
			}
			if locale != "fr" {
				continue
			}
			for i, r := range tr {
				if !strings.ContainsRune(";?!:", r) || i == 0 {
					continue
				}
				if r == ':' && (strings.HasPrefix(tr[i:], "://") || strings.Contains(tr[max(0, i-14):i], "Authorization") ||
					i+1 < len(tr) && tr[i-1] >= '0' && tr[i-1] <= '9' && tr[i+1] >= '0' && tr[i+1] <= '9') { // 09:00
					continue
				}
				if prev := tr[:i]; !strings.HasSuffix(prev, "\u202f") {
					t.Errorf("fr: %q: no narrow no-break space before %q at %d", tr, r, i)
				}
			}
		}
	}
	for _, l := range Locales[1:] {
		if len(catalogue[l]) != len(catalogue["ja"]) {
			t.Errorf("%s has %d messages, ja %d: translate each message in every language", l, len(catalogue[l]), len(catalogue["ja"]))
		}
	}
}
