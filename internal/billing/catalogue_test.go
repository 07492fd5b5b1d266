package billing

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// SB-1: the shipped catalogue has the five plans, in rank order, priced per user per month
// for both cycles and both license kinds in every supported currency.
func TestDefaultCatalogue_SB1(t *testing.T) {
	c := DefaultCatalogue()
	want := []string{PlanFree, PlanStandard, PlanProfessional, PlanEnterprise, PlanUltimate}
	if got := planCodes(c); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("plans = %v, want %v (by rank)", got, want)
	}
	wantCur := []string{"USD", "EUR", "JPY", "INR", "AUD", "CAD", "GBP", "CNY"}
	if strings.Join(c.Currencies, ",") != strings.Join(wantCur, ",") {
		t.Errorf("currencies = %v, want %v", c.Currencies, wantCur)
	}
	for _, p := range c.Plans {
		for _, cur := range c.Currencies {
			for _, cy := range []Cycle{Monthly, Yearly} {
				for _, k := range []LicenseKind{Regular, Team} {
					m, err := p.UserPrice(cy, k, cur)
					if err != nil {
						t.Fatalf("%s %s %s %s: %v", p.Code, cy, k, cur, err)
					}
					if p.Paid() != (m.Amount > 0) {
						t.Errorf("%s %s %s %s = %v", p.Code, cy, k, cur, m)
					}
				}
			}
		}
	}
}

// SB-1: the prices the product page shows, in USD (yearly = per month, billed 12×).
func TestUSDPrices_SB1(t *testing.T) {
	c := DefaultCatalogue()
	for _, tc := range []struct {
		plan            string
		monthly, yearly string
	}{
		{PlanStandard, "$14.00", "$12.00"},
		{PlanProfessional, "$23.00", "$20.00"},
		{PlanEnterprise, "$40.00", "$35.00"},
		{PlanUltimate, "$52.00", "$45.00"},
	} {
		p := c.Plan(tc.plan)
		m, _ := p.UserPrice(Monthly, Regular, "USD")
		y, _ := p.UserPrice(Yearly, Regular, "USD")
		tm, _ := p.UserPrice(Monthly, Team, "USD")
		if Format(m) != tc.monthly || Format(y) != tc.yearly {
			t.Errorf("%s: %s / %s, want %s / %s", tc.plan, m, y, tc.monthly, tc.yearly)
		}
		if tm.Amount >= m.Amount {
			t.Errorf("%s: team user %s should be cheaper than %s", tc.plan, tm, m)
		}
	}
	jpy, _ := c.Plan(PlanStandard).UserPrice(Monthly, Regular, "JPY")
	if Format(jpy) != "¥2,040" {
		t.Errorf("STANDARD in JPY = %s", jpy)
	}
}

// SB-1, SB-7, SB-8, BK-9: limits and quotas by plan.
func TestLimits_SB1(t *testing.T) {
	c := DefaultCatalogue()
	for _, tc := range []struct {
		plan                          string
		maxUsers, records, freeBackup int
	}{
		{PlanFree, 3, 5000, 0},
		{PlanStandard, 0, 100_000, 2},
		{PlanProfessional, 0, 500_000, 2},
		{PlanEnterprise, 0, 2_000_000, 2},
		{PlanUltimate, 0, 0, 4}, // 0 records = no limit
	} {
		p := c.Plan(tc.plan)
		if p.MaxUsers != tc.maxUsers || p.RecordLimit != tc.records || p.FreeBackupsPerMonth != tc.freeBackup {
			t.Errorf("%s: maxUsers %d records %d backups %d, want %d %d %d", tc.plan,
				p.MaxUsers, p.RecordLimit, p.FreeBackupsPerMonth, tc.maxUsers, tc.records, tc.freeBackup)
		}
		if p.StorageGB <= 0 || len(p.Features) == 0 {
			t.Errorf("%s: storage %d GB, %d features", tc.plan, p.StorageGB, len(p.Features))
		}
	}
	// Issue 17 item 7, BK-9, BK-11: every plan can back up — FREE with backup units only (0 free
	// backups a month) — so the plan table lists data backup on every plan, FREE included.
	for _, p := range c.Plans {
		if !p.HasFeature("data-backup") {
			t.Errorf("%s: can buy backup units and schedule backups, but its features lack data-backup", p.Code)
		}
	}
	if c.Plan(PlanFree).FreeBackupsPerMonth != 0 {
		t.Error("BK-9: FREE backs up with units only")
	}
}

// SB-3, BK-11: add-ons and their kinds; a backup unit is $10 by default.
func TestAddOns_SB3(t *testing.T) {
	c := DefaultCatalogue()
	for code, kind := range map[string]AddOnKind{AddOnExtraStorage: Recurring, AddOnWeeklyBackup: Recurring, AddOnBackupUnit: OneTime} {
		a := c.AddOn(code)
		if a == nil || a.Kind != kind {
			t.Fatalf("%s: %+v, want kind %s", code, a, kind)
		}
		for _, cur := range c.Currencies {
			if _, err := a.UnitPrice(cur); err != nil {
				t.Errorf("%s: %v", code, err)
			}
		}
	}
	if p, _ := c.AddOn(AddOnBackupUnit).UnitPrice("USD"); Format(p) != "$10.00" {
		t.Errorf("backup unit = %s, want $10.00", p)
	}
	if _, err := c.AddOn(AddOnBackupUnit).UnitPrice("XXX"); apperr.CodeOf(err) != apperr.Validation {
		t.Errorf("unknown currency: %v", err)
	}
}

// SB-1 "data, not code": a catalogue file overrides the default.
func TestLoadCatalogueOverride_SB1(t *testing.T) {
	r := mutatedCatalogue(t, func(m map[string]any) {
		plan(m, "STANDARD")["prices"].(map[string]any)["USD"].(map[string]any)["monthly"] = 1500
	})
	c, err := LoadCatalogue(r)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Plan(PlanStandard).UserPrice(Monthly, Regular, "USD"); p.Amount != 1500 {
		t.Errorf("override not applied: %v", p)
	}
}

// SB-1: a bad catalogue is refused on load, saying where the problem is.
func TestLoadCatalogueErrors_SB1(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(map[string]any)
		want   string
	}{
		{"unknown field", func(m map[string]any) { plan(m, "FREE")["maxUser"] = 3 }, `unknown field "maxUser"`},
		{"missing FREE", func(m map[string]any) { plan(m, "FREE")["code"] = "BASIC" }, "the FREE plan is missing"},
		{"missing price", func(m map[string]any) {
			delete(plan(m, "ENTERPRISE")["prices"].(map[string]any), "JPY")
		}, "plans[ENTERPRISE]: prices.JPY: missing"},
		{"extra currency", func(m map[string]any) {
			plan(m, "STANDARD")["prices"].(map[string]any)["CHF"] = map[string]any{"monthly": 1}
		}, "plans[STANDARD]: prices.CHF: currency not in the currencies list"},
		{"zero paid price", func(m map[string]any) {
			plan(m, "STANDARD")["prices"].(map[string]any)["USD"].(map[string]any)["teamYearly"] = 0
		}, "plans[STANDARD]: prices.USD: a paid plan's prices must all be above 0"},
		{"priced FREE", func(m map[string]any) {
			plan(m, "FREE")["prices"].(map[string]any)["EUR"].(map[string]any)["monthly"] = 100
		}, "the FREE plan's prices must all be 0"},
		{"yearly dearer", func(m map[string]any) {
			plan(m, "ULTIMATE")["prices"].(map[string]any)["GBP"].(map[string]any)["yearly"] = 9999
		}, "plans[ULTIMATE]: prices.GBP: the yearly price per month must not exceed the monthly price"},
		{"duplicate code", func(m map[string]any) { plan(m, "ULTIMATE")["code"] = "ENTERPRISE" }, "plans[ENTERPRISE]: code used twice"},
		{"duplicate rank", func(m map[string]any) { plan(m, "ULTIMATE")["rank"] = 3 }, "rank 3 already used by ENTERPRISE"},
		{"negative limit", func(m map[string]any) { plan(m, "FREE")["recordLimit"] = -1 }, "must not be negative"},
		{"bad currency", func(m map[string]any) { m["currencies"] = []any{"usd"} }, `"usd" is not an ISO-4217 code`},
		{"no backup unit", func(m map[string]any) {
			m["addOns"] = m["addOns"].([]any)[:2]
		}, "addOns: BACKUP_UNIT is missing"},
		{"bad add-on kind", func(m map[string]any) {
			m["addOns"].([]any)[0].(map[string]any)["kind"] = "WEEKLY"
		}, `addOns[EXTRA_STORAGE]: kind must be RECURRING or ONE_TIME, not "WEEKLY"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadCatalogue(mutatedCatalogue(t, tc.mutate))
			if apperr.CodeOf(err) != apperr.Validation || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want VALIDATION containing %q", err, tc.want)
			}
		})
	}
	for name, text := range map[string]string{"not JSON": "{", "trailing data": "{} {}"} {
		if _, err := LoadCatalogue(strings.NewReader(text)); apperr.CodeOf(err) != apperr.Validation {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// mutatedCatalogue returns the default catalogue JSON after mutate.
func mutatedCatalogue(t *testing.T, mutate func(map[string]any)) *bytes.Reader {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(defaultCatalogueJSON, &m); err != nil {
		t.Fatal(err)
	}
	mutate(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

func plan(m map[string]any, code string) map[string]any {
	for _, p := range m["plans"].([]any) {
		if p := p.(map[string]any); p["code"] == code {
			return p
		}
	}
	panic("no plan " + code)
}
