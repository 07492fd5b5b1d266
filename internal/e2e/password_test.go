package e2e

import (
	"net/http"
	"net/http/cookiejar"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
)

// issue 17 item 1 (PL-2): an invited user must change the temporary password the inviter
// knows: mustChangePassword is set by inviteUser and cleared by changePassword; the owner who
// signed up chose their own and never has it.
func TestInvitedUserMustChangePassword(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	org := srv.SignUp(t, "Pw Co", "owner@pw.test")
	var me struct {
		Me struct{ MustChangePassword bool }
	}
	org.Admin.MustDo(t, `{ me { mustChangePassword } }`, nil, &me)
	if me.Me.MustChangePassword {
		t.Fatal("the owner who chose their password at sign-up must not have to change it")
	}
	var inv struct {
		InviteUser struct{ TemporaryPassword string }
	}
	org.Admin.MustDo(t, `mutation { inviteUser(input: {email: "new@pw.test", name: "New"}) { temporaryPassword } }`, nil, &inv)

	c := &apptest.Client{URL: srv.URL}
	var in struct{ SignIn struct{ APIToken string } }
	c.MustDo(t, `mutation($i: SignInInput!) { signIn(input: $i) { apiToken user { mustChangePassword } } }`,
		map[string]any{"i": map[string]any{"email": "new@pw.test", "password": inv.InviteUser.TemporaryPassword, "apiTokenName": "t"}}, &in)
	c.Token = in.SignIn.APIToken
	c.MustDo(t, `{ me { mustChangePassword } }`, nil, &me)
	if !me.Me.MustChangePassword {
		t.Fatal("an invited user signed in with the temporary password: mustChangePassword = false")
	}
	r := c.Do(t, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
		map[string]any{"i": map[string]any{"currentPassword": "wrong one entirely", "newPassword": "my own new password"}})
	assertCode(t, r, apperr.Validation)
	c.MustDo(t, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
		map[string]any{"i": map[string]any{"currentPassword": inv.InviteUser.TemporaryPassword, "newPassword": "my own new password"}}, nil)
	c.MustDo(t, `{ me { mustChangePassword } }`, nil, &me)
	if me.Me.MustChangePassword {
		t.Fatal("changePassword did not clear mustChangePassword")
	}
}

// issue 17 item 1: signOutEverywhere ends every session of the viewer (this browser's too);
// another user's session is untouched.
func TestSignOutEverywhere(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	srv.SignUp(t, "Everywhere Co", "ann@everywhere.test")
	srv.SignUp(t, "Other Co", "bob@other.test")
	browser := func(email string) *apptest.Client {
		jar, _ := cookiejar.New(nil)
		c := &apptest.Client{URL: srv.URL, HTTP: &http.Client{Jar: jar}, Header: http.Header{"Origin": {srv.URL}}}
		c.MustDo(t, `mutation($i: SignInInput!) { signIn(input: $i) { user { id } } }`,
			map[string]any{"i": map[string]any{"email": email, "password": apptest.Password}}, nil)
		return c
	}
	laptop, phone, other := browser("ann@everywhere.test"), browser("ann@everywhere.test"), browser("bob@other.test")
	laptop.MustDo(t, `mutation { signOutEverywhere }`, nil, nil)
	const tokens = `{ apiTokens(first: 1) { totalCount } }` // needs a signed-in viewer
	for _, c := range []*apptest.Client{laptop, phone} {
		assertCode(t, c.Do(t, tokens, nil), apperr.Unauthenticated)
	}
	other.MustDo(t, tokens, nil, nil)
}
