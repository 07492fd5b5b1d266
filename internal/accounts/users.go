package accounts

// User management honouring licenses (SB-7): billing says whether a license is free; these
// join the caller's transaction (the GraphQL mutation's): they only write rows.

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/apitoken"
	"github.com/crmadmin/crmadmin/ent/emaildropbox"
	"github.com/crmadmin/crmadmin/ent/session"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/store"
)

// InviteInput is a user to add.
type InviteInput struct {
	Email, Name string
	Role        user.Role           // ADMIN or STANDARD (default)
	LicenseKind billing.LicenseKind // REGULAR (default) or TEAM
	Locale      string
}

// Invited is a user just added and the temporary password to hand over (shown once).
type Invited struct {
	User              *ent.User
	TemporaryPassword string
}

// InviteUser adds a user to the viewer's org: a license of its kind must be free (SB-7). No
// email is sent: the admin hands the temporary password over; the invitation is in the audit
// log.
func (s *Service) InviteUser(ctx context.Context, in InviteInput) (*Invited, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	if in.Role == "" {
		in.Role = user.RoleSTANDARD
	}
	if in.LicenseKind == "" {
		in.LicenseKind = billing.Regular
	}
	if in.Locale == "" {
		in.Locale = "en"
	}
	switch {
	case in.Name == "":
		return nil, apperr.Invalid("name", "enter the user's name")
	case in.Role == user.RoleSUPER_ADMIN:
		return nil, apperr.Invalid("role", "an organization has one super admin; invite an ADMIN or STANDARD user")
	case in.Role != user.RoleADMIN && in.Role != user.RoleSTANDARD:
		return nil, apperr.Invalid("role", "role must be ADMIN or STANDARD")
	case in.LicenseKind != billing.Regular && in.LicenseKind != billing.Team:
		return nil, apperr.Invalid("licenseKind", "licenseKind must be REGULAR or TEAM")
	}
	password, err := temporaryPassword()
	if err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		// Emails sign in, so they are unique across orgs (PL-2), as at sign-up.
		if taken, err := c.User.Query().Where(store.FoldEqual(user.FieldEmail, in.Email)).Exist(store.AllOrgs(ctx)); err != nil {
			return err
		} else if taken {
			return apperr.New(apperr.Conflict, "an account with this email already exists").With("field", "email")
		}
		u, err = c.User.Create().SetEmail(in.Email).SetName(in.Name).SetRole(in.Role).
			SetLicenseKind(user.LicenseKind(in.LicenseKind)).SetLocale(in.Locale).SetPasswordHash(hash).
			SetMustChangePassword(true).Save(ctx) // the inviter knows the temporary password
		if err != nil {
			return err
		}
		if err := s.Billing.AssignSeat(ctx, tx, v.OrgID, u); err != nil { // SB-7: LICENSE_LIMIT, and nothing is created
			return err
		}
		return tx.Audit(audit.Entry{Action: "user.invited", TargetType: "User", TargetID: u.ID,
			Summary: fmt.Sprintf("%s added %s <%s> as %s with a %s license; a temporary password was issued",
				v.Name, u.Name, u.Email, u.Role, strings.ToLower(string(in.LicenseKind))),
			Details: map[string]any{"role": string(u.Role), "licenseKind": string(in.LicenseKind), "name": u.Name, "email": u.Email}})
	})
	if err != nil {
		return nil, err
	}
	return &Invited{User: u, TemporaryPassword: password}, nil
}

// DeactivateUser stops a user from signing in (their sessions end). The user keeps a license:
// billing counts purchased licenses (SB-7).
func (s *Service) DeactivateUser(ctx context.Context, id int) (*ent.User, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if u, err = s.otherUser(ctx, c, v, id, "deactivate", "deactivated"); err != nil || u.Status == user.StatusDEACTIVATED {
			return err
		}
		if u, err = u.Update().SetStatus(user.StatusDEACTIVATED).Save(ctx); err != nil {
			return err
		}
		if _, err := c.Session.Delete().Where(session.UserID(id)).Exec(ctx); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "user.deactivated", TargetType: "User", TargetID: id,
			Summary: fmt.Sprintf("%s deactivated %s <%s>; the user keeps a %s license, which is still billed", v.Name, u.Name, u.Email,
				strings.ToLower(string(u.LicenseKind))),
			Details: map[string]any{"name": u.Name, "email": u.Email, "licenseKind": string(u.LicenseKind)}})
	})
	return u, err
}

// ActivateUser lets a deactivated user sign in again; a license of its kind must be free
// (SB-7: LICENSE_LIMIT otherwise, e.g. after an automatic downgrade to FREE).
func (s *Service) ActivateUser(ctx context.Context, id int) (*ent.User, error) {
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if u, err = s.otherUser(ctx, c, v, id, "activate", "activated"); err != nil || u.Status == user.StatusACTIVE {
			return err
		}
		if err := s.Billing.AssignSeat(ctx, tx, v.OrgID, u); err != nil { // keeps the seat it holds, else takes a free one
			return err
		}
		if u, err = u.Update().SetStatus(user.StatusACTIVE).Save(ctx); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "user.activated", TargetType: "User", TargetID: id,
			Summary: fmt.Sprintf("%s activated %s <%s>", v.Name, u.Name, u.Email),
			Details: map[string]any{"name": u.Name, "email": u.Email}})
	})
	return u, err
}

// DeleteUser deletes a user, their sessions and API tokens; their records stay, without an
// owner. The license becomes free (still billed until licenses are reduced).
func (s *Service) DeleteUser(ctx context.Context, id int) error {
	v, err := viewerOrg(ctx)
	if err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		u, err := s.otherUser(ctx, c, v, id, "delete", "deleted")
		if err != nil {
			return err
		}
		if _, err := c.Session.Delete().Where(session.UserID(id)).Exec(ctx); err != nil {
			return err
		}
		if _, err := c.APIToken.Delete().Where(apitoken.UserID(id)).Exec(ctx); err != nil {
			return err
		}
		if _, err := c.EmailDropbox.Delete().Where(emaildropbox.UserID(id)).Exec(ctx); err != nil {
			return err // their dropbox address is refused from now on
		}
		if err := s.Billing.ReleaseSeat(ctx, tx, v.OrgID, u); err != nil { // free again, still bought
			return err
		}
		if err := c.User.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "user.deleted", TargetType: "User", TargetID: id,
			Summary: fmt.Sprintf("%s deleted the user %s <%s>; their %s license is free again", v.Name, u.Name, u.Email,
				strings.ToLower(string(u.LicenseKind))),
			Details: map[string]any{"name": u.Name, "email": u.Email, "licenseKind": string(u.LicenseKind)}})
	})
}

// otherUser loads a user of the viewer's org that the viewer may manage: not themselves and
// not the super admin (verb and done word the refusal: "delete", "deleted"). Another org's user answers like a missing one (PL-1).
func (s *Service) otherUser(ctx context.Context, c *ent.Client, v *auth.Viewer, id int, verb, done string) (*ent.User, error) {
	u, err := c.User.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.Missing("user")
	}
	if err != nil {
		return nil, err
	}
	switch {
	case u.ID == v.UserID:
		return nil, apperr.New(apperr.Conflict, "you cannot %s yourself", verb)
	case u.Role == user.RoleSUPER_ADMIN:
		return nil, apperr.New(apperr.Conflict, "the super admin cannot be %s", done)
	}
	return u, nil
}

const passwordSymbols = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/l/I

// temporaryPassword is 16 random characters (about 93 bits).
func temporaryPassword() (string, error) {
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordSymbols))))
		if err != nil {
			return "", err
		}
		b[i] = passwordSymbols[n.Int64()]
	}
	return string(b), nil
}
