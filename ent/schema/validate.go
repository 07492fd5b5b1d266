package schema

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"
	"golang.org/x/text/currency"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/i18n"
	"github.com/crmadmin/crmadmin/internal/textcheck"
)

// Validators return VALIDATION errors without the field name ("must not be empty");
// graph/errors.go puts the field in front and words the message in the reader's language.

// maxRunes limits a string to max characters. Users count characters, not bytes: a Japanese
// name of 40 characters is 120 bytes and must be accepted by a 40-character field (SY-3).
func maxRunes(max int) func(string) error {
	return func(s string) error {
		if n := utf8.RuneCountInString(s); n > max {
			return apperr.Invalid("", "is %d characters long; the limit is %d", n, max)
		}
		return nil
	}
}

// line is an optional single line of text (a venue, a title) of at most max characters,
// without control or bidirectional override characters (issue 9 item 12).
func line(max int) func(string) error {
	limit := maxRunes(max)
	return func(s string) error {
		if err := limit(s); err != nil {
			return err
		}
		return textcheck.Line(s)
	}
}

// multiline is a text that may span lines (a description, a body) of at most max characters.
func multiline(max int) func(string) error {
	limit := maxRunes(max)
	return func(s string) error {
		if err := limit(s); err != nil {
			return err
		}
		return textcheck.Multiline(s)
	}
}

// requiredText is a line a person must fill in: not empty, not only spaces, at most max
// characters, printable.
func requiredText(max int) func(string) error {
	check := line(max)
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return apperr.Invalid("", "must not be empty")
		}
		return check(s)
	}
}

// maxRecipients bounds an address list of an email (to, cc).
const maxRecipients = 100

// validEmail is one address as net/mail reads it (a bare address, no display name), at most
// 254 characters (RFC 5321).
func validEmail(s string) error {
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" || len(s) > 254 || !emailRE.MatchString(s) {
		return apperr.Invalid("", "is not a valid email address")
	}
	return nil
}

// recipients is a list of at most maxRecipients valid addresses.
func recipients(list []string) error {
	if len(list) > maxRecipients {
		return apperr.Invalid("", "has %d addresses; the limit is %d", len(list), maxRecipients)
	}
	for _, s := range list {
		if validEmail(s) != nil {
			return apperr.Invalid("", "contains %q, which is not a valid email address", s)
		}
	}
	return nil
}

// validCurrency is an ISO 4217 code (what billing prices in is checked by billing's hook).
func validCurrency(s string) error {
	if u, err := currency.ParseISO(s); err != nil || u.String() != s {
		return apperr.Invalid("", "is not an ISO 4217 currency code (e.g. EUR, JPY); got %q", s)
	}
	return nil
}

// validLocale is one of the languages of the SPA and the emails.
func validLocale(s string) error {
	if !i18n.Supported(s) {
		return apperr.Invalid("", "must be one of %s; got %q", strings.Join(i18n.Locales, ", "), s)
	}
	return nil
}

func limitComment(max int) string { return fmt.Sprintf("at most %d characters", max) }

// orderName turns "first_name" into "FIRST_NAME" for GraphQL order fields.
func orderName(field string) string { return strings.ToUpper(field) }

// TextMixin trims the string fields people type: surrounding spaces go, so a value of spaces
// only is empty (and refused where required). A value spanning lines (a description, a body)
// is kept as it is. The hook runs before the validators.
type TextMixin struct{ mixin.Schema }

func (TextMixin) Hooks() []ent.Hook { return []ent.Hook{trimText} }

func trimText(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if m.Op().Is(ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne) {
			for _, f := range m.Fields() {
				v, _ := m.Field(f)
				if s, ok := v.(string); ok && !strings.ContainsAny(s, "\n\r") && textcheck.Trim(s) != s {
					if err := m.SetField(f, textcheck.Trim(s)); err != nil {
						return nil, err
					}
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// eventTimes refuses an event that ends before it starts (issue 9 item 12), on create and on
// an update of either time (the other is read from the row).
func eventTimes(next ent.Mutator) ent.Mutator {
	type times interface {
		StartAt() (time.Time, bool)
		EndAt() (time.Time, bool)
		OldStartAt(context.Context) (time.Time, error)
		OldEndAt(context.Context) (time.Time, error)
	}
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		em, ok := m.(times)
		if !ok || !m.Op().Is(ent.OpCreate|ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		start, hasStart := em.StartAt()
		end, hasEnd := em.EndAt()
		if !hasStart && !hasEnd {
			return next.Mutate(ctx, m)
		}
		var err error
		if !hasStart && m.Op().Is(ent.OpUpdateOne) {
			start, err = em.OldStartAt(ctx)
		} else if !hasEnd && m.Op().Is(ent.OpUpdateOne) {
			end, err = em.OldEndAt(ctx)
		}
		if err != nil {
			return nil, err
		}
		if !start.IsZero() && !end.IsZero() && end.Before(start) {
			return nil, apperr.Invalid("endAt", "%s must be after startAt (%s); an event cannot end before it starts",
				"endAt", start.UTC().Format(time.RFC3339))
		}
		return next.Mutate(ctx, m)
	})
}
