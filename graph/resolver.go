// Package graph is the GraphQL layer: schema files, thin resolvers that call ent or a
// service, the auth directives and the one table that maps errors to extensions.code.
package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/accounts"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/dropbox"
	"github.com/crmadmin/crmadmin/internal/emails"
	"github.com/crmadmin/crmadmin/internal/identity"
	"github.com/crmadmin/crmadmin/internal/notify"
)

// Resolver holds what resolvers call. Resolvers stay thin: rules live in services.
type Resolver struct {
	Client       *ent.Client
	Identity     *identity.Service
	Notify       *notify.Service
	Billing      *billing.Service
	Accounts     *accounts.Service
	Backup       *backup.Service
	Sync         *datasync.Service
	Dropbox      *dropbox.Service
	EmailService *emails.Service // emails to records (EM); "Emails" is the emails query of queryResolver
	Clock        clock.Clock
	Log          *slog.Logger
	BaseURL      string // public URL, for download links
}

// NewSchema returns the executable schema with the auth directives installed.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{
		Resolvers:  r,
		Directives: DirectiveRoot{Auth: authDirective, HasRole: hasRoleDirective},
	})
}

// client is the transaction's client inside a mutation (entgql.Transactioner), else r.Client.
func (r *Resolver) client(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.Client
}
