package abuse_test

import (
	"strings"
	"testing"
)

// Licence seats (issue 18 item 4): the new inputs of licenses(first, after, kind, state) are
// bounded before any work — page size, cursor, enum values — and the list is for admins only.
func TestAbuseLicenses_Issue18(t *testing.T) {
	e := setup(t)
	for _, c := range []Case{
		{Name: "a page of 501 seats", As: "admin", Code: "QUERY_TOO_COMPLEX", Contains: "500",
			Body: gql(`{ licenses(first: 501) { totalCount } }`, nil)},
		{Name: "a negative page", As: "admin", Code: "VALIDATION",
			Body: gql(`{ licenses(first: -1) { totalCount } }`, nil)},
		{Name: "a forged cursor", As: "admin", Code: "VALIDATION",
			Body: gql(`query($c: Cursor) { licenses(first: 1, after: $c) { totalCount } }`, map[string]any{"c": "!!not-a-cursor!!"})},
		{Name: "a 1 MB cursor", As: "admin", Code: "VALIDATION", Contains: "the limit is 4096 bytes",
			Body: gql(`query($c: Cursor) { licenses(first: 1, after: $c) { totalCount } }`, map[string]any{"c": strings.Repeat("A", 500<<10)})},
		{Name: "an unknown kind", As: "admin", Code: "VALIDATION",
			Body: gql(`{ licenses(kind: GOLD) { totalCount } }`, nil)},
		{Name: "an unknown state", As: "admin", Code: "VALIDATION",
			Body: gql(`query($s: LicenseState) { licenses(state: $s) { totalCount } }`, map[string]any{"s": "BORROWED"})},
		{Name: "a standard user lists seats", As: "standard", Code: "FORBIDDEN",
			Body: gql(`{ licenses { totalCount } }`, nil)},
		{Name: "anonymous lists seats", Code: "UNAUTHENTICATED",
			Body: gql(`{ licenses { totalCount } }`, nil)},
		{Name: "seat history nested under a full page", As: "admin", Code: "QUERY_TOO_COMPLEX", Contains: "the limit is 50000",
			Body: gql(`{ licenses(first: 500) { edges { node { id history { at action userID name email } h2: history { at action userID name email } } } } }`, nil)},
	} {
		t.Run(c.Name, func(t *testing.T) { e.check(t, c) })
	}
}
