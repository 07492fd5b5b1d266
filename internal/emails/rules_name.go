package emails

import (
	"strings"
	"unicode"
)

// SplitName is EM-5's name of a record created for an address: the display name split into
// first and last name as people write them.
//
//   - Western "Ann Lee" → first Ann, last Lee ("Ann Marie Lee" → first "Ann Marie", last Lee);
//     "Lee, Ann" → first Ann, last Lee; a single word is the last name.
//   - Japanese (and other CJK) names put the family name first: "山田 太郎" (any space, the
//     ideographic U+3000 included) → last 山田, first 太郎; "山田太郎" cannot be split safely and is
//     the last name whole.
//   - No name (or the address itself as the name) → the address's local part as the last name.
//
// Quotes around the name are removed; nothing is cut (the caller checks the SY-3 limits).
func SplitName(display, address string) (first, last string) {
	name := strings.TrimSpace(display)
	name = strings.TrimSpace(strings.Trim(name, `"'`))
	if name == "" || FoldAddress(name) == FoldAddress(address) {
		local, _, _ := strings.Cut(strings.TrimSpace(address), "@")
		return "", local
	}
	if l, f, ok := strings.Cut(name, ","); ok && strings.TrimSpace(l) != "" && strings.TrimSpace(f) != "" {
		return strings.Join(strings.Fields(f), " "), strings.Join(strings.Fields(l), " ")
	}
	words := strings.FieldsFunc(name, unicode.IsSpace) // U+3000 is a space too
	if len(words) == 1 {
		return "", words[0]
	}
	if isCJK(name) {
		return strings.Join(words[1:], " "), words[0]
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}

// isCJK reports whether s holds Han, Hiragana, Katakana or Hangul letters: a name written
// family name first.
func isCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// FullName is a record's name as a person reads it: "Ann Lee", or "山田 太郎" family name first
// for CJK names.
func FullName(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	switch {
	case first == "":
		return last
	case last == "":
		return first
	case isCJK(first + last):
		return last + " " + first
	}
	return first + " " + last
}
