package redistest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SentinelMaster is the primary's name in the Sentinel's configuration.
const SentinelMaster = "crm"

// Sentinels is a private Redis primary, one replica and one Sentinel watching them (issue 15
// item 4), on free loopback ports, stopped when the test ends.
type Sentinels struct {
	// URL is the crmadmin URL of the topology: redis-sentinel://127.0.0.1:<sentinel>/0?master_name=crm
	URL          string
	Primary      *Server // the primary at start; after Failover, the replica is
	Replica      *Server
	SentinelAddr string
	t            TB
}

// StartSentinels starts the three processes and waits until the Sentinel knows the replica
// and the replica is in sync, so that a failover can happen. The Sentinel is Debian's
// `redis-sentinel` or, where only redis-server is installed, `redis-server --sentinel` (the
// same program). Without redis-server it returns nil outside CI and fails the test in CI.
func StartSentinels(t TB) *Sentinels {
	t.Helper()
	primary := StartServer(t)
	if primary == nil {
		return nil
	}
	replica := &Server{t: t, bin: primary.bin, port: FreePort(t), dir: t.TempDir(),
		args: []string{"--replicaof", "127.0.0.1", strconv.Itoa(primary.port)}}
	replica.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", replica.port)
	replica.Start()
	t.Cleanup(replica.Stop)

	dir := t.TempDir()
	port := FreePort(t)
	conf := filepath.Join(dir, "sentinel.conf") // the Sentinel rewrites its file: it must be its own
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`port %d
bind 127.0.0.1
dir %s
sentinel monitor %s 127.0.0.1 %d 1
sentinel down-after-milliseconds %s 1000
sentinel failover-timeout %s 10000
sentinel parallel-syncs %s 1
`, port, dir, SentinelMaster, primary.port, SentinelMaster, SentinelMaster, SentinelMaster)), 0o600); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	if bin, err := exec.LookPath("redis-sentinel"); err == nil {
		cmd = exec.Command(bin, conf)
	} else {
		cmd = exec.Command(primary.bin, conf, "--sentinel")
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	s := &Sentinels{t: t, Primary: primary, Replica: replica, SentinelAddr: fmt.Sprintf("127.0.0.1:%d", port),
		URL: fmt.Sprintf("redis-sentinel://127.0.0.1:%d/0?master_name=%s", port, SentinelMaster)}
	// Ready: the Sentinel answers, lists the replica, and the replica's link to the primary is up.
	deadline := time.Now().Add(30 * time.Second)
	for {
		reps, err := s.command("SENTINEL", "REPLICAS", SentinelMaster)
		if err == nil && strings.Contains(reps, strconv.Itoa(replica.port)) && strings.Contains(reps, "master-link-status\nok") {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Sentinel did not see an in-sync replica within 30 s: %v %q", err, reps)
		}
		time.Sleep(100 * time.Millisecond) // polling the Sentinel, bounded by the deadline above
	}
}

// Failover makes the Sentinel promote the replica (SENTINEL FAILOVER) and waits until it
// names the replica as the primary and the replica has taken the role. Primary and Replica
// are swapped.
func (s *Sentinels) Failover() {
	s.t.Helper()
	if out, err := s.command("SENTINEL", "FAILOVER", SentinelMaster); err != nil || !strings.Contains(out, "OK") {
		s.t.Fatalf("SENTINEL FAILOVER: %q, %v", out, err)
	}
	want := strconv.Itoa(s.Replica.port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		addr, err := s.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SentinelMaster)
		if err == nil && strings.HasSuffix(strings.TrimSpace(addr), want) {
			role, err := command("127.0.0.1:"+want, "ROLE")
			if err == nil && strings.HasPrefix(role, "master") {
				break
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the failover did not complete within 30 s: primary %q, %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond) // polling the Sentinel, bounded by the deadline above
	}
	s.Primary, s.Replica = s.Replica, s.Primary
}

func (s *Sentinels) command(args ...string) (string, error) { return command(s.SentinelAddr, args...) }

// command sends one command in RESP and returns its reply flattened to lines (bulk strings and
// the elements of arrays, nested arrays included), or the error reply as an error.
func command(addr string, args ...string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.Write([]byte(b.String())); err != nil {
		return "", err
	}
	r := bufio.NewReader(c)
	var out []string
	var read func() error
	read = func() error {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return fmt.Errorf("empty reply line")
		}
		switch line[0] {
		case '-':
			return fmt.Errorf("%s", line[1:])
		case '+', ':':
			out = append(out, line[1:])
		case '$':
			n, _ := strconv.Atoi(line[1:])
			if n < 0 {
				return nil
			}
			buf := make([]byte, n+2)
			if _, err := io.ReadFull(r, buf); err != nil {
				return err
			}
			out = append(out, string(buf[:n]))
		case '*':
			n, _ := strconv.Atoi(line[1:])
			for i := 0; i < n; i++ {
				if err := read(); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err = read()
	return strings.Join(out, "\n"), err
}

// StartCluster starts a one-node Redis Cluster (cluster mode on, every hash slot on the node)
// for this test and returns its crmadmin URL, redis-cluster://127.0.0.1:<port>. One node is
// enough to hold crmadmin to the Cluster's rules: a command on keys of different slots fails
// with CROSSSLOT whatever the number of nodes. "" without redis-server outside CI.
func StartCluster(t TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("redis-server is not installed (apt-get install redis-server)")
		}
		t.Log("redis-server not installed: skipping the Redis Cluster variant")
		return ""
	}
	s := &Server{t: t, bin: bin, port: FreePort(t), dir: t.TempDir()}
	s.args = []string{"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(s.dir, "nodes.conf")}
	s.Start()
	t.Cleanup(s.Stop)
	addr := fmt.Sprintf("127.0.0.1:%d", s.port)
	if out, err := command(addr, "CLUSTER", "ADDSLOTSRANGE", "0", "16383"); err != nil || !strings.Contains(out, "OK") {
		t.Fatalf("CLUSTER ADDSLOTSRANGE: %q, %v", out, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		info, err := command(addr, "CLUSTER", "INFO")
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return "redis-cluster://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cluster is not ok within 30 s: %q, %v", info, err)
		}
		time.Sleep(50 * time.Millisecond) // polling CLUSTER INFO, bounded by the deadline above
	}
}
