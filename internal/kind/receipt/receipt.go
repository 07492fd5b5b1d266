// Package receipt holds the stored form of what a payment paid for (SB-13): the lines of a
// quote as kept in a payment row and shown in the payment history. A leaf vocabulary package
// (internal/kind/…): standard library only, shared by ent (a JSON field type), billing's rules
// and gqlgen's model binding.
package receipt

// Line is one itemised line of a quote or a payment. Amounts are integer minor units of the
// payment's currency; Amount is never negative, Kind gives the sign.
type Line struct {
	Kind        string `json:"kind"`              // CHARGE or CREDIT
	Product     string `json:"product"`           // PLAN or ADDON
	Code        string `json:"code"`              // plan or add-on code
	LicenseKind string `json:"license,omitempty"` // REGULAR or TEAM for plan lines
	Description string `json:"description"`
	Quantity    int    `json:"quantity"`
	// UnitAmount is one unit for a whole period of the line's cycle (recurring) or once.
	UnitAmount int64 `json:"unitAmount"`
	// Seconds of PeriodSeconds are charged or credited; both 0 for one-time lines.
	Seconds       int64 `json:"seconds"`
	PeriodSeconds int64 `json:"periodSeconds"`
	Amount        int64 `json:"amount"`
}

// Signed is the line's amount with credits negative.
func (l Line) Signed() int64 {
	if l.Kind == "CREDIT" {
		return -l.Amount
	}
	return l.Amount
}
