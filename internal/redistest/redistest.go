// Package redistest starts a private redis-server (the Debian package) for a test. It imports
// nothing of crmadmin, so every package's tests can use it — pubsub's too, which apptest
// (through internal/app) would make an import cycle.
package redistest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// TB is the part of testing.TB used here.
type TB interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Log(args ...any)
	TempDir() string
	Cleanup(func())
}

// Start starts a redis-server on a free loopback port for this test, stopped when the test
// ends, and returns its URL (redis://127.0.0.1:port/0). When the binary is missing it returns
// "" outside CI, and fails the test in CI (CI set): CI must run the real-Redis variants.
// Each test gets its own server, because asynq's keys are global.
func Start(t TB) string {
	t.Helper()
	if s := StartServer(t); s != nil {
		return s.URL
	}
	return ""
}

// Server is a private redis-server (no persistence: a restart forgets everything, as a crash
// of an unconfigured Redis would) that a test can stop and start again on the same port.
type Server struct {
	URL  string
	t    TB
	bin  string
	port int
	dir  string
	args []string // more redis-server arguments (a replica's --replicaof)
	cmd  *exec.Cmd
}

// StartServer is Start returning the server, nil where Start returns "".
func StartServer(t TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("redis-server is not installed (apt-get install redis-server); CI must run the real-Redis variant")
		}
		t.Log("redis-server not installed: skipping the real-Redis variant")
		return nil
	}
	s := &Server{t: t, bin: bin, port: FreePort(t), dir: t.TempDir()}
	s.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", s.port)
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// Start starts the server (again) on its port and waits until it accepts connections.
func (s *Server) Start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", s.dir)
	s.cmd.Args = append(s.cmd.Args, s.args...)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", s.port)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server did not start on %s", addr)
		}
		time.Sleep(20 * time.Millisecond) // polling for the port, bounded by the deadline above
	}
}

// Stop kills the server (SIGKILL: an outage, not a shutdown) and waits for it to exit.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_, _ = s.cmd.Process.Wait()
	}
	s.cmd = nil
}

// FreePort returns a free loopback TCP port.
func FreePort(t TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
