package emails

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/supportcase"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// CaseInput is "add as case" (EM-4).
type CaseInput struct {
	Message         mailmsg.Message
	Status          supportcase.Status // "" → NEW
	WithAttachments *bool              // nil: the user's setting
}

type caseChoice struct{ status supportcase.Status }

// AddAsCase is EM-4: only when the sender is an existing contact (the earliest created when
// several share the address) — otherwise NO_MATCHING_CONTACT and nothing is stored. It creates
// a case with the status chosen (email → Email, contact name → Contact Name, subject → Subject,
// body → Description: CaseFrom), linked to the contact and its account, and adds the email to
// the contact and the case. The same Message-ID again answers the case made the first time.
func (s *Service) AddAsCase(ctx context.Context, in CaseInput) (*Result, error) {
	st, err := s.viewerSettings(ctx)
	if err != nil {
		return nil, err
	}
	status := in.Status
	if status == "" {
		status = supportcase.StatusNEW
	}
	if err := supportcase.StatusValidator(status); err != nil {
		return nil, apperr.Invalid("status", "status must be NEW, ON_HOLD, ESCALATED or CLOSED")
	}
	m := in.Message
	p := plan{addresses: []string{FoldAddress(m.From.Address)}, attachments: keep(in.WithAttachments, st),
		asCase: &caseChoice{status: status}, how: "case"}
	return s.add(ctx, m, p)
}

// createCase finds the sender's contact and creates the case (inside the add's transaction);
// the contact joins the records the email is linked to. An email already made a case returns
// that case.
func (s *Service) createCase(ctx context.Context, c *ent.Client, v *auth.Viewer, m mailmsg.Message, ch *caseChoice, res *Result, out *linked) (*ent.SupportCase, error) {
	contacts, err := s.contactsByAddress(ctx, c, v, []string{FoldAddress(m.From.Address)})
	if err != nil {
		return nil, err
	}
	if len(contacts) == 0 {
		return nil, apperr.New(apperr.NoMatchingContact, "no contact has the sender's address %s: an email becomes a case only for an existing contact (add the contact first, or add the email with createMissing: CONTACT)",
			m.From.Address).With("address", m.From.Address)
	}
	who := contacts[0] // the earliest created (lowest ID) when several share the address (SY-6's rule)
	out.contacts = append(out.contacts, who)
	if res.Email != nil && res.Email.SupportCaseID != nil {
		return c.SupportCase.Get(ctx, *res.Email.SupportCaseID)
	}
	d, err := CaseFrom(m, FullName(who.FirstName, who.LastName))
	if err != nil {
		return nil, err
	}
	cr := c.SupportCase.Create().SetSubject(d.Subject).SetStatus(ch.status).SetOrigin(supportcase.OriginEMAIL).
		SetEmail(d.Email).SetContactID(who.ID).SetOwnerID(v.UserID).SetNillableAccountID(who.AccountID)
	if d.ContactName != "" {
		cr.SetContactName(d.ContactName)
	}
	if d.Description != "" {
		cr.SetDescription(d.Description)
	}
	sc, err := cr.Save(ctx)
	if err != nil {
		return nil, err
	}
	res.newCase = true
	return sc, audit.Record(ctx, c, audit.Entry{Action: "case.created_from_email", TargetType: "SupportCase", TargetID: sc.ID,
		Summary: fmt.Sprintf("%s made the email “%s” from %s a case (%s)", v.Name, clipRunes(d.Subject, 120), d.Email, ch.status),
		Details: map[string]any{"subject": clipRunes(d.Subject, 120), "from": d.Email, "status": string(ch.status),
			"contactId": who.ID, "contactName": d.ContactName}})
}
