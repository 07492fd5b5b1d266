package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// authDirective (@auth) refuses anonymous callers.
func authDirective(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	if auth.FromContext(ctx) == nil {
		return nil, signInError(ctx)
	}
	return next(ctx)
}

// hasRoleDirective (@hasRole(role: ADMIN)) refuses callers below role (PL-2, BK-1).
func hasRoleDirective(ctx context.Context, _ any, next graphql.Resolver, role user.Role) (any, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, signInError(ctx)
	}
	if !v.System && !v.Role.AtLeast(auth.Role(role)) {
		return nil, apperr.New(apperr.Forbidden, "this needs the %s role or higher; you are %s", role, v.Role)
	}
	return next(ctx)
}

var errSignIn = apperr.New(apperr.Unauthenticated, "sign in first (session cookie or 'Authorization: Bearer <API token>')")

// signInError is the reason credentials were refused (a bad websocket token), or errSignIn.
func signInError(ctx context.Context) error {
	if err := auth.ErrorFrom(ctx); err != nil {
		return err
	}
	return errSignIn
}
