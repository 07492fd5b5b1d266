package billing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// RenewNow pays the outstanding renewal now (SB-11, SB-12): the way out of PAST_DUE and
// LOCKED by paying. A renewal due but not yet charged by the worker can be paid too.
func (s *Service) RenewNow(ctx context.Context, key string) (*Result, error) {
	if err := requireOwnTx(ctx, "renewNow"); err != nil {
		return nil, err
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	fp := fingerprint("renewNow", nil)
	if r, err, done := s.replay(ctx, v.OrgID, key, fp); done {
		return r, err
	}
	row, err := s.row(ctx, s.Client, v.OrgID)
	if err != nil {
		return nil, err
	}
	cur, now := stateOf(row), s.now()
	if cur.Status != StatusPastDue && cur.Status != StatusLocked && !RenewalDue(cur, now) {
		if r, err, done := s.replay(ctx, v.OrgID, key, fp); done { // a concurrent submit of this key renewed it
			return r, err
		}
		return nil, apperr.New(apperr.Conflict, "nothing to renew: the subscription is paid until %s", cur.PeriodEnd.Format(time.DateOnly))
	}
	q, err := RenewalQuote(s.Catalogue, cur, now)
	if err != nil {
		return nil, err
	}
	return s.pay(ctx, v.OrgID, purchase{key: key, fingerprint: fp, quote: q, action: "billing.renewed",
		what: fmt.Sprintf("Renewal: %s, %s → %s", describeState(s.Catalogue, q.Next),
			q.Next.PeriodStart.Format(time.DateOnly), q.Next.PeriodEnd.Format(time.DateOnly))})
}

func describeState(cat *Catalogue, st State) string {
	name := st.Plan
	if p := cat.Plan(st.Plan); p != nil {
		name = p.Name
	}
	d := fmt.Sprintf("%s plan, %s, %s + %s", name, strings.ToLower(string(st.Cycle)),
		plural(st.Regular, "regular license"), plural(st.Team, "team license"))
	if adds := describeAddOns(cat, st.AddOns); adds != "" {
		d += ", " + adds
	}
	return d
}
