package config

import (
	"testing"
	"time"
)

// Issue 12 hardening (slow clients): CRM_DAV_BODY_TIMEOUT defaults to 30s, can be set, and
// values out of 1s–10m are refused at start.
func TestDAVBodyTimeout_Issue12Hardening(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil || c.DAVBodyTimeout != 30*time.Second {
		t.Fatalf("default: %v %v", c, err)
	}
	if c, err = Load([]string{"--dav-body-timeout", "2s"}, env(nil)); err != nil || c.DAVBodyTimeout != 2*time.Second {
		t.Fatalf("set: %v %v", c, err)
	}
	for _, v := range []string{"0", "500ms", "11m", "soon"} {
		if _, err := Load(nil, env(map[string]string{"CRM_DAV_BODY_TIMEOUT": v})); err == nil {
			t.Errorf("CRM_DAV_BODY_TIMEOUT=%s accepted", v)
		}
	}
}
