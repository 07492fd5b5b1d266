package schema

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxRunes limits a string to max characters. Users count characters, not bytes: a Japanese
// name of 40 characters is 120 bytes and must be accepted by a 40-character field (SY-3).
func maxRunes(max int) func(string) error {
	return func(s string) error {
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Errorf("is %d characters long; the limit is %d", n, max)
		}
		return nil
	}
}

// requiredText is a text a person must fill in: not empty, not only spaces, at most max
// characters.
func requiredText(max int) func(string) error {
	limit := maxRunes(max)
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("must not be empty")
		}
		return limit(s)
	}
}

func limitComment(max int) string { return fmt.Sprintf("at most %d characters", max) }

// orderName turns "first_name" into "FIRST_NAME" for GraphQL order fields.
func orderName(field string) string { return strings.ToUpper(field) }
