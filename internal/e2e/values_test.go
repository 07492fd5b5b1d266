package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// failingDriver fails every statement on the contacts table while fail is set: an
// unexpected database error, the kind that answers INTERNAL.
type failingDriver struct {
	dialect.Driver
	fail *atomic.Bool
}

func (d failingDriver) Query(ctx context.Context, query string, args, v any) error {
	if d.fail.Load() && strings.Contains(query, "`contacts`") || d.fail.Load() && strings.Contains(query, `"contacts"`) {
		return errors.New("injected failure: disk I/O error")
	}
	return d.Driver.Query(ctx, query, args, v)
}

// Issue 9 item 12, PL-6: a failed request writes one log line however many errors it has (a
// nodes call of 40,000 IDs wrote 40,001 lines — such a call is now refused by the list limit,
// so 60 aliased connections each fail on an injected database error here); its INTERNAL errors
// share one reference, which the line carries with their count.
func TestOneLogLinePerRequest_PL6_Issue9Item12(t *testing.T) {
	logs := &liveBuffer{} // ws_test.go: a log writer read while the server writes
	fail := &atomic.Bool{}
	srv := apptest.Start(t, apptest.Options{LogWriter: logs,
		WrapDriver: func(d dialect.Driver) dialect.Driver { return failingDriver{Driver: d, fail: fail} }})
	org := srv.SignUp(t, "Logs Co", "lou@logs.test")
	org.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Log"}) { id } }`, nil, nil)
	var q strings.Builder
	q.WriteString("{")
	for i := range 60 {
		fmt.Fprintf(&q, " c%d: contacts(first: 1) { totalCount }", i)
	}
	q.WriteString(" }")
	fail.Store(true)
	before := strings.Count(logs.String(), "\n")
	r := org.Admin.Do(t, q.String(), nil)
	fail.Store(false)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")[before:]
	if len(r.Errors) < 60 {
		t.Fatalf("want the 60 unexpected errors of the failing contacts queries, got %d (status %d)", len(r.Errors), r.Status)
	}
	refs := map[string]bool{}
	for _, e := range r.Errors {
		if e.Code() == "INTERNAL" {
			refs[e.Message] = true
		}
	}
	if len(lines) != 1 || len(refs) != 1 {
		t.Fatalf("%d errors: %d log lines (want 1), %d distinct INTERNAL messages (want 1, one reference)", len(r.Errors), len(lines), len(refs))
	}
	if n := len(r.Errors); !strings.Contains(lines[0], fmt.Sprintf("internalErrors=%d", n)) || !strings.Contains(lines[0], "level=ERROR") {
		t.Fatalf("the line does not count the %d errors: %s", n, lines[0][:min(400, len(lines[0]))])
	}
	for ref := range refs {
		if !strings.Contains(lines[0], strings.TrimSuffix(strings.TrimPrefix(ref, "internal error (reference "), "); it was logged")) {
			t.Fatalf("the line lacks the reference of %q", ref)
		}
	}
}

// Issue 9 item 12: messages a person reads are in their language — the user's saved locale,
// else Accept-Language, else English (API clients) — while code, field and the structured
// details stay as they are. Seen: the card-declined message in English on the Japanese SPA.
func TestMessagesInTheReadersLanguage_PL6_Issue9Item12(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Langues SARL", "lea@langues.test")
	sa := org.Admin
	if r := setCard(t, sa, "4000000000000002"); len(r.Errors) > 0 { // registers; every charge is declined
		t.Fatalf("card: %+v", r.Errors)
	}
	pay := `mutation { changeSubscription(input: {plan: "STANDARD"}, idempotencyKey: "lang-1") { payment { id } } }`
	if e := assertCode(t, sa.Do(t, pay, nil), "PAYMENT_FAILED"); !strings.HasPrefix(e.Message, "The payment of ") ||
		!strings.Contains(e.Message, "the card was declined by the bank") {
		t.Fatalf("an API client with no locale and no Accept-Language reads English: %q", e.Message)
	}
	sa.MustDo(t, `mutation { updateMe(input: {locale: "ja"}) { locale } }`, nil, nil)
	e := assertCode(t, sa.Do(t, pay, nil), "PAYMENT_FAILED")
	if !strings.Contains(e.Message, "のお支払いができませんでした: カード会社によって決済が拒否されました。") ||
		e.Extensions["failureReason"] != "the card was declined by the bank" {
		t.Fatalf("ja (saved locale): %q %v", e.Message, e.Extensions)
	}
	fr := &apptest.Client{URL: srv.URL, Token: sa.Token, Header: http.Header{"Accept-Language": {"fr-FR,fr;q=0.9"}}}
	if e := assertCode(t, fr.Do(t, pay, nil), "PAYMENT_FAILED"); !strings.Contains(e.Message, "カード会社") {
		t.Fatalf("the saved locale wins over Accept-Language: %q", e.Message)
	}
	e = assertCode(t, sa.Do(t, `mutation { createContact(input: {lastName: "   "}) { id } }`, nil), "VALIDATION")
	if e.Message != "lastName を入力してください" || e.Extensions["field"] != "lastName" {
		t.Fatalf("ja validation: %q %v", e.Message, e.Extensions)
	}

	// Anonymous readers: Accept-Language.
	anonFr := &apptest.Client{URL: srv.URL, Header: http.Header{"Accept-Language": {"fr-CA,fr;q=0.9,en;q=0.5"}}}
	e = assertCode(t, anonFr.Do(t, `mutation { signIn(input: {email: "lea@langues.test", password: "not the password"}) { user { id } } }`, nil), "UNAUTHENTICATED")
	if e.Message != "adresse e-mail ou mot de passe incorrect" {
		t.Fatalf("fr sign-in: %q", e.Message)
	}
	signUp := `mutation { signUp(input: {organizationName: "X", region: EU, name: "X", email: "x@langues.test", password: "correct horse battery", locale: "xx"}) { user { id } } }`
	e = assertCode(t, anonFr.Do(t, signUp, nil), "VALIDATION")
	if e.Message != "locale doit valoir en, ja, fr\u202f; reçu \"xx\"" || e.Extensions["field"] != "locale" {
		t.Fatalf("fr validation (narrow no-break space before ;): %q %v", e.Message, e.Extensions)
	}
	anonJa := &apptest.Client{URL: srv.URL, Header: http.Header{"Accept-Language": {"ja"}}}
	if e := assertCode(t, anonJa.Do(t, `{ organization { id } }`, nil), "UNAUTHENTICATED"); !strings.HasPrefix(e.Message, "先にサインインしてください") {
		t.Fatalf("ja sign-in first: %q", e.Message)
	}
	anonDe := &apptest.Client{URL: srv.URL, Header: http.Header{"Accept-Language": {"de-DE"}}}
	if e := assertCode(t, anonDe.Do(t, signUp, nil), "VALIDATION"); e.Message != `locale must be one of en, ja, fr; got "xx"` {
		t.Fatalf("a language the server does not speak reads English: %q", e.Message)
	}
}
