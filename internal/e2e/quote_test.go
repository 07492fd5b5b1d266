package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/billing"
)

type quoteView struct {
	TotalDue   money
	QuotedAt   time.Time
	ValidUntil *time.Time
	Token      *string
	Lines      []struct {
		Kind, Code    string
		Quantity      int
		Amount        int64
		Seconds       int64
		PeriodSeconds int64
	}
}

const quoteViewFields = `totalDue { amount currency formatted } quotedAt validUntil token lines { kind code quantity amount seconds periodSeconds }`

func quoteOf(t *testing.T, c *apptest.Client, in map[string]any) quoteView {
	t.Helper()
	var out struct{ QuoteChange quoteView }
	c.MustDo(t, `query($i: SubscriptionChangeInput!) { quoteChange(input: $i) { `+quoteViewFields+` } }`, map[string]any{"i": in}, &out)
	return out.QuoteChange
}

func payQuote(t *testing.T, c *apptest.Client, in map[string]any, key, token string) (*billingResult, *apptest.Response) {
	t.Helper()
	r := c.Do(t, `mutation($i: SubscriptionChangeInput!, $k: String!, $q: String) { changeSubscription(input: $i, idempotencyKey: $k, quoteToken: $q) { `+resultFields+` } }`,
		map[string]any{"i": in, "k": key, "q": token})
	if len(r.Errors) > 0 {
		return nil, r
	}
	var out struct{ ChangeSubscription billingResult }
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return &out.ChangeSubscription, r
}

// Issue 17 item 3 through the API ("Pay ¥207,474" charged ¥207,473): the quote's token paid
// 7 minutes later charges exactly the quoted total; a token that no longer holds — another
// org's, or one made before the subscription changed — is CONFLICT with extensions.reason and
// extensions.quote, the new quote in quoteChange's shape, whose token then pays its total.
func TestIssue17Item3_QuotePromiseAPI(t *testing.T) {
	e := newBillingEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), nil)
	a := e.srv.SignUp(t, "Promise A", "admin@promise-a.test")
	b := e.srv.SignUp(t, "Promise B", "admin@promise-b.test")
	for _, o := range []*apptest.Org{a, b} {
		if r := setCard(t, o.Admin, billing.SandboxCardSucceeds); len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
	}
	mustChange(t, a.Admin, map[string]any{"plan": "STANDARD", "cycle": "YEARLY", "regularLicenses": 20}, "std")
	e.clk.Set(e.clk.Now().Add(100*24*time.Hour + 37*time.Second))

	pro := map[string]any{"plan": "PROFESSIONAL"}
	q := quoteOf(t, a.Admin, pro)
	if q.Token == nil || q.ValidUntil == nil || !q.ValidUntil.Equal(q.QuotedAt.Add(15*time.Minute)) || !q.QuotedAt.Equal(e.clk.Now().Truncate(time.Second)) {
		t.Fatalf("quote: %+v", q)
	}
	e.clk.Set(e.clk.Now().Add(7 * time.Minute))
	if later := quoteOf(t, a.Admin, pro); later.TotalDue.Amount == q.TotalDue.Amount {
		t.Fatalf("the price did not move in 7 minutes (%s): the test proves nothing", q.TotalDue.Formatted)
	}

	// Org B cannot pay org A's quote: it is not B's (tenant isolation of the token).
	charges := len(e.sandbox().Charges())
	if _, r := payQuote(t, b.Admin, pro, "b-pays-a", *q.Token); assertCode(t, r, "CONFLICT").Extensions["reason"] != billing.QuoteChanged {
		t.Fatalf("another org's token: %+v", r.Errors)
	}
	if n := len(e.sandbox().Charges()); n != charges {
		t.Fatal("another org's token was charged")
	}

	res, r := payQuote(t, a.Admin, pro, "pay", *q.Token)
	if res == nil {
		t.Fatal(r.Errors)
	}
	charged := e.sandbox().Charges()[len(e.sandbox().Charges())-1].Amount
	if charged.Amount != q.TotalDue.Amount || res.Payment.Amount-res.Payment.BalanceApplied != q.TotalDue.Amount || res.Quote.TotalDue.Amount != q.TotalDue.Amount {
		t.Fatalf("quoted %s, charged %s", q.TotalDue.Formatted, billing.Format(charged))
	}

	// A quote made before the subscription changed: refused, with the new one.
	ent := map[string]any{"plan": "ENTERPRISE"}
	old := quoteOf(t, a.Admin, ent)
	mustChange(t, a.Admin, map[string]any{"regularLicenses": 22}, "more")
	charges = len(e.sandbox().Charges())
	_, r = payQuote(t, a.Admin, ent, "stale", *old.Token)
	ext := assertCode(t, r, "CONFLICT").Extensions
	offered, _ := ext["quote"].(map[string]any)
	token, _ := offered["token"].(string)
	total, _ := offered["totalDue"].(map[string]any)
	amount, _ := total["amount"].(float64)
	if ext["reason"] != billing.QuoteChanged || token == "" || amount <= 0 || ext["quotedTotal"] != float64(old.TotalDue.Amount) {
		t.Fatalf("stale quote: %v", ext)
	}
	if n := len(e.sandbox().Charges()); n != charges {
		t.Fatal("a stale quote was charged")
	}
	res, r = payQuote(t, a.Admin, ent, "offered", token)
	if res == nil || res.Payment.Amount-res.Payment.BalanceApplied != int64(amount) || res.Subscription.Plan.Code != "ENTERPRISE" {
		t.Fatalf("the offered quote: %+v %+v", res, r.Errors)
	}
}
