package app

import (
	"context"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/demo"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
	"github.com/crmadmin/crmadmin/internal/store"
)

// DemoRegion is the region of the demo org; its attachments go to that region's store.
const DemoRegion = "JP"

// DemoInput is what `crmadmin demo` was asked.
type DemoInput struct {
	Email    string // the demo super admin's email (default demo.DefaultEmail)
	Password string // their password (default: random); on a loaded demo, sets it
	// ResetPassword sets a new random password on a demo already loaded.
	ResetPassword bool
}

// LoadDemo loads the demo organization (crmadmin demo). When it is already loaded for that
// email, it says so (Result.AlreadyLoaded) and sets the password if one is given or a reset
// is asked: running it twice is harmless (issue 17 item 9).
func (a *App) LoadDemo(ctx context.Context, in DemoInput) (*demo.Result, error) {
	found, err := demo.FindLoaded(ctx, a.DB.Client, in.Email)
	if err != nil {
		return nil, err
	}
	if found != nil {
		found.AlreadyLoaded = true
		if in.Password != "" || in.ResetPassword {
			if found.Password, err = demo.ResetPassword(ctx, a.DB.Client, found.Email, in.Password); err != nil {
				return nil, err
			}
		}
		return found, nil
	}
	b, err := a.Blobs.Bucket(ctx, DemoRegion)
	if err != nil {
		return nil, err
	}
	res, err := demo.Load(ctx, a.DB.Client, demo.Options{Email: in.Email, Password: in.Password, Blobs: blobstore.Writer{Bucket: b}, Now: a.Clock.Now()})
	if err != nil {
		return nil, err
	}
	// The demo's thousands of records are over FREE's record limit (SB-8): give it a paid plan.
	if err := a.Billing.Complimentary(ctx, res.OrgID, billing.PlanProfessional, billing.Yearly, "demo organization"); err != nil {
		return nil, err
	}
	// Backups to look at (BK): a weekly schedule, and a one-off backup that the next
	// `crmadmin serve` runs (its reconciler picks up queued runs), READY a moment later.
	owner, err := a.DB.Client.User.Query().Where(user.OrgID(res.OrgID), user.RoleEQ(user.RoleSUPER_ADMIN)).Only(store.AllOrgs(ctx))
	if err != nil {
		return nil, err
	}
	as := auth.WithViewer(ctx, &auth.Viewer{UserID: owner.ID, OrgID: res.OrgID, Role: auth.RoleSuperAdmin, Name: owner.Name})
	// The weekly schedule runs 4 or 5 times a month and the plan has 2 free backups: the rest is
	// paid with backup units, bought with the card on file (BK-11). Give the demo the sandbox
	// gateway's always-succeeding test card so that its schedule can be paid for (issue 17
	// item 7); a real gateway gets no card from the demo.
	if a.Billing.Gateway != nil && a.Billing.Gateway.Name() == "sandbox" {
		exp := a.Clock.Now().AddDate(3, 0, 0)
		if _, err := a.Billing.SetPaymentMethod(as, billing.CardInput{Number: billing.SandboxCardSucceeds,
			ExpMonth: int(exp.Month()), ExpYear: exp.Year(), CVC: "123"}); err != nil {
			return nil, err
		}
	}
	monday := backupkind.Monday
	if _, err := a.Backup.ScheduleBackup(as, backup.ScheduleInput{RepeatType: backup.Weekly, Weekday: &monday}); err != nil {
		return nil, err
	}
	if _, err := a.Backup.BackupNow(as); err != nil {
		return nil, err
	}
	return res, nil
}
