package abuse_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apptest"
)

const pastDue = `{"status":"PAST_DUE","periodStartDaysAgo":31,"periodEndDaysAgo":1,"retriesDone":1,"lastFailure":"declined"}`

// Issue 10 move 10: the browser tests' hook that sets a billing state is off unless
// CRM_TEST_HOOKS is set: in a normal run it answers 404 and changes nothing, for the super
// admin too.
func TestTestHooksOffByDefault_Issue10Move10(t *testing.T) {
	hook := func(token string) func(e *Env) *http.Request {
		return func(e *Env) *http.Request {
			return post(e, "/__test/billing-state", "application/json", []byte(pastDue), "Authorization", "Bearer "+token)
		}
	}
	e := setup(t)
	for _, c := range []Case{
		{Name: "super admin", Request: hook(e.AdminA), Status: http.StatusNotFound, Code: "NOT_FOUND"},
		{Name: "anonymous", Request: func(e *Env) *http.Request {
			return post(e, "/__test/billing-state", "application/json", []byte(pastDue))
		}, Status: http.StatusNotFound, Code: "NOT_FOUND"},
	} {
		t.Run(c.Name, func(t *testing.T) { e.check(t, c) })
	}
}

// Issue 10 move 10: with CRM_TEST_HOOKS on, the hook's input is bounded and checked before any
// write: a STANDARD user, an unknown field, a state the worker never leaves, a period ending
// before it starts and an oversized body are refused and change nothing.
func TestTestHooksBounded_Issue10Move10(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_TEST_HOOKS": "true"}})
	a := srv.SignUp(t, "Hooks A", "admin@hooks.abuse.test")
	std := srv.AddUser(t, a.ID, "standard@hooks.abuse.test", user.RoleSTANDARD)
	for _, c := range []struct {
		name, body string
		admin      bool
		status     int
	}{
		{"standard user", pastDue, false, http.StatusForbidden},
		{"unknown field", `{"status":"PAST_DUE","plan":"ENTERPRISE"}`, true, http.StatusBadRequest},
		{"state the worker never leaves", `{"status":"ACTIVE"}`, true, http.StatusBadRequest},
		{"period ends before it starts", `{"status":"PAST_DUE","periodStartDaysAgo":1,"periodEndDaysAgo":31}`, true, http.StatusBadRequest},
		{"oversized body", `{"status":"PAST_DUE","lastFailure":"` + strings.Repeat("x", 5<<10) + `"}`, true, http.StatusBadRequest},
		{"the state is set", pastDue, true, http.StatusNoContent},
	} {
		t.Run(c.name, func(t *testing.T) {
			token := a.Admin.Token
			if !c.admin {
				token = std.Token
			}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/__test/billing-state", strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			var out struct{ CurrentSubscription struct{ Status string } }
			a.Admin.MustDo(t, `{ currentSubscription { status } }`, nil, &out)
			want := "ACTIVE"
			if c.status == http.StatusNoContent {
				want = "PAST_DUE"
			}
			if out.CurrentSubscription.Status != want {
				t.Fatalf("subscription %s, want %s", out.CurrentSubscription.Status, want)
			}
		})
	}
}
