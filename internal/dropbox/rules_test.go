package dropbox

import (
	"testing"

	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

func TestRecipientToken_Issue13Item7(t *testing.T) {
	tok := FormatToken(make([]byte, TokenBytes))
	if !ValidToken(tok) {
		t.Fatalf("FormatToken gave %q, not a valid token", tok)
	}
	good := "abcdefghijklmnopqrstuvwxyz234567"
	for _, c := range []struct {
		addr, token string
		ok          bool
	}{
		{good + "@dropbox.crm.test", good, true},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567@DropBox.CRM.test", good, true}, // case folded by relays
		{good + "+crm@dropbox.crm.test", good, true},
		{good + "@other.test", "", false},                 // another domain: refused at RCPT
		{"postmaster@dropbox.crm.test", "", false},        // not a token
		{good[:31] + "@dropbox.crm.test", "", false},      // too short
		{good[:31] + "1@dropbox.crm.test", "", false},     // not base32
		{good + "@dropbox.crm.test.evil.test", "", false}, // a longer domain
		{"no-at-sign", "", false},
	} {
		token, ok := RecipientToken(c.addr, "dropbox.crm.test")
		if token != c.token || ok != c.ok {
			t.Errorf("RecipientToken(%q) = %q, %v; want %q, %v", c.addr, token, ok, c.token, c.ok)
		}
	}
	if _, ok := RecipientToken(good+"@x.test", ""); ok {
		t.Error("no dropbox domain configured: every recipient must be refused")
	}
}

func TestDirection_EM1_EM3(t *testing.T) {
	own := []string{"ann@acme.test", "ann.lee@acme.test"}
	for from, w := range map[string]mailmsg.Direction{
		"ann@acme.test":     mailmsg.Outgoing,
		"Ann.Lee@ACME.test": mailmsg.Outgoing, // any of the user's addresses, any case
		"bob@client.test":   mailmsg.Incoming,
		"":                  mailmsg.Incoming,
	} {
		if got := Direction(from, own); got != w {
			t.Errorf("Direction(%q) = %s, want %s", from, got, w)
		}
	}
}

func TestTaskID_SameMessageSameTask_Issue13Item7(t *testing.T) {
	if TaskID(1, "a@b") != TaskID(1, "a@b") || TaskID(1, "a@b") == TaskID(2, "a@b") || TaskID(1, "a@b") == TaskID(1, "c@b") {
		t.Error("the task ID must depend on exactly the org and the Message-ID")
	}
	if ContentMessageID([]byte("x")) == ContentMessageID([]byte("y")) {
		t.Error("content IDs of different messages must differ")
	}
}
