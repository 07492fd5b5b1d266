package emails

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/deal"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/ent/predicate"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/textcheck"
)

// Target is a record an email can be added to (EM-2).
type Target struct {
	Module emailkind.Module
	ID     int
	Name   string
	Email  string
	Record ent.Noder
}

// TargetPage is one page of a search.
type TargetPage struct {
	Targets   []*Target
	HasMore   bool
	EndCursor *string // pass as after for the next page
}

// Targets is EM-2's search: leads and contacts whose email address contains query, deals
// whose name contains it (ASCII letters without case), in one module, by ID, first (1–50,
// default 20) after the cursor.
func (s *Service) Targets(ctx context.Context, module emailkind.Module, query string, first *int, after *string) (*TargetPage, error) {
	if _, err := viewer(ctx); err != nil {
		return nil, err
	}
	query = strings.TrimSpace(query)
	switch n := utf8.RuneCountInString(query); {
	case n == 0:
		return nil, apperr.Invalid("query", "query must not be empty: type part of an email address or a deal name")
	case n > MaxQuery:
		return nil, apperr.Invalid("query", "query is %d characters long; the limit is %d", n, MaxQuery)
	}
	if err := textcheck.Line(query); err != nil {
		return nil, apperr.OnField("query", err)
	}
	limit := DefaultPage
	if first != nil {
		if *first < 1 || *first > MaxPage {
			return nil, apperr.Invalid("first", "first must be 1 to %d; got %d", MaxPage, *first)
		}
		limit = *first
	}
	cursor := 0
	if after != nil && *after != "" {
		n, err := strconv.Atoi(*after)
		if err != nil || n < 0 {
			return nil, apperr.Invalid("after", "after is not a cursor of this search; pass endCursor unchanged")
		}
		cursor = n
	}
	c := s.db(ctx)
	var out []*Target
	switch module {
	case emailkind.Leads:
		rows, err := c.Lead.Query().Where(lead.IDGT(cursor), predicate.Lead(store.FoldContains(lead.FieldEmail, query))).
			Order(ent.Asc(lead.FieldID)).Limit(limit + 1).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, &Target{Module: module, ID: r.ID, Name: FullName(r.FirstName, r.LastName), Email: r.Email, Record: r})
		}
	case emailkind.Contacts:
		rows, err := c.Contact.Query().Where(contact.IDGT(cursor), predicate.Contact(store.FoldContains(contact.FieldEmail, query))).
			Order(ent.Asc(contact.FieldID)).Limit(limit + 1).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, &Target{Module: module, ID: r.ID, Name: FullName(r.FirstName, r.LastName), Email: r.Email, Record: r})
		}
	case emailkind.Deals:
		rows, err := c.Deal.Query().Where(deal.IDGT(cursor), predicate.Deal(store.FoldContains(deal.FieldName, query))).
			Order(ent.Asc(deal.FieldID)).Limit(limit + 1).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, &Target{Module: module, ID: r.ID, Name: r.Name, Record: r})
		}
	default:
		return nil, apperr.Invalid("module", "module must be LEADS, CONTACTS or DEALS")
	}
	page := &TargetPage{HasMore: len(out) > limit}
	if page.HasMore {
		out = out[:limit]
	}
	v := viewerOf(ctx)
	for _, t := range out {
		if s.perms().Visible(ctx, v, t.Module, t.ID, ownerOf(t.Record)) {
			page.Targets = append(page.Targets, t)
		}
	}
	if len(out) > 0 {
		end := strconv.Itoa(out[len(out)-1].ID)
		page.EndCursor = &end
	}
	return page, nil
}

func ownerOf(n ent.Noder) *int {
	switch r := n.(type) {
	case *ent.Lead:
		return r.OwnerID
	case *ent.Contact:
		return r.OwnerID
	case *ent.Deal:
		return r.OwnerID
	}
	return nil
}
