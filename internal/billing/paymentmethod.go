package billing

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/paymentmethod"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/i18n"
)

// ---------------------------------------------------------------------------------------
// The card on file (SB-10)

// SetPaymentMethod validates a card, registers it with the gateway and keeps its token,
// brand, last 4 digits and expiry as the org's card on file (replacing any other).
func (s *Service) SetPaymentMethod(ctx context.Context, in CardInput) (*Card, error) {
	if err := requireOwnTx(ctx, "setPaymentMethod"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	info, err := ValidateCard(in, now)
	if err != nil {
		return nil, err
	}
	token, err := s.Gateway.Tokenise(ctx, in)
	if err != nil {
		if d, ok := IsDeclined(err); ok {
			return nil, apperr.New(apperr.PaymentFailed, "The card was refused: %s.", i18n.Phrase(d.Reason)).
				With("failureReason", d.Reason).With("failureCode", d.Code)
		}
		return nil, apperr.Wrap(apperr.Internal, err, "the payment service could not register the card; try again")
	}
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		if _, err := c.PaymentMethod.Delete().Where(paymentmethod.OrgID(v.OrgID)).Exec(ctx); err != nil {
			return err
		}
		if _, err := c.PaymentMethod.Create().SetGateway(s.Gateway.Name()).SetToken(token).SetBrand(string(info.Brand)).
			SetLast4(info.Last4).SetExpMonth(info.ExpMonth).SetExpYear(info.ExpYear).
			SetCreatedAt(now).SetUpdatedAt(now).Save(ctx); err != nil {
			return err
		}
		return tx.Audit(audit.Entry{Action: "billing.card_set", TargetType: "PaymentMethod",
			Summary: fmt.Sprintf("%s set the card on file: %s ending in %s, expiring %02d/%d", v.Name, brandName(info.Brand), info.Last4, info.ExpMonth, info.ExpYear),
			Details: map[string]any{"brand": string(info.Brand), "last4": info.Last4}})
	})
	if err != nil {
		return nil, err
	}
	return &Card{CardInfo: info, AddedAt: now}, nil
}

func brandName(b Brand) string {
	if info, ok := brands[b]; ok {
		return info.name
	}
	return string(b)
}

// RemovePaymentMethod removes the card on file; it reports whether there was one.
func (s *Service) RemovePaymentMethod(ctx context.Context) (bool, error) {
	if err := requireOwnTx(ctx, "removePaymentMethod"); err != nil {
		return false, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return false, err
	}
	removed := false
	err = s.withTx(ctx, func(tx *change.Tx) error {
		c := tx.Client()
		pm, err := c.PaymentMethod.Query().Where(paymentmethod.OrgID(v.OrgID)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := c.PaymentMethod.DeleteOne(pm).Exec(ctx); err != nil {
			return err
		}
		removed = true
		return tx.Audit(audit.Entry{Action: "billing.card_removed", TargetType: "PaymentMethod",
			Summary: fmt.Sprintf("%s removed the card on file (%s ending in %s); renewals fail until a card is added", v.Name, brandName(Brand(pm.Brand)), pm.Last4),
			Details: map[string]any{"brand": pm.Brand, "last4": pm.Last4}})
	})
	return removed, err
}
