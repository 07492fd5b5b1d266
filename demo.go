package main

import (
	"context"
	"fmt"

	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/config"
)

// demo loads a demo organization and prints how to sign in.
func demo(ctx context.Context, cfg *config.Config) error {
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.LoadDemo(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("Demo organization %q loaded:\n", res.OrgName)
	for _, m := range []string{"accounts", "contacts", "leads", "deals", "tasks", "events", "cases", "notes", "emails", "attachments"} {
		if n, ok := res.Counts[m]; ok {
			fmt.Printf("  %-12s %6d\n", m, n)
		}
	}
	fmt.Printf("\nSign in at %s with\n  email:    %s\n  password: %s\n", cfg.BaseURL, res.Email, res.Password)
	return nil
}
