package graph

import (
	"context"
	"fmt"
	"testing"

	"github.com/mattn/go-sqlite3"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Issue 9 item 3: SQLite busy past its timeout ("database is locked", "database table is
// locked"), wrapped or not, is a coded, retryable UNAVAILABLE, never INTERNAL or uncoded.
func TestBusyDatabaseIsUnavailable(t *testing.T) {
	for _, err := range []error{
		sqlite3.Error{Code: sqlite3.ErrBusy},
		fmt.Errorf("ent: starting a transaction: %w", sqlite3.Error{Code: sqlite3.ErrLocked}),
	} {
		ae := classify(context.Background(), err, &gqlerror.Error{Message: err.Error()})
		if ae.Code != apperr.Unavailable || ae.Details["retryAfterSeconds"] != 1 || ae.Message == "" {
			t.Errorf("%v: got %s %q %v", err, ae.Code, ae.Message, ae.Details)
		}
	}
}
