package emails

// Finding the records an email goes to: matched by address (EM-1, EM-3), chosen by ID (EM-2),
// created when missing (EM-5). Every query runs under the viewer's privacy rules (their org
// only) and the Visibility of the service.

import (
	"context"
	"sort"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/deal"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/ent/predicate"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/store"
)

func (s *Service) leadsByAddress(ctx context.Context, c *ent.Client, v *auth.Viewer, addrs []string) ([]*ent.Lead, error) {
	if len(addrs) == 0 {
		return nil, nil
	}
	rows, err := c.Lead.Query().Where(predicate.Lead(store.FoldIn(lead.FieldEmail, addrs))).
		Order(ent.Asc(lead.FieldID)).Limit(MaxLinks).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.Lead
	for _, r := range rows {
		if s.perms().Visible(ctx, v, emailkind.Leads, r.ID, r.OwnerID) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *Service) contactsByAddress(ctx context.Context, c *ent.Client, v *auth.Viewer, addrs []string) ([]*ent.Contact, error) {
	if len(addrs) == 0 {
		return nil, nil
	}
	rows, err := c.Contact.Query().Where(predicate.Contact(store.FoldIn(contact.FieldEmail, addrs))).
		Order(ent.Asc(contact.FieldID)).Limit(MaxLinks).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.Contact
	for _, r := range rows {
		if s.perms().Visible(ctx, v, emailkind.Contacts, r.ID, r.OwnerID) {
			out = append(out, r)
		}
	}
	return out, nil
}

// matched are the records of the plan's modules whose address is one of the plan's.
func (s *Service) matched(ctx context.Context, c *ent.Client, v *auth.Viewer, p plan) (linked, error) {
	var out linked
	var err error
	if p.scope.Leads {
		if out.leads, err = s.leadsByAddress(ctx, c, v, p.addresses); err != nil {
			return out, err
		}
	}
	if p.scope.Contacts {
		if out.contacts, err = s.contactsByAddress(ctx, c, v, p.addresses); err != nil {
			return out, err
		}
	}
	return out, nil
}

// chosen adds the records the user chose by ID (EM-2); one that is missing, another org's or
// not visible answers NOT_FOUND, alike (PL-1).
func (s *Service) chosen(ctx context.Context, c *ent.Client, v *auth.Viewer, p plan, out *linked) error {
	if len(p.leadIDs) > 0 {
		rows, err := c.Lead.Query().Where(lead.IDIn(p.leadIDs...)).All(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if s.perms().Visible(ctx, v, emailkind.Leads, r.ID, r.OwnerID) {
				out.leads = append(out.leads, r)
			}
		}
		if err := allFound("lead", p.leadIDs, ids(out.leads, func(l *ent.Lead) int { return l.ID })); err != nil {
			return err
		}
	}
	if len(p.contactIDs) > 0 {
		rows, err := c.Contact.Query().Where(contact.IDIn(p.contactIDs...)).All(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if s.perms().Visible(ctx, v, emailkind.Contacts, r.ID, r.OwnerID) {
				out.contacts = append(out.contacts, r)
			}
		}
		if err := allFound("contact", p.contactIDs, ids(out.contacts, func(x *ent.Contact) int { return x.ID })); err != nil {
			return err
		}
	}
	if len(p.dealIDs) > 0 {
		rows, err := c.Deal.Query().Where(deal.IDIn(p.dealIDs...)).All(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if s.perms().Visible(ctx, v, emailkind.Deals, r.ID, r.OwnerID) {
				out.deals = append(out.deals, r)
			}
		}
		if err := allFound("deal", p.dealIDs, ids(out.deals, func(d *ent.Deal) int { return d.ID })); err != nil {
			return err
		}
	}
	return nil
}

// allFound answers NOT_FOUND naming the first chosen ID not found.
func allFound(what string, want, got []int) error {
	have := map[int]bool{}
	for _, g := range got {
		have[g] = true
	}
	sorted := append([]int(nil), want...)
	sort.Ints(sorted)
	for _, w := range sorted {
		if !have[w] {
			return apperr.Missing(what).With("id", w)
		}
	}
	return nil
}

// createMissing is EM-5: for each address of the plan that no record of the kind to create
// has, a lead or contact with the address as its email and the display name as its name
// (SplitName). SY-3's limits apply as the sync engine applies them (datasync.Map): a name over
// a limit is refused naming the field and the limit, nothing is cut.
func (s *Service) createMissing(ctx context.Context, c *ent.Client, v *auth.Viewer, m mailmsg.Message, p plan, out *linked, res *Result) error {
	found := map[string]bool{}
	switch p.create {
	case emailkind.CreateLead:
		have := out.leads
		if !p.scope.Leads {
			var err error
			if have, err = s.leadsByAddress(ctx, c, v, p.addresses); err != nil {
				return err
			}
			out.leads = append(out.leads, have...)
		}
		for _, l := range have {
			found[FoldAddress(l.Email)] = true
		}
	case emailkind.CreateContact:
		have := out.contacts
		if !p.scope.Contacts {
			var err error
			if have, err = s.contactsByAddress(ctx, c, v, p.addresses); err != nil {
				return err
			}
			out.contacts = append(out.contacts, have...)
		}
		for _, x := range have {
			found[FoldAddress(x.Email)] = true
		}
	default:
		return apperr.Invalid("createMissing", "createMissing must be LEAD or CONTACT")
	}
	for _, addr := range Unmatched(p.addresses, found) {
		first, last, err := newName(m, addr)
		if err != nil {
			return err
		}
		written := writtenAddress(m, addr)
		if p.create == emailkind.CreateLead {
			l, err := c.Lead.Create().SetFirstName(first).SetLastName(last).SetEmail(written).SetOwnerID(v.UserID).
				SetLeadSource("Email").Save(ctx)
			if err != nil {
				return err
			}
			out.leads = append(out.leads, l)
			res.CreatedLeads = append(res.CreatedLeads, l)
			continue
		}
		x, err := c.Contact.Create().SetFirstName(first).SetLastName(last).SetEmail(written).SetOwnerID(v.UserID).Save(ctx)
		if err != nil {
			return err
		}
		out.contacts = append(out.contacts, x)
		res.CreatedContacts = append(res.CreatedContacts, x)
	}
	return nil
}

// newName is the name of the record created for addr, within SY-3's limits (first name 40,
// last name 80, email 254 characters: the sync engine's mapping, shared by leads).
func newName(m mailmsg.Message, addr string) (first, last string, err error) {
	first, last = SplitName(DisplayName(m, addr), addr)
	fields := map[string]string{"lastName": last, "email1": writtenAddress(m, addr)}
	if first != "" {
		fields["firstName"] = first
	}
	if _, ig := datasync.Map(syncenum.Contacts, datasync.Item{Fields: fields}, true); ig != nil {
		field := map[string]string{"firstName": "firstName", "lastName": "lastName", "email1": "email"}[ig.Field]
		if ig.Reason == datasync.ReasonTooLong {
			return "", "", apperr.Invalid(field, "the %s made from the sender's name is %d characters long; the limit is %d (nothing is cut: add the email to a record you choose, or shorten the name in your mail client)",
				field, ig.Length, ig.Limit).With("limit", ig.Limit)
		}
		return "", "", apperr.Invalid(field, "the %s made from %s cannot be used (%s)", field, addr, ig.Reason)
	}
	return first, last, nil
}

// writtenAddress is addr as the message wrote it (its case kept for the record's email).
func writtenAddress(m mailmsg.Message, addr string) string {
	for _, list := range [][]mailmsg.Address{{m.From}, m.To, m.Cc} {
		for _, a := range list {
			if FoldAddress(a.Address) == addr {
				return a.Address
			}
		}
	}
	return addr
}
