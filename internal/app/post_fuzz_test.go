package app

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/gqlimit"
)

// FuzzDecodeParams (issue 9 item 1): the POST transport's decoding of a request body with the
// bounds of gqlimit.Default never panics; what it accepts holds no variable that the check of
// decoded values (the one the websocket transports get) would refuse, and it refuses what
// encoding/json refuses. The seeds run in go test.
func FuzzDecodeParams(f *testing.F) {
	for _, s := range []string{
		`{"query":"{ me { id } }"}`,
		`{"query":"query($w: ContactWhereInput) { contacts(where: $w) { totalCount } }","variables":{"w":{"or":[{"lastName":"a"}]}},"operationName":null}`,
		`{"query":"q","variables":{"w":` + strings.Repeat(`{"not":`, 17) + `{}` + strings.Repeat(`}`, 17) + `}}`,
		`{"query":"q","variables":{"ids":[` + strings.Repeat(`1,`, 100) + `1]}}`,
		`{"query":"q","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}`,
		`{"query":"q","variables":null}`,
		`{"query":"q","variables":"x"}`,
		`{"query":"q","variables":{"a":1}} trailing`,
		`[1, 2]`,
		`{{{{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodeParams(body, gqlimit.Default)
		var ae *apperr.Error
		if errors.As(err, &ae) {
			if ae.Code != apperr.Validation || ae.Field == "" {
				t.Fatalf("a refused value must be VALIDATION naming it: %+v", ae)
			}
			return
		}
		if err != nil {
			return
		}
		if json.Unmarshal(body, new(any)) != nil {
			t.Fatalf("accepted a body encoding/json refuses: %q", body)
		}
		if err := gqlimit.Default.CheckVariables(gqlimit.Default.VariableTypes(p.Query), p.Variables); err != nil {
			t.Fatalf("accepted variables the decoded check refuses: %v", err)
		}
	})
}
