package emails

import (
	"context"

	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// AddInput is "add email" (EM-1) and "search and add" (EM-2).
type AddInput struct {
	Message mailmsg.Message
	// WithAttachments: keep the message's attachments on the records linked; nil: the user's
	// setting (keep attachments by default).
	WithAttachments *bool
	// CreateMissing: create a lead or contact for each address that has none (EM-5); "": none.
	CreateMissing emailkind.Create
	// LeadIDs, ContactIDs, DealIDs: the records chosen (EM-2); at most MaxTargetIDs each.
	LeadIDs, ContactIDs, DealIDs []int
}

// Add is EM-1: the message goes to the leads and contacts matched by its sender (received) or
// its recipients (sent), per the user's settings, and to the records created for the others
// when CreateMissing says so. The same Message-ID twice in an org is one email, linked to the
// records newly matched. Nothing matched: NO_MATCHING_RECORD, nothing stored.
func (s *Service) Add(ctx context.Context, in AddInput) (*Result, error) {
	st, err := s.viewerSettings(ctx)
	if err != nil {
		return nil, err
	}
	p := plan{scope: MatchScope(st, false), addresses: MatchAddresses(in.Message), create: in.CreateMissing,
		attachments: keep(in.WithAttachments, st), requireMatch: true, how: "matched"}
	return s.add(ctx, in.Message, p)
}

// AddTo is EM-2: the message goes to the records chosen (found with Targets), whatever the
// settings; with CreateMissing, also to a record created for each address with none.
func (s *Service) AddTo(ctx context.Context, in AddInput) (*Result, error) {
	st, err := s.viewerSettings(ctx)
	if err != nil {
		return nil, err
	}
	p := plan{leadIDs: in.LeadIDs, contactIDs: in.ContactIDs, dealIDs: in.DealIDs, create: in.CreateMissing,
		attachments: keep(in.WithAttachments, st), requireMatch: true, how: "chosen"}
	if in.CreateMissing != "" {
		p.addresses = MatchAddresses(in.Message)
	}
	return s.add(ctx, in.Message, p)
}

// viewerSettings is the signed-in user's email settings (UNAUTHENTICATED without a user): the
// first step of every "add" (EM-1, EM-2, EM-4).
func (s *Service) viewerSettings(ctx context.Context) (Settings, error) {
	v, err := viewer(ctx)
	if err != nil {
		return Settings{}, err
	}
	return settingsOf(ctx, s.db(ctx), v.UserID)
}

func keep(with *bool, st Settings) bool {
	if with != nil {
		return *with
	}
	return st.KeepAttachments
}
