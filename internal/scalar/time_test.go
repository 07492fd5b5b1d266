package scalar

import (
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Issue 9 item 12: a Time is RFC 3339 between the years 1900 and 2199; anything else is
// VALIDATION (it was INTERNAL, or year 9999 was stored).
func TestUnmarshalTime(t *testing.T) {
	ok := map[string]time.Time{
		"2026-11-02T09:00:00Z":           time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		"2026-11-02T18:00:00+09:00":      time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		"2026-11-02T09:00:00.123456789Z": time.Date(2026, 11, 2, 9, 0, 0, 123456789, time.UTC),
		"1900-01-01T00:00:00Z":           time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		"2199-12-31T23:59:59Z":           time.Date(2199, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	for in, want := range ok {
		got, err := UnmarshalTime(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	bad := map[any]string{
		"yesterday":                  "is not a time like",
		"":                           "is not a time like",
		"2026-02-30T00:00:00Z":       "is not a time like",
		"2026-11-02":                 "is not a time like",
		"2026-11-02 09:00:00":        "is not a time like",
		"10000-01-01T00:00:00Z":      "is not a time like",
		"9999-12-31T23:00:00Z":       "must be between the years 1900 and 2199",
		"0000-01-01T00:00:00Z":       "must be between the years 1900 and 2199",
		"1899-12-31T23:59:59Z":       "must be between the years 1900 and 2199",
		"2200-01-01T00:00:00Z":       "must be between the years 1900 and 2199",
		1767225600:                   "is not a time like",
		nil:                          "is not a time like",
		strings.Repeat("9", 100_000): "…", // echoed clipped
	}
	for in, want := range bad {
		_, err := UnmarshalTime(in)
		if !apperr.Is(err, apperr.Validation) || !strings.Contains(err.Error(), want) || len(err.Error()) > 200 {
			t.Errorf("%.20v: %v, want VALIDATION saying %q", in, err, want)
		}
	}
}
