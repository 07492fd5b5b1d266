package app

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"github.com/crmadmin/crmadmin/internal/datasync/dav"
	"io"
	"net/http"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/crmadmin/crmadmin/graph"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/gqlimit"
	"github.com/crmadmin/crmadmin/internal/httpx"
	"github.com/crmadmin/crmadmin/ui"
)

// GraphQL limits (documented in the README, "Limits and abuse"); the input value bounds
// are gqlimit.Default.
const (
	MaxDepth = 12
	MaxPage  = 500
	MaxCost  = 50000 // fields in the answer: a page of 500 contacts with every field
	// MaxIntrospectionCost bounds the __schema/__type of a request together, apart from MaxCost
	// (they grow with the schema, not the data): a full introspection of today's schema counts
	// about 51,500; the bound leaves room for the schema to grow, not for a second copy.
	MaxIntrospectionCost = 90000
	MaxString            = 4096 // bytes of a string argument or input field, except LongText
)

// LongText are the input fields longer than MaxString, with their own limit in bytes (4 bytes
// a character at most: ent/schema counts characters).
var LongText = map[string]int{
	"description":   4 * 32000, // every record's description (SY-3), note bodies
	"body":          4 << 20,   // email bodies (1M characters): the request body limit applies first
	"htmlBody":      4 << 20,   // email HTML bodies, like body
	"contentBase64": 1 << 20,   // an email's attachment in base64 (EM-1): the request body limit applies first
	"value":         128 << 10, // a synced item's field (SyncFieldInput.value): notes of 32,000 characters, so that longer ones are IGNORED, not refused (SY-4)
}

// Handler returns every HTTP route of the API process.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	gql := a.graphqlHandler()
	mux.Handle("/query", a.withLimits(a.withAuth(gql)))
	mux.Handle("GET /download/attachment/{id}", a.withAuth(http.HandlerFunc(a.downloadAttachment)))
	mux.Handle("GET /download/backup/{token}", a.withAuth(http.HandlerFunc(a.downloadBackup)))
	mux.Handle("POST /upload/attachment", a.withAuth(http.HandlerFunc(a.uploadAttachment)))
	mux.Handle("GET /graphiql", ui.GraphiQL()) // from the binary: works offline (issue 17 item 4)
	davH := &dav.Handler{Sync: a.Sync, Identity: a.Identity, TrustedProxies: a.Cfg.TrustedProxies, Log: a.Log,
		BodyTimeout: a.Cfg.DAVBodyTimeout}
	mux.Handle("/dav/", davH) // CardDAV/CalDAV (issue 12): Basic auth with an API token, its own
	mux.Handle("/dav", davH)
	mux.Handle("/.well-known/carddav", davH)
	mux.Handle("/.well-known/caldav", davH)
	mux.HandleFunc("/healthz", a.healthz)
	mux.Handle("/metrics", promhttp.HandlerFor(a.Metrics, promhttp.HandlerOpts{}))
	mux.Handle("/ops/jobs/", a.operatorOnly(asynqmon.New(asynqmon.Options{RootPath: "/ops/jobs", RedisConnOpt: a.RedisConn})))
	a.testHooks(mux) // CRM_TEST_HOOKS only
	mux.Handle("/", ui.Handler())
	return a.withRequestLog(a.withSecurityHeaders(mux))
}

func (a *App) graphqlHandler() http.Handler {
	res := &graph.Resolver{Client: a.DB.Client, Identity: a.Identity, Notify: a.Notify, Billing: a.Billing, Accounts: a.Accounts, Backup: a.Backup, Dropbox: a.Dropbox,
		Sync: a.Sync, EmailService: a.Emails, Clock: a.Clock, Log: a.Log, BaseURL: a.Cfg.BaseURL}
	srv := handler.New(graph.NewSchema(res))
	maxMessage := a.Cfg.MaxBodyBytes
	srv.AddTransport(transport.Websocket{
		Implementation: gorillaWebsocket{Upgrader: websocket.Upgrader{
			CheckOrigin:     a.originAllowed,
			ReadBufferSize:  1024,
			WriteBufferSize: 1024,
		}},
		PayloadReadLimit:      &maxMessage, // each message, as for a POST body (issue 9 item 1)
		InitFunc:              a.websocketInit,
		KeepAlivePingInterval: 15 * time.Second, // legacy graphql-ws keep-alive
		PingPongInterval:      15 * time.Second, // graphql-transport-ws ping/pong
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(postTransport{})
	srv.AddTransport(unsupportedTransport{}) // last: answers what the others do not take
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(&graph.Limits{MaxDepth: MaxDepth, MaxPage: MaxPage, MaxCost: MaxCost, MaxIntrospectionCost: MaxIntrospectionCost, Inputs: gqlimit.Default,
		MaxString: MaxString, LongText: LongText})
	srv.Use(graph.OneResponse{})                                                // a query or mutation answers once on every transport (websockets ask again)
	tx := entgql.Transactioner{TxOpener: a.DB.Client, SkipTxFunc: graph.SkipTx} // SkipTx's mutations run their own transactions
	srv.Use(graph.Transactioner{Transactioner: tx})                             // a busy database answers UNAVAILABLE
	srv.Use(graph.AccountLock{})                                                // SB-12: a LOCKED org answers ACCOUNT_LOCKED
	srv.Use(newGraphQLMetrics(a.Metrics))
	srv.SetErrorPresenter(graph.ErrorPresenter(a.Log))
	srv.SetRecoverFunc(graph.Recover(a.Log))
	return srv
}

// withAuth turns a Bearer token or the session cookie into the viewer. A bad Bearer token is
// refused outright (401); a bad cookie is cleared and the request goes on anonymous.
// Cookie-authenticated requests from a foreign Origin are refused (CSRF).
func (a *App) withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := httpx.With(r.Context(), &httpx.Request{W: w, R: r, Secure: strings.HasPrefix(a.Cfg.BaseURL, "https://"),
			ClientIP: httpx.ClientAddr(r, a.Cfg.TrustedProxies)})
		if h := r.Header.Get("Authorization"); h != "" {
			secret, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeError(w, apperr.Unauthenticated, "Authorization must be 'Bearer <API token>'")
				return
			}
			v, err := a.Identity.Authenticate(ctx, strings.TrimSpace(secret))
			if err != nil {
				writeAuthError(w, err)
				return
			}
			ctx = auth.WithViewer(ctx, v)
			if lockedOutside(w, r, v) {
				return
			}
		} else if c, err := r.Cookie(httpx.SessionCookie); err == nil && c.Value != "" {
			if !websocket.IsWebSocketUpgrade(r) && r.Method != http.MethodOptions && !a.originAllowed(r) {
				writeError(w, apperr.Forbidden, "cross-origin request with a session cookie refused; add the origin to CRM_ALLOWED_ORIGINS")
				return
			}
			if v, err := a.Identity.Authenticate(ctx, c.Value); err == nil {
				ctx = auth.WithViewer(ctx, v)
				if lockedOutside(w, r, v) {
					return
				}
			} else {
				httpx.ClearSession(ctx)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// websocketInit authenticates a websocket from connection_init's payload ("authToken" or
// "Authorization": "Bearer …"); without one, the cookie sent with the upgrade is used. A bad
// token leaves the socket anonymous with the reason, which each operation then reports.
// The connection_ack carries no payload: echoing the init payload sent the client's token
// back over the wire (issue 9 item 10).
func (a *App) websocketInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	tok, _ := p["authToken"].(string)
	if tok == "" {
		tok = strings.TrimPrefix(p.Authorization(), "Bearer ")
	}
	if tok == "" {
		return ctx, nil, nil
	}
	v, err := a.Identity.Authenticate(ctx, strings.TrimSpace(tok))
	if err != nil {
		// Accept the socket but answer every operation with the reason (see auth.WithError).
		return auth.WithError(auth.WithViewer(ctx, nil), err), nil, nil
	}
	return auth.WithViewer(ctx, v), nil, nil
}

// withLimits refuses bodies over CRM_MAX_BODY_BYTES with 413 and REQUEST_TOO_LARGE.
func (a *App) withLimits(next http.Handler) http.Handler {
	max := a.Cfg.MaxBodyBytes
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeTooLarge(w, max)
			return
		}
		if r.Body != nil && r.Method == http.MethodPost {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				writeTooLarge(w, max)
				return
			}
			if err != nil {
				writeError(w, apperr.Validation, "reading the request body failed")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

func writeTooLarge(w http.ResponseWriter, max int64) {
	writeError(w, apperr.RequestTooLarge,
		"the request body is larger than the limit of "+humanBytes(max)+" (CRM_MAX_BODY_BYTES)")
}

func writeAuthError(w http.ResponseWriter, err error) {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		writeError(w, ae.Code, ae.Message) // UNAUTHENTICATED: 401
		return
	}
	w.Header().Set("Retry-After", "1") // a busy database or an outage: nothing was changed (issue 9 item 3)
	writeError(w, apperr.Unavailable, "authentication is unavailable; try again in a second")
}

// writeError refuses a request before GraphQL runs (the middleware of /query, shared by the
// plain routes): the status is code's in httpx's one table, the body GraphQL's response shape
// so that GraphQL clients parse one format.
func writeError(w http.ResponseWriter, code apperr.Code, msg string) {
	writeErrorStatus(w, httpx.ErrorStatusCode(code), code, msg)
}

// writeErrorStatus is writeError with a status the protocol decides rather than the code
// (405 and 415 of GraphQL over HTTP).
func writeErrorStatus(w http.ResponseWriter, status int, code apperr.Code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(graphql.Response{Errors: []*gqlErr{{Message: msg, Extensions: map[string]any{"code": code}}}})
}

// operatorOnly guards /ops/jobs with CRM_OPERATOR_TOKEN: "Authorization: Bearer <token>", or
// once "?token=<token>" in a browser, which sets an HttpOnly cookie for the path.
func (a *App) operatorOnly(next http.Handler) http.Handler {
	want := []byte(a.Cfg.OperatorToken)
	ok := func(s string) bool { return s != "" && subtle.ConstantTimeCompare([]byte(s), want) == 1 }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t := r.URL.Query().Get("token"); ok(t) {
			http.SetCookie(w, &http.Cookie{Name: "crm_ops", Value: t, Path: "/ops/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q := r.URL.Query()
			q.Del("token")
			r.URL.RawQuery = q.Encode()
			http.Redirect(w, r, r.URL.String(), http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie("crm_ops"); err == nil && ok(c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		if ok(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")) {
			next.ServeHTTP(w, r)
			return
		}
		httpx.TextError(w, apperr.New(apperr.Unauthenticated, "operator token required: open /ops/jobs/?token=<CRM_OPERATOR_TOKEN>"))
	})
}

// healthz reports the database and Redis. Without the database nothing works: 503. Without
// Redis the process still serves everything the database backs (sign-in, reads, writes) and
// the operations that need the job queue answer UNAVAILABLE: "degraded", still 200, so a load
// balancer keeps the node (issue 9 item 8).
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	out := map[string]string{"status": "ok", "database": "ok", "redis": "ok"}
	status := http.StatusOK
	if err := a.Redis.Ping(ctx).Err(); err != nil {
		out["redis"], out["status"] = "down: "+err.Error(), "degraded"
	}
	if err := a.DB.SQL.PingContext(ctx); err != nil {
		out["database"], out["status"], status = "down: "+err.Error(), "down", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(out)
}

// lockedOutside refuses a LOCKED org's users on routes outside GraphQL (downloads…) with
// ACCOUNT_LOCKED (SB-12); GraphQL has its own rule (graph.AccountLock), which lets the super
// admin pay.
func lockedOutside(w http.ResponseWriter, r *http.Request, v *auth.Viewer) bool {
	if !v.OrgLocked || r.URL.Path == "/query" {
		return false
	}
	httpx.Error(w, apperr.New(apperr.AccountLocked, "the account is locked because the subscription was not paid; the organization's super admin can unlock it"))
	return true
}
