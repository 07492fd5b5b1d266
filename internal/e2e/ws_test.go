package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// Platform acceptance criterion: an integration test subscribes with the real npm graphql-ws
// client over a websocket, has a job in a separate worker process (real Redis protocol)
// publish a notification, and receives it; the same suite also runs against a real
// redis-server, not only miniredis.
//
// The API runs in-process without a job worker; `crmadmin worker` (the real binary, built
// once per run of this test) runs as a second OS process sharing the SQLite file and the
// Redis: the embedded miniredis (over its loopback TCP port) or a private redis-server.
// Org B's subscriber must receive nothing of org A's notification (PL-1).
func TestLiveNotificationFromSeparateWorkerProcess_Redis(t *testing.T) {
	node, clientDir := liveRequireNode(t)
	bin := liveBuildBinary(t)
	for _, b := range apptest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			start := time.Now()
			dataDir := t.TempDir()
			srv := apptest.Start(t, apptest.Options{RedisURL: b.RedisURL, NoWorker: true, DataDir: dataDir})
			redisURL := srv.App.RedisURL() // the API's embedded miniredis, or its redis-server
			a := srv.SignUp(t, "Worker A Co", "ann@worker-a.test")
			orgB := srv.SignUp(t, "Worker B Co", "bob@worker-b.test")

			liveStartWorker(t, bin, redisURL, dataDir)
			t.Logf("%s: API and worker process up in %v", b.Name, time.Since(start).Round(time.Millisecond))

			url := liveURL(srv)
			clientA := liveStartNode(t, "A", node, clientDir, url, a.Admin.Token, 1, "test")
			clientB := liveStartNode(t, "B", node, clientDir, url, orgB.Admin.Token, 1, "") // every type
			clientA.waitReady(t, 30*time.Second)
			clientB.waitReady(t, 30*time.Second)
			// READY means the server has started both subscriptions; wait until the API's broker
			// has registered them so the worker's PUBLISH cannot overtake a subscriber.
			liveWaitSubscribers(t, srv, 2, 5*time.Second)
			t.Logf("%s: both graphql-ws clients subscribed after %v", b.Name, time.Since(start).Round(time.Millisecond))

			var sent struct{ SendTestNotification bool }
			sentAt := time.Now()
			a.Admin.MustDo(t, `mutation { sendTestNotification(title: "from worker") }`, nil, &sent)
			if !sent.SendTestNotification {
				t.Fatal("sendTestNotification returned false")
			}

			line, ok := clientA.next(10 * time.Second)
			if !ok {
				t.Fatalf("org A's graphql-ws client received nothing within 10 s of sendTestNotification\n%s", clientA.diag())
			}
			t.Logf("%s: notification delivered API → Redis queue → worker process → Redis PUBLISH → API → node in %v",
				b.Name, time.Since(sentAt).Round(time.Millisecond))
			var got struct {
				ID, Type, Title, CreatedAt string
				Payload                    map[string]any
			}
			if err := json.Unmarshal([]byte(line), &got); err != nil {
				t.Fatalf("client A printed %q: %v", line, err)
			}
			if got.Type != "test" || got.Title != "from worker" || got.ID == "" || got.CreatedAt == "" ||
				got.Payload["taskId"] == nil || got.Payload["requestedBy"] != "ann" {
				t.Fatalf("client A received %s; want the test notification titled \"from worker\"", line)
			}
			if err := clientA.wait(5 * time.Second); err != nil { // COUNT=1: exits 0 after it
				t.Fatalf("client A after its notification: %v\n%s", err, clientA.diag())
			}

			// PL-1: org B's subscriber gets nothing. A misrouted message would reach B through the
			// same Redis message and the same fan-out loop as A's, i.e. within milliseconds of A's;
			// 500 ms is a generous bound for that, not a synchronisation.
			select {
			case l, ok := <-clientB.lines:
				if ok {
					t.Fatalf("PL-1: org B's subscriber received org A's notification: %s", l)
				}
				t.Fatalf("org B's client ended early: %v\n%s", clientB.wait(time.Second), clientB.diag())
			case <-time.After(500 * time.Millisecond):
			}

			// The worker process persisted it: A lists it (same ID), B's list is empty (PL-1).
			const list = `{ notifications(first: 10) { edges { node { id type title } } } }`
			var la, lb struct {
				Notifications struct {
					Edges []struct {
						Node struct{ ID, Type, Title string }
					}
				}
			}
			a.Admin.MustDo(t, list, nil, &la)
			orgB.Admin.MustDo(t, list, nil, &lb)
			if e := la.Notifications.Edges; len(e) != 1 || e[0].Node.ID != got.ID || e[0].Node.Title != "from worker" {
				t.Fatalf("org A's notifications list: %+v; want the one received (id %s)", e, got.ID)
			}
			if e := lb.Notifications.Edges; len(e) != 0 {
				t.Fatalf("PL-1: org B's notifications list shows %+v", e)
			}
			// B's subscriber was live all along: its own org's notification reaches it first thing.
			orgB.Admin.MustDo(t, `mutation { sendTestNotification(title: "for B") }`, nil, nil)
			if l, ok := clientB.next(10 * time.Second); !ok || !strings.Contains(l, `"title":"for B"`) {
				t.Fatalf("org B's client: got %q (ok=%v), want its own \"for B\" notification\n%s", l, ok, clientB.diag())
			}
			if err := clientB.wait(5 * time.Second); err != nil {
				t.Fatalf("client B after its notification: %v\n%s", err, clientB.diag())
			}

			// An unknown token: the socket stays anonymous and the subscription answers
			// UNAUTHENTICATED with the reason; the client exits non-zero (it never prints READY).
			bad := liveStartNode(t, "unknown-token", node, clientDir, url, auth.APITokenPrefix+"AAAA", 1, "")
			err := bad.wait(10 * time.Second)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(bad.stderr.String(), "API token not recognised") {
				t.Fatalf("graphql-ws client with an unknown token: %v; want exit status 2 and the reason reported\n%s", err, bad.diag())
			}
			select {
			case <-bad.ready:
				t.Fatal("graphql-ws client with an unknown token printed READY")
			default:
			}
		})
	}
}

// TestWebsocketProtocolsAndOrigin_Redis drives /query's websocket with a Go client: both
// subprotocols deliver a notification made by the (in-process) worker, foreign origins are
// refused at the upgrade, bad tokens at connection_init, anonymous subscriptions at subscribe.
func TestWebsocketProtocolsAndOrigin_Redis(t *testing.T) {
	const allowed = "https://app.example"
	start := func(t *testing.T) (*apptest.Server, *apptest.Org) {
		srv := apptest.Start(t, apptest.Options{Env: map[string]string{"CRM_ALLOWED_ORIGINS": allowed + "/"}})
		return srv, srv.SignUp(t, "Socket Co", "sam@socket.test")
	}
	const subscription = `subscription($types: [String!]) { notifications(types: $types) { id type title } }`
	trigger := func(t *testing.T, org *apptest.Org, title string) {
		t.Helper()
		var out struct{ SendTestNotification bool }
		org.Admin.MustDo(t, `mutation($t: String) { sendTestNotification(title: $t) }`, map[string]any{"t": title}, &out)
		if !out.SendTestNotification {
			t.Fatal("sendTestNotification returned false")
		}
	}
	checkNotification := func(t *testing.T, m liveMsg, title string) {
		t.Helper()
		var p struct {
			Data struct {
				Notifications struct{ ID, Type, Title string }
			}
			Errors []apptest.Error
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 ||
			p.Data.Notifications.Type != "test" || p.Data.Notifications.Title != title || p.Data.Notifications.ID == "" {
			t.Fatalf("want the %q test notification, got %s (%v)", title, m.Payload, err)
		}
	}

	t.Run("legacy graphql-ws", func(t *testing.T) {
		srv, org := start(t)
		c := liveMustDial(t, srv, "graphql-ws", nil)
		c.send(t, liveMsg{Type: "connection_init", Payload: liveJSON(map[string]any{"authToken": org.Admin.Token})})
		c.expect(t, "connection_ack", "")
		c.send(t, liveMsg{ID: "1", Type: "start", Payload: liveJSON(map[string]any{"query": subscription,
			"variables": map[string]any{"types": []string{"test"}}})})
		liveWaitSubscribers(t, srv, 1, 5*time.Second) // no "subscribed" message in the protocol
		trigger(t, org, "legacy hello")
		checkNotification(t, c.expect(t, "data", "1"), "legacy hello")
		c.send(t, liveMsg{ID: "1", Type: "stop"})
		c.expect(t, "complete", "1")
		c.send(t, liveMsg{Type: "connection_terminate"})
		if ce := c.readClose(t); ce.Code != websocket.CloseNormalClosure {
			t.Fatalf("after connection_terminate: %v", ce)
		}
	})

	t.Run("graphql-transport-ws", func(t *testing.T) {
		srv, org := start(t)
		c := liveMustDial(t, srv, "graphql-transport-ws", nil)
		c.send(t, liveMsg{Type: "connection_init", Payload: liveJSON(map[string]any{"Authorization": "Bearer " + org.Admin.Token})})
		c.expect(t, "connection_ack", "")
		c.send(t, liveMsg{Type: "ping"})
		c.expect(t, "pong", "")
		c.send(t, liveMsg{ID: "s1", Type: "subscribe", Payload: liveJSON(map[string]any{"query": subscription})})
		liveWaitSubscribers(t, srv, 1, 5*time.Second)
		trigger(t, org, "transport hello")
		checkNotification(t, c.expect(t, "next", "s1"), "transport hello")
		c.send(t, liveMsg{ID: "s1", Type: "complete"})
		liveWaitSubscribers(t, srv, 0, 5*time.Second) // the server ended the subscription
	})

	t.Run("origin", func(t *testing.T) {
		srv, _ := start(t)
		for _, tc := range []struct {
			origin string
			want   int
		}{
			{"", http.StatusSwitchingProtocols},      // non-browser client
			{srv.URL, http.StatusSwitchingProtocols}, // same origin
			{allowed, http.StatusSwitchingProtocols}, // CRM_ALLOWED_ORIGINS
			{"https://evil.example", http.StatusForbidden},
			{"https://app.example.evil.test", http.StatusForbidden},
			{"null", http.StatusForbidden},
		} {
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", tc.origin)
			}
			conn, resp, err := liveDial(srv, "graphql-transport-ws", h)
			if conn != nil {
				conn.Close()
			}
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			if status != tc.want || (tc.want == http.StatusForbidden) != errors.Is(err, websocket.ErrBadHandshake) {
				t.Errorf("Origin %q: upgrade answered %d (err %v), want %d", tc.origin, status, err, tc.want)
			}
		}
	})

	t.Run("bad token at connection_init", func(t *testing.T) {
		srv, org := start(t)
		var created struct {
			CreateAPIToken struct {
				Secret string
				Token  struct{ ID string }
			}
		}
		org.Admin.MustDo(t, `mutation { createAPIToken(input: {name: "to revoke"}) { secret token { id } } }`, nil, &created)
		org.Admin.MustDo(t, `mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`,
			map[string]any{"id": created.CreateAPIToken.Token.ID}, nil)
		for _, tc := range []struct{ name, token, says string }{
			{"revoked", created.CreateAPIToken.Secret, "API token was revoked on "},
			{"unknown", auth.APITokenPrefix + "AAAA", "API token not recognised"},
			{"malformed", "bogus", "malformed credentials"},
		} {
			// Both protocols: the socket is acknowledged but stays anonymous, and the
			// subscription answers UNAUTHENTICATED with the exact reason, then completes. (Closing
			// the socket instead makes graphql-ws clients reconnect in a tight loop.)
			for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
				c := liveMustDial(t, srv, proto, nil)
				c.send(t, liveMsg{Type: "connection_init", Payload: liveJSON(map[string]any{"authToken": tc.token})})
				c.expect(t, "connection_ack", "")
				op := map[string]string{"graphql-transport-ws": "subscribe", "graphql-ws": "start"}[proto]
				c.send(t, liveMsg{ID: "b1", Type: op, Payload: liveJSON(map[string]any{"query": subscription})})
				m := c.expect(t, map[string]string{"graphql-transport-ws": "next", "graphql-ws": "data"}[proto], "b1")
				var r apptest.Response
				if err := json.Unmarshal(m.Payload, &r); err != nil || len(r.Errors) != 1 ||
					r.Errors[0].Code() != "UNAUTHENTICATED" || !strings.Contains(r.Errors[0].Message, tc.says) {
					t.Errorf("%s token, %s: answered %s; want UNAUTHENTICATED saying %q", tc.name, proto, m.Payload, tc.says)
				}
				c.expect(t, "complete", "b1")
			}
			if n := srv.App.Broker.Subscribers(); n != 0 {
				t.Fatalf("%s token registered %d subscribers", tc.name, n)
			}
		}
	})

	t.Run("anonymous subscription", func(t *testing.T) {
		srv, _ := start(t)
		for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
			c := liveMustDial(t, srv, proto, nil)
			c.send(t, liveMsg{Type: "connection_init"}) // no token: the socket is anonymous
			c.expect(t, "connection_ack", "")
			op := map[string]string{"graphql-transport-ws": "subscribe", "graphql-ws": "start"}[proto]
			c.send(t, liveMsg{ID: "a1", Type: op, Payload: liveJSON(map[string]any{"query": subscription})})
			// gqlgen answers one result with the @auth error and no data, then completes.
			m := c.expect(t, map[string]string{"graphql-transport-ws": "next", "graphql-ws": "data"}[proto], "a1")
			var r apptest.Response
			if err := json.Unmarshal(m.Payload, &r); err != nil || string(r.Data) != "null" || len(r.Errors) != 1 ||
				r.Errors[0].Code() != "UNAUTHENTICATED" || fmt.Sprint(r.Errors[0].Path) != "[notifications]" {
				t.Fatalf("%s: anonymous subscription answered %s; want one UNAUTHENTICATED error at notifications, data null", proto, m.Payload)
			}
			c.expect(t, "complete", "a1")
			if n := srv.App.Broker.Subscribers(); n != 0 {
				t.Fatalf("%s: an anonymous subscription registered %d subscribers", proto, n)
			}
		}
	})
}

// ---- node graphql-ws client ----

// liveRequireNode returns node and internal/e2e/wsclient, skipping the test when either
// node or the npm packages are missing, except in CI (CI set), where that is a failure.
func liveRequireNode(t *testing.T) (node, dir string) {
	t.Helper()
	dir, err := filepath.Abs("wsclient")
	if err != nil {
		t.Fatal(err)
	}
	missing := ""
	if node, err = exec.LookPath("node"); err != nil {
		missing = "node is not installed"
	} else if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-ws", "package.json")); err != nil {
		missing = "internal/e2e/wsclient/node_modules is missing (run `make test-node`, i.e. npm ci in internal/e2e/wsclient)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s; CI must run the graphql-ws client test", missing)
		}
		t.Skipf("%s: skipping the graphql-ws client test", missing)
	}
	return node, dir
}

// liveNodeClient is one running `node client.mjs`.
type liveNodeClient struct {
	name   string
	lines  chan string // stdout lines after READY; closed at EOF
	ready  chan struct{}
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, once done is closed
	stderr *liveBuffer
	cmd    *exec.Cmd
}

// liveStartNode runs client.mjs as name, subscribed with token to url until it has received
// count notifications of types ("" = every type).
func liveStartNode(t *testing.T, name, node, dir, url, token string, count int, types string) *liveNodeClient {
	t.Helper()
	cmd := exec.Command(node, "client.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "URL="+url, "TOKEN="+token, fmt.Sprintf("COUNT=%d", count), "TYPES="+types,
		"TIMEOUT_MS=60000")
	c := &liveNodeClient{name: "graphql-ws client " + name, lines: make(chan string, 64),
		ready: make(chan struct{}), done: make(chan struct{}), stderr: &liveBuffer{}, cmd: cmd}
	cmd.Stderr = c.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		readySeen := false
		for sc.Scan() {
			l := sc.Text()
			if !readySeen && l == "READY" {
				readySeen = true
				close(c.ready)
				continue
			}
			c.lines <- l
		}
		close(c.lines)
		c.err = cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			_ = cmd.Process.Kill()
			for range c.lines { // unblock the reader if nobody consumed its lines
			}
			<-c.done
		}
		if e := c.stderr.String(); t.Failed() && e != "" {
			t.Logf("%s stderr:\n%s", c.name, e)
		}
	})
	return c
}

func (c *liveNodeClient) waitReady(t *testing.T, timeout time.Duration) {
	t.Helper()
	select {
	case <-c.ready:
	case <-c.done:
		t.Fatalf("%s exited before READY: %v\n%s", c.name, c.err, c.diag())
	case l, ok := <-c.lines:
		if !ok { // stdout closed: the process is exiting
			_ = c.wait(5 * time.Second)
			t.Fatalf("%s exited before READY\n%s", c.name, c.diag())
		}
		t.Fatalf("%s printed %q before READY\n%s", c.name, l, c.diag())
	case <-time.After(timeout):
		t.Fatalf("%s not READY within %v\n%s", c.name, timeout, c.diag())
	}
}

// next returns the next notification line, or false on timeout or exit.
func (c *liveNodeClient) next(timeout time.Duration) (string, bool) {
	select {
	case l, ok := <-c.lines:
		return l, ok
	case <-time.After(timeout):
		return "", false
	}
}

// wait waits for the process to exit and returns its status.
func (c *liveNodeClient) wait(timeout time.Duration) error {
	select {
	case <-c.done:
		return c.err
	case <-time.After(timeout):
		return fmt.Errorf("%s still running after %v", c.name, timeout)
	}
}

func (c *liveNodeClient) diag() string {
	state := "running"
	select {
	case <-c.done:
		state = fmt.Sprintf("exited: %v", c.err)
	default:
	}
	return fmt.Sprintf("%s (%s) stderr:\n%s", c.name, state, c.stderr.String())
}

// ---- the crmadmin binary and its worker process ----

// liveBuildBinary builds the real binary into the test's temp dir. It is called once by the
// top-level test and shared by its subtests; the Go build cache makes it a link step (a few
// seconds) after the first build. (A TestMain would also remove a process-wide binary, but
// this package's files are shared and TestMain can exist only once.)
func liveBuildBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go") // go test puts its own GOROOT/bin first in PATH
	if err != nil {
		t.Fatalf("building crmadmin: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "crmadmin")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", bin, "github.com/crmadmin/crmadmin")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build crmadmin: %v\n%s", err, out)
	}
	t.Logf("built crmadmin in %v", time.Since(start).Round(time.Millisecond))
	return bin
}

// liveStartWorker runs `crmadmin worker` on redisURL and dataDir until the test ends, and
// returns once it logs that it is running.
func liveStartWorker(t *testing.T, bin, redisURL, dataDir string) {
	t.Helper()
	liveStartWorkerEnv(t, bin, redisURL, dataDir, nil)
}

// liveStartWorkerEnv is liveStartWorker with more settings; it returns the process.
func liveStartWorkerEnv(t *testing.T, bin, redisURL, dataDir string, extra map[string]string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "worker")
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CRM_") {
			env = append(env, kv)
		}
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	if pgtest.Enabled() { // the database of the servers started on this data dir
		env = append(env, "CRM_DB_URL="+pgtest.URLForDir(t, dataDir))
	}
	cmd.Env = append(env, "CRM_REDIS_URL="+redisURL, "CRM_DATA_DIR="+dataDir, "CRM_LOG_FORMAT=text",
		"CRM_LOG_LEVEL=info", "CRM_SHUTDOWN_GRACE=2s")
	out := &liveBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Signal(syscall.SIGTERM) // graceful: the worker stops taking jobs
			select {
			case <-done:
				if waitErr != nil {
					t.Errorf("the worker process exited with %v on SIGTERM; want a clean shutdown", waitErr)
				}
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				<-done
				t.Errorf("the worker process ignored SIGTERM for 10 s (CRM_SHUTDOWN_GRACE=2s); killed")
			}
		}
		if t.Failed() {
			t.Logf("worker process output (%v):\n%s", waitErr, out.String())
		}
	})
	const running = "crmadmin worker running"
	deadline := time.After(30 * time.Second)
	for !strings.Contains(out.String(), running) {
		select {
		case <-done:
			t.Fatalf("the worker process exited before running: %v\n%s", waitErr, out.String())
		case <-deadline:
			t.Fatalf("the worker process did not log %q within 30 s:\n%s", running, out.String())
		case <-time.After(20 * time.Millisecond): // polling its log
		}
	}
	return cmd
}

// liveWaitSubscribers waits until the API process's pub/sub broker has n local subscribers.
func liveWaitSubscribers(t *testing.T, srv *apptest.Server, n int, timeout time.Duration) {
	t.Helper()
	if !wait.Until(timeout, 5*time.Millisecond, func() bool { return srv.App.Broker.Subscribers() == n }) {
		t.Fatalf("the API has %d notification subscribers after %v, want %d", srv.App.Broker.Subscribers(), timeout, n)
	}
}

type liveBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *liveBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *liveBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ---- Go websocket client ----

// liveWSTimeout bounds every read on a test websocket.
const liveWSTimeout = 10 * time.Second

type liveMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

type liveConn struct{ *websocket.Conn }

func liveURL(srv *apptest.Server) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/query"
}

func liveDial(srv *apptest.Server, proto string, h http.Header) (*websocket.Conn, *http.Response, error) {
	d := websocket.Dialer{Subprotocols: []string{proto}, HandshakeTimeout: liveWSTimeout}
	c, resp, err := d.Dial(liveURL(srv), h)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	return c, resp, err
}

func liveMustDial(t *testing.T, srv *apptest.Server, proto string, h http.Header) *liveConn {
	t.Helper()
	c, resp, err := liveDial(srv, proto, h)
	if err != nil {
		t.Fatalf("websocket %s: %v (%+v)", proto, err, resp)
	}
	if c.Subprotocol() != proto {
		t.Fatalf("negotiated subprotocol %q, want %q", c.Subprotocol(), proto)
	}
	t.Cleanup(func() { c.Close() })
	return &liveConn{c}
}

func liveJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func (c *liveConn) send(t *testing.T, m liveMsg) {
	t.Helper()
	_ = c.SetWriteDeadline(time.Now().Add(liveWSTimeout))
	if err := c.WriteJSON(m); err != nil {
		t.Fatalf("websocket write %s: %v", m.Type, err)
	}
}

// read returns the next message, skipping keep-alives ("ka") and answering pings.
func (c *liveConn) read(t *testing.T) liveMsg {
	t.Helper()
	for {
		_ = c.SetReadDeadline(time.Now().Add(liveWSTimeout))
		var m liveMsg
		if err := c.ReadJSON(&m); err != nil {
			t.Fatalf("websocket read: %v", err)
		}
		switch m.Type {
		case "ka":
		case "ping":
			c.send(t, liveMsg{Type: "pong"})
		default:
			return m
		}
	}
}

// expect reads the next message and fails unless it has type typ and id id.
func (c *liveConn) expect(t *testing.T, typ, id string) liveMsg {
	t.Helper()
	m := c.read(t)
	if m.Type != typ || m.ID != id {
		t.Fatalf("websocket: got %s id=%q %s; want %s id=%q", m.Type, m.ID, m.Payload, typ, id)
	}
	return m
}

// readClose reads until the server closes the socket and returns its close frame.
func (c *liveConn) readClose(t *testing.T) *websocket.CloseError {
	t.Helper()
	for {
		_ = c.SetReadDeadline(time.Now().Add(liveWSTimeout))
		_, b, err := c.ReadMessage()
		if err == nil {
			var m liveMsg
			if json.Unmarshal(b, &m) == nil && m.Type == "ka" {
				continue
			}
			t.Fatalf("want the socket closed, got %s", b)
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("want a close frame, got %v", err)
		}
		return ce
	}
}
