package app

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/internal/httpx"
)

type gqlErr = gqlerror.Error

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// statusWriter remembers the status code for the request log. It passes Hijack and Flush
// through so websockets keep working.
type statusWriter struct {
	http.ResponseWriter
	status  int
	written bool
}

// WriteHeader passes the first status on and drops later ones (gqlgen writes a second status
// after gorilla/websocket has already refused an upgrade with 403).
func (w *statusWriter) WriteHeader(code int) {
	if w.written {
		return
	}
	w.status, w.written = code, true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack lets gorilla/websocket take the connection over (it does not use Unwrap).
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("the response writer does not support hijacking")
	}
	w.status = http.StatusSwitchingProtocols
	return h.Hijack()
}

// Flush passes streaming flushes through.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// withRequestLog logs one line per request: method, path (never the query string, which may
// carry the operator token, and with the secrets of paths cut out: logPath), status, duration —
// and, at level error, the request's INTERNAL errors however many there were (their count,
// shared reference and the first few; issue 9 item 12). Websockets are logged when they end;
// their operations log their own errors.
func (a *App) withRequestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		var failures *httpx.Failures
		if !websocket.IsWebSocketUpgrade(r) {
			var ctx context.Context
			ctx, failures = httpx.WithFailures(r.Context())
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		attrs := []any{"method", r.Method, "path", logPath(r.URL.Path), "status", sw.status, "ms", time.Since(start).Milliseconds()}
		if failures != nil {
			if n, ref, sample := failures.Summary(); n > 0 {
				a.Log.Error("http", append(attrs, "internalErrors", n, "ref", ref, "errors", sample)...)
				return
			}
		}
		a.Log.Info("http", attrs...)
	})
}

// secretPaths are the route prefixes whose rest is a secret (issue 9 item 10): a backup
// download link's token (BK-15).
var secretPaths = []string{"/download/backup/"}

// logPath is path as the request log writes it: the secret part of a secretPaths route is
// replaced by "…", also when the path is not clean (the mux redirects those to the route).
func logPath(p string) string {
	clean := path.Clean("/" + p)
	for _, prefix := range secretPaths {
		if strings.HasPrefix(clean, prefix) {
			return prefix + "…"
		}
	}
	return p
}

// graphqlMetrics counts operations and errors by code and times them.
type graphqlMetrics struct {
	ops    *prometheus.HistogramVec
	errors *prometheus.CounterVec
}

func newGraphQLMetrics(reg *prometheus.Registry) *graphqlMetrics {
	m := &graphqlMetrics{
		ops: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "crm_graphql_operation_seconds",
			Help:    "GraphQL operations by type and first root field (names chosen by clients are not labels: they are unbounded).",
			Buckets: prometheus.DefBuckets}, []string{"type", "field"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "crm_graphql_errors_total",
			Help: "GraphQL errors by extensions.code."}, []string{"code"}),
	}
	reg.MustRegister(m.ops, m.errors)
	return m
}

func (m *graphqlMetrics) ExtensionName() string                   { return "Metrics" }
func (m *graphqlMetrics) Validate(graphql.ExecutableSchema) error { return nil }

func (m *graphqlMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	start := time.Now()
	resp := next(ctx)
	typ, name := "unknown", "unknown"
	if op := oc.Operation; op != nil {
		typ = string(op.Operation)
		if len(op.SelectionSet) > 0 {
			if f, ok := op.SelectionSet[0].(*ast.Field); ok && oc.Doc != nil { // a schema field: bounded
				name = f.Name
			}
		}
	}
	if typ != "subscription" {
		m.ops.WithLabelValues(typ, name).Observe(time.Since(start).Seconds())
	}
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			m.errors.WithLabelValues(code).Inc()
		}
	}
	return resp
}
