package billing

import (
	"context"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
)

// CurrencyHook refuses an organization currency the catalogue does not price in (issue 9 item
// 12: "ZZZ" was accepted and stored, and the org could then not be billed), at sign-up and on
// every update. The schema checks the code is ISO 4217; this checks it is one billing can
// charge in. Register it once with client.Use.
func CurrencyHook(s *Service) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if om, ok := m.(*ent.OrganizationMutation); ok {
				if cur, set := om.Currency(); set {
					if err := s.Catalogue.CheckCurrency(cur); err != nil {
						return nil, err
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// CheckCurrency is VALIDATION on field currency unless the catalogue prices in currency.
func (c *Catalogue) CheckCurrency(currency string) error {
	if !c.HasCurrency(currency) {
		return apperr.Invalid("currency", "%s must be a currency the plans are priced in (%s); got %q",
			"currency", strings.Join(c.Currencies, ", "), currency)
	}
	return nil
}
