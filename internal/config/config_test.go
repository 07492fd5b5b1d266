package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsFlagsAndEnv(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || c.RedisURL != "" || !c.RunWorker || c.Workers != 10 || c.MaxBodyBytes != 1<<20 {
		t.Fatalf("defaults: %+v", c)
	}
	c, err = Load([]string{"--addr", "127.0.0.1:9999", "--allowed-origins", "https://a.example/, https://b.example"},
		env(map[string]string{"CRM_ADDR": ":7000", "CRM_DATA_DIR": "/srv/crm", "CRM_RUN_WORKER": "false"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.DataDir != "/srv/crm" || c.RunWorker {
		t.Fatalf("flags must win over env, env over defaults: %+v", c)
	}
	if strings.Join(c.AllowedOrigins, "|") != "https://a.example|https://b.example" {
		t.Fatalf("origins: %v", c.AllowedOrigins)
	}
	if !strings.Contains(c.SQLiteDSN(), "/srv/crm/crmadmin.db?_fk=1&_journal_mode=WAL") {
		t.Fatalf("DSN: %s", c.SQLiteDSN())
	}
}

func TestInvalidValuesAreClear(t *testing.T) {
	for k, v := range map[string]string{"CRM_WORKERS": "0", "CRM_RUN_WORKER": "maybe", "CRM_MAX_BODY_BYTES": "12",
		"CRM_SHUTDOWN_GRACE": "soon", "CRM_LOG_FORMAT": "xml"} {
		_, err := Load(nil, env(map[string]string{k: v}))
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: want an error naming %s, got %v", k, v, k, err)
		}
	}
	if _, err := Load([]string{"--no-such-flag"}, env(nil)); err == nil {
		t.Error("unknown flags must be refused")
	}
}

func TestSecretsGeneratedOnceAndPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c, _ := Load(nil, env(map[string]string{"CRM_DATA_DIR": dir}))
	if err := c.Prepare(); err != nil {
		t.Fatal(err)
	}
	if !c.FirstStart || len(c.Secret) != 64 || len(c.OperatorToken) != 48 {
		t.Fatalf("first start must generate secrets: %+v", c)
	}
	for _, f := range []string{"secret", "operator-token"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s must be private (0600): %v %v", f, st.Mode(), err)
		}
	}
	// Issue 9 item 10: the first start says where the token is, never what it is.
	if n := c.OperatorTokenNotice(); strings.Contains(n, c.OperatorToken) || !strings.Contains(n, filepath.Join(dir, "operator-token")) {
		t.Fatalf("first-start notice %q: want the token file's path and not the token", n)
	}
	again, _ := Load(nil, env(map[string]string{"CRM_DATA_DIR": dir}))
	if err := again.Prepare(); err != nil {
		t.Fatal(err)
	}
	if again.OperatorTokenNotice() != "" {
		t.Fatal("the notice is for the first start only")
	}
	if again.FirstStart || again.Secret != c.Secret || again.OperatorToken != c.OperatorToken {
		t.Fatal("secrets must be stable across starts")
	}
	set, _ := Load(nil, env(map[string]string{"CRM_DATA_DIR": dir, "CRM_OPERATOR_TOKEN": "given"}))
	_ = set.Prepare()
	if set.OperatorToken != "given" {
		t.Fatal("a configured token wins")
	}
}

func TestBlobURLPerRegion(t *testing.T) {
	t.Setenv("CRM_BLOB_URL_EU", "s3://crm-eu?region=eu-west-3")
	c, _ := Load(nil, env(map[string]string{"CRM_DATA_DIR": "/srv/crm"}))
	if c.BlobURL("eu") != "s3://crm-eu?region=eu-west-3" || c.BlobURL("JP") != "file:///srv/crm/blobs/jp" {
		t.Fatalf("blob URLs: %s %s", c.BlobURL("eu"), c.BlobURL("JP"))
	}
}

// Links in emails and downloadUrl follow CRM_ADDR unless CRM_BASE_URL says otherwise.
func TestDefaultBaseURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080": "http://localhost:8080", "127.0.0.1:4321": "http://127.0.0.1:4321", "0.0.0.0:9000": "http://localhost:9000",
		"[::1]:7000": "http://[::1]:7000", "[::]:7001": "http://localhost:7001",
	} {
		c, err := Load(nil, func(k string) string {
			if k == "CRM_ADDR" {
				return addr
			}
			return ""
		})
		if err != nil || c.BaseURL != want {
			t.Errorf("CRM_ADDR %s: base URL %q (%v), want %q", addr, c.BaseURL, err, want)
		}
	}
	c, err := Load(nil, func(k string) string {
		return map[string]string{"CRM_ADDR": ":9", "CRM_BASE_URL": "https://crm.example.com/"}[k]
	})
	if err != nil || c.BaseURL != "https://crm.example.com" {
		t.Fatalf("CRM_BASE_URL set: %q (%v)", c.BaseURL, err)
	}
}

func TestAuthCacheTTL(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil || c.AuthCacheTTL != 5*time.Second {
		t.Fatalf("default: %v %v", c.AuthCacheTTL, err)
	}
	if c, err := Load(nil, env(map[string]string{"CRM_AUTH_CACHE_TTL": "0"})); err != nil || c.AuthCacheTTL != 0 {
		t.Fatalf("0 turns the cache off: %v %v", c, err)
	}
	for _, v := range []string{"soon", "-1s", "2m"} {
		if _, err := Load(nil, env(map[string]string{"CRM_AUTH_CACHE_TTL": v})); err == nil || !strings.Contains(err.Error(), "CRM_AUTH_CACHE_TTL") {
			t.Errorf("CRM_AUTH_CACHE_TTL=%s: want an error naming it, got %v", v, err)
		}
	}
}

// Issue 9 item 4: CRM_TRUSTED_PROXIES takes CIDRs and bare addresses; empty trusts none; a
// typo is refused at start instead of silently trusting nothing (or everything).
func TestTrustedProxies(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("default trusts no proxy: %v %v", c.TrustedProxies, err)
	}
	c, err = Load([]string{"--trusted-proxies", "10.0.0.0/8, 192.168.1.7,::1"}, env(nil))
	if err != nil || fmt.Sprint(c.TrustedProxies) != "[10.0.0.0/8 192.168.1.7/32 ::1/128]" {
		t.Fatalf("got %v %v", c.TrustedProxies, err)
	}
	if _, err := Load(nil, env(map[string]string{"CRM_TRUSTED_PROXIES": "10.0.0.0/33"})); err == nil || !strings.Contains(err.Error(), "CRM_TRUSTED_PROXIES") {
		t.Fatalf("a bad CIDR must be refused naming the variable: %v", err)
	}
}

// issue 9 item 6: the data dir is the owner's only (0700), new or existing, and so are the
// generated secrets of an older install (0600).
func TestDataDirIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	for _, round := range []string{"new", "existing"} {
		c, _ := Load(nil, env(map[string]string{"CRM_DATA_DIR": dir}))
		if err := c.Prepare(); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
			t.Fatalf("%s data dir must be 0700: %v %v", round, st.Mode(), err)
		}
		for _, f := range []string{"secret", "operator-token"} {
			if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("%s data dir: %s must be 0600: %v %v", round, f, st.Mode(), err)
			}
		}
		// As an older version left them.
		_ = os.Chmod(dir, 0o755)
		_ = os.Chmod(filepath.Join(dir, "secret"), 0o644)
		_ = os.Chmod(filepath.Join(dir, "operator-token"), 0o644)
	}
}

// issue 17 item 8: backup CSVs have the byte-order mark unless CRM_BACKUP_CSV_BOM=false.
func TestBackupCSVBOM(t *testing.T) {
	for v, want := range map[string]bool{"": true, "true": true, "false": false, "0": false} {
		m := map[string]string{}
		if v != "" {
			m["CRM_BACKUP_CSV_BOM"] = v
		}
		c, err := Load(nil, env(m))
		if err != nil || c.BackupCSVBOM != want {
			t.Errorf("CRM_BACKUP_CSV_BOM=%q: %v %v, want %v", v, c, err, want)
		}
	}
	if _, err := Load(nil, env(map[string]string{"CRM_BACKUP_CSV_BOM": "maybe"})); err == nil || !strings.Contains(err.Error(), "CRM_BACKUP_CSV_BOM") {
		t.Errorf("a wrong value must be named: %v", err)
	}
}

// Issue 16 item 2: the garbage collector policy is configuration (CRM_GOGC, CRM_MEMORY_LIMIT),
// with GOGC=200 by default; off needs a memory limit, and nonsense is refused at start.
func TestGCSettings_Issue16Item2(t *testing.T) {
	for _, c := range []struct {
		gogc, limit string
		pct         int
		mem         int64
		bad         bool
	}{
		{"200", "0", 200, 0, false},
		{"100", "768MiB", 100, 768 << 20, false},
		{"off", "2GiB", -1, 2 << 30, false},
		{"400", "1073741824", 400, 1 << 30, false},
		{"off", "0", 0, 0, true},
		{"10", "0", 0, 0, true},
		{"200", "1MiB", 0, 0, true},
		{"200", "-5", 0, 0, true},
		{"abc", "0", 0, 0, true},
		{"200", "12 parsecs", 0, 0, true},
	} {
		pct, mem, err := gcSettings(c.gogc, c.limit)
		if (err != nil) != c.bad || (!c.bad && (pct != c.pct || mem != c.mem)) {
			t.Errorf("gcSettings(%q, %q) = %d, %d, %v", c.gogc, c.limit, pct, mem, err)
		}
	}
	cfg, err := Load(nil, func(string) string { return "" })
	if err != nil || cfg.GOGC != 200 || cfg.MemoryLimit != 0 {
		t.Fatalf("defaults: GOGC %d, limit %d, %v", cfg.GOGC, cfg.MemoryLimit, err)
	}
}
