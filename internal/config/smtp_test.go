package config

import (
	"testing"
	"time"
)

// Issue 13 item 7: the dropbox listener is off by default, its limits have the documented
// defaults, and inconsistent settings are refused at start.
func TestSMTPSettings_Issue13Item7(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPListen != "" || c.SMTPMaxBytes != 25<<20 || c.SMTPRatePerIP != (Rate{60, time.Minute}) ||
		c.SMTPRatePerToken != (Rate{200, time.Hour}) {
		t.Fatalf("defaults: listen %q, max %d, per IP %+v, per token %+v", c.SMTPListen, c.SMTPMaxBytes, c.SMTPRatePerIP, c.SMTPRatePerToken)
	}
	c, err = Load([]string{"--smtp-listen", ":2525"}, env(map[string]string{"CRM_SMTP_DROPBOX_DOMAIN": "Dropbox.Example.com.",
		"CRM_SMTP_RATE_PER_IP": "0", "CRM_SMTP_RATE_PER_TOKEN": "5/30s"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPListen != ":2525" || c.SMTPDropboxDomain != "dropbox.example.com" || c.SMTPRatePerIP != (Rate{}) || c.SMTPRatePerToken != (Rate{5, 30 * time.Second}) {
		t.Fatalf("settings: %+v", c)
	}
	for name, e := range map[string]map[string]string{
		"listener without a domain": {"CRM_SMTP_LISTEN": ":2525"},
		"certificate without key":   {"CRM_SMTP_TLS_CERT": "/x.pem"},
		"tiny max bytes":            {"CRM_SMTP_MAX_BYTES": "100"},
		"rate without duration":     {"CRM_SMTP_RATE_PER_IP": "60"},
		"rate below a second":       {"CRM_SMTP_RATE_PER_TOKEN": "5/1ms"},
		"negative rate":             {"CRM_SMTP_RATE_PER_TOKEN": "-1/1m"},
	} {
		if _, err := Load(nil, env(e)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
