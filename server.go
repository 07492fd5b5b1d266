// Command crmadmin is the CRM administration backend: GraphQL API, job worker and live
// notifications in one binary.
//
//	crmadmin [serve]   API + worker + scheduler in one process (the default)
//	crmadmin worker    jobs only (needs CRM_REDIS_URL shared with the API processes)
//	crmadmin migrate   create or upgrade the database schema, then exit
//	crmadmin demo      load a demo organization with realistic data and print its sign-in
//	                   (again: says it is there; --email, --password, --reset-password)
//
// Every setting is a flag and an environment variable of the same name (see README).
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // org time zones must work on machines without tzdata

	"github.com/crmadmin/crmadmin/internal/app"
	"github.com/crmadmin/crmadmin/internal/config"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "crmadmin:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var demoIn app.DemoInput
	if cmd == "demo" {
		var err error
		if demoIn, args, err = demoArgs(args); err != nil {
			return err
		}
	}
	cfg, err := config.Load(args, os.Getenv)
	if err != nil {
		return err
	}
	applyGC(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "serve":
		return serve(ctx, cfg)
	case "worker":
		return work(ctx, cfg)
	case "migrate":
		a, err := app.New(ctx, cfg, app.Options{})
		if err != nil {
			return err
		}
		defer a.Close()
		v, err := a.DB.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("database schema is up to date (%s migration %s)\n", a.DB.Dialect, v)
		return nil
	case "demo":
		return demo(ctx, cfg, demoIn, os.Stdout)
	case "help", "-h", "--help":
		fmt.Println("usage: crmadmin [serve|worker|migrate|demo] [flags]; crmadmin serve -h lists the flags")
		return nil
	}
	return fmt.Errorf("unknown command %q (serve, worker, migrate, demo)", cmd)
}

// applyGC sets the garbage collector from CRM_GOGC and CRM_MEMORY_LIMIT (README "Performance":
// GOGC=200 serves contacts pages faster than Go's 100 for a larger heap between collections).
func applyGC(cfg *config.Config) {
	debug.SetGCPercent(cfg.GOGC)
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
}

func serve(ctx context.Context, cfg *config.Config) error {
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	if n := cfg.OperatorTokenNotice(); n != "" {
		fmt.Fprintf(os.Stderr, "\n%s\n\n", n)
	}
	if cfg.RunWorker {
		if err := a.StartWorker(ctx); err != nil {
			return err
		}
	}
	if err := a.StartSMTP(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	// Requests and websockets derive from base; cancelling it ends subscriptions on shutdown.
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("crmadmin serving", "addr", ln.Addr().String(), "worker", cfg.RunWorker, "data", cfg.DataDir)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: finishing requests and running jobs", "grace", cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	cancelBase()
	err = srv.Shutdown(sctx)
	a.StopWorker() // waits for running jobs up to the grace, then re-queues the rest
	if errors.Is(err, context.DeadlineExceeded) {
		a.Log.Warn("some requests did not finish within the grace period")
		return nil
	}
	return err
}

func work(ctx context.Context, cfg *config.Config) error {
	if cfg.RedisURL == "" {
		return errors.New("crmadmin worker needs CRM_REDIS_URL: a separate worker shares the queue with the API processes (the in-process Redis is only for 'crmadmin serve')")
	}
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.StartWorker(ctx); err != nil {
		return err
	}
	if err := a.StartSMTP(); err != nil {
		return err
	}
	a.Log.Info("crmadmin worker running", "concurrency", cfg.Workers)
	<-ctx.Done()
	a.Log.Info("worker shutting down: finishing running jobs", "grace", cfg.ShutdownGrace)
	a.StopWorker()
	return nil
}
