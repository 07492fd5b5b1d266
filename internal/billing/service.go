package billing

// service.go is the billing engine's service: the pure rules of rules.go and rules_*.go applied
// to the database (ent), the gateway, the audit log and notifications. One file per use case:
// subscription.go (loading and saving the subscription row), reading.go, subscribe.go (quotes,
// changes, switching to FREE), trial.go, renew.go, paymentmethod.go (the card on file, SB-10)
// and pay.go (payments); this file holds the Service.
//
// Transactions. Operations that pay (changeSubscription, renewNow, buyBackupUnits…) never run
// inside the GraphQL request's transaction: they call the gateway between two short
// transactions of their own — reserve a PENDING payment under the idempotency key, charge,
// then apply the change and mark the payment SUCCEEDED (or record it FAILED and change
// nothing) — so a failed payment is kept in the history while the change is not, and no
// database lock is held while the gateway answers. Their mutations are declared @selfTransacted
// in graph/*.graphqls for entgql.Transactioner; they refuse to run inside a transaction (requireOwnTx). Everything
// else (the record-limit hook, the license check of internal/accounts) joins the caller's transaction.

import (
	"crypto/rand"
	"log/slog"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
)

// Notifier keeps notifications in a change's transaction and publishes them after its commit
// (notify.Service).
type Notifier = change.Notifier

// Service is the billing service. Build it with NewService.
type Service struct {
	Client    *ent.Client
	Catalogue *Catalogue
	Dunning   Dunning
	Gateway   Gateway
	Notify    Notifier // nil: no notifications
	Clock     clock.Clock
	Log       *slog.Logger
	// QuoteKey signs quote tokens (QuoteToken, issue 17 item 3). NewService makes a random
	// one; the app derives it from CRM_SECRET so that every API node accepts the others'.
	QuoteKey []byte
}

// NewService returns a service with the shipped dunning schedule. cat nil means the
// catalogue shipped with the binary; gw nil means the sandbox gateway.
func NewService(client *ent.Client, cat *Catalogue, gw Gateway, n Notifier, clk clock.Clock, log *slog.Logger) *Service {
	if cat == nil {
		cat = DefaultCatalogue()
	}
	if gw == nil {
		gw = NewSandbox()
	}
	if clk == nil {
		clk = clock.Real{}
	}
	if log == nil {
		log = slog.Default()
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Service{Client: client, Catalogue: cat, Dunning: DefaultDunning(), Gateway: gw, Notify: n, Clock: clk, Log: log,
		QuoteKey: key}
}

// now is the service's time in UTC, in whole seconds (proration counts whole seconds).
func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Second) }
