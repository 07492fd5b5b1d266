package e2e

// The suite bundle (SPEC BU, issue 14 §2) end to end over HTTP with a settable clock: three
// paid services with different super admins → the trial refused, naming them → unified →
// trial → extension → expiry (the bundle job run with the clock moved) → a declined card
// changes nothing → upgrade with credits → member subscriptions ended, one contract, payment
// lines. Runs on SQLite, and on PostgreSQL with CRM_TEST_PG_URL (make test-pg).

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/worker"
)

const bundleFields = `state trialStartedAt trialEndsAt daysLeft canExtend extensionDays canStartTrial
  members { service name hasFreeEdition access subscription { id service superAdmin { id name } cycle users periodStart periodEnd paid { amount currency } endedAt } }
  blockers { service superAdmin { id name } }
  contract { id cycle users addOns startedAt periodEnd price { amount currency } }`

type bundleView struct {
	State                       string
	TrialStartedAt, TrialEndsAt *time.Time
	DaysLeft                    *int
	CanExtend, CanStartTrial    bool
	ExtensionDays               int
	Members                     []struct {
		Service, Name, Access string
		HasFreeEdition        bool
		Subscription          *struct {
			ID, Service, Cycle string
			SuperAdmin         struct{ ID, Name string }
			Users              int
			PeriodStart        time.Time
			PeriodEnd          time.Time
			Paid               money
			EndedAt            *time.Time
		}
	}
	Blockers []struct {
		Service    string
		SuperAdmin struct{ ID, Name string }
	}
	Contract *struct {
		ID, Cycle            string
		Users                int
		AddOns               []string
		StartedAt, PeriodEnd time.Time
		Price                money
	}
}

func (b bundleView) access() map[string]string {
	out := map[string]string{}
	for _, m := range b.Members {
		out[m.Service] = m.Access
	}
	return out
}

func suiteBundleOf(t *testing.T, c *apptest.Client) bundleView {
	t.Helper()
	var out struct{ SuiteBundle bundleView }
	c.MustDo(t, `{ suiteBundle { `+bundleFields+` } }`, nil, &out)
	return out.SuiteBundle
}

// bundleMutation runs a SuiteBundle-returning mutation; the response is returned when it failed.
func bundleMutation(t *testing.T, c *apptest.Client, name string) (*bundleView, *apptest.Response) {
	t.Helper()
	r := c.Do(t, `mutation { `+name+` { `+bundleFields+` } }`, nil)
	if len(r.Errors) > 0 {
		return nil, r
	}
	var out map[string]bundleView
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	b := out[name]
	return &b, r
}

func subscribeMember(t *testing.T, c *apptest.Client, service, cycle string, users int, key string) string {
	t.Helper()
	var out struct {
		SubscribeMemberService struct {
			ID         string
			SuperAdmin struct{ ID string }
			Paid       money
		}
	}
	c.MustDo(t, `mutation($i: MemberSubscriptionInput!, $k: String!) { subscribeMemberService(input: $i, idempotencyKey: $k) { id superAdmin { id } paid { amount currency } } }`,
		map[string]any{"i": map[string]any{"service": service, "cycle": cycle, "users": users}, "k": key}, &out)
	if out.SubscribeMemberService.Paid.Amount <= 0 {
		t.Fatalf("BU-1 %s paid nothing: %+v", service, out)
	}
	return out.SubscribeMemberService.ID
}

// runBundleJobs runs what bundle:tick would enqueue now, each task twice (a task delivered
// twice has the effect of once); it returns how many tasks there were.
func (e *billingEnv) runBundleJobs() int {
	e.t.Helper()
	ctx := context.Background()
	tasks, err := worker.DueBundleTasks(ctx, e.srv.App.WorkerDeps())
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

type bundleQuoteView struct {
	Token     string
	ExpiresAt time.Time
	TotalDue  money
	ToBalance money
	Lines     []struct {
		Kind, Description string
		Service           *string
		Amount            money
		From, To          *time.Time
	}
}

const bundleQuoteFields = `token expiresAt totalDue { amount currency formatted } toBalance { amount }
  lines { kind service description amount { amount currency } from to }`

// halfUp is SB-4's rounding of amount × num / den, computed here independently of the rules.
func halfUp(amount, num, den int64) int64 { return (2*amount*num + den) / (2 * den) }

func TestSuiteBundle_Integration_BU1_BU2_BU3_BU4_BU5(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	e := newBillingEnv(t, t0, nil)
	org := e.srv.SignUp(t, "Suite Co", "ada@suite.test") // region EU: billed in EUR
	sa := org.Admin
	if r := setCard(t, sa, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	inviteAdmin := func(email string) string {
		var out struct {
			InviteUser struct{ TemporaryPassword string }
		}
		sa.MustDo(t, `mutation($i: InviteUserInput!) { inviteUser(input: $i) { temporaryPassword } }`,
			map[string]any{"i": map[string]any{"email": email, "name": strings.Split(email, "@")[0], "role": "ADMIN"}}, &out)
		return out.InviteUser.TemporaryPassword
	}
	bobPw, carolPw := inviteAdmin("bob@suite.test"), inviteAdmin("carol@suite.test")
	bob := signInWith(t, e.srv, "bob@suite.test", bobPw)
	carol := signInWith(t, e.srv, "carol@suite.test", carolPw)

	// BU-1: three paid services, three super admins: CRM (Ada, the org's super admin), CAMPAIGNS
	// (Bob), DESK (Carol); all yearly, paid now.
	mustChange(t, sa, map[string]any{"plan": "PROFESSIONAL", "cycle": "YEARLY", "regularLicenses": 3}, "crm-yearly")
	if r := setCard(t, bob, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	subscribeMember(t, bob, "CAMPAIGNS", "YEARLY", 3, "campaigns-1")
	subscribeMember(t, carol, "DESK", "YEARLY", 2, "desk-1")
	b := suiteBundleOf(t, sa)
	if b.State != "NONE" || b.CanStartTrial || len(b.Blockers) != 2 || len(b.Members) != 8 {
		t.Fatalf("BU-1/BU-2 before the trial: %+v", b)
	}

	// BU-2: refused, naming the services and whom to ask.
	_, r := bundleMutation(t, sa, "startBundleTrial")
	if len(r.Errors) != 1 || r.Errors[0].Code() != "FORBIDDEN" || r.Errors[0].Extensions["reason"] != "BUNDLE_ADMINS_DIFFER" ||
		!strings.Contains(r.Errors[0].Message, "CAMPAIGNS (bob)") || !strings.Contains(r.Errors[0].Message, "DESK (carol)") {
		t.Fatalf("BU-2 refusal: %+v", r.Errors)
	}
	if svcs, _ := r.Errors[0].Extensions["services"].([]any); len(svcs) != 3 {
		t.Fatalf("BU-2 refusal names every paid service: %+v", r.Errors[0].Extensions)
	}

	// Unified: Bob hands CAMPAIGNS to Ada; the org's super admin takes DESK.
	bob.MustDo(t, `mutation($u: ID!) { setMemberSuperAdmin(service: CAMPAIGNS, userId: $u) { superAdmin { id } } }`, map[string]any{"u": org.UserID}, nil)
	sa.MustDo(t, `mutation($u: ID!) { setMemberSuperAdmin(service: DESK, userId: $u) { superAdmin { id } } }`, map[string]any{"u": org.UserID}, nil)

	// BU-3: the trial, 30 days; paid CRM in the bundle, other paid services on their own,
	// unpaid ones on trial in the bundle.
	tb, r := bundleMutation(t, sa, "startBundleTrial")
	if tb == nil {
		t.Fatalf("BU-3 start: %+v", r.Errors)
	}
	acc := tb.access()
	if tb.State != "TRIALING" || !tb.CanExtend || tb.TrialEndsAt == nil || acc["CRM"] != "IN_BUNDLE" || acc["CAMPAIGNS"] != "STANDALONE_ONLY" ||
		acc["DESK"] != "STANDALONE_ONLY" || acc["SALESIQ"] != "TRIAL_IN_BUNDLE" || acc["ANALYTICS"] != "TRIAL_IN_BUNDLE" {
		t.Fatalf("BU-3 trial: %+v", tb)
	}
	if d := tb.TrialEndsAt.Sub(t0); d < 30*24*time.Hour || d > 31*24*time.Hour {
		t.Fatalf("BU-3 30 days: ends %s", tb.TrialEndsAt)
	}
	if _, r := bundleMutation(t, sa, "startBundleTrial"); len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
		t.Fatalf("one trial per org: %+v", r.Errors)
	}

	// BU-4: extended once by 15 days.
	e.clk.Set(day(t0, 20))
	ext, r := bundleMutation(t, sa, "extendBundleTrial")
	if ext == nil || ext.State != "EXTENDED" || ext.CanExtend || !ext.TrialEndsAt.Equal(tb.TrialEndsAt.AddDate(0, 0, 15)) {
		t.Fatalf("BU-4 extension: %+v %+v", ext, r.Errors)
	}
	if _, r := bundleMutation(t, sa, "extendBundleTrial"); len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
		t.Fatalf("BU-4 one extension: %+v", r.Errors)
	}
	end := *ext.TrialEndsAt

	// BU-4: notices 7, 3, 1 day(s) before, then expiry with no choice made (as if cancelled).
	if n := e.runBundleJobs(); n != 0 {
		t.Fatalf("nothing due yet: %d", n)
	}
	for _, d := range []int{7, 3, 1} {
		e.clk.Set(end.AddDate(0, 0, -d).Add(time.Minute))
		if n := e.runBundleJobs(); n != 1 {
			t.Fatalf("BU-4 notice %d days before: %d tasks", d, n)
		}
		if n := e.runBundleJobs(); n != 0 {
			t.Fatalf("BU-4 notice %d sent once: %d tasks", d, n)
		}
	}
	e.clk.Set(end.Add(time.Minute))
	if n := e.runBundleJobs(); n != 1 {
		t.Fatalf("BU-4 expiry: %d tasks", n)
	}
	x := suiteBundleOf(t, sa)
	acc = x.access()
	if x.State != "EXPIRED" || acc["CRM"] != "STANDALONE" || acc["CAMPAIGNS"] != "STANDALONE" || acc["SALESIQ"] != "FREE_EDITION" ||
		acc["ANALYTICS"] != "NONE" {
		t.Fatalf("BU-4 expired: %+v", x)
	}
	types := notificationTypes(t, sa)
	if count(types, "bundle.trial_ending") != 3 || count(types, "bundle.trial_expired") != 1 || count(types, "bundle.trial_started") != 1 ||
		count(types, "bundle.trial_extended") != 1 {
		t.Fatalf("BU-4 notifications: %v", types)
	}

	// BU-5: the quote — the bundle, an add-on, one credit per member for its unused paid time.
	now := e.clk.Now().UTC().Truncate(time.Second)
	in := map[string]any{"cycle": "YEARLY", "users": 3, "addOns": []string{"AI_ASSISTANT"}}
	var qo struct{ QuoteBundleUpgrade bundleQuoteView }
	sa.MustDo(t, `query($i: BundleUpgradeInput!) { quoteBundleUpgrade(input: $i) { `+bundleQuoteFields+` } }`, map[string]any{"i": in}, &qo)
	q := qo.QuoteBundleUpgrade
	var sum int64
	credits := map[string]int64{}
	for _, l := range q.Lines {
		sum += l.Amount.Amount
		if l.Kind == "CREDIT" {
			credits[*l.Service] = l.Amount.Amount
		}
	}
	for _, m := range x.Members {
		if m.Subscription == nil {
			continue
		}
		s := m.Subscription
		want := -halfUp(s.Paid.Amount, int64(s.PeriodEnd.Sub(now)/time.Second), int64(s.PeriodEnd.Sub(s.PeriodStart)/time.Second))
		if credits[m.Service] != want {
			t.Fatalf("BU-5 credit of %s: %d, want %d (SB-4 rounding of %d)", m.Service, credits[m.Service], want, s.Paid.Amount)
		}
	}
	if len(credits) != 3 || q.Lines[0].Kind != "BUNDLE" || q.Lines[1].Kind != "ADD_ON" || q.TotalDue.Amount != max(sum, 0) || q.TotalDue.Amount <= 0 {
		t.Fatalf("BU-5 quote: %+v", q)
	}
	t.Logf("BU-5 worked quote: %+v", q)

	// A declined card changes nothing.
	if r := setCard(t, sa, "4000000000000002"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	upgrade := `mutation($i: BundleUpgradeInput!, $k: String!, $q: String) { upgradeBundle(input: $i, idempotencyKey: $k, quoteToken: $q) {
	  bundle { ` + bundleFields + ` } payment { ` + paymentFields + ` } } }`
	r = sa.Do(t, upgrade, map[string]any{"i": in, "k": "upgrade-declined", "q": q.Token})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "PAYMENT_FAILED" {
		t.Fatalf("declined: %+v", r.Errors)
	}
	if after := suiteBundleOf(t, sa); after.State != "EXPIRED" || after.Contract != nil || slices.ContainsFunc(after.Members, func(m struct {
		Service, Name, Access string
		HasFreeEdition        bool
		Subscription          *struct {
			ID, Service, Cycle string
			SuperAdmin         struct{ ID, Name string }
			Users              int
			PeriodStart        time.Time
			PeriodEnd          time.Time
			Paid               money
			EndedAt            *time.Time
		}
	}) bool {
		return m.Subscription != nil && m.Subscription.EndedAt != nil
	}) {
		t.Fatalf("a declined card changes nothing: %+v", after)
	}

	// Paid with a good card: members ended, one contract, the payment with its lines.
	if r := setCard(t, sa, "4242424242424242"); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	var up struct {
		UpgradeBundle struct {
			Bundle  bundleView
			Payment *paymentView
		}
	}
	sa.MustDo(t, upgrade, map[string]any{"i": in, "k": "upgrade-1", "q": q.Token}, &up)
	u := up.UpgradeBundle
	if u.Bundle.State != "UPGRADED" || u.Bundle.Contract == nil || u.Bundle.Contract.Users != 3 || u.Bundle.Contract.Cycle != "YEARLY" ||
		!slices.Equal(u.Bundle.Contract.AddOns, []string{"AI_ASSISTANT"}) || u.Payment == nil || u.Payment.Status != "SUCCEEDED" ||
		u.Payment.Amount != q.TotalDue.Amount || u.Payment.Product != "BUNDLE" || len(u.Payment.Lines) != 5 {
		t.Fatalf("BU-5 upgrade: %+v %+v", u.Bundle, u.Payment)
	}
	for _, m := range u.Bundle.Members {
		if m.Access != "BUNDLE" || (m.Subscription != nil && m.Service != "CRM" && m.Subscription.EndedAt == nil) {
			t.Fatalf("BU-5 members ended, every service in the bundle: %+v", m)
		}
	}
	// The same key answers the same payment; a second upgrade is refused (never credits twice).
	var again struct {
		UpgradeBundle struct{ Payment *paymentView }
	}
	sa.MustDo(t, upgrade, map[string]any{"i": in, "k": "upgrade-1", "q": q.Token}, &again)
	if again.UpgradeBundle.Payment == nil || again.UpgradeBundle.Payment.Reference != u.Payment.Reference {
		t.Fatalf("idempotent upgrade: %+v", again.UpgradeBundle.Payment)
	}
	if r := sa.Do(t, upgrade, map[string]any{"i": in, "k": "upgrade-2"}); len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
		t.Fatalf("a second upgrade: %+v", r.Errors)
	}
	ps := paymentsOf(t, sa, map[string]any{"product": "BUNDLE"})
	if len(ps) != 2 || ps[0].Status != "FAILED" || ps[1].Status != "SUCCEEDED" {
		t.Fatalf("payment history: %+v", ps)
	}
	actions := auditActions(t, sa)
	if count(actions, "bundle.upgraded") != 1 || count(actions, "bundle.trial_started") != 1 || count(actions, "bundle.trial_expired") != 1 {
		t.Fatalf("audit: %v", actions)
	}
	if types := notificationTypes(t, sa); count(types, "bundle.upgraded") != 1 {
		t.Fatalf("notifications: %v", types)
	}
}
