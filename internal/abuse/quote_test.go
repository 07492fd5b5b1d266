package abuse_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Issue 17 item 3: changeSubscription's quoteToken is bounded and checked before anything is
// priced or charged: too long, malformed, an absurd total, an instant in the future are
// VALIDATION; a token from long ago is CONFLICT (the quote expired), nothing written.
func TestAbuseQuoteToken_Issue17Item3(t *testing.T) {
	pay := func(token string) string {
		return gql(`mutation($q: String) { changeSubscription(input: {plan: "STANDARD"}, idempotencyKey: "abuse-quote", quoteToken: $q) { payment { id } } }`,
			map[string]any{"q": token})
	}
	sig := strings.Repeat("A", 24) // 18 bytes, the signature's length
	now := time.Now().Unix()
	const bad = "quoteToken is not a token from quoteChange"
	run(t, []Case{
		invalid("token of 100 KB", "admin", pay("q1."+strings.Repeat("9", 100_000)), "quoteToken is 100003 bytes long"),
		invalid("token of 201 characters", "admin", pay(fmt.Sprintf("q1.%d.100.%s", now, sig)+strings.Repeat("A", 200)), bad),
		invalid("garbage", "admin", pay("not a token"), bad),
		invalid("total of 10^30", "admin", pay(fmt.Sprintf("q1.%d.1000000000000000000000000000000.%s", now, sig)), bad),
		invalid("negative total", "admin", pay(fmt.Sprintf("q1.%d.-5.%s", now, sig)), bad),
		invalid("year 10000", "admin", pay(fmt.Sprintf("q1.253402300800.100.%s", sig)), bad),
		invalid("made in the future", "admin", pay(fmt.Sprintf("q1.%d.100.%s", now+86400*365, sig)), "later than now"),
		{Name: "made in 1970", As: "admin", Body: pay("q1.0.100." + sig), Status: http.StatusOK, Code: "CONFLICT", Contains: "expired"},
		{Name: "a minute ago, forged", As: "admin", Body: pay(fmt.Sprintf("q1.%d.100.%s", now-60, sig)), Status: http.StatusOK, Code: "CONFLICT", Contains: "the quote changed"},
	})
}
