package billing

import (
	"context"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// LicenseFree refuses with LICENSE_LIMIT unless a license of kind is free for one more user;
// exclude is a user not to count (the one being activated). It reads through c, the caller's
// transaction (accounts.Service invites and activates users).
func (s *Service) LicenseFree(ctx context.Context, c *ent.Client, orgID int, kind LicenseKind, exclude int) error {
	row, err := s.row(ctx, c, orgID)
	if err != nil {
		return err
	}
	q := c.User.Query().Where(user.OrgID(orgID), user.LicenseKindEQ(user.LicenseKind(kind)))
	if exclude != 0 {
		q.Where(user.IDNEQ(exclude))
	}
	holding, err := q.Count(auth.SystemContext(ctx, orgID))
	if err != nil {
		return err
	}
	return CanActivate(kind, stateOf(row).Licenses(kind), holding)
}
