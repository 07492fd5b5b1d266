package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/crmadmin/crmadmin/internal/gqlimit"
)

// FuzzContactWhereInput (issue 9 item 1): a where filter passed as a variable goes through the
// bound check as raw JSON and as the decoded value, then, when accepted,
// through gqlgen's unmarshaling of ContactWhereInput and ent's predicate building, which are
// recursive: nothing accepted may panic or recurse without bound. The seeds run in go test.
func FuzzContactWhereInput(f *testing.F) {
	for _, s := range []string{
		`{"lastName": "Sato"}`,
		`{"or": [{"lastNameContains": "a"}, {"firstNameHasPrefix": "b"}], "idIn": ["1", "2"]}`,
		`{"not": {"hasAccountWith": [{"nameContainsFold": "acme", "hasContactsWith": [{"emailNotNil": true}]}]}}`,
		`{"createdAtGT": "2026-01-01T00:00:00Z", "dateOfBirthLT": "2000-01-01T00:00:00Z"}`,
		strings.Repeat(`{"not": `, 16) + `{}` + strings.Repeat(`}`, 16),
		strings.Repeat(`{"not": `, 17) + `{}` + strings.Repeat(`}`, 17),
		`{"idIn": [` + strings.Repeat(`"1",`, 100) + `"2"]}`,
		`{"lastName": 12, "idIn": "x", "or": {"a": 1}}`,
		`[[[[[]]]]]`,
		`{"hasAccountWith": [{"hasContactsWith": [{"hasAccountWith": [{"hasContactsWith": [{"not": {"or": [{}]}}]}]}]}]}`,
	} {
		f.Add([]byte(s))
	}
	ec := newExecutionContext(&graphql.OperationContext{}, &executableSchema{}, nil)
	f.Fuzz(func(t *testing.T, raw []byte) {
		rawErr := gqlimit.Default.CheckJSON("w", raw)
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			return
		}
		// The raw check may be stricter (a repeated key counts twice), never looser.
		if valErr := gqlimit.Default.CheckValue("w", v); valErr != nil && rawErr == nil {
			t.Fatalf("the raw check accepts what the decoded check refuses: %v", valErr)
		}
		m, ok := v.(map[string]any)
		if rawErr != nil || !ok {
			return
		}
		w, err := ec.unmarshalInputContactWhereInput(context.Background(), m)
		if err != nil {
			return
		}
		_, _ = w.P()
	})
}
