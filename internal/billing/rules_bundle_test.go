package billing

import (
	"errors"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

func utc(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func TestCanStartBundleTrial_BU2(t *testing.T) {
	now := utc(2026, 12, 11, 0)
	paid := func(s BundleService, admin int, name string) Member {
		return Member{Service: s, SuperAdminID: admin, SuperAdminName: name, Cycle: Monthly,
			PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0), Paid: Money{6000, "USD"}}
	}
	three := []Member{paid(ServiceDesk, 3, "Chloé"), paid(ServiceCRM, 1, "Aiko"), paid(ServiceSalesIQ, 2, "Ben")}
	cases := []struct {
		name    string
		members []Member
		user    int
		adminOf map[BundleService]bool
		refused bool
	}{
		{"three paid services, three super admins: refused", three, 1, nil, true},
		{"the super admin of every paid service", []Member{paid(ServiceCRM, 1, "Aiko"), paid(ServiceDesk, 1, "Aiko")}, 1, nil, false},
		{"admin of all paid services though super admin of none", three, 9, map[BundleService]bool{ServiceCRM: true, ServiceSalesIQ: true, ServiceDesk: true}, false},
		{"admin of two of three: refused", three, 9, map[BundleService]bool{ServiceCRM: true, ServiceSalesIQ: true}, true},
		{"unpaid and ended services do not count", []Member{paid(ServiceCRM, 1, "Aiko"),
			{Service: ServiceDesk, SuperAdminID: 2, Paid: Money{0, "USD"}, PeriodEnd: utc(2027, 1, 1, 0)},
			{Service: ServiceSurvey, SuperAdminID: 3, Paid: Money{900, "USD"}, PeriodStart: utc(2026, 11, 1, 0), PeriodEnd: utc(2026, 12, 1, 0)},
			func() Member { m := paid(ServiceSocial, 4, "Dai"); m.Ended = true; return m }()}, 1, nil, false},
		{"no paid service at all", nil, 5, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CanStartBundleTrial(c.members, c.user, c.adminOf, now)
			if (err != nil) != c.refused {
				t.Fatalf("err = %v, refused want %v", err, c.refused)
			}
		})
	}
	// The refusal names the services, in catalogue order, and their super admins.
	err := CanStartBundleTrial(three, 1, nil, now)
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Forbidden || e.Details["reason"] != "BUNDLE_ADMINS_DIFFER" {
		t.Fatalf("err = %#v, want FORBIDDEN with reason BUNDLE_ADMINS_DIFFER", err)
	}
	want := "only the super admin of every paid service, or an admin of all of them, may start the bundle trial; unify the super admins of CRM (Aiko), SALESIQ (Ben), DESK (Chloé) first"
	if e.Message != want {
		t.Errorf("message\n got %q\nwant %q", e.Message, want)
	}
	svcs := e.Details["services"].([]map[string]any)
	if len(svcs) != 3 || svcs[2]["service"] != "DESK" || svcs[2]["superAdminName"] != "Chloé" || svcs[0]["superAdminId"] != 1 {
		t.Errorf("details = %v", svcs)
	}
}

func TestBundleAccess_BU3(t *testing.T) {
	now := utc(2026, 12, 11, 0)
	run := func(s BundleService) Member {
		return Member{Service: s, Paid: Money{100, "USD"}, PeriodStart: utc(2026, 12, 1, 0), PeriodEnd: utc(2027, 1, 1, 0)}
	}
	got := BundleAccess([]Member{run(ServiceCRM), run(ServiceSalesIQ), run(ServiceDesk), run(ServiceProjects)}, now)
	want := map[BundleService]BundleAccessKind{
		ServiceCRM: AccessInBundle, ServiceSalesIQ: AccessInBundle, ServiceDesk: AccessStandaloneOnly,
		ServiceProjects: AccessStandaloneOnly, ServiceCampaigns: AccessTrialInBundle, ServiceSocial: AccessTrialInBundle,
		ServiceSurvey: AccessTrialInBundle, ServiceAnalytics: AccessTrialInBundle,
	}
	for s, w := range want {
		if got[s] != w {
			t.Errorf("%s: %s, want %s", s, got[s], w)
		}
	}
	if len(got) != len(BundleServices) {
		t.Errorf("%d services, want %d", len(got), len(BundleServices))
	}
	// BU-4: cancelled, paid services go on, unpaid fall back to a free edition or to nothing.
	after := AccessAfterBundle([]Member{run(ServiceCRM), run(ServiceDesk)}, map[BundleService]bool{ServiceCRM: true, ServiceCampaigns: true}, now)
	for s, w := range map[BundleService]BundleAccessKind{ServiceCRM: AccessStandalone, ServiceDesk: AccessStandalone,
		ServiceCampaigns: AccessFreeEdition, ServiceSalesIQ: AccessNone, ServiceAnalytics: AccessNone} {
		if after[s] != w {
			t.Errorf("after the bundle, %s: %s, want %s", s, after[s], w)
		}
	}
}

func TestBundleTrialTimeline_BU3_BU4(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	p := DefaultBundlePolicy
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, tokyo)
	tr, err := StartBundleTrial(p, nil, start, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	// 30 calendar days: 3 December through 1 January, ending at midnight Tokyo time.
	if want := time.Date(2027, 1, 2, 0, 0, 0, 0, tokyo); !tr.EndsAt.Equal(want) {
		t.Fatalf("EndsAt = %v, want %v", tr.EndsAt, want)
	}
	if _, err := StartBundleTrial(p, &tr, start, tokyo); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second trial: %v, want CONFLICT", err)
	}

	// Notices 7, 3, 1 day(s) before and at the end, at Tokyo midnights.
	sched := NoticeSchedule(p, tr, tokyo)
	wantDays := []int{26, 30, 1, 2}
	if len(sched) != 4 {
		t.Fatalf("schedule = %v", sched)
	}
	for i, n := range sched {
		if n.At.In(tokyo).Day() != wantDays[i] || n.At.In(tokyo).Hour() != 0 {
			t.Errorf("notice %d (%d days left) at %v, want day %d 00:00", i, n.DaysLeft, n.At.In(tokyo), wantDays[i])
		}
	}
	// A tick at 25 Dec sends nothing; at 30 Dec noon (the 7-day one missed) only the 3-day one.
	if _, due := DueNotices(p, tr, time.Date(2026, 12, 25, 23, 0, 0, 0, tokyo), tokyo); len(due) != 0 {
		t.Errorf("due on 25 Dec: %v", due)
	}
	tr2, due := DueNotices(p, tr, time.Date(2026, 12, 30, 12, 0, 0, 0, tokyo), tokyo)
	if len(due) != 1 || due[0].DaysLeft != 3 || tr2.NoticesSent != 2 {
		t.Fatalf("due on 30 Dec: %v (sent %d)", due, tr2.NoticesSent)
	}
	if _, again := DueNotices(p, tr2, time.Date(2026, 12, 30, 13, 0, 0, 0, tokyo), tokyo); len(again) != 0 {
		t.Errorf("the 3-day notice sent twice: %v", again)
	}

	// Extended once: 15 more days; a second extension is refused.
	ext, err := ExtendBundleTrial(p, tr2, time.Date(2026, 12, 31, 9, 0, 0, 0, tokyo), tokyo)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 1, 17, 0, 0, 0, 0, tokyo); !ext.EndsAt.Equal(want) || ext.NoticesSent != 0 {
		t.Errorf("extended to %v (sent %d), want %v and notices counted again", ext.EndsAt, ext.NoticesSent, want)
	}
	if _, err := ExtendBundleTrial(p, ext, time.Date(2027, 1, 5, 0, 0, 0, 0, tokyo), tokyo); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second extension: %v, want CONFLICT", err)
	}

	// No choice made: at the end the bundle ends as if cancelled; not a second before.
	if _, ok := ExpireBundleTrial(ext, ext.EndsAt.Add(-time.Second)); ok {
		t.Error("expired a second early")
	}
	ended, ok := ExpireBundleTrial(ext, ext.EndsAt.Add(time.Hour))
	if !ok || ended.State != BundleEnded || !ended.EndedAt.Equal(ext.EndsAt) {
		t.Errorf("expiry: %+v ok=%v", ended, ok)
	}
	if _, err := CancelBundle(ended, ended.EndsAt.Add(2*time.Hour)); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("cancel after the end: %v", err)
	}
	if _, err := ExtendBundleTrial(p, tr, tr.EndsAt, tokyo); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("extend at the end instant: %v, want CONFLICT", err)
	}
	c, err := CancelBundle(tr, start.Add(time.Hour))
	if err != nil || c.State != BundleEnded {
		t.Errorf("cancel during the trial: %+v %v", c, err)
	}

	// Across a daylight-saving change the end is still local midnight.
	paris, _ := time.LoadLocation("Europe/Paris")
	pt, _ := StartBundleTrial(p, nil, time.Date(2027, 3, 10, 23, 30, 0, 0, paris), paris)
	if want := time.Date(2027, 4, 9, 0, 0, 0, 0, paris); !pt.EndsAt.Equal(want) {
		t.Errorf("Paris EndsAt = %v, want %v", pt.EndsAt.In(paris), want)
	}
}
