package emails

import (
	"context"

	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// ErrSentNotAdded answers a sent message (OUTGOING) in the dropbox of a user whose settings do
// not add sent emails automatically (EM-3): nothing was stored; not worth retrying.
var ErrSentNotAdded = apperr.New(apperr.Conflict, "sent emails are not added automatically (email settings: addSentAutomatically is off)")

// AddFromDropbox applies EM-1/EM-3 to m as the user userID of org orgID (as that user's
// viewer: their permissions), per their email settings; idempotent by m.MessageID within
// the org. Returns the email's ID.
//
// A received message goes to the leads/contacts its sender matches per the settings; a sent
// one (the user BCC'd their dropbox) to the contacts its recipients match, when sent emails
// are added automatically (else ErrSentNotAdded). The user's own address is never matched.
// Errors: NOT_FOUND (no such user in the org), FORBIDDEN (deactivated), ACCOUNT_LOCKED (the org
// is locked, SB-12), VALIDATION (a field over its limit, named), NO_MATCHING_RECORD (no record
// has the address: nothing stored), UNAVAILABLE (store or database busy: retry).
func (s *Service) AddFromDropbox(ctx context.Context, orgID, userID int, m mailmsg.Message) (int, error) {
	u, err := s.Client.User.Query().Where(user.ID(userID)).WithOrganization().Only(auth.SystemContext(ctx, orgID))
	if err != nil {
		return 0, apperr.Missing("user")
	}
	switch {
	case u.Status != user.StatusACTIVE:
		return 0, apperr.New(apperr.Forbidden, "the dropbox's user is deactivated")
	case u.Edges.Organization != nil && u.Edges.Organization.Status == organization.StatusLOCKED:
		return 0, apperr.New(apperr.AccountLocked, "the organization is locked for an unpaid subscription")
	}
	ctx = auth.WithViewer(ctx, &auth.Viewer{UserID: u.ID, OrgID: orgID, Role: auth.Role(u.Role), Name: u.Name, Locale: u.Locale})
	st, err := settingsOf(ctx, s.Client, u.ID)
	if err != nil {
		return 0, err
	}
	scope, ok := DropboxPlan(st, m.Direction)
	if !ok {
		return 0, ErrSentNotAdded
	}
	res, err := s.add(ctx, m, plan{scope: scope, addresses: MatchAddresses(m, u.Email), attachments: st.KeepAttachments,
		requireMatch: true, how: "dropbox"})
	if err != nil {
		return 0, err
	}
	return res.Email.ID, nil
}
