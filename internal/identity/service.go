// Package identity signs orgs up and users in and out, and turns session cookies and API
// tokens into a viewer (PL-2): sessions, API tokens, the sign-in limiter and the
// authentication cache. Passwords, token hashing and the Viewer live in internal/auth (no
// database); inviting, deactivating and deleting users, and deleting the org, in
// internal/accounts.
package identity

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/apitoken"
	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/ent/session"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/store"
)

// SessionTTL is how long a session cookie stays valid without use.
const SessionTTL = 14 * 24 * time.Hour

// Service is the identity service.
type Service struct {
	Client  *ent.Client
	Limiter *Limiter
	Clock   clock.Clock
	// Subscriptions, when set, creates a new org's subscription in the sign-up transaction,
	// after the org and its super admin exist (billing.Service).
	Subscriptions Subscriptions

	cache *authCache // nil unless EnableAuthCache
}

// Subscriptions is what sign-up needs of billing (an interface owned here, so that identity
// does not depend on billing nor billing on identity).
type Subscriptions interface {
	// CreateForOrg creates org's subscription through tx, the sign-up transaction.
	CreateForOrg(ctx context.Context, tx *ent.Client, org *ent.Organization) error
}

// SignUpInput creates an org and its super admin.
type SignUpInput struct {
	OrganizationName, Region, TimeZone, Currency string
	Name, Email, Password, Locale                string
	APITokenName                                 string
}

// Result of a sign-up or sign-in: the user and org, the session secret for the cookie and,
// when asked for, an API token secret.
type Result struct {
	User          *ent.User
	Organization  *ent.Organization
	SessionSecret string
	SessionExpiry time.Time
	APIToken      string
}

// SignUp creates an org with the given region (PL-3) and its super admin, then a session.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (*Result, error) {
	in.Email = normEmail(in.Email)
	in.OrganizationName = strings.TrimSpace(in.OrganizationName)
	in.Name = strings.TrimSpace(in.Name)
	def, ok := RegionDefaults[in.Region]
	if !ok {
		return nil, apperr.Invalid("region", "unknown region %q", in.Region)
	}
	if in.TimeZone == "" {
		in.TimeZone = def.TimeZone
	}
	if in.Currency == "" {
		in.Currency = def.Currency
	}
	if in.Locale == "" {
		in.Locale = "en"
	}
	if err := auth.ValidatePassword(in.Password); err != nil {
		return nil, apperr.OnField("password", err)
	}
	hash, err := auth.HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	// The new org is not the caller's: drop any viewer (a signed-in user may create another org).
	all := store.AllOrgs(auth.WithViewer(ctx, nil))
	if taken, err := s.Client.User.Query().Where(store.FoldEqual(user.FieldEmail, in.Email)).Exist(all); err != nil {
		return nil, err
	} else if taken {
		return nil, apperr.New(apperr.Conflict, "an account with this email already exists; sign in instead").With("field", "email")
	}
	var res Result
	err = s.withTx(ctx, func(tx *ent.Client) error {
		org, err := tx.Organization.Create().
			SetName(in.OrganizationName).SetRegion(organization.Region(in.Region)).
			SetTimeZone(in.TimeZone).SetCurrency(in.Currency).Save(all)
		if err != nil {
			return err
		}
		u, err := tx.User.Create().SetOrgID(org.ID).SetEmail(in.Email).SetName(in.Name).
			SetRole(user.RoleSUPER_ADMIN).SetPasswordHash(hash).SetLocale(in.Locale).
			SetLastSignInAt(s.Clock.Now()).Save(all)
		if err != nil {
			return err
		}
		vctx := auth.WithViewer(ctx, viewerOf(u))
		res.User, res.Organization = u, org
		if s.Subscriptions != nil {
			if err := s.Subscriptions.CreateForOrg(vctx, tx, org); err != nil {
				return err
			}
		}
		if err := s.newSession(vctx, tx, u, &res, in.APITokenName); err != nil {
			return err
		}
		return audit.Record(vctx, tx, audit.Entry{Action: "org.created", TargetType: "Organization", TargetID: org.ID,
			Summary: fmt.Sprintf("%s created the organization %q (region %s)", u.Name, org.Name, org.Region),
			Details: map[string]any{"name": org.Name, "region": string(org.Region)}})
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// SignIn checks email and password, throttled by the Limiter's Policy (per account and client
// address, per account for unknown addresses, per address) before any password is checked.
func (s *Service) SignIn(ctx context.Context, email, password, clientIP, apiTokenName string) (*Result, error) {
	email = normEmail(email)
	if blocked, wait, err := s.Limiter.Blocked(ctx, email, clientIP); err != nil {
		// The limiter's Redis is down: sign-in stays open (degraded, logged) rather than
		// locking everyone out (issue 9 item 8).
		slog.WarnContext(ctx, "sign-in limiter unavailable; signing in without it", "err", err)
	} else if blocked {
		secs := int((wait + time.Second - 1) / time.Second) // rounded up: retrying then succeeds
		return nil, apperr.New(apperr.RateLimited, "too many failed sign-ins; try again in %s", plural(secs, "second")).
			With("retryAfterSeconds", secs)
	}
	all := store.AllOrgs(ctx)
	u, err := s.Client.User.Query().Where(store.FoldEqual(user.FieldEmail, email)).WithOrganization().Only(all)
	if ent.IsNotFound(err) {
		if err := auth.BurnTime(ctx, password); err != nil {
			return nil, err
		}
		return nil, s.failed(ctx, email, clientIP)
	}
	if err != nil {
		return nil, err
	}
	if err := auth.CheckPassword(ctx, u.PasswordHash, password); err == auth.ErrMismatch {
		return nil, s.failed(ctx, email, clientIP)
	} else if err != nil {
		return nil, err
	}
	if u.Status != user.StatusACTIVE {
		return nil, apperr.New(apperr.Forbidden, "this user is deactivated; ask an administrator of your organization")
	}
	_ = s.Limiter.Succeeded(ctx, email, clientIP)
	res := Result{User: u, Organization: u.Edges.Organization}
	vctx := auth.WithViewer(ctx, viewerOf(u))
	err = s.withTx(vctx, func(tx *ent.Client) error {
		if err := tx.User.UpdateOneID(u.ID).SetLastSignInAt(s.Clock.Now()).Exec(vctx); err != nil {
			return err
		}
		return s.newSession(vctx, tx, u, &res, apiTokenName)
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

func (s *Service) failed(ctx context.Context, email, ip string) error {
	if err := s.Limiter.Failed(ctx, email, ip); err != nil {
		slog.WarnContext(ctx, "sign-in limiter unavailable; failure not counted", "err", err)
	}
	return apperr.New(apperr.Unauthenticated, "wrong email or password")
}

func (s *Service) newSession(ctx context.Context, tx *ent.Client, u *ent.User, res *Result, apiTokenName string) error {
	secret, hash := auth.NewSecret(auth.SessionPrefix)
	exp := s.Clock.Now().Add(SessionTTL)
	if _, err := tx.Session.Create().SetUserID(u.ID).SetTokenHash(hash).SetExpiresAt(exp).Save(ctx); err != nil {
		return err
	}
	res.SessionSecret, res.SessionExpiry = secret, exp
	if apiTokenName != "" {
		_, tok, err := s.createToken(ctx, tx, apiTokenName, nil)
		if err != nil {
			return err
		}
		res.APIToken = tok
	}
	return nil
}

// SignOut ends the viewer's session (a no-op for API tokens).
func (s *Service) SignOut(ctx context.Context) error {
	v := auth.FromContext(ctx)
	if v == nil || v.SessionID == 0 {
		return nil
	}
	return s.withTx(ctx, func(tx *ent.Client) error {
		_, err := tx.Session.Delete().Where(session.ID(v.SessionID)).Exec(ctx)
		return err
	})
}

// SignOutEverywhere ends every session of the viewer, the current one included (API tokens
// stay). Audited.
func (s *Service) SignOutEverywhere(ctx context.Context) error {
	v := auth.FromContext(ctx)
	return s.withTx(ctx, func(tx *ent.Client) error {
		n, err := tx.Session.Delete().Where(session.UserID(v.UserID)).Exec(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user.signed_out_everywhere", TargetType: "User", TargetID: v.UserID,
			Summary: fmt.Sprintf("%s signed out everywhere (%d sessions ended)", v.Name, n), Details: map[string]any{"sessions": n}})
	})
}

// Authenticate turns a session secret or API token secret into a viewer. A wrong, expired or
// revoked secret is UNAUTHENTICATED with a message saying which. With EnableAuthCache, a
// secret that authenticated recently is answered from memory (see authCache).
func (s *Service) Authenticate(ctx context.Context, secret string) (*auth.Viewer, error) {
	all := store.AllOrgs(ctx)
	now := s.Clock.Now()
	hash := auth.HashSecret(secret)
	switch {
	case strings.HasPrefix(secret, auth.SessionPrefix):
		if v, ok := s.cache.get(hash, now); ok {
			return v, nil
		}
		ticket := s.cache.begin()
		sess, err := s.Client.Session.Query().Where(session.TokenHash(hash)).
			WithUser(func(q *ent.UserQuery) { q.WithOrganization() }).Only(all)
		if ent.IsNotFound(err) {
			return nil, apperr.New(apperr.Unauthenticated, "session not found; sign in again")
		}
		if err != nil {
			return nil, err
		}
		if !now.Before(sess.ExpiresAt) {
			return nil, apperr.New(apperr.Unauthenticated, "session expired; sign in again")
		}
		v, err := activeViewer(sess.Edges.User)
		if err != nil {
			return nil, err
		}
		v.SessionID = sess.ID
		if sess.ExpiresAt.Sub(now) < SessionTTL-time.Hour { // sliding expiry, at most one write an hour
			_ = s.Client.Session.UpdateOneID(sess.ID).SetExpiresAt(now.Add(SessionTTL)).Exec(all)
			return v, nil // the write emptied the cache: nothing to store
		}
		s.cache.put(hash, ticket, cachedAuth{viewer: *v, expires: sess.ExpiresAt})
		return v, nil
	case strings.HasPrefix(secret, auth.APITokenPrefix):
		if v, ok := s.cache.get(hash, now); ok {
			return v, nil
		}
		ticket := s.cache.begin()
		tok, err := s.Client.APIToken.Query().Where(apitoken.TokenHash(hash)).
			WithUser(func(q *ent.UserQuery) { q.WithOrganization() }).Only(all)
		if ent.IsNotFound(err) {
			return nil, apperr.New(apperr.Unauthenticated, "API token not recognised")
		}
		if err != nil {
			return nil, err
		}
		if tok.RevokedAt != nil {
			return nil, apperr.New(apperr.Unauthenticated, "API token was revoked on %s", tok.RevokedAt.Format(time.DateOnly))
		}
		if tok.ExpiresAt != nil && !now.Before(*tok.ExpiresAt) {
			return nil, apperr.New(apperr.Unauthenticated, "API token expired on %s", tok.ExpiresAt.Format(time.DateOnly))
		}
		v, err := activeViewer(tok.Edges.User)
		if err != nil {
			return nil, err
		}
		v.TokenID = tok.ID
		entry := cachedAuth{viewer: *v}
		if tok.ExpiresAt != nil {
			entry.expires = *tok.ExpiresAt
		}
		if tok.LastUsedAt != nil {
			entry.lastUsed = *tok.LastUsedAt
		}
		if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) > time.Minute { // at most one write a minute
			if err := s.Client.APIToken.UpdateOneID(tok.ID).SetLastUsedAt(now).Exec(all); err == nil {
				entry.lastUsed = now
			}
		}
		s.cache.put(hash, ticket, entry)
		return v, nil
	}
	return nil, apperr.New(apperr.Unauthenticated, "malformed credentials: expected a session or an API token (crm_pat_…)")
}

func activeViewer(u *ent.User) (*auth.Viewer, error) {
	if u.Status != user.StatusACTIVE {
		return nil, apperr.New(apperr.Unauthenticated, "this user is deactivated")
	}
	return viewerOf(u), nil
}

func viewerOf(u *ent.User) *auth.Viewer {
	v := &auth.Viewer{UserID: u.ID, OrgID: u.OrgID, Role: auth.Role(u.Role), Name: u.Name, Locale: u.Locale}
	if org := u.Edges.Organization; org != nil {
		v.OrgLocked = org.Status == organization.StatusLOCKED // SB-12
	}
	return v
}

// CreateAPIToken creates a personal token for the viewer; the secret is returned once.
func (s *Service) CreateAPIToken(ctx context.Context, name string, expiresInDays *int) (*ent.APIToken, string, error) {
	var tok *ent.APIToken
	var secret string
	err := s.withTx(ctx, func(tx *ent.Client) error {
		var err error
		tok, secret, err = s.createToken(ctx, tx, name, expiresInDays)
		return err
	})
	return tok, secret, err
}

func (s *Service) createToken(ctx context.Context, tx *ent.Client, name string, expiresInDays *int) (*ent.APIToken, string, error) {
	v := auth.FromContext(ctx)
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 80 {
		return nil, "", apperr.Invalid("name", "token name must be 1 to 80 characters")
	}
	secret, hash := auth.NewSecret(auth.APITokenPrefix)
	c := tx.APIToken.Create().SetName(name).SetPrefix(auth.DisplayPrefix(secret)).SetTokenHash(hash).SetUserID(v.UserID)
	if expiresInDays != nil {
		if *expiresInDays < 1 || *expiresInDays > 3650 {
			return nil, "", apperr.Invalid("expiresInDays", "expiresInDays must be from 1 to 3650")
		}
		c.SetExpiresAt(s.Clock.Now().AddDate(0, 0, *expiresInDays))
	}
	tok, err := c.Save(ctx)
	if err != nil {
		return nil, "", err
	}
	err = audit.Record(ctx, tx, audit.Entry{Action: "api_token.created", TargetType: "APIToken", TargetID: tok.ID,
		Summary: fmt.Sprintf("%s created API token %q", v.Name, name), Details: map[string]any{"name": name}})
	return tok, secret, err
}

// RevokeAPIToken revokes a token: the viewer's own, or any of the org's for the SUPER_ADMIN
// (issue 9 item 11: the APIToken privacy policy enforces it below, so a token the viewer may
// not revoke is NOT_FOUND, worded as one that does not exist). Revoking twice keeps the first date.
func (s *Service) RevokeAPIToken(ctx context.Context, id int) (*ent.APIToken, error) {
	v := auth.FromContext(ctx)
	var tok *ent.APIToken
	err := s.withTx(ctx, func(tx *ent.Client) error {
		t, err := tx.APIToken.UpdateOneID(id).Where(apitoken.RevokedAtIsNil()).SetRevokedAt(s.Clock.Now()).Save(ctx)
		if ent.IsNotFound(err) { // not the viewer's to revoke, or already revoked
			tok, err = revokedToken(ctx, tx, v, id)
			if ent.IsNotFound(err) {
				return apperr.Missing("API token")
			}
			return err
		}
		if err != nil {
			return err
		}
		tok = t
		summary := fmt.Sprintf("%s revoked their API token %q", v.Name, t.Name)
		if t.UserID != v.UserID {
			owner, err := tx.User.Get(ctx, t.UserID)
			if err != nil {
				return err
			}
			summary = fmt.Sprintf("%s revoked the API token %q of %s <%s>", v.Name, t.Name, owner.Name, owner.Email)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "api_token.revoked", TargetType: "APIToken", TargetID: id,
			Summary: summary, Details: map[string]any{"ownerID": t.UserID, "name": t.Name}})
	})
	return tok, err
}

// revokedToken is token id when it is already revoked and v may revoke it: their own, or for
// the SUPER_ADMIN any of the org's (which the query policy does not show them).
func revokedToken(ctx context.Context, tx *ent.Client, v *auth.Viewer, id int) (*ent.APIToken, error) {
	q := tx.APIToken.Query().Where(apitoken.ID(id), apitoken.RevokedAtNotNil())
	if v.Role == auth.RoleSuperAdmin {
		return q.Where(apitoken.OrgID(v.OrgID)).Only(store.AllOrgs(ctx))
	}
	return q.Only(ctx)
}

// ChangePassword checks the current password, sets the new one and ends other sessions.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	v := auth.FromContext(ctx)
	u, err := s.Client.User.Get(ctx, v.UserID)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword(ctx, u.PasswordHash, current); err == auth.ErrMismatch {
		return apperr.Invalid("currentPassword", "the current password is wrong")
	} else if err != nil {
		return err
	}
	if err := auth.ValidatePassword(next); err != nil {
		return apperr.OnField("newPassword", err)
	}
	hash, err := auth.HashPassword(ctx, next)
	if err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *ent.Client) error {
		if err := tx.User.UpdateOneID(u.ID).SetPasswordHash(hash).SetMustChangePassword(false).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.Session.Delete().Where(session.UserID(u.ID), session.IDNEQ(v.SessionID)).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user.password_changed", TargetType: "User", TargetID: u.ID,
			Summary: fmt.Sprintf("%s changed their password; other sessions were signed out", v.Name)})
	})
}

// DeleteExpiredSessions removes sessions past their expiry (a periodic job).
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int, error) {
	return s.Client.Session.Delete().Where(session.ExpiresAtLT(s.Clock.Now())).Exec(store.AllOrgs(ctx))
}

// withTx runs fn as one change (internal/change): in a transaction, or in the caller's when
// ctx already carries one. Identity's changes write audit entries, no notifications.
func (s *Service) withTx(ctx context.Context, fn func(*ent.Client) error) error {
	return (&change.Runner{Client: s.Client}).Do(ctx, func(tx *change.Tx) error { return fn(tx.Client()) })
}

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// plural is "1 second", "2 seconds".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
