package emails

// The emails service: the rules applied to the database. Every change goes through
// internal/change (transaction + audit); every read and write through the viewer's privacy
// rules, so another org's records are never matched, linked or found.

import (
	"context"
	"log/slog"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/attachments"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/mail"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Visibility decides which records a user may add an email to. The CRM has no sharing rules
// yet: OrgWide (every user of the org sees every record of it, as the GraphQL API does) is the
// default; a sharing model plugs in here, as in the sync engine (datasync.Permissions).
type Visibility interface {
	Visible(ctx context.Context, v *auth.Viewer, module emailkind.Module, recordID int, ownerID *int) bool
}

// OrgWide lets every user of the org see every record of it.
type OrgWide struct{}

func (OrgWide) Visible(context.Context, *auth.Viewer, emailkind.Module, int, *int) bool { return true }

// Service adds emails to records.
type Service struct {
	Client      *ent.Client
	Notify      *notify.Service      // nil: no notifications (the domain sends none today)
	Attachments *attachments.Service // stores attachments (store then row)
	Mail        mail.Enqueuer        // sendAndAddEmail's mail:send jobs
	Clock       clock.Clock
	Log         *slog.Logger
	Perms       Visibility // nil: OrgWide
}

func (s *Service) perms() Visibility {
	if s.Perms == nil {
		return OrgWide{}
	}
	return s.Perms
}

func (s *Service) now() clock.Clock {
	if s.Clock == nil {
		return clock.Real{}
	}
	return s.Clock
}

// withTx runs fn as one change in its own transaction: the adds store attachments before
// they commit, so they never join the request's transaction (@selfTransacted).
func (s *Service) withTx(ctx context.Context, fn func(*change.Tx) error) error {
	if !change.InOwnTx(ctx) {
		return apperr.New(apperr.Internal, "emails: this operation must run outside a database transaction (declare its mutation @selfTransacted in graph/*.graphqls)")
	}
	r := &change.Runner{Client: s.Client}
	if s.Notify != nil {
		r.Notify = s.Notify
	}
	return r.Do(ctx, fn)
}

// db is the request's transaction client when there is one.
func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.Client
}

// viewer is the signed-in user: emails are added by a user (their settings, their name in the
// audit log), never by an org-wide system context.
func viewer(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to add emails")
	}
	return v, nil
}

// viewerOf is the viewer of ctx (checked by viewer before).
func viewerOf(ctx context.Context) *auth.Viewer { return auth.FromContext(ctx) }
