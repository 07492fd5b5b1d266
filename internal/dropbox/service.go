package dropbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// Adder adds a parsed message to the CRM as the dropbox's owner (EM-1, EM-3), idempotent by
// Message-ID, and returns the email's ID: the emails domain (internal/emails) implements it.
type Adder interface {
	AddFromDropbox(ctx context.Context, orgID, userID int, m mailmsg.Message) (int, error)
}

// Enqueuer queues the email:ingest job of an accepted message (the worker implements it).
type Enqueuer interface {
	EnqueueEmailIngest(ctx context.Context, orgID, inboundID int, messageID string) error
}

// ErrNoAdder is returned by the job while no Adder is wired: the message stays QUEUED.
var ErrNoAdder = errors.New("dropbox: no emails service to add messages to")

// Service owns dropbox addresses, accepted messages and their ingestion.
type Service struct {
	Client *ent.Client
	Blobs  *blobstore.Stores
	Queue  Enqueuer
	Clock  clock.Clock
	Log    *slog.Logger
	// Domain is CRM_SMTP_DROPBOX_DOMAIN; empty: nobody has an address and the listener
	// refuses every recipient.
	Domain string
	// SealKey (32 bytes, derived from CRM_SECRET) seals tokens so that their owner can see
	// the address again.
	SealKey []byte

	mu    sync.RWMutex
	adder Adder
}

// SetAdder wires the emails domain (app.New; tests wire a recorder).
func (s *Service) SetAdder(a Adder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.adder = a
}

func (s *Service) getAdder() Adder {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.adder
}

func (s *Service) change() *change.Runner { return &change.Runner{Client: s.Client} }
