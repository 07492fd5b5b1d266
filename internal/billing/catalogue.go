package billing

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Plan codes the rules refer to by name (SB-1). The catalogue may hold other paid plans.
const (
	PlanFree         = "FREE"
	PlanStandard     = "STANDARD"
	PlanProfessional = "PROFESSIONAL"
	PlanEnterprise   = "ENTERPRISE"
	PlanUltimate     = "ULTIMATE"
)

// Add-on codes (SB-3, BK-9, BK-11).
const (
	AddOnExtraStorage = "EXTRA_STORAGE" // recurring, per GB per month
	AddOnWeeklyBackup = "WEEKLY_BACKUP" // recurring, covers WEEKLY backup runs (BK-9)
	AddOnBackupUnit   = "BACKUP_UNIT"   // one-time, one prepaid backup run (BK-11)
)

// Cycle is how often a subscription is billed.
type Cycle string

const (
	Monthly Cycle = "MONTHLY"
	Yearly  Cycle = "YEARLY" // 12 × the per-month yearly price, billed up front
)

// Months is the length of one billing period in months.
func (c Cycle) Months() int64 {
	if c == Yearly {
		return 12
	}
	return 1
}

// Valid reports whether c is MONTHLY or YEARLY.
func (c Cycle) Valid() bool { return c == Monthly || c == Yearly }

// LicenseKind is the kind of user license (SB-6); the names match ent's user.license_kind.
type LicenseKind string

const (
	Regular LicenseKind = "REGULAR"
	Team    LicenseKind = "TEAM" // cheaper, limited access
)

// AddOnKind says how an add-on is billed.
type AddOnKind string

const (
	Recurring AddOnKind = "RECURRING" // per unit per month, prorated like licenses (SB-4)
	OneTime   AddOnKind = "ONE_TIME"  // per unit, charged once, never prorated
)

// Catalogue is the plan catalogue (SB-1): data, not code. Load it with DefaultCatalogue or
// LoadCatalogue; both validate it. Treat a loaded catalogue as read-only.
type Catalogue struct {
	Comment    []string `json:"_comment,omitempty"` // free text, ignored
	Currencies []string `json:"currencies"`         // ISO-4217 codes every price is given in
	Plans      []Plan   `json:"plans"`              // sorted by Rank after loading
	AddOns     []AddOn  `json:"addOns"`
	// Services and Bundle are the suite bundle's (catalogue_bundle.go); optional.
	Services []ServiceEntry `json:"services,omitempty"`
	Bundle   *BundleEntry   `json:"bundle,omitempty"`

	// current holds the stored current price versions once the catalogue is seeded into the
	// database (SetCurrent); empty, CurrentPrice uses the prices above with ID 0.
	current map[priceKey]PriceVersion
}

// Plan is one subscription plan.
type Plan struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Names are the plan's name per language (en, ja, fr); a language missing reads Name.
	Names map[string]string `json:"names,omitempty"`
	// Product is what the plan is for: CRM (default), or a member service of the suite bundle.
	Product string `json:"product,omitempty"`
	// Rank orders plans for upgrade (higher) and downgrade (lower); FREE has the lowest.
	Rank int `json:"rank"`
	// MaxUsers caps regular + team licenses; 0 means no limit.
	MaxUsers int `json:"maxUsers"`
	// RecordLimit caps CRM records (SB-8); 0 means no limit.
	RecordLimit int `json:"recordLimit"`
	// StorageGB is the file storage included, before EXTRA_STORAGE.
	StorageGB int `json:"storageGB"`
	// FreeBackupsPerMonth is the backup quota per calendar month (BK-9).
	FreeBackupsPerMonth int      `json:"freeBackupsPerMonth"`
	Features            []string `json:"features"`
	// Prices by currency code.
	Prices map[string]PlanPrice `json:"prices"`
}

// PlanPrice is a plan's price in one currency, per user per month, in minor units.
// The yearly prices are per month too, billed 12× up front (cheaper than monthly).
type PlanPrice struct {
	Monthly     int64 `json:"monthly"`
	Yearly      int64 `json:"yearly"`
	TeamMonthly int64 `json:"teamMonthly"`
	TeamYearly  int64 `json:"teamYearly"`
}

// AddOn is something bought beside the plan (SB-3).
type AddOn struct {
	Code string    `json:"code"`
	Name string    `json:"name"`
	Kind AddOnKind `json:"kind"`
	Unit string    `json:"unit"` // what one unit is: "GB", "backup"…
	// MaxQuantity caps the units held at once; 0 means no limit (WEEKLY_BACKUP is on/off: 1).
	MaxQuantity int `json:"maxQuantity"`
	// PaidPlansOnly refuses the add-on on FREE (BK-11: the free plan can only buy units).
	PaidPlansOnly bool `json:"paidPlansOnly"`
	// Prices by currency, minor units per unit per month (RECURRING) or per unit (ONE_TIME).
	Prices map[string]int64 `json:"prices"`
}

//go:embed catalogue.json
var defaultCatalogueJSON []byte

// DefaultCatalogue returns the catalogue shipped with the binary (catalogue.json). Each call
// returns a fresh copy. It panics if the embedded file is invalid, which a test prevents.
func DefaultCatalogue() *Catalogue {
	c, err := LoadCatalogue(bytes.NewReader(defaultCatalogueJSON))
	if err != nil {
		panic("billing: embedded catalogue.json is invalid: " + err.Error())
	}
	return c
}

// LoadCatalogue reads a catalogue in catalogue.json's format (to override the default from a
// file) and validates it. Unknown fields are refused so a typo cannot silently drop a price.
// The error is a VALIDATION *apperr.Error (Field "catalogue") listing every problem found.
func LoadCatalogue(r io.Reader) (*Catalogue, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, apperr.Invalid("catalogue", "plan catalogue: cannot read JSON: %v", err)
	}
	if dec.More() {
		return nil, apperr.Invalid("catalogue", "plan catalogue: unexpected data after the JSON object")
	}
	if problems := c.validate(); len(problems) > 0 {
		return nil, apperr.Invalid("catalogue", "plan catalogue is invalid: %s", strings.Join(problems, "; "))
	}
	slices.SortFunc(c.Plans, func(a, b Plan) int { return a.Rank - b.Rank })
	return &c, nil
}

var (
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
	codeRE     = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// validate returns every problem of c, each naming where it is.
func (c *Catalogue) validate() []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if len(c.Currencies) == 0 {
		add("currencies: none listed")
	}
	seen := map[string]bool{}
	for _, cur := range c.Currencies {
		if !currencyRE.MatchString(cur) {
			add("currencies: %q is not an ISO-4217 code", cur)
		}
		if seen[cur] {
			add("currencies: %s listed twice", cur)
		}
		seen[cur] = true
	}

	if c.Plan(PlanFree) == nil {
		add("plans: the %s plan is missing", PlanFree)
	}
	codes, ranks := map[string]bool{}, map[int]string{}
	for _, pl := range c.Plans {
		where := fmt.Sprintf("plans[%s]", pl.Code)
		if !codeRE.MatchString(pl.Code) {
			add("%s: code must be upper-case letters, digits and _", where)
		}
		if codes[pl.Code] {
			add("%s: code used twice", where)
		}
		codes[pl.Code] = true
		if other, dup := ranks[pl.Rank]; dup {
			add("%s: rank %d already used by %s", where, pl.Rank, other)
		}
		ranks[pl.Rank] = pl.Code
		p = append(p, pl.validate(where, c.Currencies)...)
	}
	if free := c.Plan(PlanFree); free != nil {
		for _, pl := range c.Plans {
			if pl.Code != PlanFree && pl.Rank <= free.Rank {
				add("plans[%s]: rank %d must be above FREE's %d", pl.Code, pl.Rank, free.Rank)
			}
		}
	}

	addOnCodes := map[string]bool{}
	for _, a := range c.AddOns {
		where := fmt.Sprintf("addOns[%s]", a.Code)
		if !codeRE.MatchString(a.Code) {
			add("%s: code must be upper-case letters, digits and _", where)
		}
		if addOnCodes[a.Code] {
			add("%s: code used twice", where)
		}
		addOnCodes[a.Code] = true
		p = append(p, a.validate(where, c.Currencies)...)
	}
	if bu := c.AddOn(AddOnBackupUnit); bu == nil {
		add("addOns: %s is missing", AddOnBackupUnit)
	} else if bu.Kind != OneTime {
		add("addOns[%s]: kind must be %s", AddOnBackupUnit, OneTime)
	}
	return append(p, c.validateBundle()...)
}

func (pl *Plan) validate(where string, currencies []string) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, where+": "+fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(pl.Name) == "" {
		add("name is empty")
	}
	for lang, n := range pl.Names {
		if !slices.Contains(PlanLanguages, lang) || strings.TrimSpace(n) == "" || len(n) > 120 {
			add("names.%s: a language of %v and a name of 1-120 bytes", lang, PlanLanguages)
		}
	}
	if pl.Product != "" && !codeRE.MatchString(pl.Product) {
		add("product must be upper-case letters, digits and _")
	}
	if pl.Rank < 0 {
		add("rank must not be negative")
	}
	if pl.MaxUsers < 0 || pl.RecordLimit < 0 || pl.StorageGB < 0 || pl.FreeBackupsPerMonth < 0 {
		add("maxUsers, recordLimit, storageGB and freeBackupsPerMonth must not be negative")
	}
	feats := map[string]bool{}
	for _, f := range pl.Features {
		if strings.TrimSpace(f) == "" || feats[f] {
			add("feature %q is empty or listed twice", f)
		}
		feats[f] = true
	}
	for _, cur := range currencies {
		pr, ok := pl.Prices[cur]
		if !ok {
			add("prices.%s: missing", cur)
			continue
		}
		p = append(p, pr.validate(fmt.Sprintf("%s: prices.%s", where, cur), pl.Code == PlanFree)...)
	}
	for cur := range pl.Prices {
		if !slices.Contains(currencies, cur) {
			add("prices.%s: currency not in the currencies list", cur)
		}
	}
	return p
}

func (pr PlanPrice) validate(where string, free bool) []string {
	var p []string
	all := []int64{pr.Monthly, pr.Yearly, pr.TeamMonthly, pr.TeamYearly}
	switch {
	case free && slices.ContainsFunc(all, func(v int64) bool { return v != 0 }):
		p = append(p, where+": the FREE plan's prices must all be 0")
	case !free && slices.ContainsFunc(all, func(v int64) bool { return v <= 0 }):
		p = append(p, where+": a paid plan's prices must all be above 0")
	}
	if pr.Yearly > pr.Monthly || pr.TeamYearly > pr.TeamMonthly {
		p = append(p, where+": the yearly price per month must not exceed the monthly price")
	}
	if pr.TeamMonthly > pr.Monthly || pr.TeamYearly > pr.Yearly {
		p = append(p, where+": a team user must not cost more than a regular user")
	}
	return p
}

func (a *AddOn) validate(where string, currencies []string) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, where+": "+fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(a.Name) == "" || strings.TrimSpace(a.Unit) == "" {
		add("name and unit must not be empty")
	}
	if a.Kind != Recurring && a.Kind != OneTime {
		add("kind must be %s or %s, not %q", Recurring, OneTime, a.Kind)
	}
	if a.MaxQuantity < 0 {
		add("maxQuantity must not be negative")
	}
	for _, cur := range currencies {
		v, ok := a.Prices[cur]
		switch {
		case !ok:
			add("prices.%s: missing", cur)
		case v <= 0:
			add("prices.%s: must be above 0", cur)
		}
	}
	for cur := range a.Prices {
		if !slices.Contains(currencies, cur) {
			add("prices.%s: currency not in the currencies list", cur)
		}
	}
	return p
}

// Plan returns the plan with code, or nil.
func (c *Catalogue) Plan(code string) *Plan {
	for i := range c.Plans {
		if c.Plans[i].Code == code {
			return &c.Plans[i]
		}
	}
	return nil
}

// AddOn returns the add-on with code, or nil.
func (c *Catalogue) AddOn(code string) *AddOn {
	for i := range c.AddOns {
		if c.AddOns[i].Code == code {
			return &c.AddOns[i]
		}
	}
	return nil
}

// HasCurrency reports whether the catalogue prices in currency.
func (c *Catalogue) HasCurrency(currency string) bool { return slices.Contains(c.Currencies, currency) }

// PlanLanguages are the languages a plan is named in.
var PlanLanguages = []string{"en", "ja", "fr"}

// LocalName is the plan's name in lang (en, ja, fr), or Name.
func (pl *Plan) LocalName(lang string) string {
	if n := pl.Names[lang]; n != "" {
		return n
	}
	return pl.Name
}

// ProductCode is the plan's product, CRM by default.
func (pl *Plan) ProductCode() string {
	if pl.Product == "" {
		return "CRM"
	}
	return pl.Product
}

// Paid reports whether the plan costs money (every plan but FREE).
func (pl *Plan) Paid() bool { return pl.Code != PlanFree }

// HasFeature reports whether the plan includes feature.
func (pl *Plan) HasFeature(feature string) bool { return slices.Contains(pl.Features, feature) }

// UserPrice is the price of one license of kind per month under cycle, in currency.
// For YEARLY it is the discounted per-month price; a year costs 12 × that.
func (pl *Plan) UserPrice(cycle Cycle, kind LicenseKind, currency string) (Money, error) {
	pr, ok := pl.Prices[currency]
	if !ok {
		return Money{}, apperr.Invalid("currency", "the %s plan has no price in %s", pl.Name, currency)
	}
	var v int64
	switch {
	case cycle == Monthly && kind == Regular:
		v = pr.Monthly
	case cycle == Yearly && kind == Regular:
		v = pr.Yearly
	case cycle == Monthly && kind == Team:
		v = pr.TeamMonthly
	case cycle == Yearly && kind == Team:
		v = pr.TeamYearly
	default:
		return Money{}, apperr.Invalid("cycle", "unknown billing cycle %q or license kind %q", cycle, kind)
	}
	return Money{Amount: v, Currency: currency}, nil
}

// UnitPrice is the add-on's price for one unit in currency: per month for RECURRING add-ons,
// once for ONE_TIME ones.
func (a *AddOn) UnitPrice(currency string) (Money, error) {
	v, ok := a.Prices[currency]
	if !ok {
		return Money{}, apperr.Invalid("currency", "the %s add-on has no price in %s", a.Name, currency)
	}
	return Money{Amount: v, Currency: currency}, nil
}
