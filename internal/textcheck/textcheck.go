// Package textcheck is the one text-hygiene rule for what people type (issue 9 item 12): no
// control characters (C0, DEL, C1) — tab and line breaks only where text may span lines — and
// no bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069) in a line of
// text, where they can make "exe.txt" display as "txt.exe". Surrounding spaces are trimmed
// before the check (a hook does it for stored fields), so spaces only count as empty.
//
// The errors are *apperr.Error VALIDATION messages without the field name ("contains …");
// graph/errors.go puts the field in front.
package textcheck

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Line checks a single-line text: a name, a subject, a title.
func Line(s string) error { return check(s, false) }

// Multiline checks a text that may span lines (a description, a note, a body): tab, CR and LF
// are allowed, other controls are not; bidirectional isolates are allowed (right-to-left
// paragraphs use them).
func Multiline(s string) error { return check(s, true) }

func check(s string, multiline bool) error {
	for _, r := range s {
		switch {
		case multiline && (r == '\t' || r == '\n' || r == '\r'):
		case r == '\n' || r == '\r':
			return apperr.Invalid("", "must be a single line (it contains a line break)")
		case unicode.IsControl(r):
			return apperr.Invalid("", "contains a control character (%s); only printable text is allowed", code(r))
		case !multiline && isBidiControl(r):
			return apperr.Invalid("", "contains a bidirectional control character (%s), which can disguise text; remove it", code(r))
		}
	}
	return nil
}

// isBidiControl reports the embedding, override and isolate characters.
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

func code(r rune) string { return fmt.Sprintf("U+%04X", r) }

// Trim is the normal form of a typed line: surrounding spaces (any Unicode space but the tab,
// which Line refuses and Multiline keeps) removed. A value of spaces only becomes empty (and
// is refused where a value is required).
func Trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != '\t' })
}
