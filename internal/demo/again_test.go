package demo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/demo"
	"github.com/crmadmin/crmadmin/internal/store"
)

// issue 17 item 9: a second `crmadmin demo` finds the demo it loaded (no "choose another admin
// email" dead end) and can set a new password for its admin; an email that belongs to someone
// else is still refused.
func TestFindLoadedAndResetPassword(t *testing.T) {
	ctx := context.Background()
	client := openDB(t)
	if found, err := demo.FindLoaded(ctx, client, ""); err != nil || found != nil {
		t.Fatalf("empty database: found %+v, err %v; want nothing", found, err)
	}
	res, err := demo.Load(ctx, client, demo.Options{Contacts: 20, Blobs: newMemBlobs(), Now: testNow, Password: "first password here"})
	if err != nil {
		t.Fatal(err)
	}
	found, err := demo.FindLoaded(ctx, client, "  ADMIN@demo.crmadmin.test ")
	if err != nil || found == nil || found.OrgID != res.OrgID || found.Email != demo.DefaultEmail || found.Password != "" {
		t.Fatalf("FindLoaded = %+v, %v; want org %d for %s, no password", found, err, res.OrgID, demo.DefaultEmail)
	}

	hashOf := func() string {
		t.Helper()
		u, err := client.User.Query().Where(user.EmailEQ(demo.DefaultEmail)).Only(store.AllOrgs(ctx))
		if err != nil {
			t.Fatal(err)
		}
		return u.PasswordHash
	}
	pw, err := demo.ResetPassword(ctx, client, "", "chosen password 42")
	if err != nil || pw != "chosen password 42" || auth.CheckPassword(context.Background(), hashOf(), pw) != nil {
		t.Fatalf("ResetPassword(chosen) = %q, %v; or the hash does not match", pw, err)
	}
	pw, err = demo.ResetPassword(ctx, client, "", "")
	if err != nil || len(pw) != 16 || auth.CheckPassword(context.Background(), hashOf(), pw) != nil {
		t.Fatalf("ResetPassword(random) = %q, %v; or the hash does not match", pw, err)
	}
	if _, err := demo.ResetPassword(ctx, client, "", "short"); err == nil {
		t.Error("a password under the minimum length was accepted")
	}
	if _, err := demo.ResetPassword(ctx, client, "nobody@demo.crmadmin.test", ""); err == nil {
		t.Error("reset for an email without a demo org did not fail")
	}

	// The same email in an org that is not the demo: refused, and its password is left alone.
	if err := client.Organization.UpdateOneID(res.OrgID).SetName("Acme").Exec(auth.SystemContext(ctx, res.OrgID)); err != nil {
		t.Fatal(err)
	}
	before := hashOf()
	if _, err := demo.FindLoaded(ctx, client, ""); !errors.Is(err, demo.ErrEmailTaken) {
		t.Errorf("FindLoaded on a non-demo user: %v, want ErrEmailTaken", err)
	}
	if _, err := demo.ResetPassword(ctx, client, "", ""); !errors.Is(err, demo.ErrEmailTaken) || hashOf() != before {
		t.Errorf("ResetPassword on a non-demo user: %v (hash changed: %v), want ErrEmailTaken and no change", err, hashOf() != before)
	}
}
