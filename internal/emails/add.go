package emails

// The one path every add takes (EM-1…EM-5): bound the message, store its attachments, then in
// one change find or create the email (one per Message-ID in the org), link the records
// matched, chosen or created, attach the files to the records newly linked, and audit it.

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/email"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/attachments"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// Result is what an add did.
type Result struct {
	Email *ent.Email
	// AlreadyAdded: the org had the email (same Message-ID); the records matched now were
	// linked to it, nothing was duplicated.
	AlreadyAdded bool
	// Records linked by this add (not those linked before).
	LinkedLeads    []*ent.Lead
	LinkedContacts []*ent.Contact
	LinkedDeals    []*ent.Deal
	// Records created for addresses that matched none (EM-5).
	CreatedLeads    []*ent.Lead
	CreatedContacts []*ent.Contact
	// Attachments created on the records newly linked.
	Attachments []*ent.Attachment
	// SupportCase is the case created from the email (EM-4).
	SupportCase *ent.SupportCase
	newCase     bool // created by this add (not an earlier add of the same Message-ID)
}

// plan is what one add does.
type plan struct {
	scope        Scope            // modules the addresses are matched against
	addresses    []string         // folded addresses matched (MatchAddresses)
	create       emailkind.Create // "" or the kind of record created for an unmatched address (EM-5)
	leadIDs      []int            // records chosen by the user (EM-2)
	contactIDs   []int
	dealIDs      []int
	attachments  bool
	requireMatch bool                            // nothing matched, chosen or created: NO_MATCHING_RECORD
	asCase       *caseChoice                     // EM-4
	how          string                          // for the audit entry: "matched", "chosen", "sent", "dropbox", "case"
	retried      bool                            // the add lost a race on its Message-ID and runs once more
	also         func(*change.Tx, *Result) error // more of the same change (send and add queues its mail)
}

// linked is what the transaction found, created and linked.
type linked struct {
	leads    []*ent.Lead
	contacts []*ent.Contact
	deals    []*ent.Deal
}

// add applies p to m as the viewer of ctx.
func (s *Service) add(ctx context.Context, m mailmsg.Message, p plan) (*Result, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	m.MessageID = mailmsg.NormalizeMessageID(m.MessageID)
	m.From.Address = strings.TrimSpace(m.From.Address)
	if err := CheckMessage(m); err != nil {
		return nil, err
	}
	if m.Date.IsZero() {
		m.Date = s.now().Now()
	}
	for _, ids := range [][]int{p.leadIDs, p.contactIDs, p.dealIDs} {
		if len(ids) > MaxTargetIDs {
			return nil, apperr.Invalid("ids", "at most %d records of each module can be chosen at once; got %d", MaxTargetIDs, len(ids))
		}
	}
	stored, err := s.store(ctx, m, p.attachments)
	if err != nil {
		return nil, err
	}
	var res *Result
	kept := false
	err = s.withTx(ctx, func(tx *change.Tx) error {
		var err error
		res, err = s.apply(ctx, tx, v, m, p, stored)
		kept = err == nil && len(res.Attachments) > 0
		return err
	})
	if !kept {
		for _, st := range stored {
			st.Discard(ctx)
		}
	}
	if err != nil {
		if ent.IsConstraintError(err) && m.MessageID != "" && !p.retried {
			// Another add of the same Message-ID committed first (PostgreSQL; SQLite
			// serialises writers): this one links to it.
			p.retried = true
			return s.add(ctx, m, p)
		}
		return nil, err
	}
	res.unwrap()
	return res, nil
}

// unwrap rebinds the entities made in the committed transaction to the client's driver, so
// that the API can load their edges (ent's Unwrap; each entity once: a created record is also
// a linked one).
func (r *Result) unwrap() {
	seen := map[any]bool{}
	once := func(p any, f func()) {
		if !seen[p] {
			seen[p] = true
			f()
		}
	}
	once(r.Email, func() { r.Email.Unwrap() })
	if r.SupportCase != nil {
		once(r.SupportCase, func() { r.SupportCase.Unwrap() })
	}
	for _, l := range append(append([]*ent.Lead(nil), r.LinkedLeads...), r.CreatedLeads...) {
		once(l, func() { l.Unwrap() })
	}
	for _, x := range append(append([]*ent.Contact(nil), r.LinkedContacts...), r.CreatedContacts...) {
		once(x, func() { x.Unwrap() })
	}
	for _, d := range r.LinkedDeals {
		once(d, func() { d.Unwrap() })
	}
	for _, a := range r.Attachments {
		once(a, func() { a.Unwrap() })
	}
}

// store writes the message's attachments to the org's store before the transaction (PL-7:
// store then row); rows are created only on records newly linked.
func (s *Service) store(ctx context.Context, m mailmsg.Message, want bool) ([]*attachments.Stored, error) {
	if !want || len(m.Attachments) == 0 {
		return nil, nil
	}
	if s.Attachments == nil {
		return nil, apperr.New(apperr.Unavailable, "attachments cannot be stored by this process")
	}
	var out []*attachments.Stored
	for i, a := range m.Attachments {
		name := strings.TrimSpace(a.Filename)
		if name == "" {
			name = fmt.Sprintf("attachment-%d", i+1)
		}
		st, err := s.Attachments.Store(ctx, name, a.ContentType, bytes.NewReader(a.Data))
		if err != nil {
			for _, st := range out {
				st.Discard(ctx)
			}
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func (s *Service) apply(ctx context.Context, tx *change.Tx, v *auth.Viewer, m mailmsg.Message, p plan, stored []*attachments.Stored) (*Result, error) {
	c := tx.Client()
	res := &Result{}
	var err error
	if m.MessageID != "" {
		res.Email, err = c.Email.Query().Where(email.MessageID(m.MessageID)).Only(ctx) // privacy: this org's
		if err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
		res.AlreadyAdded = res.Email != nil
	}
	var want linked
	if want, err = s.matched(ctx, c, v, p); err != nil {
		return nil, err
	}
	if err := s.chosen(ctx, c, v, p, &want); err != nil {
		return nil, err
	}
	if p.create != "" {
		if err := s.createMissing(ctx, c, v, m, p, &want, res); err != nil {
			return nil, err
		}
	}
	if p.asCase != nil {
		if res.SupportCase, err = s.createCase(ctx, c, v, m, p.asCase, res, &want); err != nil {
			return nil, err
		}
	}
	if p.requireMatch && len(want.leads)+len(want.contacts)+len(want.deals) == 0 {
		return nil, noMatch(p)
	}
	if res.Email == nil {
		if res.Email, err = createEmail(ctx, c, m); err != nil {
			return nil, err
		}
	}
	if err := link(ctx, c, res, want); err != nil {
		return nil, err
	}
	if res.SupportCase != nil && res.Email.SupportCaseID == nil {
		if res.Email, err = c.Email.UpdateOne(res.Email).SetSupportCaseID(res.SupportCase.ID).Save(ctx); err != nil {
			return nil, err
		}
	}
	if err := attach(ctx, c, res, stored); err != nil {
		return nil, err
	}
	if p.also != nil {
		if err := p.also(tx, res); err != nil {
			return nil, err
		}
	}
	return res, tx.Audit(addedEntry(v, m, p, res))
}

func noMatch(p plan) error {
	var mods []string
	if p.scope.Leads {
		mods = append(mods, "lead")
	}
	if p.scope.Contacts {
		mods = append(mods, "contact")
	}
	if len(mods) == 0 {
		return apperr.Invalid("leadIds", "choose at least one lead, contact or deal to add the email to (or createMissing)")
	}
	return apperr.New(apperr.NoMatchingRecord, "no %s of yours has the address %s; choose the records (addEmailTo) or create one (createMissing)",
		strings.Join(mods, " or "), strings.Join(p.addresses, ", ")).With("addresses", p.addresses)
}

// createEmail stores the message as an Email.
func createEmail(ctx context.Context, c *ent.Client, m mailmsg.Message) (*ent.Email, error) {
	cr := c.Email.Create().SetSubject(strings.TrimSpace(m.Subject)).SetFromAddress(m.From.Address).
		SetSentAt(m.Date.UTC()).SetDirection(email.Direction(m.Direction)).
		SetToAddresses(addresses(m.To)).SetCcAddresses(addresses(m.Cc))
	if n := strings.TrimSpace(m.From.Name); n != "" {
		cr.SetFromName(n)
	}
	if m.Text != "" {
		cr.SetBody(m.Text)
	}
	if m.HTML != "" {
		cr.SetHTMLBody(m.HTML)
	}
	if m.MessageID != "" {
		cr.SetMessageID(m.MessageID)
	}
	return cr.Save(ctx)
}

func addresses(list []mailmsg.Address) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, strings.TrimSpace(a.Address))
	}
	return out
}

// link adds the records of want that the email is not linked to yet, and keeps them in res.
func link(ctx context.Context, c *ent.Client, res *Result, want linked) error {
	e := res.Email
	hadLeads, err := e.QueryLeads().IDs(ctx)
	if err != nil {
		return err
	}
	hadContacts, err := e.QueryContacts().IDs(ctx)
	if err != nil {
		return err
	}
	hadDeals, err := e.QueryDeals().IDs(ctx)
	if err != nil {
		return err
	}
	res.LinkedLeads = newOnes(want.leads, hadLeads, func(l *ent.Lead) int { return l.ID })
	res.LinkedContacts = newOnes(want.contacts, hadContacts, func(x *ent.Contact) int { return x.ID })
	res.LinkedDeals = newOnes(want.deals, hadDeals, func(d *ent.Deal) int { return d.ID })
	if len(res.LinkedLeads)+len(res.LinkedContacts)+len(res.LinkedDeals) == 0 {
		return nil
	}
	res.Email, err = c.Email.UpdateOne(e).
		AddLeadIDs(ids(res.LinkedLeads, func(l *ent.Lead) int { return l.ID })...).
		AddContactIDs(ids(res.LinkedContacts, func(x *ent.Contact) int { return x.ID })...).
		AddDealIDs(ids(res.LinkedDeals, func(d *ent.Deal) int { return d.ID })...).Save(ctx)
	return err
}

// newOnes are the records of want not in had, each once.
func newOnes[T any](want []T, had []int, id func(T) int) []T {
	seen := map[int]bool{}
	for _, h := range had {
		seen[h] = true
	}
	var out []T
	for _, w := range want {
		if !seen[id(w)] {
			seen[id(w)] = true
			out = append(out, w)
		}
	}
	return out
}

func ids[T any](list []T, id func(T) int) []int {
	out := make([]int, len(list))
	for i, x := range list {
		out[i] = id(x)
	}
	return out
}

// attach creates a row of each stored file on each record newly linked (and the new case): a
// record gets an email's files once, however often the email is added.
func attach(ctx context.Context, c *ent.Client, res *Result, stored []*attachments.Stored) error {
	if len(stored) == 0 {
		return nil
	}
	var rows []*ent.AttachmentCreate
	for _, st := range stored {
		for _, l := range res.LinkedLeads {
			rows = append(rows, st.Fill(c.Attachment.Create()).SetLeadID(l.ID))
		}
		for _, x := range res.LinkedContacts {
			rows = append(rows, st.Fill(c.Attachment.Create()).SetContactID(x.ID))
		}
		for _, d := range res.LinkedDeals {
			rows = append(rows, st.Fill(c.Attachment.Create()).SetDealID(d.ID))
		}
		if res.newCase {
			rows = append(rows, st.Fill(c.Attachment.Create()).SetSupportCaseID(res.SupportCase.ID))
		}
	}
	if len(rows) == 0 {
		return nil
	}
	var err error
	res.Attachments, err = c.Attachment.CreateBulk(rows...).Save(ctx)
	return err
}

// addedEntry is the audit entry of an add ("email.added"); its details word the SPA's sentence.
func addedEntry(v *auth.Viewer, m mailmsg.Message, p plan, res *Result) audit.Entry {
	subject := strings.TrimSpace(m.Subject)
	if subject == "" {
		subject = NoSubject
	}
	return audit.Entry{Action: "email.added", TargetType: "Email", TargetID: res.Email.ID,
		Summary: fmt.Sprintf("%s added the email “%s” from %s to %s, %s and %s", v.Name, clipRunes(subject, 120),
			m.From.Address, count(len(res.LinkedLeads), "lead"), count(len(res.LinkedContacts), "contact"),
			count(len(res.LinkedDeals), "deal")),
		Details: map[string]any{"subject": clipRunes(subject, 120), "from": m.From.Address, "direction": string(m.Direction),
			"messageId": m.MessageID, "how": p.how, "alreadyAdded": res.AlreadyAdded,
			"leads": len(res.LinkedLeads), "contacts": len(res.LinkedContacts), "deals": len(res.LinkedDeals),
			"createdLeads": len(res.CreatedLeads), "createdContacts": len(res.CreatedContacts),
			"attachments": len(res.Attachments)}}
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// count is "1 lead", "2 leads" (English summaries; the SPA words entries from their details).
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
