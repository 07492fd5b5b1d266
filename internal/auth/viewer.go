// Package auth holds who is calling (the viewer), roles, password hashing and
// token generation. It imports no database code so every rule here is testable alone.
//
// auth vs identity: auth is the vocabulary (a Viewer, a Role, how a password is hashed), with
// no database; internal/identity is the service that signs up, signs in and out and turns a
// session cookie or API token into an auth.Viewer; internal/accounts manages users and orgs.
package auth

import "context"

// Role is a user's role inside one org (PL-2).
type Role string

const (
	RoleSuperAdmin Role = "SUPER_ADMIN"
	RoleAdmin      Role = "ADMIN"
	RoleStandard   Role = "STANDARD"
)

// rank orders roles so that "at least ADMIN" is a comparison.
func (r Role) rank() int {
	switch r {
	case RoleSuperAdmin:
		return 3
	case RoleAdmin:
		return 2
	case RoleStandard:
		return 1
	}
	return 0
}

// AtLeast reports whether r grants everything min grants.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// IsAdmin reports whether r is ADMIN or SUPER_ADMIN (BK-1, SB admin-only rules).
func (r Role) IsAdmin() bool { return r.AtLeast(RoleAdmin) }

// Viewer is the identity a request or job acts as. OrgID scopes every query (PL-1).
type Viewer struct {
	UserID int
	OrgID  int
	Role   Role
	Name   string
	// Locale is the user's saved language (en, ja, fr): messages are worded in it.
	Locale string
	// TokenID is set when the request authenticated with a personal API token.
	TokenID int
	// SessionID is set when the request authenticated with a session cookie.
	SessionID int
	// System marks a job acting on behalf of an org (no user); it has admin rights in OrgID only.
	System bool
	// OrgLocked is set when the org was LOCKED for an unpaid subscription at authentication
	// (SB-12): the API then refuses everything but the super admin's unlock paths.
	OrgLocked bool
}

// IsAdmin reports whether the viewer may use admin-only operations.
func (v *Viewer) IsAdmin() bool { return v != nil && (v.System || v.Role.IsAdmin()) }

type viewerKey struct{}

// WithViewer returns ctx carrying v.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer in ctx, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// SystemContext returns ctx acting as the system inside one org, for jobs.
func SystemContext(ctx context.Context, orgID int) context.Context {
	return WithViewer(ctx, &Viewer{OrgID: orgID, Role: RoleSuperAdmin, System: true, Name: "System"})
}

type authErrKey struct{}

// WithError records why credentials presented for ctx were refused. A websocket whose
// connection_init token is bad stays open and anonymous, and every operation on it answers
// with this error: closing the socket instead makes graphql-ws clients reconnect in a loop.
func WithError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, authErrKey{}, err)
}

// ErrorFrom returns the error recorded by WithError, or nil.
func ErrorFrom(ctx context.Context) error {
	err, _ := ctx.Value(authErrKey{}).(error)
	return err
}
