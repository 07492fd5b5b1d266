package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/config"
)

// demoFlagNames are the flags of `crmadmin demo` itself; the others are config.Load's.
var demoFlagNames = map[string]bool{"email": true, "password": true, "reset-password": true}

// demoArgs takes `crmadmin demo`'s own flags out of args — --email, --password,
// --reset-password — and returns the rest (the settings) for config.Load.
func demoArgs(args []string) (app.DemoInput, []string, error) {
	var own, rest []string
	for i := 0; i < len(args); i++ {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch {
		case !strings.HasPrefix(args[i], "-") || !demoFlagNames[name]:
			rest = append(rest, args[i])
		case hasValue || name == "reset-password" || i+1 == len(args):
			own = append(own, args[i])
		default:
			own = append(own, args[i], args[i+1])
			i++
		}
	}
	var in app.DemoInput
	fs := flag.NewFlagSet("crmadmin demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&in.Email, "email", "", "the demo super admin's email (default admin@demo.crmadmin.test)")
	fs.StringVar(&in.Password, "password", "", "their password (default: random); on a demo already loaded, sets it")
	fs.BoolVar(&in.ResetPassword, "reset-password", false, "on a demo already loaded: set a new random password and print it")
	if err := fs.Parse(own); err != nil {
		return in, nil, fmt.Errorf("demo: %w", err)
	}
	return in, rest, nil
}

// demo loads a demo organization and prints how to sign in; run again, it says the demo is
// there and how to sign in or reset the password.
func demo(ctx context.Context, cfg *config.Config, in app.DemoInput, out io.Writer) error {
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.LoadDemo(ctx, in)
	if err != nil {
		return err
	}
	if res.AlreadyLoaded {
		fmt.Fprintf(out, "The demo organization %q is already loaded (nothing was added).\n", res.OrgName)
	} else {
		fmt.Fprintf(out, "Demo organization %q loaded:\n", res.OrgName)
		for _, m := range []string{"accounts", "contacts", "leads", "deals", "tasks", "events", "cases", "notes", "emails", "attachments"} {
			if n, ok := res.Counts[m]; ok {
				fmt.Fprintf(out, "  %-12s %6d\n", m, n)
			}
		}
	}
	fmt.Fprintf(out, "\nSign in at %s with\n  email:    %s\n", cfg.BaseURL, res.Email)
	if res.Password != "" {
		fmt.Fprintf(out, "  password: %s\n", res.Password)
	} else {
		fmt.Fprintf(out, "  password: the one printed when it was loaded\n"+
			"Forgot it? `crmadmin demo --reset-password` prints a new one (or --password '<yours>').\n")
	}
	fmt.Fprintf(out, "Another demo organization: `crmadmin demo --email <another admin email>`.\n")
	return nil
}
