//go:build cluster

package cluster

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/redistest"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// bin is the crmadmin binary, built once by TestMain for every test of the package.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "crm-cluster-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "crmadmin")
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", bin, "github.com/crmadmin/crmadmin")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build crmadmin: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "cluster: built crmadmin in %v\n", time.Since(start).Round(time.Millisecond))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// logBuffer is a process's output, safe to read while the process writes it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// proc is one crmadmin process of the test.
type proc struct {
	name string
	URL  string // API nodes: http://127.0.0.1:port
	cmd  *exec.Cmd
	out  *logBuffer
	done chan struct{}
	err  error
}

// Pid is the process id.
func (p *proc) Pid() int { return p.cmd.Process.Pid }

// env is the process's environment: the test's without any CRM_ setting, then these.
func env(settings map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CRM_") {
			out = append(out, kv)
		}
	}
	for k, v := range settings {
		out = append(out, k+"="+v)
	}
	return out
}

// start runs `crmadmin <command>` with settings until the test ends (SIGTERM then, and a clean
// exit is required of a process the test did not kill) and returns once it logs ready.
func start(t *testing.T, name, command string, settings map[string]string) *proc {
	t.Helper()
	p := &proc{name: name, out: &logBuffer{}, done: make(chan struct{})}
	s := map[string]string{"CRM_LOG_FORMAT": "text", "CRM_LOG_LEVEL": "info", "CRM_SHUTDOWN_GRACE": "2s"}
	for k, v := range settings {
		s[k] = v
	}
	ready := "crmadmin worker running"
	if command == "serve" {
		port := redistest.FreePort(t)
		p.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
		s["CRM_ADDR"] = fmt.Sprintf("127.0.0.1:%d", port)
		s["CRM_BASE_URL"] = p.URL
		ready = "crmadmin serving"
	}
	p.cmd = exec.Command(bin, command)
	p.cmd.Env = env(s)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.done:
				if p.err != nil {
					t.Errorf("%s exited with %v on SIGTERM; want a clean shutdown", name, p.err)
				}
			case <-time.After(15 * time.Second):
				_ = p.cmd.Process.Kill()
				<-p.done
				t.Errorf("%s ignored SIGTERM for 15 s (CRM_SHUTDOWN_GRACE=2s); killed", name)
			}
		}
		if t.Failed() {
			t.Logf("---- %s output (%v):\n%s", name, p.err, tail(p.out.String(), 60))
		}
	})
	deadline := time.After(60 * time.Second)
	for !strings.Contains(p.out.String(), ready) {
		select {
		case <-p.done:
			t.Fatalf("%s exited before it was ready: %v\n%s", name, p.err, p.out.String())
		case <-deadline:
			t.Fatalf("%s did not log %q within 60 s:\n%s", name, ready, p.out.String())
		case <-time.After(20 * time.Millisecond): // polling its log
		}
	}
	return p
}

// kill ends the process with SIGKILL (a crash, not a shutdown) and waits until it is gone.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s (pid %d) still runs 10 s after SIGKILL", p.name, p.Pid())
	}
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}

// client is a GraphQL client of one API node.
func client(p *proc, token string) *apptest.Client { return &apptest.Client{URL: p.URL, Token: token} }

// metric reads one unlabelled metric of an API node's /metrics.
func metric(t *testing.T, p *proc, name string) float64 {
	t.Helper()
	resp, err := http.Get(p.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("%s: %q", name, v)
			}
			return f
		}
	}
	t.Fatalf("%s: no metric %s", p.name, name)
	return 0
}

// subscriber is a graphql-transport-ws client of one API node with one subscription.
type subscriber struct {
	c  *websocket.Conn
	mu sync.Mutex
}

type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// subscribe opens a websocket to p as token and starts query; it returns once p counts one
// more pub/sub subscriber (the subscription is registered).
func subscribe(t *testing.T, p *proc, token, query string) *subscriber {
	t.Helper()
	before := metric(t, p, "crm_pubsub_subscribers")
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 10 * time.Second}
	c, resp, err := d.Dial(strings.Replace(p.URL, "http://", "ws://", 1)+"/query", http.Header{"Origin": {p.URL}})
	if err != nil {
		t.Fatalf("websocket to %s: %v (%v)", p.name, err, resp)
	}
	t.Cleanup(func() { c.Close() })
	s := &subscriber{c: c}
	init, _ := json.Marshal(map[string]any{"authToken": token})
	s.send(t, wsMsg{Type: "connection_init", Payload: init})
	if m := s.read(t, 10*time.Second); m.Type != "connection_ack" {
		t.Fatalf("websocket: %s %s; want connection_ack", m.Type, m.Payload)
	}
	q, _ := json.Marshal(map[string]any{"query": query})
	s.send(t, wsMsg{ID: "1", Type: "subscribe", Payload: q})
	if !wait.Until(10*time.Second, 50*time.Millisecond, func() bool { return metric(t, p, "crm_pubsub_subscribers") > before }) {
		t.Fatalf("%s: the subscription was not registered within 10 s", p.name)
	}
	return s
}

func (s *subscriber) send(t *testing.T, m wsMsg) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.c.WriteJSON(m); err != nil {
		t.Fatal(err)
	}
}

// read returns the next message other than a ping (answered) or pong, within timeout.
func (s *subscriber) read(t *testing.T, timeout time.Duration) wsMsg {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		_ = s.c.SetReadDeadline(deadline)
		var m wsMsg
		if err := s.c.ReadJSON(&m); err != nil {
			t.Fatalf("websocket read: %v", err)
		}
		switch m.Type {
		case "ping":
			s.send(t, wsMsg{Type: "pong"})
			continue
		case "pong", "ka":
			continue
		}
		return m
	}
}

// backupEvent is what the test reads of backupEvents.
type backupEvent struct {
	Type, State  string
	RunID        *string
	ScheduleID   *string
	RecordsDone  *int
	RecordsTotal *int
}

const backupEventsQuery = `subscription { backupEvents { type state runId scheduleId recordsDone recordsTotal } }`

// until reads backup events until one matches, within timeout, and returns the types seen
// (progress collapsed) and the matching event.
func (s *subscriber) until(t *testing.T, timeout time.Duration, match func(backupEvent) bool) ([]string, backupEvent) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var seen []string
	for {
		m := s.read(t, time.Until(deadline))
		if m.Type != "next" {
			t.Fatalf("websocket: %s %s; want next", m.Type, m.Payload)
		}
		var p struct {
			Data   struct{ BackupEvents backupEvent }
			Errors []apptest.Error
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
			t.Fatalf("backupEvents: %s (%v)", m.Payload, err)
		}
		ev := p.Data.BackupEvents
		if ev.Type != "PROGRESS" || len(seen) == 0 || seen[len(seen)-1] != "PROGRESS" {
			seen = append(seen, ev.Type)
		}
		if match(ev) {
			return seen, ev
		}
	}
}

// httpGet returns the status and body of a GET.
func httpGet(ctx context.Context, url string) (int, string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}
