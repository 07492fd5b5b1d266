package dropbox

// The dropbox address of a user: shown to its owner, rotated by them (the old token is refused
// from the commit on), found by the SMTP listener through the token's hash.

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/emaildropbox"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Address is what its owner sees of a dropbox.
type Address struct {
	Address   string
	CreatedAt time.Time
	RotatedAt time.Time
}

// Box is a dropbox the listener found by its token.
type Box struct {
	ID, OrgID, UserID int
}

// Get returns the viewer's dropbox address, or nil when they have none or the server has no
// dropbox domain.
func (s *Service) Get(ctx context.Context) (*Address, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	if s.Domain == "" {
		return nil, nil
	}
	box, err := s.Client.EmailDropbox.Query().Where(emaildropbox.UserID(v.UserID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	token, err := s.open(box)
	if err != nil {
		s.Log.Warn("dropbox token cannot be unsealed (CRM_SECRET changed?)", "org", box.OrgID, "user", box.UserID)
		return nil, apperr.New(apperr.Conflict, "your dropbox address cannot be shown since the server's secret changed; rotate it to get a new one")
	}
	return s.address(box, token), nil
}

// Rotate gives the viewer a new token (their first, or a new one: the old address is refused
// from the commit on) and returns the address. Audited.
func (s *Service) Rotate(ctx context.Context) (*Address, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	if s.Domain == "" {
		return nil, apperr.New(apperr.Conflict, "this server has no dropbox domain (CRM_SMTP_DROPBOX_DOMAIN)")
	}
	raw := make([]byte, TokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	token := FormatToken(raw)
	now := s.Clock.Now().UTC()
	var box *ent.EmailDropbox
	err := s.change().Do(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		old, err := c.EmailDropbox.Query().Where(emaildropbox.UserID(v.UserID)).Only(ctx)
		action, summary := "email_dropbox.rotated", fmt.Sprintf("%s rotated their email dropbox address; the old one is refused", v.Name)
		switch {
		case ent.IsNotFound(err):
			sealed, err := s.seal(v.OrgID, v.UserID, token)
			if err != nil {
				return err
			}
			box, err = c.EmailDropbox.Create().SetUserID(v.UserID).SetTokenHash(HashToken(token)).SetTokenSealed(sealed).
				SetCreatedAt(now).SetRotatedAt(now).Save(ctx)
			if err != nil {
				return err
			}
			action, summary = "email_dropbox.created", fmt.Sprintf("%s created their email dropbox address", v.Name)
		case err != nil:
			return err
		default:
			sealed, err := s.seal(v.OrgID, v.UserID, token)
			if err != nil {
				return err
			}
			if box, err = old.Update().SetTokenHash(HashToken(token)).SetTokenSealed(sealed).SetRotatedAt(now).Save(ctx); err != nil {
				return err
			}
		}
		return tx.Audit(audit.Entry{Action: action, TargetType: "EmailDropbox", TargetID: box.ID, Summary: summary,
			Details: map[string]any{"domain": s.Domain}})
	})
	if err != nil {
		return nil, err
	}
	return s.address(box, token), nil
}

// Lookup finds the dropbox of a token, across orgs (the listener has no viewer). ok is false
// for an unknown token, and for a box whose owner is deactivated or gone.
func (s *Service) Lookup(ctx context.Context, token string) (Box, bool, error) {
	if !ValidToken(token) {
		return Box{}, false, nil
	}
	all := store.AllOrgs(ctx)
	box, err := s.Client.EmailDropbox.Query().Where(emaildropbox.TokenHash(HashToken(token))).Only(all)
	if ent.IsNotFound(err) {
		return Box{}, false, nil
	}
	if err != nil {
		return Box{}, false, err
	}
	active, err := s.Client.User.Query().Where(user.ID(box.UserID), user.OrgID(box.OrgID), user.StatusEQ(user.StatusACTIVE)).Exist(all)
	if err != nil || !active {
		return Box{}, false, err
	}
	return Box{ID: box.ID, OrgID: box.OrgID, UserID: box.UserID}, true, nil
}

func (s *Service) address(box *ent.EmailDropbox, token string) *Address {
	return &Address{Address: token + "@" + s.Domain, CreatedAt: box.CreatedAt, RotatedAt: box.RotatedAt}
}

// seal encrypts a token with AES-256-GCM under SealKey, bound to its org and user.
func (s *Service) seal(orgID, userID int, token string) ([]byte, error) {
	aead, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, []byte(token), sealAD(orgID, userID)), nil
}

func (s *Service) open(box *ent.EmailDropbox) (string, error) {
	aead, err := s.aead()
	if err != nil {
		return "", err
	}
	n := aead.NonceSize()
	if len(box.TokenSealed) < n {
		return "", fmt.Errorf("sealed token too short")
	}
	pt, err := aead.Open(nil, box.TokenSealed[:n], box.TokenSealed[n:], sealAD(box.OrgID, box.UserID))
	if err != nil {
		return "", err
	}
	return string(pt), nil
}

func (s *Service) aead() (cipher.AEAD, error) {
	if len(s.SealKey) != 32 {
		return nil, fmt.Errorf("dropbox: seal key must be 32 bytes")
	}
	b, err := aes.NewCipher(s.SealKey)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func sealAD(orgID, userID int) []byte {
	return fmt.Appendf(nil, "crmadmin dropbox %d/%d", orgID, userID)
}
