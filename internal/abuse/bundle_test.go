package abuse_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The suite bundle's inputs (BU, issue 14 §2) are bounded and checked before anything is priced,
// charged or written: users 1..10000, at most 20 add-on codes of at most 40 characters, known
// and listed once; the idempotency key 1..100 characters; the quote token as quoteChange's.
// A STANDARD user is refused (admin-only).
func TestAbuseSuiteBundle_BU5(t *testing.T) {
	quote := func(users int, addOns []string) string {
		return gql(`query($i: BundleUpgradeInput!) { quoteBundleUpgrade(input: $i) { token } }`,
			map[string]any{"i": map[string]any{"cycle": "YEARLY", "users": users, "addOns": addOns}})
	}
	upgrade := func(key, token string) string {
		return gql(`mutation($k: String!, $q: String) { upgradeBundle(input: {cycle: MONTHLY, users: 2}, idempotencyKey: $k, quoteToken: $q) { bundle { state } } }`,
			map[string]any{"k": key, "q": token})
	}
	subscribe := func(service string, users int, key string) string {
		return gql(`mutation($i: MemberSubscriptionInput!, $k: String!) { subscribeMemberService(input: $i, idempotencyKey: $k) { id } }`,
			map[string]any{"i": map[string]any{"service": service, "cycle": "MONTHLY", "users": users}, "k": key})
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprintf("ADDON_%d", i)
	}
	sig := strings.Repeat("A", 24)
	now := time.Now().Unix()
	run(t, []Case{
		invalid("0 users", "admin", quote(0, nil), "users must be between 1 and 10000"),
		invalid("10001 users", "admin", quote(10001, nil), "users must be between 1 and 10000"),
		invalid("2^31 users", "admin", quote(1<<31-1, nil), "users must be between 1 and 10000"),
		invalid("21 add-ons", "admin", quote(2, many), "at most 20 add-ons"),
		invalid("an add-on code of 100 KB", "admin", quote(2, []string{strings.Repeat("A", 100_000)}), "addOns"),
		invalid("an add-on listed twice", "admin", quote(2, []string{"AI_ASSISTANT", "AI_ASSISTANT"}), "listed twice"),
		invalid("an unknown add-on", "admin", quote(2, []string{"NOPE"}), "unknown add-on"),
		invalid("an empty idempotency key", "admin", upgrade("", ""), "idempotencyKey"),
		invalid("an idempotency key of 100 KB", "admin", upgrade(strings.Repeat("k", 100_000), ""), "idempotencyKey"),
		invalid("a quote token of 100 KB", "admin", upgrade("abuse-bundle", "bq1."+strings.Repeat("9", 100_000)), "quoteToken"),
		invalid("a garbage quote token", "admin", upgrade("abuse-bundle", "not a token"), "quoteToken is not a token from quoteBundleUpgrade"),
		invalid("a quote token from the future", "admin", upgrade("abuse-bundle", fmt.Sprintf("bq1.%d.100.%s", now+86400*365, sig)), "later than now"),
		{Name: "a forged quote token", As: "admin", Body: upgrade("abuse-bundle-2", fmt.Sprintf("bq1.%d.100.%s", now-60, sig)), Code: "CONFLICT", Contains: "the quote changed"},
		invalid("subscribe to the CRM here", "admin", subscribe("CRM", 2, "abuse-sub"), "changeSubscription"),
		invalid("subscribe with 0 users", "admin", subscribe("DESK", 0, "abuse-sub"), "users must be between 1 and 10000"),
		invalid("subscribe with 10001 users", "admin", subscribe("DESK", 10001, "abuse-sub"), "users must be between 1 and 10000"),
		invalid("subscribe with a 100 KB key", "admin", subscribe("DESK", 2, strings.Repeat("k", 100_000)), "idempotencyKey"),
		{Name: "a standard user reads the bundle", As: "standard", Body: gql(`{ suiteBundle { state } }`, nil), Code: "FORBIDDEN"},
		{Name: "a standard user starts the trial", As: "standard", Body: gql(`mutation { startBundleTrial { state } }`, nil), Code: "FORBIDDEN"},
	})
}
