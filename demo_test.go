package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/config"
)

// issue 17 item 9: `crmadmin demo` takes --email, --password and --reset-password beside the
// settings' flags.
func TestDemoArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want app.DemoInput
		rest []string
	}{
		{nil, app.DemoInput{}, nil},
		{[]string{"--email", "a@b.test", "--data-dir", "/tmp/x"}, app.DemoInput{Email: "a@b.test"}, []string{"--data-dir", "/tmp/x"}},
		{[]string{"-email=a@b.test", "--password=correct horse", "--log-level=warn"}, app.DemoInput{Email: "a@b.test", Password: "correct horse"}, []string{"--log-level=warn"}},
		{[]string{"--reset-password", "--addr", ":9090"}, app.DemoInput{ResetPassword: true}, []string{"--addr", ":9090"}},
	} {
		got, rest, err := demoArgs(c.args)
		if err != nil || got != c.want || strings.Join(rest, " ") != strings.Join(c.rest, " ") {
			t.Errorf("demoArgs(%q) = %+v, %q, %v; want %+v, %q", c.args, got, rest, err, c.want, c.rest)
		}
	}
	if _, _, err := demoArgs([]string{"--reset-password=maybe"}); err == nil {
		t.Error("--reset-password=maybe was accepted")
	}
}

// issue 17 item 9: a second `crmadmin demo` succeeds, says the demo is there and how to sign
// in; --reset-password prints a new password; --email loads another demo org.
func TestDemoTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo organization (1,500 contacts) twice")
	}
	dir := t.TempDir()
	cfg, err := config.Load([]string{"--data-dir", dir, "--log-level", "error", "--log-format", "text"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	run := func(in app.DemoInput) string {
		t.Helper()
		var out strings.Builder
		if err := demo(ctx, cfg, in, &out); err != nil {
			t.Fatalf("demo %+v: %v", in, err)
		}
		return out.String()
	}
	password := regexp.MustCompile(`password: (\S{16})\n`)
	first := run(app.DemoInput{})
	if !strings.Contains(first, "loaded:") || !password.MatchString(first) {
		t.Fatalf("first run:\n%s", first)
	}
	second := run(app.DemoInput{})
	if !strings.Contains(second, "already loaded") || password.MatchString(second) || !strings.Contains(second, "--reset-password") {
		t.Fatalf("second run should say the demo is there and how to reset the password:\n%s", second)
	}
	reset := run(app.DemoInput{ResetPassword: true})
	if m := password.FindStringSubmatch(reset); m == nil || m[1] == password.FindStringSubmatch(first)[1] {
		t.Fatalf("--reset-password should print a new password:\n%s", reset)
	}
	other := run(app.DemoInput{Email: "second@demo.crmadmin.test", Password: "correct horse battery"})
	if !strings.Contains(other, "loaded:") || !strings.Contains(other, "second@demo.crmadmin.test") {
		t.Fatalf("--email should load another demo org:\n%s", other)
	}
}
