package billing

// A quote is a promise (issue 17 item 3): quoteChange answers with a token that identifies
// the quote — the instant it was priced at, its total and a signature — and
// changeSubscription(quoteToken:) paid within QuoteValidity prices the change again AT that
// instant, so it charges exactly the quoted total, or refuses with CONFLICT and a new quote
// when the quote no longer holds.
//
// Why a signed token rather than a bare quotedAt and expected total: a client free to name
// any instant of the last 15 minutes could price the current subscription at an instant
// before it existed (buy licenses now, give them back "as quoted" 15 minutes ago, and keep
// the difference on the balance, again and again). The signature binds the instant to the
// org, to the subscription the quote was made from (plan, counts, period, balance, status) and
// to every line and total, so only a quote the server made can be paid, and only while
// nothing it depends on changed. The key is derived from CRM_SECRET, so every API node
// accepts the quotes of the others.
//
// Pure: the standard library and apperr only.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// QuoteValidity is how long a quote can be paid at its price: quoteChange's token paid later
// is refused with CONFLICT and a new quote.
const QuoteValidity = 15 * time.Minute

// MaxQuoteTokenLength bounds quoteToken before any work (a token is about 40 characters).
const MaxQuoteTokenLength = 200

const quoteTokenVersion = "q1"

// QuoteToken identifies q, priced for orgID at q.QuotedAt, signed with key:
// "q1.<quotedAt unix seconds>.<total due in minor units>.<signature>".
func QuoteToken(key []byte, orgID int, q *QuoteResult) string {
	at := q.QuotedAt.Unix()
	return quoteTokenVersion + "." + strconv.FormatInt(at, 10) + "." + strconv.FormatInt(q.TotalDue.Amount, 10) + "." +
		base64.RawURLEncoding.EncodeToString(quoteMAC(key, orgID, at, q))
}

// QuoteRef is what a token says in clear: the instant its quote was priced at and its total.
type QuoteRef struct {
	QuotedAt time.Time
	TotalDue int64
	mac      []byte
}

// ParseQuoteToken reads a token's clear parts; VALIDATION on quoteToken when it cannot be one
// of QuoteToken's. It does not check the signature (VerifyQuote does, against the quote priced
// again).
func ParseQuoteToken(tok string) (QuoteRef, error) {
	bad := apperr.Invalid("quoteToken", "quoteToken is not a token from quoteChange; pass quote.token unchanged, or omit it to pay the price of now")
	if len(tok) > MaxQuoteTokenLength {
		return QuoteRef{}, bad
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 4 || parts[0] != quoteTokenVersion {
		return QuoteRef{}, bad
	}
	at, err1 := strconv.ParseInt(parts[1], 10, 64)
	total, err2 := strconv.ParseInt(parts[2], 10, 64)
	mac, err3 := base64.RawURLEncoding.DecodeString(parts[3])
	// Years 1970 to 9999: a time the service could have stamped (and that time.Unix renders).
	if err1 != nil || err2 != nil || err3 != nil || at < 0 || at > 253402300799 || total < 0 || len(mac) != macLength {
		return QuoteRef{}, bad
	}
	return QuoteRef{QuotedAt: time.Unix(at, 0).UTC(), TotalDue: total, mac: mac}, nil
}

// VerifyQuote reports whether ref is the token of q for orgID: q priced at ref.QuotedAt from
// the same subscription, with the same lines and totals, under the same key.
func VerifyQuote(key []byte, orgID int, ref QuoteRef, q *QuoteResult) bool {
	return q.TotalDue.Amount == ref.TotalDue && q.QuotedAt.Equal(ref.QuotedAt) &&
		hmac.Equal(ref.mac, quoteMAC(key, orgID, ref.QuotedAt.Unix(), q))
}

const macLength = 18 // 144 bits of HMAC-SHA256: 24 characters in the token

// quoteMAC signs everything the quote's price depends on and everything it promises.
func quoteMAC(key []byte, orgID int, at int64, q *QuoteResult) []byte {
	body, err := json.Marshal(struct { // structs in field order, maps with sorted keys: canonical
		Org      int
		At       int64
		From     State
		Next     State
		Lines    []Line
		Subtotal Money
		Applied  Money
		Due      Money
		Balance  Money
	}{orgID, at, q.From, q.Next, q.Lines, q.Subtotal, q.CreditApplied, q.TotalDue, q.NewBalance})
	if err != nil {
		panic("billing: quote signature: " + err.Error()) // plain values
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("crmadmin quote v1\n"))
	m.Write(body)
	return m.Sum(nil)[:macLength]
}
