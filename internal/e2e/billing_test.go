package e2e

// Subscriptions and billing (SPEC SB), end to end through the API with a settable clock. The
// billing jobs are driven deterministically: the server runs without its worker, and the test
// runs what billing:tick would enqueue through the worker's own handlers (worker.NewMux).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/accounts"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/attachments"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/worker"
)

const subFields = `status cycle currency periodStart periodEnd nextRenewalAt nextRenewalAmount { amount formatted }
  balance { amount } plan { code } effectivePlan { code recordLimit } licenses { kind purchased held active free }
  addOns { code quantity } backupUnits trial { plan endsAt } triedPlans graceEndsAt retriesDone lastFailure
  lockedAt downgradeAt card { brand last4 expMonth expYear } records`

type money struct {
	Amount    int64
	Currency  string
	Formatted string
}

type license struct {
	Kind                          string
	Purchased, Held, Active, Free int
}

type subView struct {
	Status, Cycle, Currency string
	PeriodStart, PeriodEnd  time.Time
	NextRenewalAt           *time.Time
	NextRenewalAmount       *money
	Balance                 money
	Plan                    struct{ Code string }
	EffectivePlan           struct {
		Code        string
		RecordLimit int
	}
	Licenses []license
	AddOns   []struct {
		Code     string
		Quantity int
	}
	BackupUnits int
	Trial       *struct {
		Plan   string
		EndsAt time.Time
	}
	TriedPlans            []string
	GraceEndsAt, LockedAt *time.Time
	DowngradeAt           *time.Time
	RetriesDone           int
	LastFailure           *string
	Card                  *struct {
		Brand, Last4      string
		ExpMonth, ExpYear int
	}
	Records int
}

func (s subView) license(kind string) license {
	for _, l := range s.Licenses {
		if l.Kind == kind {
			return l
		}
	}
	return license{}
}

type paymentView struct {
	ID, Reference, Kind, Status, Source, Currency, Product, Plan, Description string
	Amount, BalanceApplied                                                    int64
	FailureReason                                                             *string
	CreatedAt                                                                 time.Time
	Lines                                                                     []struct {
		Kind, Code, Description string
		Quantity                int
		Amount                  int64
	}
}

const paymentFields = `id reference kind status source amount balanceApplied currency product plan description failureReason createdAt
  lines { kind code description quantity amount }`

type billingResult struct {
	Subscription subView
	Quote        struct {
		TotalDue, Subtotal, CreditApplied, NewBalance money
		Lines                                         []struct {
			Kind, Code, LicenseKind string
			Quantity                int
			Amount                  int64
		}
	}
	Payment *paymentView
}

const resultFields = `subscription { ` + subFields + ` } quote { totalDue { amount formatted } subtotal { amount } creditApplied { amount }
  newBalance { amount } lines { kind code licenseKind quantity amount } } payment { ` + paymentFields + ` }`

// billingEnv is a server with a settable clock and the worker's handlers at hand.
type billingEnv struct {
	t   *testing.T
	srv *apptest.Server
	clk *clock.Settable
	mux *asynq.ServeMux
}

func newBillingEnv(t *testing.T, start time.Time, env map[string]string) *billingEnv {
	clk := clock.NewSettable(start)
	srv := apptest.Start(t, apptest.Options{Clock: clk, NoWorker: true, Env: env})
	return &billingEnv{t: t, srv: srv, clk: clk, mux: worker.NewMux(srv.App.WorkerDeps())}
}

// runJobs runs what billing:tick would enqueue now, each task twice (a task delivered twice
// has the effect of once), and returns how many tasks there were.
func (e *billingEnv) runJobs() int {
	e.t.Helper()
	ctx := context.Background()
	tasks, err := worker.DueBillingTasks(ctx, e.srv.App.Billing)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, task := range tasks {
		for range 2 {
			if err := e.mux.ProcessTask(ctx, task); err != nil {
				e.t.Fatalf("%s: %v", task.Type(), err)
			}
		}
	}
	return len(tasks)
}

func (e *billingEnv) sandbox() *billing.Sandbox { return e.srv.App.Billing.Gateway.(*billing.Sandbox) }

func subOf(t *testing.T, c *apptest.Client) subView {
	t.Helper()
	var out struct{ CurrentSubscription subView }
	c.MustDo(t, `{ currentSubscription { `+subFields+` } }`, nil, &out)
	return out.CurrentSubscription
}

func change(t *testing.T, c *apptest.Client, in map[string]any, key string) (*billingResult, *apptest.Response) {
	t.Helper()
	r := c.Do(t, `mutation($i: SubscriptionChangeInput!, $k: String!) { changeSubscription(input: $i, idempotencyKey: $k) { `+resultFields+` } }`,
		map[string]any{"i": in, "k": key})
	if len(r.Errors) > 0 {
		return nil, r
	}
	var out struct{ ChangeSubscription billingResult }
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return &out.ChangeSubscription, r
}

func mustChange(t *testing.T, c *apptest.Client, in map[string]any, key string) *billingResult {
	t.Helper()
	res, r := change(t, c, in, key)
	if res == nil {
		t.Fatalf("changeSubscription(%v): %+v", in, r.Errors)
	}
	return res
}

func setCard(t *testing.T, c *apptest.Client, number string) *apptest.Response {
	t.Helper()
	return c.Do(t, `mutation($c: CardInput!) { setPaymentMethod(card: $c) { brand last4 expMonth expYear } }`,
		map[string]any{"c": map[string]any{"number": number, "expMonth": 12, "expYear": 2035, "cvc": "123"}})
}

func paymentsOf(t *testing.T, c *apptest.Client, where map[string]any) []paymentView {
	t.Helper()
	var out struct {
		Payments struct {
			TotalCount int
			Edges      []struct{ Node paymentView }
		}
	}
	c.MustDo(t, `query($w: PaymentWhereInput) { payments(first: 100, where: $w, orderBy: {field: CREATED_AT, direction: ASC}) { totalCount edges { node { `+paymentFields+` } } } }`,
		map[string]any{"w": where}, &out)
	var ps []paymentView
	for _, e := range out.Payments.Edges {
		ps = append(ps, e.Node)
	}
	if len(ps) != out.Payments.TotalCount {
		t.Fatalf("payments: %d of %d", len(ps), out.Payments.TotalCount)
	}
	return ps
}

func invite(t *testing.T, c *apptest.Client, email, kind string) (id, password string, r *apptest.Response) {
	t.Helper()
	r = c.Do(t, `mutation($i: InviteUserInput!) { inviteUser(input: $i) { user { id email role licenseKind status } temporaryPassword } }`,
		map[string]any{"i": map[string]any{"email": email, "name": strings.Split(email, "@")[0], "licenseKind": kind}})
	if len(r.Errors) > 0 {
		return "", "", r
	}
	var out struct {
		InviteUser struct {
			User              struct{ ID string }
			TemporaryPassword string
		}
	}
	_ = json.Unmarshal(r.Data, &out)
	return out.InviteUser.User.ID, out.InviteUser.TemporaryPassword, r
}

func signInWith(t *testing.T, srv *apptest.Server, email, password string) *apptest.Client {
	t.Helper()
	c := &apptest.Client{URL: srv.URL}
	var out struct{ SignIn struct{ APIToken string } }
	c.MustDo(t, `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p, apiTokenName: "t"}) { apiToken } }`,
		map[string]any{"e": email, "p": password}, &out)
	c.Token = out.SignIn.APIToken
	return c
}

func auditActions(t *testing.T, c *apptest.Client) []string {
	t.Helper()
	var out struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ Action, Summary string }
			}
		}
	}
	c.MustDo(t, `{ auditEvents(first: 500, orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { action summary } } } }`, nil, &out)
	var a []string
	for _, e := range out.AuditEvents.Edges {
		a = append(a, e.Node.Action)
	}
	return a
}

func count(list []string, v string) int {
	n := 0
	for _, s := range list {
		if s == v {
			n++
		}
	}
	return n
}

func notificationTypes(t *testing.T, c *apptest.Client) []string {
	t.Helper()
	var out struct {
		Notifications struct {
			Edges []struct{ Node struct{ Type string } }
		}
	}
	c.MustDo(t, `{ notifications(first: 200) { edges { node { type } } } }`, nil, &out)
	var types []string
	for _, e := range out.Notifications.Edges {
		types = append(types, e.Node.Type)
	}
	return types
}

func day(t time.Time, days int) time.Time { return t.AddDate(0, 0, days) }

// The acceptance path, in order: trial of ULTIMATE → back to FREE at day 15 → buy
// PROFESSIONAL yearly with 5 licenses → add 2 team licenses mid-period → deactivate a user
// (license still held, billing unchanged) → try to cut licenses below users (refused with the
// count) → card switched to the "fails on renewal" test card → renewal fails → PAST_DUE 15
// days (usable, retries logged) → LOCKED (standard users refused, the super admin may only
// pay / change / go FREE) → 2 months → FREE automatically; the payment history lists every
// charge and refund.
func TestSubscriptionLifecycle(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	e := newBillingEnv(t, t0, nil)
	org := e.srv.SignUp(t, "Billing Co", "bea@billing.test") // region EU: billed in EUR
	sa := org.Admin

	// SB-1, SB-5: a new org is on FREE with its 3 free licenses.
	s := subOf(t, sa)
	if s.Plan.Code != "FREE" || s.Status != "ACTIVE" || s.Currency != "EUR" || s.license("REGULAR").Purchased != 3 ||
		s.license("REGULAR").Held != 1 || s.NextRenewalAt != nil || s.Card != nil {
		t.Fatalf("new org: %+v", s)
	}
	var plans struct {
		Plans []struct {
			Code         string
			MaxUsers     int
			YearlyPrice  money
			MonthlyPrice money
		}
	}
	sa.MustDo(t, `{ plans { code maxUsers monthlyPrice { amount currency } yearlyPrice { amount currency } } }`, nil, &plans)
	if len(plans.Plans) != 5 || plans.Plans[0].Code != "FREE" || plans.Plans[0].MaxUsers != 3 ||
		plans.Plans[2].Code != "PROFESSIONAL" || plans.Plans[2].YearlyPrice.Amount != 2000 || plans.Plans[2].YearlyPrice.Currency != "EUR" {
		t.Fatalf("SB-1 catalogue: %+v", plans)
	}

	// SB-2: try ULTIMATE for 15 days; its limits apply meanwhile.
	var trial struct{ StartTrial subView }
	sa.MustDo(t, `mutation { startTrial(plan: "ULTIMATE") { `+subFields+` } }`, nil, &trial)
	if s := trial.StartTrial; s.Status != "TRIALING" || s.Plan.Code != "FREE" || s.EffectivePlan.Code != "ULTIMATE" ||
		s.EffectivePlan.RecordLimit != 0 || !s.Trial.EndsAt.Equal(day(t0, 15)) {
		t.Fatalf("SB-2 trial: %+v", s)
	}
	if e.runJobs() != 0 {
		t.Fatal("nothing is due during the trial")
	}
	e.clk.Set(day(t0, 15)) // day 15: the trial ends without a purchase
	if e.runJobs() != 1 {
		t.Fatal("the trial's end must be due at day 15")
	}
	s = subOf(t, sa)
	if s.Status != "ACTIVE" || s.Plan.Code != "FREE" || s.EffectivePlan.Code != "FREE" || s.Trial != nil ||
		!slices.Equal(s.TriedPlans, []string{"ULTIMATE"}) {
		t.Fatalf("SB-2 back to FREE at day 15: %+v", s)
	}
	assertCode(t, sa.Do(t, `mutation { startTrial(plan: "ULTIMATE") { status } }`, nil), apperr.Conflict) // once per plan
	if !slices.Contains(notificationTypes(t, sa), "billing.trial_ended") {
		t.Error("the trial's end is notified")
	}

	// SB-10: card validation before the gateway; only token, brand, last 4 and expiry kept.
	r := setCard(t, sa, "4242 4242 4242 4241")
	if e := assertCode(t, r, apperr.Validation); e.Extensions["field"] != "number" || strings.Contains(e.Message, "4241") {
		t.Fatalf("SB-10 Luhn: %+v", e)
	}
	r = sa.Do(t, `mutation { setPaymentMethod(card: {number: "4242424242424242", expMonth: 12, expYear: 2025, cvc: "123"}) { last4 } }`, nil)
	assertCode(t, r, apperr.Validation) // expired at the end of 12/2025 (it is 2026-01-20)
	r = sa.Do(t, `mutation { setPaymentMethod(card: {number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "12"}) { last4 } }`, nil)
	if e := assertCode(t, r, apperr.Validation); e.Extensions["field"] != "cvc" {
		t.Fatalf("SB-10 CVC length: %+v", e)
	}
	r = sa.Do(t, `mutation { setPaymentMethod(card: {number: 4242424242424242, expMonth: 12, expYear: 2035, cvc: 123}) { last4 } }`, nil)
	if len(r.Errors) == 0 || strings.Contains(r.Errors[0].Message, "4242424242424242") {
		t.Fatalf("SB-10: a card number in the wrong type must not be echoed: %+v", r.Errors)
	}
	if r := setCard(t, sa, billing.SandboxCardSucceeds); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"last4":"4242"`) {
		t.Fatalf("set card: %s %+v", r.Data, r.Errors)
	}
	assertNoCardData(t, e.srv, "4242424242424242")

	// SB-3: buy PROFESSIONAL yearly with 5 licenses: quoted first, then paid and applied.
	// 5 × €20.00 × 12 months = €1,200.00, a new yearly period from now.
	t1 := e.clk.Now()
	var q struct {
		QuoteChange struct {
			TotalDue  money
			PeriodEnd time.Time
		}
	}
	pro := map[string]any{"plan": "PROFESSIONAL", "cycle": "YEARLY", "regularLicenses": 5}
	sa.MustDo(t, `query($i: SubscriptionChangeInput!) { quoteChange(input: $i) { totalDue { amount formatted } periodEnd } }`, map[string]any{"i": pro}, &q)
	if q.QuoteChange.TotalDue.Amount != 120000 || q.QuoteChange.TotalDue.Formatted != "€1,200.00" || !q.QuoteChange.PeriodEnd.Equal(t1.AddDate(1, 0, 0)) {
		t.Fatalf("SB-3 quote: %+v", q)
	}
	if n := len(paymentsOf(t, sa, nil)); n != 0 {
		t.Fatalf("a quote pays nothing: %d payments", n)
	}
	res := mustChange(t, sa, pro, "buy-professional")
	if s := res.Subscription; s.Plan.Code != "PROFESSIONAL" || s.Cycle != "YEARLY" || s.license("REGULAR").Purchased != 5 ||
		!s.PeriodEnd.Equal(t1.AddDate(1, 0, 0)) || res.Payment == nil || res.Payment.Status != "SUCCEEDED" || res.Payment.Amount != 120000 {
		t.Fatalf("SB-3 purchase: %+v %+v", res.Subscription, res.Payment)
	}
	// Double submit of the same change: the first result, charged once.
	again := mustChange(t, sa, pro, "buy-professional")
	if again.Payment == nil || again.Payment.Reference != res.Payment.Reference || len(e.sandbox().Charges()) != 1 {
		t.Fatalf("double submit must charge once: %+v, %d charges", again.Payment, len(e.sandbox().Charges()))
	}
	periodEnd := res.Subscription.PeriodEnd

	// SB-7: 5 regular licenses: the super admin and 4 invited users; a 6th needs a license.
	var regular []string
	var std *apptest.Client // user1, a STANDARD user
	for i := 1; i <= 4; i++ {
		id, pw, r := invite(t, sa, fmt.Sprintf("user%d@billing.test", i), "REGULAR")
		if id == "" || len(pw) < 12 {
			t.Fatalf("invite %d: %+v", i, r.Errors)
		}
		regular = append(regular, id)
		if i == 1 {
			std = signInWith(t, e.srv, "user1@billing.test", pw) // the temporary password works
		}
	}
	_, _, r = invite(t, sa, "user5@billing.test", "REGULAR")
	if e := assertCode(t, r, apperr.LicenseLimit); !strings.Contains(e.Message, "regular") {
		t.Fatalf("SB-7 no free regular license: %+v", e)
	}

	// SB-6, SB-4: 2 team licenses, 100 days into the 365-day period: prorated by remaining seconds.
	//   2 × €10.00 × 12 = €240.00 × 265/365 days = €174.2465… → €174.25 (half-up to the cent)
	e.clk.Set(day(t1, 100))
	res = mustChange(t, sa, map[string]any{"teamLicenses": 2}, "add-team")
	if res.Payment == nil || res.Payment.Amount != 17425 || len(res.Quote.Lines) != 1 || res.Quote.Lines[0].LicenseKind != "TEAM" ||
		!res.Subscription.PeriodEnd.Equal(periodEnd) || res.Subscription.license("TEAM").Purchased != 2 {
		t.Fatalf("SB-4 team licenses mid-period: %+v %+v", res.Quote, res.Subscription)
	}
	for i := 1; i <= 2; i++ {
		if id, _, r := invite(t, sa, fmt.Sprintf("team%d@billing.test", i), "TEAM"); id == "" {
			t.Fatalf("invite team user: %+v", r.Errors)
		}
	}
	// BK-11: backup units bought through billing; an unused one given back to the balance.
	var units struct{ BuyBackupUnits billingResult }
	sa.MustDo(t, `mutation { buyBackupUnits(units: 3, idempotencyKey: "units-1") { `+resultFields+` } }`, nil, &units)
	if units.BuyBackupUnits.Subscription.BackupUnits != 3 || units.BuyBackupUnits.Payment.Amount != 3000 {
		t.Fatalf("BK-11 buy units: %+v", units.BuyBackupUnits)
	}
	var back struct{ DowngradeBackupUnits billingResult }
	sa.MustDo(t, `mutation { downgradeBackupUnits(units: 1) { `+resultFields+` } }`, nil, &back)
	if b := back.DowngradeBackupUnits; b.Subscription.BackupUnits != 2 || b.Subscription.Balance.Amount != 1000 ||
		b.Payment == nil || b.Payment.Kind != "REFUND" || b.Payment.Source != "BALANCE" || b.Payment.Amount != 1000 {
		t.Fatalf("BK-11 units back to the balance: %+v", b)
	}

	// SB-7: a deactivated user keeps its license; billing does not change.
	before := subOf(t, sa)
	paidBefore := len(paymentsOf(t, sa, nil))
	var deact struct{ DeactivateUser struct{ Status string } }
	sa.MustDo(t, `mutation($id: ID!) { deactivateUser(id: $id) { status } }`, map[string]any{"id": regular[3]}, &deact)
	after := subOf(t, sa)
	if deact.DeactivateUser.Status != "DEACTIVATED" || after.license("REGULAR") != (license{"REGULAR", 5, 5, 4, 0}) ||
		after.NextRenewalAmount.Amount != before.NextRenewalAmount.Amount || len(paymentsOf(t, sa, nil)) != paidBefore {
		t.Fatalf("SB-7 deactivation: licenses %+v renewal %v → %v", after.Licenses, before.NextRenewalAmount, after.NextRenewalAmount)
	}
	// The renewal bills purchased licenses: 5 × €240.00 + 2 × €120.00 = €1,440.00.
	if after.NextRenewalAmount.Amount != 144000 {
		t.Fatalf("SB-7 renewal counts purchased licenses: %+v", after.NextRenewalAmount)
	}

	// SB-7: cutting licenses below the users holding them (deactivated ones too) is refused.
	for _, q := range []string{
		`query { quoteChange(input: {regularLicenses: 4}) { totalDue { amount } } }`,
		`mutation { changeSubscription(input: {regularLicenses: 4}, idempotencyKey: "cut") { quote { totalDue { amount } } } }`,
	} {
		e := assertCode(t, sa.Do(t, q, nil), apperr.LicenseLimit)
		if !strings.Contains(e.Message, "delete 1 regular user first") || fmt.Sprint(e.Extensions["usersToDelete"]) != "map[REGULAR:1 TEAM:0]" {
			t.Fatalf("SB-7 reduction refused with the count: %+v", e)
		}
	}

	// SB-9: the card that pays now but fails on renewal.
	if r := setCard(t, sa, "4000 0000 0000 0341"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}

	// SB-11: at the period end the renewal is charged, and declined: PAST_DUE.
	e.clk.Set(periodEnd)
	if e.runJobs() != 1 {
		t.Fatal("the renewal must be due at the period end")
	}
	s = subOf(t, sa)
	if s.Status != "PAST_DUE" || s.LastFailure == nil || !s.GraceEndsAt.Equal(day(periodEnd, 15)) || s.Plan.Code != "PROFESSIONAL" {
		t.Fatalf("SB-11 failed renewal: %+v", s)
	}
	failed := paymentsOf(t, sa, map[string]any{"status": "FAILED"})
	if len(failed) != 1 || failed[0].Amount != 144000 || failed[0].BalanceApplied != 1000 {
		t.Fatalf("SB-11 the failed renewal is recorded once (its task ran twice): %+v", failed)
	}
	if nt := notificationTypes(t, sa); !slices.Contains(nt, "billing.payment_failed") || !slices.Contains(nt, "billing.past_due") {
		t.Errorf("SB-11 admins warned: %v", nt)
	}
	// Grace: fully usable; retries on days 1, 3, 7 and 14, each logged.
	std.MustDo(t, `mutation { createContact(input: {lastName: "Grace"}) { id } }`, nil, nil)
	for i, d := range []int{1, 3, 7, 14} {
		e.clk.Set(day(periodEnd, d))
		e.runJobs()
		if s := subOf(t, sa); s.Status != "PAST_DUE" || s.RetriesDone != i+1 {
			t.Fatalf("SB-11 retry on day %d: %+v", d, s)
		}
	}
	actions := auditActions(t, sa)
	if count(actions, "billing.renewal_failed") != 1 || count(actions, "billing.renewal_retry_failed") != 4 {
		t.Fatalf("SB-11 retries logged: %v", actions)
	}
	std.MustDo(t, `{ contacts { totalCount } }`, nil, nil)

	// SB-12: grace over unpaid → LOCKED.
	e.clk.Set(day(periodEnd, 15))
	e.runJobs()
	s = subOf(t, sa)
	lockedAt := day(periodEnd, 15)
	if s.Status != "LOCKED" || !s.LockedAt.Equal(lockedAt) || !s.DowngradeAt.Equal(lockedAt.AddDate(0, 2, 0)) {
		t.Fatalf("SB-12 locked: %+v", s)
	}
	var orgStatus struct{ Organization struct{ Status string } }
	sa.MustDo(t, `{ organization { status } }`, nil, &orgStatus)
	if orgStatus.Organization.Status != "LOCKED" {
		t.Fatalf("org status: %+v", orgStatus)
	}
	// Standard users are refused everything.
	for _, q := range []string{`{ me { id } }`, `{ contacts { totalCount } }`, `mutation { createContact(input: {lastName: "Locked"}) { id } }`} {
		assertCode(t, std.Do(t, q, nil), apperr.AccountLocked)
	}
	if code := downloadStatus(t, e.srv, std, "1"); code != http.StatusForbidden {
		t.Fatalf("SB-12 downloads refused while locked: %d", code)
	}
	// The super admin may only pay, change the plan, go FREE, manage the card and read billing.
	for _, q := range []string{
		`mutation { createContact(input: {lastName: "Locked"}) { id } }`,
		`{ contacts { totalCount } }`,
		`{ auditEvents { totalCount } }`,
		`mutation { inviteUser(input: {email: "late@billing.test", name: "Late"}) { temporaryPassword } }`,
		`mutation { startTrial(plan: "ENTERPRISE") { status } }`,
		`mutation { deleteOrganization(confirmName: "Billing Co") }`,
	} {
		e := assertCode(t, sa.Do(t, q, nil), apperr.AccountLocked)
		if !strings.Contains(e.Message, "renewNow") {
			t.Fatalf("the super admin is told what is allowed: %q", e.Message)
		}
	}
	sa.MustDo(t, `{ me { id } organization { name } plans { code } payments { totalCount } currentSubscription { status } }`, nil, nil)
	sa.MustDo(t, `query { quoteChange(input: {plan: "ENTERPRISE"}) { totalDue { amount } } }`, nil, nil)
	if r := setCard(t, sa, billing.SandboxCardDeclined); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	// Paying with a declined card changes nothing (SB-3): still locked.
	e2 := assertCode(t, sa.Do(t, `mutation { renewNow(idempotencyKey: "renew-1") { subscription { status } } }`, nil), apperr.PaymentFailed)
	if e2.Extensions["paymentReference"] == nil || subOf(t, sa).Status != "LOCKED" {
		t.Fatalf("SB-12 a failed payment does not unlock: %+v", e2)
	}

	// SB-12: after 2 months locked → FREE automatically, unlocked.
	e.clk.Set(lockedAt.AddDate(0, 2, 0))
	e.runJobs()
	s = subOf(t, sa)
	if s.Status != "ACTIVE" || s.Plan.Code != "FREE" || s.LockedAt != nil || len(s.AddOns) != 0 ||
		s.license("REGULAR").Purchased != 3 || s.license("TEAM").Purchased != 0 || s.Balance.Amount != 1000 {
		t.Fatalf("SB-12 downgraded to FREE: %+v", s)
	}
	std.MustDo(t, `mutation { createContact(input: {lastName: "Free again"}) { id } }`, nil, nil)
	// Users beyond FREE's licenses stay, but none can be activated or added (SB-7).
	assertCode(t, sa.Do(t, `mutation($id: ID!) { activateUser(id: $id) { status } }`, map[string]any{"id": regular[3]}), apperr.LicenseLimit)
	if nt := notificationTypes(t, sa); !slices.Contains(nt, "billing.locked") || !slices.Contains(nt, "billing.unlocked") {
		t.Errorf("SB-12 lock and unlock notified: %v", nt)
	}

	// SB-13: the payment history lists every charge and refund, failed attempts included.
	ps := paymentsOf(t, sa, nil)
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%s %s %s %d", p.Kind, p.Status, p.Source, p.Amount))
		if !strings.HasPrefix(p.Reference, "PAY-") || p.Currency != "EUR" || p.Product != "CRM" || p.Plan == "" ||
			p.CreatedAt.IsZero() || len(p.Lines) == 0 {
			t.Errorf("SB-13 payment fields: %+v", p)
		}
	}
	want := []string{
		"CHARGE SUCCEEDED CARD 120000",                                                                                     // PROFESSIONAL yearly, 5 licenses
		"CHARGE SUCCEEDED CARD 17425",                                                                                      // 2 team licenses, prorated
		"CHARGE SUCCEEDED CARD 3000",                                                                                       // 3 backup units
		"REFUND SUCCEEDED BALANCE 1000",                                                                                    // 1 unit given back to the balance
		"CHARGE FAILED CARD 144000",                                                                                        // the renewal
		"CHARGE FAILED CARD 144000", "CHARGE FAILED CARD 144000", "CHARGE FAILED CARD 144000", "CHARGE FAILED CARD 144000", // 4 retries
		"CHARGE FAILED CARD 144000", // renewNow with the declined card (the locked time is not billed: a new year from now)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("SB-13 payment history:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if n := len(paymentsOf(t, sa, map[string]any{"kind": "REFUND"})); n != 1 {
		t.Fatalf("SB-13 filter by kind: %d", n)
	}
	if n := len(e.sandbox().Charges()); n != 3 {
		t.Fatalf("the gateway captured %d charges, want 3", n)
	}
}

// assertNoCardData fails when the full card number is stored anywhere (SB-10).
func assertNoCardData(t *testing.T, srv *apptest.Server, number string) {
	t.Helper()
	var brand, last4, token string
	if err := srv.App.DB.SQL.QueryRow(`SELECT brand, last4, token FROM payment_methods`).Scan(&brand, &last4, &token); err != nil {
		t.Fatal(err)
	}
	if last4 != number[len(number)-4:] || strings.Contains(token, number) || !strings.HasPrefix(token, "sbx_") {
		t.Fatalf("SB-10 stored card: %s %s %s", brand, last4, token)
	}
	dbFile := filepath.Join(srv.Cfg.DataDir, "crmadmin.db")
	for _, f := range []string{dbFile, dbFile + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if strings.Contains(string(b), number) {
			t.Fatalf("SB-10: the card number is in %s", f)
		}
	}
}

func downloadStatus(t *testing.T, srv *apptest.Server, c *apptest.Client, id string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/download/attachment/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// SB-3: a failed payment changes nothing and is recorded FAILED; the same idempotency key
// submitted again — one after the other or at the same time — charges once.
func TestFailedPaymentAndDoubleSubmit_SB3(t *testing.T) {
	e := newBillingEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), nil)
	org := e.srv.SignUp(t, "Pay Co", "pia@pay.test")
	sa := org.Admin
	std := e.srv.AddUser(t, org.ID, "sid@pay.test", user.RoleSTANDARD)
	before := subOf(t, sa)

	// PL-2: billing is admin-only.
	for _, q := range []string{`{ currentSubscription { status } }`, `mutation { changeSubscription(input: {plan: "STANDARD"}, idempotencyKey: "k") { quote { totalDue { amount } } } }`} {
		assertCode(t, std.Do(t, q, nil), apperr.Forbidden)
	}
	// No card: refused before anything is charged.
	std2 := map[string]any{"plan": "STANDARD", "cycle": "MONTHLY", "regularLicenses": 3}
	_, r := change(t, sa, std2, "no-card")
	assertCode(t, r, apperr.PaymentFailed)

	// Declined card: PAYMENT_FAILED, nothing changed, the attempt in the history.
	if r := setCard(t, sa, billing.SandboxCardDeclined); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	_, r = change(t, sa, std2, "try-1")
	e1 := assertCode(t, r, apperr.PaymentFailed)
	if s := subOf(t, sa); s.Plan.Code != before.Plan.Code || !s.PeriodEnd.Equal(before.PeriodEnd) || s.license("REGULAR") != before.license("REGULAR") {
		t.Fatalf("a failed payment must change nothing: %+v", s)
	}
	ps := paymentsOf(t, sa, nil)
	if len(ps) != 1 || ps[0].Status != "FAILED" || ps[0].FailureReason == nil || ps[0].Reference != e1.Extensions["paymentReference"] ||
		e1.Extensions["failureReason"] != *ps[0].FailureReason {
		t.Fatalf("the failed payment is recorded, and the error names it and why: %+v / %+v", ps, e1)
	}
	// The same key again gives the same answer, without a new attempt.
	_, r = change(t, sa, std2, "try-1")
	if e := assertCode(t, r, apperr.PaymentFailed); e.Extensions["paymentReference"] != e1.Extensions["paymentReference"] || len(paymentsOf(t, sa, nil)) != 1 {
		t.Fatalf("replayed failure: %+v", e)
	}

	// A good card, and the same change submitted twice at the same time: one charge.
	if r := setCard(t, sa, billing.SandboxCardSucceeds); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	var wg sync.WaitGroup
	refs := make([]string, 2)
	codes := make([][]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, r := change(t, sa, std2, "upgrade-1")
			if res != nil {
				refs[i] = res.Payment.Reference
			}
			codes[i] = r.Codes()
		}()
	}
	wg.Wait()
	for i := range 2 {
		if refs[i] == "" && !slices.Equal(codes[i], []string{"CONFLICT"}) {
			t.Fatalf("concurrent double submit %d: %v", i, codes[i])
		}
	}
	res := mustChange(t, sa, std2, "upgrade-1") // and once more, after both finished
	if (refs[0] != "" && refs[0] != res.Payment.Reference) || (refs[1] != "" && refs[1] != res.Payment.Reference) {
		t.Fatalf("every answer names the one payment: %v vs %s", refs, res.Payment.Reference)
	}
	if n := len(e.sandbox().Charges()); n != 1 {
		t.Fatalf("the same idempotency key charged %d times", n)
	}
	if s := res.Subscription; s.Plan.Code != "STANDARD" || s.Status != "ACTIVE" || res.Payment.Amount != 4200 {
		t.Fatalf("upgrade: %+v %+v", s, res.Payment)
	}
	if n := len(paymentsOf(t, sa, map[string]any{"status": "SUCCEEDED"})); n != 1 {
		t.Fatalf("one successful payment, got %d", n)
	}
}

// SB-8: after a downgrade to a plan whose record limit the org is over, creating records is
// refused in every module (RECORD_LIMIT) — through the API and through any other path —
// while reading, editing and deleting still work. A catalogue file (CRM_PLAN_CATALOGUE)
// gives FREE a limit of 5 records.
func TestRecordLimitAfterDowngrade_SB8(t *testing.T) {
	cat := billing.DefaultCatalogue()
	cat.Plan(billing.PlanFree).RecordLimit = 5
	b, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "catalogue.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	e := newBillingEnv(t, time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC), map[string]string{"CRM_PLAN_CATALOGUE": path}) // June: 30 days
	org := e.srv.SignUp(t, "Limit Co", "lia@limit.test")
	sa := org.Admin
	if r := setCard(t, sa, billing.SandboxCardSucceeds); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	mustChange(t, sa, map[string]any{"plan": "STANDARD", "cycle": "MONTHLY", "regularLicenses": 3}, "std")

	var ids []string
	for i := range 7 {
		var out struct{ CreateContact struct{ ID string } }
		sa.MustDo(t, `mutation($n: String!) { createContact(input: {lastName: $n}) { id } }`, map[string]any{"n": "C" + strconv.Itoa(i)}, &out)
		ids = append(ids, out.CreateContact.ID)
	}
	e.clk.Advance(10 * 24 * time.Hour)
	var free struct{ SwitchToFree billingResult }
	sa.MustDo(t, `mutation { switchToFree { `+resultFields+` } }`, nil, &free)
	// SB-5: the unused 20 of 30 days of 3 × €14.00 go to the balance: €42.00 × 20/30 = €28.00.
	if f := free.SwitchToFree; f.Subscription.Plan.Code != "FREE" || f.Subscription.Records != 7 || f.Subscription.Balance.Amount != 2800 ||
		f.Payment == nil || f.Payment.Kind != "REFUND" || f.Payment.Amount != 2800 {
		t.Fatalf("SB-5 switch to FREE: %+v %+v", f.Subscription, f.Payment)
	}

	for _, q := range []string{
		`mutation { createContact(input: {lastName: "Over"}) { id } }`,
		`mutation { createLead(input: {lastName: "Over"}) { id } }`,
		`mutation { createNote(input: {title: "Over"}) { id } }`,
		`mutation { createTask(input: {subject: "Over"}) { id } }`,
	} {
		e := assertCode(t, sa.Do(t, q, nil), apperr.RecordLimit)
		if e.Extensions["limit"] != float64(5) || e.Extensions["records"] != float64(7) || !strings.Contains(e.Message, "edited and deleted") {
			t.Fatalf("SB-8 %s: %+v", q, e)
		}
	}
	// Any other path (jobs, imports) goes through the same hook.
	orgID, _ := strconv.Atoi(org.ID)
	if _, err := e.srv.App.DB.Client.Lead.Create().SetLastName("Job").Save(auth.SystemContext(context.Background(), orgID)); !apperr.Is(err, apperr.RecordLimit) {
		t.Fatalf("SB-8 outside the API: %v", err)
	}
	// Reading, editing and deleting still work.
	var list struct{ Contacts struct{ TotalCount int } }
	sa.MustDo(t, `{ contacts { totalCount } }`, nil, &list)
	sa.MustDo(t, `mutation($id: ID!) { updateContact(id: $id, input: {firstName: "Edited"}) { id } }`, map[string]any{"id": ids[0]}, nil)
	for _, id := range ids[:3] {
		sa.MustDo(t, `mutation($id: ID!) { deleteContact(id: $id) }`, map[string]any{"id": id}, nil)
	}
	// Below the limit again (4 < 5): creating works.
	sa.MustDo(t, `mutation { createContact(input: {lastName: "Fits"}) { id } }`, nil, nil)
	assertCode(t, sa.Do(t, `mutation { createContact(input: {lastName: "Over again"}) { id } }`, nil), apperr.RecordLimit)
	if list.Contacts.TotalCount != 7 {
		t.Fatalf("read: %+v", list)
	}
}

// SB-11: a renewal is charged at most once per period, even if its job runs twice, and the
// tick queues one task per org and period however often it runs (task ID = org + due time).
func TestRenewalJobIdempotent_SB11_Redis(t *testing.T) {
	t0 := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	e := newBillingEnv(t, t0, nil)
	org := e.srv.SignUp(t, "Renew Co", "ren@renew.test")
	sa := org.Admin
	if r := setCard(t, sa, billing.SandboxCardSucceeds); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	res := mustChange(t, sa, map[string]any{"plan": "STANDARD", "cycle": "MONTHLY", "regularLicenses": 2}, "std")
	end := res.Subscription.PeriodEnd
	if !end.Equal(time.Date(2026, 2, 28, 12, 0, 0, 0, time.UTC)) { // Jan 31 + 1 month, clamped
		t.Fatalf("period end %s", end)
	}
	e.clk.Set(end)

	// The tick, run twice, queues the renewal once.
	deps := e.srv.App.WorkerDeps()
	for range 2 {
		if _, err := worker.BillingTick(context.Background(), deps); err != nil {
			t.Fatal(err)
		}
	}
	info, err := e.srv.App.Inspector.ListPendingTasks("critical")
	if err != nil {
		t.Fatal(err)
	}
	if len(info) != 1 || info[0].Type != worker.TypeBillingRenew || info[0].ID != fmt.Sprintf("billing:renew:%s:%d", org.ID, end.Unix()) {
		t.Fatalf("queued: %+v", info)
	}
	// The renewal task, delivered twice (and a third time through the queue's copy).
	task := asynq.NewTask(info[0].Type, info[0].Payload)
	for range 3 {
		if err := e.mux.ProcessTask(context.Background(), task); err != nil {
			t.Fatal(err)
		}
	}
	charges := e.sandbox().Charges()
	if len(charges) != 2 || charges[1].Amount.Amount != 2800 || !charges[1].Renewal {
		t.Fatalf("one renewal charge of 2 × €14.00: %+v", charges)
	}
	s := subOf(t, sa)
	if s.Status != "ACTIVE" || !s.PeriodStart.Equal(end) || !s.PeriodEnd.Equal(time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("renewed: %+v", s)
	}
	if n := len(paymentsOf(t, sa, nil)); n != 2 {
		t.Fatalf("payments: %d", n)
	}
	if n := e.runJobs(); n != 0 {
		t.Fatalf("nothing is due after the renewal, got %d tasks", n)
	}
}

// SB-5: deleting the org needs the super admin and its exact name; it removes every row of the
// org and its files, and nothing of another org.
func TestDeleteOrganization_SB5(t *testing.T) {
	e := newBillingEnv(t, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), nil)
	a := e.srv.SignUp(t, "Gone Co", "gus@gone.test")
	b := e.srv.SignUp(t, "Stays Co", "sue@stays.test")
	admin := e.srv.AddUser(t, a.ID, "ada@gone.test", user.RoleADMIN)
	a.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Gone"}) { id } }`, nil, nil)
	b.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Stays"}) { id } }`, nil, nil)
	if r := setCard(t, a.Admin, billing.SandboxCardSucceeds); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	orgID, _ := strconv.Atoi(a.ID)
	ctx := auth.SystemContext(context.Background(), orgID)
	bucket, err := e.srv.App.Blobs.Bucket(ctx, "EU")
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("attachments/%d/x/memo.txt", orgID)
	if err := bucket.WriteAll(ctx, key, []byte("memo"), nil); err != nil {
		t.Fatal(err)
	}
	con := e.srv.App.DB.Client.Contact.Query().OnlyX(ctx)
	e.srv.App.DB.Client.Attachment.Create().SetFileName("memo.txt").SetSize(4).SetSha256("x").SetBlobKey(key).SetContactID(con.ID).SaveX(ctx)
	// Issue 10 move 5: each domain declares its own prefix of per-org files and deleting the
	// org asks every one of them (an orphan attachment, a backup archive, a general file);
	// the other org's files under the same prefixes stay.
	bID, _ := strconv.Atoi(b.ID)
	var gone, stays []string
	for _, prefix := range []func(int) string{attachments.OrgFilePrefix, backup.OrgFilePrefix, accounts.OrgFilePrefix} {
		gone = append(gone, prefix(orgID)+"run/part1.zip")
		stays = append(stays, prefix(bID)+"run/part1.zip")
	}
	for _, k := range append(append([]string{}, gone...), stays...) {
		if err := bucket.WriteAll(ctx, k, []byte("file"), nil); err != nil {
			t.Fatal(err)
		}
	}

	assertCode(t, admin.Do(t, `mutation { deleteOrganization(confirmName: "Gone Co") }`, nil), apperr.Forbidden)
	assertCode(t, a.Admin.Do(t, `mutation { deleteOrganization(confirmName: "gone co") }`, nil), apperr.Validation)
	var out struct{ DeleteOrganization bool }
	a.Admin.MustDo(t, `mutation { deleteOrganization(confirmName: "Gone Co") }`, nil, &out)
	if !out.DeleteOrganization {
		t.Fatal("not deleted")
	}
	// Every table with an org_id holds nothing of the org.
	tables := e.srv.TablesWithColumn(t, "org_id")
	if len(tables) < 10 {
		t.Fatalf("tenant tables: %v", tables)
	}
	for _, tbl := range tables {
		var n int
		if err := e.srv.App.DB.SQL.QueryRow(`SELECT count(*) FROM `+tbl+` WHERE org_id = $1`, orgID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s still has %d rows of the deleted org (%v)", tbl, n, err)
		}
	}
	if n, _ := e.srv.App.DB.Client.Organization.Query().Count(store.AllOrgs(context.Background())); n != 1 {
		t.Fatalf("organizations left: %d", n)
	}
	if ok, _ := bucket.Exists(context.Background(), key); ok {
		t.Fatal("the org's files must be deleted")
	}
	for _, k := range gone {
		if ok, _ := bucket.Exists(context.Background(), k); ok {
			t.Errorf("issue 10 move 5: %s of the deleted org is still stored", k)
		}
	}
	for _, k := range stays {
		if ok, _ := bucket.Exists(context.Background(), k); !ok {
			t.Errorf("issue 10 move 5: %s of the other org was deleted", k)
		}
	}
	assertCode(t, a.Admin.Do(t, `{ me { id } }`, nil), apperr.Unauthenticated)
	var other struct{ Contacts struct{ TotalCount int } }
	b.Admin.MustDo(t, `{ contacts { totalCount } }`, nil, &other)
	if other.Contacts.TotalCount != 1 {
		t.Fatalf("the other org is untouched: %+v", other)
	}
}
