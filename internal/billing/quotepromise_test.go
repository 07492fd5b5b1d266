package billing_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/store"
)

// promiseFixture is a JPY org on STANDARD yearly with 20 regular licenses and the card that
// pays, 100 days into its year: a change to PROFESSIONAL is prorated, so its price moves by
// the second (about ¥0.49 a minute).
func promiseFixture(t *testing.T) (*fixture, context.Context, billing.ChangeInput) {
	t.Helper()
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Promise", 20, 0)
	f.client.Organization.UpdateOneID(orgID).SetCurrency("JPY").ExecX(store.AllOrgs(context.Background()))
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std, pro, yearly := billing.PlanStandard, billing.PlanProfessional, billing.Yearly
	if _, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std, Cycle: &yearly}, "std"); err != nil {
		t.Fatal(err)
	}
	f.clk.Set(may1.AddDate(0, 0, 100).Add(37 * time.Second))
	return f, ctx, billing.ChangeInput{Plan: &pro}
}

// lastCharge is the amount of the gateway's last charge and how many there were.
func lastCharge(f *fixture) (billing.Money, int) {
	cs := f.gw.Charges()
	return cs[len(cs)-1].Amount, len(cs)
}

func staleReason(t *testing.T, err error) *billing.StaleQuoteError {
	t.Helper()
	var sq *billing.StaleQuoteError
	if !errors.As(err, &sq) || !apperr.Is(err, apperr.Conflict) || sq.Fresh == nil || sq.Fresh.Token == "" {
		t.Fatalf("err = %v, want CONFLICT with a new quote", err)
	}
	return sq
}

// Issue 17 item 3: "the button said Pay ¥207,474 and ¥207,473 was charged". A quote is a
// promise: paid with its token 7 minutes later, the change is priced at the quote's instant
// and charges exactly the quoted total — though the same change priced now costs less. (On
// main the payment was priced at its own instant: the charge was the later price.)
func TestIssue17Item3_PayingAQuoteChargesItsTotal(t *testing.T) {
	f, ctx, in := promiseFixture(t)
	q, err := f.svc.QuoteChange(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if q.TotalDue.Currency != "JPY" || q.Token == "" || !q.QuotedAt.Equal(f.clk.Now().UTC().Truncate(time.Second)) {
		t.Fatalf("quote: %s, token %q, quoted at %s", q.TotalDue, q.Token, q.QuotedAt)
	}

	f.clk.Set(f.clk.Now().Add(7 * time.Minute))
	later, err := f.svc.QuoteChange(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if later.TotalDue == q.TotalDue {
		t.Fatalf("the price did not move in 7 minutes (%s): the test proves nothing", q.TotalDue)
	}

	in.QuoteToken = q.Token
	res, err := f.svc.ChangeSubscription(ctx, in, "pay-quote")
	if err != nil {
		t.Fatal(err)
	}
	charged, _ := lastCharge(f)
	if charged != q.TotalDue || res.Payment.Amount-res.Payment.BalanceApplied != q.TotalDue.Amount {
		t.Fatalf("quoted %s, charged %s (priced now it would be %s)", q.TotalDue, charged, later.TotalDue)
	}
	if got, want := len(res.Quote.Lines), len(q.Lines); got != want {
		t.Fatalf("paid %d lines, quoted %d", got, want)
	}
	for i, l := range res.Quote.Lines {
		if w := q.Lines[i]; l.Amount != w.Amount || l.Seconds != w.Seconds || l.Description != w.Description {
			t.Errorf("line %d paid %+v, quoted %+v", i, l, w)
		}
	}
	if st := res.Overview.State; st.Plan != billing.PlanProfessional || !st.PeriodEnd.Equal(q.Next.PeriodEnd) {
		t.Fatalf("after paying: %+v", st)
	}

	// The same key and quote again: the first payment, not a second charge; the key with
	// another quote is another payment (issue 9 item 9).
	again, err := f.svc.ChangeSubscription(ctx, in, "pay-quote")
	if _, n := lastCharge(f); err != nil || again.Payment.Reference != res.Payment.Reference || n != 2 {
		t.Fatalf("replay: %v, %d charges", err, n)
	}
	in.QuoteToken = later.Token
	if _, err := f.svc.ChangeSubscription(ctx, in, "pay-quote"); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "idempotencyKey was already used") {
		t.Fatalf("the key with another quote: %v", err)
	}
}

// Issue 17 item 3: a quote that no longer holds is refused with CONFLICT "the quote changed",
// nothing charged, with the new quote — when the subscription changed (licenses bought
// meanwhile), when the plan's price changed, when the token is for another change.
func TestIssue17Item3_ChangedQuoteRefused(t *testing.T) {
	f, ctx, in := promiseFixture(t)
	q, err := f.svc.QuoteChange(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	_, charges := lastCharge(f)
	refused := func(step string, in billing.ChangeInput) *billing.StaleQuoteError {
		t.Helper()
		_, err := f.svc.ChangeSubscription(ctx, in, "k-"+step)
		sq := staleReason(t, err)
		if sq.Err.Details["reason"] != billing.QuoteChanged || sq.Err.Details["quotedTotal"] != q.TotalDue.Amount {
			t.Fatalf("%s: details %v", step, sq.Err.Details)
		}
		if _, n := lastCharge(f); n != charges {
			t.Fatalf("%s: charged", step)
		}
		return sq
	}

	// Another change than the one quoted (30 licenses), with the token of the quote for 20.
	thirty := 30
	other := in
	other.Regular, other.QuoteToken = &thirty, q.Token
	refused("other change", other)

	// The plan's price changed (a new catalogue).
	f.clk.Set(f.clk.Now().Add(time.Minute))
	cat := billing.DefaultCatalogue()
	p := cat.Plan(billing.PlanProfessional)
	jpy := p.Prices["JPY"]
	jpy.Yearly += 10
	p.Prices["JPY"] = jpy
	old := f.svc.Catalogue
	f.svc.Catalogue = cat
	in.QuoteToken = q.Token
	sq := refused("price", in)
	if sq.Fresh.TotalDue == q.TotalDue || !strings.Contains(sq.Err.Message, "the quote changed") {
		t.Fatalf("new quote %s (was %s): %s", sq.Fresh.TotalDue, q.TotalDue, sq.Err.Message)
	}
	f.svc.Catalogue = old

	// The subscription changed: 5 more licenses bought after the quote.
	twentyFive := 25
	if _, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Regular: &twentyFive}, "more"); err != nil {
		t.Fatal(err)
	}
	_, charges = lastCharge(f)
	sq = refused("subscription", in)

	// The new quote is one: paid with its token, it charges its total.
	in.QuoteToken = sq.Fresh.Token
	if _, err := f.svc.ChangeSubscription(ctx, in, "fresh"); err != nil {
		t.Fatal(err)
	}
	if charged, _ := lastCharge(f); charged != sq.Fresh.TotalDue {
		t.Fatalf("new quote %s, charged %s", sq.Fresh.TotalDue, charged)
	}
}

// Issue 17 item 3: a quote can be paid for QuoteValidity (15 minutes), the last second
// included; later it is refused with CONFLICT "expired" and a new quote, nothing charged.
func TestIssue17Item3_ExpiredQuoteRefused(t *testing.T) {
	f, ctx, in := promiseFixture(t)
	q, err := f.svc.QuoteChange(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	_, charges := lastCharge(f)
	in.QuoteToken = q.Token
	f.clk.Set(q.QuotedAt.Add(billing.QuoteValidity + time.Second))
	_, err = f.svc.ChangeSubscription(ctx, in, "late")
	sq := staleReason(t, err)
	if sq.Err.Details["reason"] != billing.QuoteExpired || !strings.Contains(sq.Err.Message, "expired (a quote can be paid for 15 minutes)") ||
		!sq.Fresh.QuotedAt.Equal(q.QuotedAt.Add(billing.QuoteValidity+time.Second)) {
		t.Fatalf("expired: %v %v, new quote at %s", sq.Err.Message, sq.Err.Details, sq.Fresh.QuotedAt)
	}
	if _, n := lastCharge(f); n != charges {
		t.Fatal("an expired quote was charged")
	}
	f.clk.Set(q.QuotedAt.Add(billing.QuoteValidity))
	if _, err := f.svc.ChangeSubscription(ctx, in, "in-time"); err != nil {
		t.Fatalf("paid at the last second of its validity: %v", err)
	}
	if charged, _ := lastCharge(f); charged != q.TotalDue {
		t.Fatalf("quoted %s, charged %s", q.TotalDue, charged)
	}
}

// Issue 17 item 3: a token the server did not make is never paid: malformed or too long is
// VALIDATION, made "later than now" is VALIDATION, and a real token whose instant or total
// was edited (to price the change 10 minutes earlier) does not verify: CONFLICT.
func TestIssue17Item3_ForgedTokens(t *testing.T) {
	f, ctx, in := promiseFixture(t)
	q, err := f.svc.QuoteChange(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(q.Token, ".")
	at := q.QuotedAt.Unix()
	edit := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, ".")
	}
	itoa := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, c := range []struct {
		name, token string
		code        apperr.Code
	}{
		{"garbage", "garbage", apperr.Validation},
		{"too long", q.Token + strings.Repeat("A", 200), apperr.Validation},
		{"negative total", edit(2, "-1"), apperr.Validation},
		{"year 10000", edit(1, "253402300800"), apperr.Validation},
		{"in the future", edit(1, itoa(at+3600)), apperr.Validation},
		{"10 minutes earlier", edit(1, itoa(at-600)), apperr.Conflict},
		{"another total", edit(2, "1"), apperr.Conflict},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, before := lastCharge(f)
			in := in
			in.QuoteToken = c.token
			_, err := f.svc.ChangeSubscription(ctx, in, "forged-"+c.name)
			if apperr.CodeOf(err) != c.code {
				t.Fatalf("err = %v, want %s", err, c.code)
			}
			if c.code == apperr.Validation {
				var e *apperr.Error
				if errors.As(err, &e); e.Field != "quoteToken" {
					t.Errorf("field %q", e.Field)
				}
			}
			if _, n := lastCharge(f); n != before {
				t.Fatal("charged")
			}
		})
	}
	ov, _ := f.svc.Overview(ctx)
	if ov.State.Plan != billing.PlanStandard {
		t.Fatalf("the subscription changed: %+v", ov.State)
	}
}
