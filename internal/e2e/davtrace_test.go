package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// davTrace records the DAV requests a server answers (method, path, If-Match, status, ETag):
// a failing DAV test prints it, so that the lost step is named, not guessed (issue 11).
type davTrace struct {
	mu    sync.Mutex
	lines []string
	start time.Time
}

func (d *davTrace) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lines = append(d.lines, fmt.Sprintf("%8.3fs %s", time.Since(d.start).Seconds(), s))
}

func (d *davTrace) mark(s string) { d.add("---- " + s) }

func (d *davTrace) String() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.lines, "\n")
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// traceDAV wraps the server's handler before any request is made.
func traceDAV(t *testing.T, srv *apptest.Server) *davTrace {
	t.Helper()
	d := &davTrace{start: time.Now()}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("DAV requests and client runs:\n%s", d)
		}
	})
	next := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/dav/") && !strings.HasPrefix(r.URL.Path, "/.well-known/") {
			next.ServeHTTP(w, r)
			return
		}
		begin := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d.add(fmt.Sprintf("%s %s If-Match=%q If-None-Match=%q -> %d ETag=%q (%s)", r.Method, r.URL.Path,
			r.Header.Get("If-Match"), r.Header.Get("If-None-Match"), rec.code, w.Header().Get("ETag"), time.Since(begin).Round(time.Millisecond)))
	})
	return d
}

// vdirsyncer runs vdirsyncer (at debug verbosity: its requests and answers go to the trace)
// and returns its output.
func (d *davTrace) vdirsyncer(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := strings.Join(args, " ")
	d.mark("vdirsyncer " + cmd)
	out, err := runTool(t, dir, append([]string{"vdirsyncer", "-vdebug"}, args...)...)
	d.add(fmt.Sprintf("vdirsyncer %s: %v\n%s", cmd, err, out))
	return out, err
}
