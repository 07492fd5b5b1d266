package config

import (
	"testing"
	"time"
)

// Issue 13 hardening (slow and hostile clients): the SMTP listener's connection caps and
// timeout have their documented defaults, can be set, and out-of-range values are refused.
func TestSMTPConnectionCapsAndTimeout_Issue13Hardening(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPMaxConns != 100 || c.SMTPMaxConnsPerIP != 10 || c.SMTPTimeout != time.Minute {
		t.Fatalf("defaults: %d conns, %d per IP, timeout %v", c.SMTPMaxConns, c.SMTPMaxConnsPerIP, c.SMTPTimeout)
	}
	c, err = Load([]string{"--smtp-max-conns", "0"}, env(map[string]string{"CRM_SMTP_MAX_CONNS_PER_IP": "3", "CRM_SMTP_TIMEOUT": "2s"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPMaxConns != 0 || c.SMTPMaxConnsPerIP != 3 || c.SMTPTimeout != 2*time.Second {
		t.Fatalf("settings: %d conns, %d per IP, timeout %v", c.SMTPMaxConns, c.SMTPMaxConnsPerIP, c.SMTPTimeout)
	}
	for name, e := range map[string]map[string]string{
		"negative cap":         {"CRM_SMTP_MAX_CONNS": "-1"},
		"cap not a number":     {"CRM_SMTP_MAX_CONNS_PER_IP": "ten"},
		"huge cap":             {"CRM_SMTP_MAX_CONNS": "1000000"},
		"timeout below 1s":     {"CRM_SMTP_TIMEOUT": "100ms"},
		"timeout above 10m":    {"CRM_SMTP_TIMEOUT": "1h"},
		"timeout not duration": {"CRM_SMTP_TIMEOUT": "60"},
	} {
		if _, err := Load(nil, env(e)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
