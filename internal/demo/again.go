package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
)

// A second `crmadmin demo` (issue 17 item 9) finds the demo org it loaded before and says how to
// sign in, instead of failing; it sets a new password for its admin when asked.

// Email normalises an admin email as Load does (trimmed, lower case; DefaultEmail when empty).
func Email(addr string) string {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if addr == "" {
		return DefaultEmail
	}
	return addr
}

// FindLoaded returns the demo org whose super admin signs in with email (see Email), or nil
// when no user has that email. A user with that email who is not the super admin of a demo org
// is ErrEmailTaken: the caller must choose another email.
func FindLoaded(ctx context.Context, client *ent.Client, email string) (*Result, error) {
	email = Email(email)
	u, err := client.User.Query().Where(store.FoldEqual(user.FieldEmail, email)).WithOrganization().Only(store.AllOrgs(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("demo: looking for %s: %w", email, err)
	}
	if u.Role != user.RoleSUPER_ADMIN || u.Edges.Organization == nil || u.Edges.Organization.Name != OrgName {
		return nil, emailTaken(email)
	}
	return &Result{OrgID: u.OrgID, OrgName: u.Edges.Organization.Name, Email: email}, nil
}

// ResetPassword sets the password of the demo org's super admin (email): password, or a random
// one when empty. It returns the password set.
func ResetPassword(ctx context.Context, client *ent.Client, email, password string) (string, error) {
	found, err := FindLoaded(ctx, client, email)
	if err != nil {
		return "", err
	}
	if found == nil {
		return "", fmt.Errorf("demo: no demo organization has the admin %s", Email(email))
	}
	if password == "" {
		if password, err = randomPassword(passwordLen); err != nil {
			return "", fmt.Errorf("demo: generating a password: %w", err)
		}
	} else if err := auth.ValidatePassword(password); err != nil {
		return "", fmt.Errorf("demo: password %w", err)
	}
	hash, err := auth.HashPassword(ctx, password)
	if err != nil {
		return "", fmt.Errorf("demo: hashing the password: %w", err)
	}
	n, err := client.User.Update().Where(store.FoldEqual(user.FieldEmail, found.Email), user.OrgID(found.OrgID)).
		SetPasswordHash(hash).Save(auth.SystemContext(ctx, found.OrgID))
	if err != nil || n != 1 {
		return "", fmt.Errorf("demo: setting the password of %s: %d updated, %v", found.Email, n, err)
	}
	return password, nil
}
