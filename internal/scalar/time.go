// Package scalar holds the GraphQL scalars crmadmin defines itself (gqlgen.yml binds them).
package scalar

import (
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Years a Time may name (issue 9 item 12): wide enough for any date a CRM keeps, narrow
// enough that every computation on it (time zones, periods, schedules) stays formattable —
// year 9999 plus a day is not RFC 3339 any more.
const (
	MinYear = 1900
	MaxYear = 2199
)

// MarshalTime writes t as RFC 3339 (UTC as stored), null for the zero time.
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// UnmarshalTime reads an RFC 3339 time (with a zone offset, fractions allowed) between
// MinYear and MaxYear; anything else is VALIDATION naming the format or the range. The field
// name is put in front by the error presenter, from the argument's path.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, apperr.Invalid("", "is not a time like 2026-11-02T09:00:00Z (RFC 3339); got %q", clip(fmt.Sprint(v)))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, apperr.Invalid("", "is not a time like 2026-11-02T09:00:00Z (RFC 3339); got %q", clip(s))
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return time.Time{}, apperr.Invalid("", "must be between the years %d and %d; got %s", MinYear, MaxYear, clip(s))
	}
	return t, nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
