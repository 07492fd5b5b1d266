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
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("redis-server is not installed (apt-get install redis-server); CI must run the real-Redis variant")
		}
		t.Log("redis-server not installed: skipping the real-Redis variant")
		return ""
	}
	port := FreePort(t)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start on %s", addr)
		}
		time.Sleep(20 * time.Millisecond) // polling for the port, bounded by the deadline above
	}
	return "redis://" + addr + "/0"
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
