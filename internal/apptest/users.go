package apptest

import (
	"context"
	"strconv"
	"testing"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
)

// AddUser creates a user of role in the org (directly in the database: the invitation flow
// belongs to user management) and returns a client signed in with an API token.
func (s *Server) AddUser(t testing.TB, orgID, email string, role user.Role) *Client {
	t.Helper()
	id, err := strconv.Atoi(orgID)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(context.Background(), Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Client.User.Create().SetOrgID(id).SetEmail(email).SetName(email).
		SetRole(role).SetPasswordHash(hash).Save(store.AllOrgs(context.Background())); err != nil {
		t.Fatal(err)
	}
	return s.SignIn(t, email)
}

// SignIn signs in with email and Password and returns a client using a fresh API token.
func (s *Server) SignIn(t testing.TB, email string) *Client {
	t.Helper()
	c := &Client{URL: s.URL}
	var out struct{ SignIn struct{ APIToken string } }
	c.MustDo(t, `mutation($i: SignInInput!) { signIn(input: $i) { apiToken } }`,
		map[string]any{"i": map[string]any{"email": email, "password": Password, "apiTokenName": "test"}}, &out)
	c.Token = out.SignIn.APIToken
	return c
}
