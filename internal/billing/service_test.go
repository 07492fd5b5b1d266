package billing_test

// Service tests on real SQLite (in memory): what the end-to-end suite does not reach easily.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/enttest"
	"github.com/crmadmin/crmadmin/ent/payment"
	_ "github.com/crmadmin/crmadmin/ent/runtime"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/accounts"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

var may1 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

type fixture struct {
	client *ent.Client
	svc    *billing.Service
	acc    *accounts.Service // user management honouring billing's licenses
	clk    *clock.Settable
	gw     *billing.Sandbox
}

func newFixture(t *testing.T, cat *billing.Catalogue) *fixture {
	t.Helper()
	dsn := fmt.Sprintf("file:billing-%s?mode=memory&cache=shared&_fk=1", strings.ReplaceAll(t.Name(), "/", "-"))
	var client *ent.Client
	if pgtest.Enabled() {
		client = pgtest.Client(t)
	} else {
		client = enttest.Open(t, "sqlite3", dsn)
		t.Cleanup(func() { client.Close() })
	}
	clk := clock.NewSettable(may1)
	gw := billing.NewSandbox()
	svc := billing.NewService(client, cat, gw, nil, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
	client.Use(billing.RecordLimitHook(svc))
	return &fixture{client: client, svc: svc, clk: clk, gw: gw, acc: &accounts.Service{Client: client, Billing: svc}}
}

// org creates an org with users (regular, team) directly, like the demo loader or an org
// created before billing existed; the first is the super admin. It returns the admin's context.
func (f *fixture) org(t *testing.T, name string, regular, team int) (context.Context, int) {
	t.Helper()
	all := store.AllOrgs(context.Background())
	o := f.client.Organization.Create().SetName(name).SetRegion("EU").SetTimeZone("Europe/Paris").SetCurrency("EUR").SaveX(all)
	var admin *ent.User
	for i := range regular + team {
		kind, role := user.LicenseKindREGULAR, user.RoleSTANDARD
		if i >= regular {
			kind = user.LicenseKindTEAM
		}
		if i == 0 {
			role = user.RoleSUPER_ADMIN
		}
		u := f.client.User.Create().SetOrgID(o.ID).SetEmail(fmt.Sprintf("u%d@%s.test", i, strings.ToLower(name))).SetName("U").
			SetRole(role).SetLicenseKind(kind).SaveX(all)
		if i == 0 {
			admin = u
		}
	}
	return auth.WithViewer(context.Background(), &auth.Viewer{UserID: admin.ID, OrgID: o.ID, Role: auth.RoleSuperAdmin, Name: "Admin"}), o.ID
}

// SB-9: the sandbox's test cards: one always succeeds, one is declined, one pays now and
// fails on renewal; a repeated idempotency key is charged once.
func TestSandboxTestCards_SB9(t *testing.T) {
	ctx := context.Background()
	gw := billing.NewSandbox()
	eur := func(v int64) billing.Money { return billing.Money{Amount: v, Currency: "EUR"} }
	token := func(number string) string {
		t.Helper()
		tok, err := gw.Tokenise(ctx, billing.CardInput{Number: number, ExpMonth: 12, ExpYear: 2035, CVC: "123"})
		if err != nil || strings.Contains(tok, number) {
			t.Fatalf("tokenise: %q %v", tok, err)
		}
		return tok
	}
	ok, declined, renewal := token(billing.SandboxCardSucceeds), token(billing.SandboxCardDeclined), token(billing.SandboxCardFailsOnRenewal)
	for _, tc := range []struct {
		name    string
		token   string
		renewal bool
		decline bool
	}{
		{"4242 now", ok, false, false},
		{"4242 renewal", ok, true, false},
		{"0002 now", declined, false, true},
		{"0002 renewal", declined, true, true},
		{"0341 now", renewal, false, false},
		{"0341 renewal", renewal, true, true},
	} {
		_, err := gw.Charge(ctx, billing.ChargeRequest{Token: tc.token, Amount: eur(100), IdempotencyKey: tc.name, Renewal: tc.renewal})
		if _, isDecline := billing.IsDeclined(err); isDecline != tc.decline || (err != nil && !isDecline) {
			t.Errorf("%s: err = %v, want declined %v", tc.name, err, tc.decline)
		}
	}
	n := len(gw.Charges())
	r1, _ := gw.Charge(ctx, billing.ChargeRequest{Token: ok, Amount: eur(500), IdempotencyKey: "same"})
	r2, _ := gw.Charge(ctx, billing.ChargeRequest{Token: ok, Amount: eur(500), IdempotencyKey: "same"})
	if r1 != r2 || len(gw.Charges()) != n+1 {
		t.Errorf("a repeated key must be charged once: %v %v, %d charges", r1, r2, len(gw.Charges())-n)
	}
	if _, err := gw.Refund(ctx, billing.RefundRequest{TransactionID: r1.TransactionID, Amount: eur(500)}); err != nil || len(gw.Refunds()) != 1 {
		t.Errorf("refund: %v", err)
	}
}

// SB-7: an org that existed before billing gets its FREE subscription on first read, with as
// many licenses as its users hold (never fewer: nobody loses access), and a new user needs a
// free license.
func TestExistingOrgKeepsItsUsers_SB7(t *testing.T) {
	f := newFixture(t, nil)
	ctx, _ := f.org(t, "Legacy", 4, 1)
	ov, err := f.svc.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st := ov.State; st.Plan != billing.PlanFree || st.Regular != 4 || st.Team != 1 || st.Currency != "EUR" {
		t.Fatalf("lazy subscription: %+v", st)
	}
	if _, err := f.acc.InviteUser(ctx, accounts.InviteInput{Email: "new@legacy.test", Name: "New"}); !apperr.Is(err, apperr.LicenseLimit) {
		t.Fatalf("no free license: %v", err)
	}
	small, _ := f.org(t, "Small", 1, 0)
	ov, err = f.svc.Overview(small)
	if err != nil || ov.State.Regular != 3 {
		t.Fatalf("FREE's 3 licenses: %+v %v", ov, err)
	}
	inv, err := f.acc.InviteUser(small, accounts.InviteInput{Email: "Two@Small.test", Name: "Two", LicenseKind: billing.Regular})
	if err != nil || inv.User.Email != "two@small.test" || len(inv.TemporaryPassword) != 16 {
		t.Fatalf("invite: %+v %v", inv, err)
	}
	if err := auth.CheckPassword(context.Background(), inv.User.PasswordHash, inv.TemporaryPassword); err != nil {
		t.Fatalf("the temporary password signs in: %v", err)
	}
}

// SB-8: the record-limit hook counts the org being written to, even from code allowed to cross
// orgs, and an org without a subscription row yet is not limited.
func TestRecordLimitCountsOneOrg_SB8(t *testing.T) {
	cat := billing.DefaultCatalogue()
	cat.Plan(billing.PlanFree).RecordLimit = 2
	f := newFixture(t, cat)
	a, aID := f.org(t, "Alpha", 1, 0)
	_, bID := f.org(t, "Beta", 1, 0)
	all := store.AllOrgs(context.Background())
	for i := range 5 { // Beta has no subscription row yet: not limited
		f.client.Contact.Create().SetOrgID(bID).SetLastName(fmt.Sprint("B", i)).SaveX(all)
	}
	if _, err := f.svc.Overview(a); err != nil { // creates Alpha's FREE row
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := f.client.Lead.Create().SetOrgID(aID).SetLastName(fmt.Sprint("A", i)).Save(all); err != nil {
			t.Fatalf("record %d of 2: %v", i+1, err)
		}
	}
	_, err := f.client.Note.Create().SetOrgID(aID).SetTitle("over").Save(all)
	if !apperr.Is(err, apperr.RecordLimit) {
		t.Fatalf("third record: %v", err)
	}
	// Updating and deleting are not limited.
	l := f.client.Lead.Query().FirstX(a)
	f.client.Lead.UpdateOne(l).SetFirstName("Edited").ExecX(a)
	f.client.Lead.DeleteOne(l).ExecX(a)
	f.client.Lead.Create().SetLastName("fits again").SaveX(a)
}

// SB-11: a renewal whose worker died after charging (payment PENDING) is finished by the next
// run with the same gateway key: the gateway answers with the first charge, nothing is charged
// twice.
func TestPendingRenewalResumed_SB11(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Resume", 1, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardSucceeds, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	std := billing.PlanStandard
	res, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &std}, "std")
	if err != nil {
		t.Fatal(err)
	}
	end := res.Overview.State.PeriodEnd
	f.clk.Set(end)
	// The worker's first attempt: the PENDING row and the gateway's charge, then it died.
	sctx := auth.SystemContext(context.Background(), orgID)
	pend := f.client.Payment.Create().SetReference("PAY-RESUMED00001").SetKind(payment.KindCHARGE).SetAmount(4200).
		SetCurrency("EUR").SetPlan(std).SetDescription("renewal").SetIdempotencyKey(fmt.Sprintf("renewal:%d", end.Unix())).SaveX(sctx)
	tok := f.client.PaymentMethod.Query().OnlyX(sctx).Token
	if _, err := f.gw.Charge(context.Background(), billing.ChargeRequest{Token: tok, Amount: billing.Money{Amount: 4200, Currency: "EUR"},
		IdempotencyKey: fmt.Sprintf("org%d:%s", orgID, pend.Reference), Renewal: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RunDue(context.Background(), orgID); err != nil {
		t.Fatal(err)
	}
	if n := len(f.gw.Charges()); n != 2 { // the purchase and one renewal
		t.Fatalf("charges: %d", n)
	}
	p := f.client.Payment.GetX(sctx, pend.ID)
	ov, _ := f.svc.Overview(ctx)
	if p.Status != payment.StatusSUCCEEDED || !ov.State.PeriodStart.Equal(end) || ov.State.Status != billing.StatusActive {
		t.Fatalf("resumed renewal: %s %+v", p.Status, ov.State)
	}
}

// SB-2, SB-11, SB-12: a worker that was down for months catches up in one run: the renewal
// fails, the org is locked, then moved to FREE.
func TestWorkerCatchesUp_SB12(t *testing.T) {
	f := newFixture(t, nil)
	ctx, orgID := f.org(t, "Late", 2, 0)
	if _, err := f.svc.SetPaymentMethod(ctx, billing.CardInput{Number: billing.SandboxCardFailsOnRenewal, ExpMonth: 12, ExpYear: 2035, CVC: "123"}); err != nil {
		t.Fatal(err)
	}
	pro, cycle := billing.PlanProfessional, billing.Monthly
	res, err := f.svc.ChangeSubscription(ctx, billing.ChangeInput{Plan: &pro, Cycle: &cycle}, "pro")
	if err != nil {
		t.Fatalf("the 0341 card pays now: %v", err)
	}
	f.clk.Set(res.Overview.State.PeriodEnd.AddDate(0, 4, 0))
	due, err := f.svc.Due(context.Background(), 10)
	if err != nil || len(due) != 1 || due[0].Action != billing.ActionRenew {
		t.Fatalf("due: %+v %v", due, err)
	}
	if err := f.svc.RunDue(context.Background(), orgID); err != nil {
		t.Fatal(err)
	}
	ov, _ := f.svc.Overview(ctx)
	if st := ov.State; st.Plan != billing.PlanFree || st.Status != billing.StatusActive || st.Regular != 3 {
		t.Fatalf("after catching up: %+v", st)
	}
	if due, _ := f.svc.Due(context.Background(), 10); len(due) != 0 {
		t.Fatalf("still due: %+v", due)
	}
}
