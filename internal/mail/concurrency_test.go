package mail_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/crmadmin/crmadmin/ent/mailmessage"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/mail"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Issue 15 item 2, state transitions and counters: one PENDING message delivered by 12 jobs at
// once (a retried task beside its first run) moves PENDING → OUTBOX once and counts one
// attempt, on SQLite and PostgreSQL (compare-and-swap on the status).
func TestIssue15Item2_MessageDeliveredOnce(t *testing.T) {
	pgtest.EachDatabase(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		all := store.AllOrgs(ctx)
		org := db.Client.Organization.Create().SetName("Mail Co").SetRegion("EU").SetTimeZone("UTC").SetCurrency("EUR").SaveX(all)
		sys := auth.SystemContext(ctx, org.ID)
		m := db.Client.MailMessage.Create().SetOrgID(org.ID).SetTo("a@mail.test").SetSubject("s").SetBody("b").SetKind("test").SaveX(sys)
		svc := &mail.Service{Client: db.Client, Clock: clock.Real{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		const racers = 12
		var wg sync.WaitGroup
		errs := make([]error, racers)
		for i := range racers {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = svc.Deliver(ctx, org.ID, m.ID, false) }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Errorf("deliver: %v", err)
			}
		}
		got := db.Client.MailMessage.GetX(sys, m.ID)
		if got.Status != mailmessage.StatusOUTBOX || got.Attempts != 1 {
			t.Fatalf("status %s, attempts %d; want OUTBOX, 1", got.Status, got.Attempts)
		}
	})
}
