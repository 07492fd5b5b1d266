// Package accounts manages an org's users (invite, deactivate, activate, delete, honouring the
// licenses billing sells: SB-7) and the org itself (deleting it with all its data and files:
// SB-5). Signing up, signing in, sessions and API tokens are internal/identity's; roles,
// viewers and password hashing are internal/auth's.
package accounts

import (
	"context"
	"log/slog"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/change"
)

// Licenses is what user management needs of billing (billing.Service): the licence seats
// (issue 18), assigned and released in the caller's change, audited.
type Licenses interface {
	// AssignSeat gives u a FREE seat of its kind (LICENSE_LIMIT when none); a user holding
	// one keeps it.
	AssignSeat(ctx context.Context, tx *change.Tx, orgID int, u *ent.User) error
	// ReleaseSeat frees the seat u holds, if any.
	ReleaseSeat(ctx context.Context, tx *change.Tx, orgID int, u *ent.User) error
}

// Sessions forgets cached authentications (identity.Service): deleting an org is plain SQL,
// which the cache's ent hooks do not see.
type Sessions interface {
	FlushAuthCache()
}

// Service manages users and orgs.
type Service struct {
	Client   *ent.Client
	Billing  Licenses
	Sessions Sessions          // nil: nothing cached
	Blobs    *blobstore.Stores // nil: deleting an org leaves its files
	// FilePrefixes are the blob-store prefixes that hold only one org's files, one per domain
	// that stores files (each declares its own); deleting the org deletes everything under
	// them, besides every attachment's own key.
	FilePrefixes []func(orgID int) string
	Log          *slog.Logger
}

// viewerOrg returns the viewer's org.
func viewerOrg(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.OrgID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	return v, nil
}

// withTx runs fn as one change (internal/change), in the caller's transaction when ctx
// carries one.
func (s *Service) withTx(ctx context.Context, fn func(*change.Tx) error) error {
	return (&change.Runner{Client: s.Client}).Do(ctx, fn)
}
