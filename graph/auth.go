package graph

import (
	"context"

	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/httpx"
	"github.com/crmadmin/crmadmin/internal/identity"
)

// signedIn sets the session cookie and shapes the payload of signUp/signIn.
func (r *Resolver) signedIn(ctx context.Context, res *identity.Result) *model.AuthPayload {
	httpx.SetSession(ctx, res.SessionSecret, res.SessionExpiry)
	p := &model.AuthPayload{User: res.User, Organization: res.Organization}
	if res.APIToken != "" {
		p.APIToken = &res.APIToken
	}
	return p
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
