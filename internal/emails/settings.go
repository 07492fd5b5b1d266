package emails

import (
	"context"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/emailsetting"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
)

// SettingsOf returns a user's settings in c (the defaults when they never changed them).
func settingsOf(ctx context.Context, c *ent.Client, userID int) (Settings, error) {
	row, err := c.EmailSetting.Query().Where(emailsetting.UserID(userID)).Only(ctx)
	if ent.IsNotFound(err) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return Settings{}, err
	}
	return Settings{MatchWith: row.MatchWith, AddSentAutomatically: row.AddSentAutomatically,
		KeepAttachments: row.KeepAttachments}, nil
}

// Settings are the signed-in user's email settings (EM-1, EM-3).
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	v, err := viewer(ctx)
	if err != nil {
		return Settings{}, err
	}
	return settingsOf(ctx, s.db(ctx), v.UserID)
}

// SettingsInput changes the settings; nil fields stay as they are.
type SettingsInput struct {
	MatchWith            *emailkind.Match
	AddSentAutomatically *bool
	KeepAttachments      *bool
}

// UpdateSettings changes the signed-in user's email settings (audited "email.settings_changed").
func (s *Service) UpdateSettings(ctx context.Context, in SettingsInput) (Settings, error) {
	v, err := viewer(ctx)
	if err != nil {
		return Settings{}, err
	}
	var out Settings
	err = (&change.Runner{Client: s.Client}).Do(ctx, // joins the request's transaction
		func(tx *change.Tx) error {
			c := tx.Client()
			cur, err := settingsOf(ctx, c, v.UserID)
			if err != nil {
				return err
			}
			if in.MatchWith != nil {
				cur.MatchWith = *in.MatchWith
			}
			if in.AddSentAutomatically != nil {
				cur.AddSentAutomatically = *in.AddSentAutomatically
			}
			if in.KeepAttachments != nil {
				cur.KeepAttachments = *in.KeepAttachments
			}
			n, err := c.EmailSetting.Update().Where(emailsetting.UserID(v.UserID)).SetMatchWith(cur.MatchWith).
				SetAddSentAutomatically(cur.AddSentAutomatically).SetKeepAttachments(cur.KeepAttachments).Save(ctx)
			if err == nil && n == 0 {
				err = c.EmailSetting.Create().SetUserID(v.UserID).SetMatchWith(cur.MatchWith).
					SetAddSentAutomatically(cur.AddSentAutomatically).SetKeepAttachments(cur.KeepAttachments).Exec(ctx)
			}
			if err != nil {
				return err
			}
			out = cur
			return tx.Audit(audit.Entry{Action: "email.settings_changed", TargetType: "User", TargetID: v.UserID,
				Summary: v.Name + " changed their email settings",
				Details: map[string]any{"matchWith": string(cur.MatchWith), "addSentAutomatically": cur.AddSentAutomatically,
					"keepAttachments": cur.KeepAttachments}})
		})
	return out, err
}
