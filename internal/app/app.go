// Package app is the composition root: it opens the database and Redis (or starts miniredis),
// builds the services, the GraphQL handler, the job worker and the HTTP routes. server.go
// (the CLI) and the integration tests and benchmarks start the product through it.
package app

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/crmadmin/crmadmin/internal/accounts"
	"github.com/crmadmin/crmadmin/internal/attachments"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/blobstore"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/config"
	"github.com/crmadmin/crmadmin/internal/datasync"
	"github.com/crmadmin/crmadmin/internal/dropbox"
	"github.com/crmadmin/crmadmin/internal/emails"
	"github.com/crmadmin/crmadmin/internal/identity"
	"github.com/crmadmin/crmadmin/internal/mail"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/pubsub"
	"github.com/crmadmin/crmadmin/internal/redisconn"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/worker"
)

// Options are what tests and benchmarks may replace.
type Options struct {
	Clock  clock.Clock  // default clock.Real
	Logger *slog.Logger // default from the config's format and level
	// WrapDriver wraps the database driver (tests count SQL queries with it).
	WrapDriver func(dialect.Driver) dialect.Driver
}

// App is one running crmadmin process (API, worker, or both).
type App struct {
	Cfg   *config.Config
	Log   *slog.Logger
	Clock clock.Clock
	DB    *store.DB
	// Redis is the process's one Redis client (any topology of CRM_REDIS_URL): pub/sub, the
	// sign-in limiter and asynq's client, inspector and server share it.
	Redis redis.UniversalClient
	// RedisConn makes further clients of the same Redis for the asynq parts that own and close
	// theirs (the scheduler, /ops/jobs).
	RedisConn *redisconn.Conn
	Queue     *asynq.Client
	Inspector *asynq.Inspector
	Broker    *pubsub.Broker
	Identity  *identity.Service
	Notify    *notify.Service
	Billing   *billing.Service
	Accounts  *accounts.Service
	// Attachments stores files on records (POST /upload/attachment).
	Attachments *attachments.Service
	Backup      *backup.Service
	Mail        *mail.Service
	Sync        *datasync.Service
	// Dropbox owns the users' dropbox addresses and the messages the SMTP listener accepts.
	Dropbox *dropbox.Service
	// SMTP is the dropbox listener (nil unless CRM_SMTP_LISTEN is set and StartSMTP ran).
	SMTP    *dropbox.Listener
	Emails  *emails.Service
	Metrics *prometheus.Registry
	Blobs   *blobstore.Stores

	mini         *miniredis.Miniredis
	miniPassword string // the embedded Redis's, made at start
	stopTick     chan struct{}
	server       *asynq.Server
	scheduler    *asynq.Scheduler
	stopWatch    func() // stops Backup.WatchRuns
	closeOnce    sync.Once
}

// New opens everything a process needs. With no CRM_REDIS_URL it starts miniredis in-process
// (listening on a loopback port, advanced by a 1 s FastForward ticker so TTLs expire).
func New(ctx context.Context, cfg *config.Config, opt Options) (_ *App, err error) {
	a := &App{Cfg: cfg, Clock: opt.Clock, Log: opt.Logger, Metrics: prometheus.NewRegistry()}
	if a.Clock == nil {
		a.Clock = clock.Real{}
	}
	if a.Log == nil {
		a.Log = NewLogger(cfg.LogFormat, cfg.LogLevel)
		slog.SetDefault(a.Log) // libraries using the std log package (net/http, gqlgen) log as JSON too
	}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if err = cfg.Prepare(); err != nil {
		return nil, err
	}
	if a.DB, err = store.Open(ctx, cfg.SQLiteDSN(), opt.WrapDriver); err != nil {
		return nil, err
	}
	if err = a.openRedis(); err != nil {
		return nil, err
	}
	if err = a.Redis.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("connecting to Redis: %w", err)
	}
	if a.Broker, err = pubsub.New(ctx, a.Redis, pubsub.WithLogger(a.Log), pubsub.WithSigningKey(subKey(cfg.Secret, "pubsub"))); err != nil {
		return nil, fmt.Errorf("starting pub/sub: %w", err)
	}
	a.Blobs = &blobstore.Stores{URL: cfg.BlobURL}
	a.Queue = asynq.NewClientFromRedisClient(a.Redis) // shared: closed with a.Redis, not by asynq
	a.Inspector = asynq.NewInspectorFromRedisClient(a.Redis)
	a.Identity = &identity.Service{Client: a.DB.Client, Clock: a.Clock,
		Limiter: &identity.Limiter{Redis: a.Redis, Clock: a.Clock, Policy: identity.DefaultPolicy}}
	a.Identity.EnableAuthCache(cfg.AuthCacheTTL)
	a.Notify = &notify.Service{Client: a.DB.Client, Broker: a.Broker, Clock: a.Clock, Log: a.Log,
		Queue: worker.Enqueuer{Client: a.Queue}}
	go a.redeliverOnReconnect()
	if err = a.newBilling(ctx); err != nil {
		return nil, err
	}
	a.Attachments = &attachments.Service{Client: a.DB.Client, Blobs: a.Blobs, Log: a.Log}
	smtpCfg, err := mail.ParseURL(cfg.SMTPURL)
	if err != nil {
		return nil, err
	}
	a.Mail = &mail.Service{Client: a.DB.Client, SMTP: smtpCfg, Queue: worker.Enqueuer{Client: a.Queue}, Clock: a.Clock, Log: a.Log}
	a.Backup = &backup.Service{Client: a.DB.Client, DB: a.DB.Read, Billing: a.Billing, Notify: a.Notify, Blobs: a.Blobs,
		Queue: worker.Enqueuer{Client: a.Queue}, Clock: a.Clock, Log: a.Log, BaseURL: cfg.BaseURL, LinkSecret: cfg.Secret,
		LinkTTL: cfg.BackupLinkTTL, PartSize: cfg.BackupPartSize, NoCSVBOM: !cfg.BackupCSVBOM,
		StaleAfter: cfg.BackupWorkerTimeout}
	if n, err := a.Backup.MigrateLinks(ctx); err != nil {
		return nil, fmt.Errorf("hashing backup link tokens: %w", err)
	} else if n > 0 {
		a.Log.Info("backup links of an earlier version replaced by hashed ones; emailed links to them no longer work", "files", n)
	}
	a.Sync = &datasync.Service{Client: a.DB.Client, DB: a.DB.SQL, Queue: worker.SyncEnqueuer{Client: a.Queue}, Notify: a.Notify,
		Clock: a.Clock, Log: a.Log, TokenKey: subKey(cfg.Secret, "sync tokens"), TombstoneTTL: cfg.SyncTombstoneTTL}
	a.Dropbox = &dropbox.Service{Client: a.DB.Client, Blobs: a.Blobs, Queue: worker.Enqueuer{Client: a.Queue}, Clock: a.Clock,
		Log: a.Log, Domain: cfg.SMTPDropboxDomain, SealKey: subKey(cfg.Secret, "dropbox tokens")}
	a.Emails = &emails.Service{Client: a.DB.Client, Notify: a.Notify, Attachments: a.Attachments,
		Mail: worker.Enqueuer{Client: a.Queue}, Clock: a.Clock, Log: a.Log}
	a.Dropbox.SetAdder(a.Emails) // mail the SMTP dropbox accepts is added by the emails domain (EM-1, EM-3)
	if err = datasync.EnsureIndexes(ctx, a.DB.SQL, a.DB.Dialect); err != nil {
		return nil, err
	}
	a.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newQueueCollector(a.Inspector))
	a.Metrics.MustRegister(a.Broker.Collectors()...)
	return a, nil
}

func (a *App) openRedis() error {
	if a.Cfg.RedisURL == "" {
		// Any local process can open a loopback port: the embedded Redis requires a password
		// made for this start, known only to this process and what it hands RedisURL to
		// (issue 9 item 7). Pub/sub messages are signed on top of it (pubsub.WithSigningKey).
		a.miniPassword = rand.Text()
		mr := miniredis.NewMiniRedis()
		mr.RequireAuth(a.miniPassword)
		if err := mr.StartAddr("127.0.0.1:0"); err != nil {
			return fmt.Errorf("starting in-process Redis: %w", err)
		}
		a.mini = mr
		a.stopTick = make(chan struct{})
		go func() { // miniredis never expires keys by itself; asynq relies on TTLs
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					mr.FastForward(time.Second)
				case <-a.stopTick:
					return
				}
			}
		}()
		a.RedisConn = redisconn.FromOptions(&redis.Options{Addr: mr.Addr(), Password: a.miniPassword})
		a.Redis = a.RedisConn.NewClient()
		a.Log.Info("using in-process Redis (miniredis); set CRM_REDIS_URL to scale out", "addr", mr.Addr())
		return nil
	}
	conn, err := redisconn.Parse(a.Cfg.RedisURL)
	if err != nil {
		return fmt.Errorf("CRM_REDIS_URL: %w", err)
	}
	a.RedisConn = conn
	a.Redis = conn.NewClient()
	a.Log.Info("using Redis", "topology", conn.Topology, "addrs", conn.Addrs())
	return nil
}

// RedisURL is the URL of the Redis in use: the embedded miniredis's loopback address with its
// password, or CRM_REDIS_URL. Another process (a worker) can share the queue through it.
func (a *App) RedisURL() string {
	if a.mini != nil {
		return (&url.URL{Scheme: "redis", User: url.UserPassword("", a.miniPassword), Host: a.mini.Addr(), Path: "/0"}).String()
	}
	return a.Cfg.RedisURL
}

// StartWorker runs the job server, the periodic scheduler and the watch for runs of dead
// workers (Backup.WatchRuns) in this process, after the reconciler has re-enqueued what the
// database says is unfinished.
func (a *App) StartWorker(ctx context.Context) error {
	if err := a.Reconcile(ctx); err != nil {
		a.Log.Error("reconciling unfinished work", "err", err) // not fatal: periodic jobs retry
	}
	a.server = asynq.NewServerFromRedisClient(a.Redis, asynq.Config{
		Concurrency:              a.Cfg.Workers,
		Queues:                   worker.Queues,
		ShutdownTimeout:          a.Cfg.ShutdownGrace,
		TaskCheckInterval:        100 * time.Millisecond,
		DelayedTaskCheckInterval: time.Second,
		Logger:                   asynqLogger{a.Log},
		LogLevel:                 asynq.WarnLevel,
		RetryDelayFunc:           worker.RetryDelay,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			a.Log.Error("job failed", "type", t.Type(), "err", err)
		}),
	})
	mux := worker.NewMux(a.WorkerDeps())
	if err := a.server.Start(mux); err != nil {
		return fmt.Errorf("starting job server: %w", err)
	}
	// The scheduler owns a client of its own: it closes its client when it stops (and logs an
	// error when that client is shared).
	a.scheduler = asynq.NewScheduler(a.RedisConn, &asynq.SchedulerOpts{Logger: asynqLogger{a.Log}, LogLevel: asynq.WarnLevel})
	for _, p := range worker.Periodic {
		if _, err := a.scheduler.Register(p.Cron, asynq.NewTask(p.Type, nil), p.Opts...); err != nil {
			return fmt.Errorf("scheduling %s: %w", p.Type, err)
		}
	}
	if err := a.scheduler.Start(); err != nil {
		return fmt.Errorf("starting scheduler: %w", err)
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); a.Backup.WatchRuns(wctx) }()
	a.stopWatch = func() { cancel(); <-done }
	return nil
}

// Reconcile re-enqueues or re-sends work the database says is unfinished (the queue only
// executes; miniredis forgets everything on restart and a real Redis may lose tasks).
func (a *App) Reconcile(ctx context.Context) error {
	n, err := a.Notify.Redeliver(ctx, 0, 24*time.Hour)
	if n > 0 {
		a.Log.Info("reconciler: redelivered notifications", "count", n)
	}
	runs, rerr := a.Backup.Reconcile(ctx)
	if runs > 0 {
		a.Log.Info("reconciler: re-enqueued unfinished backup runs", "count", runs)
	}
	mails, merr := a.Mail.Reconcile(ctx)
	if mails > 0 {
		a.Log.Info("reconciler: re-enqueued pending emails", "count", mails)
	}
	syncRuns, serr := a.Sync.Reconcile(ctx, 0)
	if syncRuns > 0 {
		a.Log.Info("reconciler: re-enqueued queued sync runs", "count", syncRuns)
	}
	inbound, ierr := a.Dropbox.Reconcile(ctx, 0)
	if inbound > 0 {
		a.Log.Info("reconciler: re-enqueued accepted dropbox messages", "count", inbound)
	}
	return errors.Join(err, rerr, merr, serr, ierr)
}

// redeliverOnReconnect publishes the notifications an outage of Redis kept from being
// published, as soon as this process's subscription is back (issue 9 item 8), rather than at
// the next notify:redeliver job. It ends when the broker closes.
func (a *App) redeliverOnReconnect() {
	for range a.Broker.Reconnected() {
		n, err := a.Notify.Redeliver(context.Background(), 0, 24*time.Hour)
		if err != nil {
			a.Log.Warn("redelivering notifications after Redis came back", "err", err)
		}
		if n > 0 {
			a.Log.Info("redelivered notifications after Redis came back", "count", n)
		}
	}
}

// StopWorker stops taking jobs; running jobs get ShutdownGrace to finish, then asynq puts
// them back in the queue for another worker (or the next start).
func (a *App) StopWorker() {
	if a.stopWatch != nil {
		a.stopWatch()
		a.stopWatch = nil
	}
	if a.scheduler != nil {
		a.scheduler.Shutdown()
		a.scheduler = nil
	}
	if a.server != nil {
		a.server.Shutdown()
		a.server = nil
	}
}

// Close releases everything; safe to call more than once.
func (a *App) Close() {
	a.closeOnce.Do(func() {
		a.StopSMTP()
		a.StopWorker()
		var errs []error
		if a.Broker != nil {
			errs = append(errs, a.Broker.Close())
		}
		if a.Redis != nil {
			errs = append(errs, a.Redis.Close())
		}
		if a.stopTick != nil {
			close(a.stopTick)
		}
		if a.mini != nil {
			a.mini.Close()
		}
		if a.Blobs != nil {
			errs = append(errs, a.Blobs.Close())
		}
		if a.DB != nil {
			errs = append(errs, a.DB.Close())
		}
		if err := errors.Join(errs...); err != nil {
			a.Log.Warn("closing", "err", err)
		}
	})
}

// subKey derives the key of one use (pub/sub signatures…) from CRM_SECRET, so that no two
// uses share a key.
func subKey(secret, use string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("crmadmin " + use))
	return m.Sum(nil)
}

// NewLogger returns a slog logger writing JSON (or text) to stderr.
func NewLogger(format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	o := &slog.HandlerOptions{Level: lv}
	if format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, o))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, o))
}

// asynqLogger adapts slog to asynq's logger.
type asynqLogger struct{ l *slog.Logger }

func (l asynqLogger) Debug(args ...any) { l.l.Debug(fmt.Sprint(args...), "component", "asynq") }
func (l asynqLogger) Info(args ...any)  { l.l.Info(fmt.Sprint(args...), "component", "asynq") }
func (l asynqLogger) Warn(args ...any)  { l.l.Warn(fmt.Sprint(args...), "component", "asynq") }
func (l asynqLogger) Error(args ...any) { l.l.Error(fmt.Sprint(args...), "component", "asynq") }
func (l asynqLogger) Fatal(args ...any) { l.l.Error(fmt.Sprint(args...), "component", "asynq") }

// newBilling builds the billing service (SB) and plugs it in: the org's FREE subscription is
// created in the sign-up transaction, and one ent hook enforces record limits on every create
// of every CRM module (SB-8). CRM_PLAN_CATALOGUE replaces the shipped catalogue. The
// catalogue is seeded into the database (plans, price versions: issue 18), then the orgs of a
// database from before licence seats get theirs (the data step of that migration).
func (a *App) newBilling(ctx context.Context) error {
	cat := billing.DefaultCatalogue()
	if path := a.Cfg.PlanCatalogue; path != "" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("CRM_PLAN_CATALOGUE: %w", err)
		}
		defer f.Close()
		if cat, err = billing.LoadCatalogue(f); err != nil {
			return fmt.Errorf("CRM_PLAN_CATALOGUE %s: %w", path, err)
		}
	}
	a.Billing = billing.NewService(a.DB.Client, cat, billing.NewSandbox(), a.Notify, a.Clock, a.Log)
	a.Billing.QuoteKey = subKey(a.Cfg.Secret, "quote") // every API node accepts the quotes of the others
	a.Identity.Subscriptions = a.Billing
	a.Accounts = &accounts.Service{Client: a.DB.Client, Billing: a.Billing, Sessions: a.Identity, Blobs: a.Blobs, Log: a.Log,
		FilePrefixes: []func(int) string{attachments.OrgFilePrefix, backup.OrgFilePrefix, accounts.OrgFilePrefix, dropbox.OrgFilePrefix}}
	a.DB.Client.Use(billing.RecordLimitHook(a.Billing))
	a.DB.Client.Use(billing.CurrencyHook(a.Billing))
	if _, err := a.Billing.SeedCatalogue(ctx); err != nil {
		return err
	}
	if _, err := a.Billing.MigrateSeats(ctx); err != nil {
		return err
	}
	return nil
}

// WorkerDeps are the services the job handlers call (tests run handlers with them directly).
func (a *App) WorkerDeps() worker.Deps {
	return worker.Deps{Notify: a.Notify, Identity: a.Identity, Billing: a.Billing, Backup: a.Backup, Mail: a.Mail,
		Sync: a.Sync, Dropbox: a.Dropbox, Queue: a.Queue, Log: a.Log}
}
