package billing

// Licences as seats (issue 18 item 2, SB-6, SB-7): one License row per purchased licence,
// FREE or ASSIGNED to a user. The rows are the one source of truth of how many licences an org
// pays for; the subscription's counters (regular_licenses, team_licenses) are a copy that
// save writes in the same transaction (syncSeats), so quotes, renewals and invoices, which
// read State.Regular and State.Team, count the rows. Every assignment and release is audited
// (target License). Concurrency: every seat operation first locks the org's subscription row
// (row), so two invites racing for the last seat serialise, on PostgreSQL as on SQLite; the
// assignment itself is a compare-and-swap on the seat's state.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/license"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
)

// seatCount is an org's seats by kind: all of them, and those ASSIGNED.
type seatCount struct{ total, assigned map[LicenseKind]int }

func (s *Service) seatCounts(ctx context.Context, c *ent.Client, orgID int) (seatCount, error) {
	var rows []struct {
		Kind  string `json:"kind"`
		State string `json:"state"`
		Count int    `json:"count"`
	}
	err := c.License.Query().Where(license.OrgID(orgID)).GroupBy(license.FieldKind, license.FieldState).
		Aggregate(ent.Count()).Scan(auth.SystemContext(ctx, orgID), &rows)
	if err != nil {
		return seatCount{}, err
	}
	n := seatCount{total: map[LicenseKind]int{}, assigned: map[LicenseKind]int{}}
	for _, r := range rows {
		n.total[LicenseKind(r.Kind)] += r.Count
		if r.State == string(license.StateASSIGNED) {
			n.assigned[LicenseKind(r.Kind)] += r.Count
		}
	}
	return n, nil
}

// syncSeats makes the org's seats of each kind number want: FREE seats are added or removed.
// A reduction through changeSubscription is refused before (CheckLicenseReduction, naming the
// users to delete); only the automatic downgrade to FREE and a LOCKED org going FREE (SB-12)
// leave more holders than seats: the seats of the users beyond are released (releaseOver) —
// the users stay, but none can be activated or added until a seat is free (SB-7).
func (s *Service) syncSeats(ctx context.Context, c *ent.Client, orgID int, want map[LicenseKind]int) (map[LicenseKind]int, error) {
	sctx := auth.SystemContext(ctx, orgID)
	n, err := s.seatCounts(ctx, c, orgID)
	if err != nil {
		return nil, err
	}
	out := map[LicenseKind]int{}
	now := s.now()
	for _, k := range []LicenseKind{Regular, Team} {
		target := want[k]
		if over := n.assigned[k] - target; over > 0 {
			if err := s.releaseOver(ctx, c, orgID, k, over); err != nil {
				return nil, err
			}
			n.assigned[k] = target
		}
		out[k] = target
		switch have := n.total[k]; {
		case target > have:
			bulk := make([]*ent.LicenseCreate, target-have)
			for i := range bulk {
				bulk[i] = c.License.Create().SetOrgID(orgID).SetKind(license.Kind(k)).SetCreatedAt(now).SetUpdatedAt(now)
			}
			if err := c.License.CreateBulk(bulk...).Exec(sctx); err != nil {
				return nil, err
			}
		case target < have:
			ids, err := c.License.Query().Where(license.OrgID(orgID), license.KindEQ(license.Kind(k)), license.StateEQ(license.StateFREE)).
				Order(ent.Desc(license.FieldID)).Limit(have - target).IDs(sctx)
			if err != nil {
				return nil, err
			}
			if _, err := c.License.Delete().Where(license.IDIn(ids...), license.StateEQ(license.StateFREE)).Exec(sctx); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// releaseOver releases n seats of kind, deactivated holders' first, then the most recently
// assigned; the super admin keeps theirs. Each release is audited.
func (s *Service) releaseOver(ctx context.Context, c *ent.Client, orgID int, kind LicenseKind, n int) error {
	sctx := auth.SystemContext(ctx, orgID)
	held, err := c.License.Query().Where(license.OrgID(orgID), license.KindEQ(license.Kind(kind)), license.StateEQ(license.StateASSIGNED)).
		WithHolder().Order(ent.Desc(license.FieldAssignedAt), ent.Desc(license.FieldID)).All(sctx)
	if err != nil {
		return err
	}
	slices.SortStableFunc(held, func(a, b *ent.License) int { // deactivated holders first
		return cmpBool(deactivated(b), deactivated(a))
	})
	now := s.now()
	for _, seat := range held {
		if n == 0 {
			break
		}
		u := seat.Edges.Holder
		if u != nil && u.Role == user.RoleSUPER_ADMIN {
			continue
		}
		if err := c.License.UpdateOneID(seat.ID).SetState(license.StateFREE).ClearHolderID().SetReleasedAt(now).SetUpdatedAt(now).Exec(sctx); err != nil {
			return err
		}
		n--
		e := audit.Entry{Action: "license.released", TargetType: "License", TargetID: seat.ID,
			Summary: "A licence seat was released: the organization went to the Free plan with fewer licences than users",
			Details: map[string]any{"licenseKind": string(kind)}}
		if u != nil {
			e.Summary = fmt.Sprintf("%s <%s> lost their %s licence seat: the organization went to the Free plan with fewer licences than users",
				u.Name, u.Email, strings.ToLower(string(kind)))
			e.Details["userId"], e.Details["name"], e.Details["email"] = u.ID, u.Name, u.Email
		}
		if err := audit.Record(sctx, c, e); err != nil {
			return err
		}
	}
	return nil
}

func deactivated(l *ent.License) bool {
	return l.Edges.Holder != nil && l.Edges.Holder.Status == user.StatusDEACTIVATED
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// createSeats gives a new subscription (or one from before seats, MigrateSeats) its seats:
// counts[kind] FREE seats, then one assigned to each user of the org, by kind, oldest user
// first. A user left without a seat (more users than licences: an inconsistent database) is
// logged, never billed for: nothing changes on the org's bill.
func (s *Service) createSeats(ctx context.Context, c *ent.Client, orgID int, counts map[LicenseKind]int) error {
	sctx := auth.SystemContext(ctx, orgID)
	if _, err := s.syncSeats(ctx, c, orgID, counts); err != nil {
		return err
	}
	users, err := c.User.Query().Where(user.OrgID(orgID)).Order(ent.Asc(user.FieldID)).All(sctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := s.assign(sctx, c, orgID, u); apperr.Is(err, apperr.LicenseLimit) {
			s.Log.Warn("billing: a user holds no licence seat (more users than licences)", "org", orgID, "user", u.ID)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// AssignSeat gives u a FREE seat of its licence kind in tx (inviting or activating a user,
// SB-7): LICENSE_LIMIT when none is free. A user who holds a seat keeps it (deactivated users
// keep theirs).
func (s *Service) AssignSeat(ctx context.Context, tx *change.Tx, orgID int, u *ent.User) error {
	if _, err := s.row(ctx, tx.Client(), orgID); err != nil { // the org's lock: one seat operation at a time
		return err
	}
	return s.assign(ctx, tx.Client(), orgID, u)
}

func (s *Service) assign(ctx context.Context, c *ent.Client, orgID int, u *ent.User) error {
	sctx := auth.SystemContext(ctx, orgID)
	if held, err := c.License.Query().Where(license.HolderID(u.ID)).Exist(sctx); err != nil || held {
		return err
	}
	kind := LicenseKind(u.LicenseKind)
	for range 3 {
		seat, err := c.License.Query().Where(license.OrgID(orgID), license.KindEQ(license.Kind(kind)), license.StateEQ(license.StateFREE)).
			Order(ent.Asc(license.FieldID)).First(sctx)
		if ent.IsNotFound(err) {
			n, err := s.seatCounts(ctx, c, orgID)
			if err != nil {
				return err
			}
			return CanActivate(kind, n.total[kind], max(n.assigned[kind], n.total[kind])) // none free: LICENSE_LIMIT
		}
		if err != nil {
			return err
		}
		now := s.now()
		done, err := c.License.Update().Where(license.ID(seat.ID), license.StateEQ(license.StateFREE)).
			SetState(license.StateASSIGNED).SetHolderID(u.ID).SetAssignedAt(now).ClearReleasedAt().SetUpdatedAt(now).Save(sctx)
		if err != nil {
			return err
		}
		if done == 0 {
			continue // taken meanwhile: try the next free seat
		}
		return audit.Record(ctx, c, audit.Entry{Action: "license.assigned", TargetType: "License", TargetID: seat.ID,
			Summary: fmt.Sprintf("%s <%s> was given a %s licence seat", u.Name, u.Email, strings.ToLower(string(kind))),
			Details: map[string]any{"licenseKind": string(kind), "userId": u.ID, "name": u.Name, "email": u.Email}})
	}
	return apperr.New(apperr.Unavailable, "licence seats are changing: try again").With("retryAfterSeconds", 1)
}

// ReleaseSeat frees the seat u holds, in tx (deleting the user): the seat stays bought and
// billed until the licences are reduced.
func (s *Service) ReleaseSeat(ctx context.Context, tx *change.Tx, orgID int, u *ent.User) error {
	c := tx.Client()
	if _, err := s.row(ctx, c, orgID); err != nil {
		return err
	}
	sctx := auth.SystemContext(ctx, orgID)
	seat, err := c.License.Query().Where(license.HolderID(u.ID)).Only(sctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	now := s.now()
	if err := c.License.UpdateOneID(seat.ID).SetState(license.StateFREE).ClearHolderID().SetReleasedAt(now).SetUpdatedAt(now).Exec(sctx); err != nil {
		return err
	}
	return tx.Audit(audit.Entry{Action: "license.released", TargetType: "License", TargetID: seat.ID,
		Summary: fmt.Sprintf("%s <%s> gave back a %s licence seat; it is free (still billed until licences are reduced)",
			u.Name, u.Email, strings.ToLower(string(seat.Kind))),
		Details: map[string]any{"licenseKind": string(seat.Kind), "userId": u.ID, "name": u.Name, "email": u.Email}})
}
