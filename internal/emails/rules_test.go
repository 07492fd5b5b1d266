package emails

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

func addr(name, a string) mailmsg.Address { return mailmsg.Address{Name: name, Address: a} }

// EM-1: a received email is matched by its sender, a sent one by its recipients (To then Cc),
// ASCII case folded, each address once, never the user's own.
func TestMatchAddresses_EM1_EM3(t *testing.T) {
	for _, c := range []struct {
		name string
		m    mailmsg.Message
		own  []string
		want []string
	}{
		{"received: the sender", mailmsg.Message{Direction: mailmsg.Incoming, From: addr("Ann", "Ann.Lee@Example.COM"),
			To: []mailmsg.Address{addr("", "me@crm.test")}}, []string{"me@crm.test"}, []string{"ann.lee@example.com"}},
		{"sent: to then cc, folded once", mailmsg.Message{Direction: mailmsg.Outgoing, From: addr("Me", "me@crm.test"),
			To: []mailmsg.Address{addr("", "B@x.test"), addr("", "a@x.test")}, Cc: []mailmsg.Address{addr("", "b@X.TEST"), addr("", "c@x.test")}},
			[]string{"me@crm.test"}, []string{"b@x.test", "a@x.test", "c@x.test"}},
		{"sent: a copy to oneself is skipped", mailmsg.Message{Direction: mailmsg.Outgoing, From: addr("", "me@crm.test"),
			To: []mailmsg.Address{addr("", "ME@crm.test"), addr("", "d@x.test")}}, []string{"me@crm.test"}, []string{"d@x.test"}},
		{"non-ASCII letters compare exactly", mailmsg.Message{Direction: mailmsg.Incoming, From: addr("", "ÉLodie@x.test")},
			nil, []string{"Élodie@x.test"}},
	} {
		if got := MatchAddresses(c.m, c.own...); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// EM-1 and EM-3: the settings choose the modules; sent mail added automatically or by "send
// and add" goes to contacts only; the dropbox adds sent mail only when the setting is on.
func TestMatchScope_EM1_EM3(t *testing.T) {
	for _, c := range []struct {
		match emailkind.Match
		auto  bool
		want  Scope
	}{
		{emailkind.MatchBoth, false, Scope{Leads: true, Contacts: true}},
		{emailkind.MatchLeads, false, Scope{Leads: true}},
		{emailkind.MatchContacts, false, Scope{Contacts: true}},
		{emailkind.MatchLeads, true, Scope{Contacts: true}},
		{emailkind.MatchBoth, true, Scope{Contacts: true}},
	} {
		if got := MatchScope(Settings{MatchWith: c.match}, c.auto); got != c.want {
			t.Errorf("MatchScope(%s, auto=%v) = %+v, want %+v", c.match, c.auto, got, c.want)
		}
	}
	st := DefaultSettings()
	if sc, ok := DropboxPlan(st, mailmsg.Incoming); !ok || sc != (Scope{Leads: true, Contacts: true}) {
		t.Errorf("received in the dropbox: %+v %v", sc, ok)
	}
	if sc, ok := DropboxPlan(st, mailmsg.Outgoing); !ok || sc != (Scope{Contacts: true}) {
		t.Errorf("sent, added automatically: %+v %v", sc, ok)
	}
	st.AddSentAutomatically = false
	if _, ok := DropboxPlan(st, mailmsg.Outgoing); ok {
		t.Error("sent mail was added although addSentAutomatically is off")
	}
	if _, ok := DropboxPlan(st, mailmsg.Incoming); !ok {
		t.Error("received mail depends on addSentAutomatically")
	}
}

// EM-5: names split as people write them.
func TestSplitName_EM5(t *testing.T) {
	for _, c := range []struct{ display, address, first, last string }{
		{"Ann Lee", "ann@x.test", "Ann", "Lee"},
		{"Ann Marie Lee", "ann@x.test", "Ann Marie", "Lee"},
		{"Lee, Ann", "ann@x.test", "Ann", "Lee"},
		{`"Lee,  Ann Marie"`, "ann@x.test", "Ann Marie", "Lee"},
		{"Madonna", "m@x.test", "", "Madonna"},
		{"山田 太郎", "taro@x.test", "太郎", "山田"},
		{"山田\u3000太郎", "taro@x.test", "太郎", "山田"},
		{"山田太郎", "taro@x.test", "", "山田太郎"},
		{"", "taro.yamada@x.test", "", "taro.yamada"},
		{"  ", "k@x.test", "", "k"},
		{"Taro@X.test", "taro@x.test", "", "taro"},
		{"Élodie Dupont", "e@x.test", "Élodie", "Dupont"},
	} {
		f, l := SplitName(c.display, c.address)
		if f != c.first || l != c.last {
			t.Errorf("SplitName(%q, %q) = (%q, %q), want (%q, %q)", c.display, c.address, f, l, c.first, c.last)
		}
	}
	if got := FullName("太郎", "山田"); got != "山田 太郎" {
		t.Errorf("FullName of a Japanese name = %q", got)
	}
	if got := FullName("Ann", "Lee"); got != "Ann Lee" {
		t.Errorf("FullName = %q", got)
	}
}

// EM-4: the case mapping, and its limits (nothing cut).
func TestCaseFrom_EM4(t *testing.T) {
	m := mailmsg.Message{Direction: mailmsg.Incoming, From: addr("Ann Lee", "ann@x.test"), Subject: " Printer jam ",
		Text: "It jams.\nHelp."}
	d, err := CaseFrom(m, "Annie Lee")
	if err != nil {
		t.Fatal(err)
	}
	if want := (CaseDraft{Subject: "Printer jam", Email: "ann@x.test", ContactName: "Ann Lee", Description: "It jams.\nHelp."}); d != want {
		t.Errorf("got %+v, want %+v", d, want)
	}
	// No display name: the contact's name; no subject: a placeholder; HTML only: its text.
	m = mailmsg.Message{From: addr("", "ann@x.test"), HTML: "<html><head><style>p{}</style></head><body><p>Hello&amp;bye</p><p>Two<br>lines</p></body></html>"}
	d, err = CaseFrom(m, "山田 太郎")
	if err != nil {
		t.Fatal(err)
	}
	if d.ContactName != "山田 太郎" || d.Subject != NoSubject || d.Description != "Hello&bye\nTwo\nlines" {
		t.Errorf("got %+v", d)
	}
	m = mailmsg.Message{From: addr("", "ann@x.test"), Subject: "s", Text: strings.Repeat("あ", MaxCaseDescription+1)}
	_, err = CaseFrom(m, "x")
	var ae *apperr.Error
	if !asAppErr(err, &ae) || ae.Field != "description" || !strings.Contains(ae.Message, "the limit is 32000") {
		t.Errorf("a body over 32,000 characters: %v", err)
	}
}

// EM-1: a message is bounded before anything is stored; the error names the field.
func TestCheckMessage_EM1(t *testing.T) {
	ok := mailmsg.Message{MessageID: "a@b", Direction: mailmsg.Incoming, From: addr("Ann", "ann@x.test"),
		To: []mailmsg.Address{addr("", "me@crm.test")}, Date: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), Subject: "Hi", Text: "Body"}
	if err := CheckMessage(ok); err != nil {
		t.Fatalf("a good message: %v", err)
	}
	many := make([]mailmsg.Address, MaxRecipients+1)
	for i := range many {
		many[i] = addr("", "r@x.test")
	}
	for _, c := range []struct {
		field string
		edit  func(*mailmsg.Message)
	}{
		{"direction", func(m *mailmsg.Message) { m.Direction = "SIDEWAYS" }},
		{"messageId", func(m *mailmsg.Message) { m.MessageID = strings.Repeat("x", 256) }},
		{"messageId", func(m *mailmsg.Message) { m.MessageID = "a b@c" }},
		{"from", func(m *mailmsg.Message) { m.From.Address = "Ann <ann@x.test>" }},
		{"to", func(m *mailmsg.Message) { m.To = many }},
		{"cc", func(m *mailmsg.Message) { m.Cc = []mailmsg.Address{addr("", "not an address")} }},
		{"subject", func(m *mailmsg.Message) { m.Subject = strings.Repeat("件", MaxSubject+1) }},
		{"subject", func(m *mailmsg.Message) { m.Subject = "a\u202eb" }},
		{"attachments", func(m *mailmsg.Message) { m.Attachments = make([]mailmsg.Attachment, MaxAttachments+1) }},
		{"attachments", func(m *mailmsg.Message) {
			m.Attachments = []mailmsg.Attachment{{Filename: "big.bin", Data: make([]byte, MaxAttachmentBytes+1)}}
		}},
	} {
		m := ok
		c.edit(&m)
		var ae *apperr.Error
		if err := CheckMessage(m); !asAppErr(err, &ae) || ae.Code != apperr.Validation || ae.Field != c.field {
			t.Errorf("%s: got %v, want VALIDATION on %s", c.field, err, c.field)
		}
	}
}

// EM-5: an address with no record of the kind to create is created; matched ones are not.
func TestUnmatched_EM5(t *testing.T) {
	got := Unmatched([]string{"a@x.test", "b@x.test"}, map[string]bool{"a@x.test": true})
	if !slices.Equal(got, []string{"b@x.test"}) {
		t.Errorf("got %v", got)
	}
	m := mailmsg.Message{Direction: mailmsg.Outgoing, From: addr("Me", "me@x.test"), To: []mailmsg.Address{addr("山田 太郎", "Taro@x.test")}}
	if DisplayName(m, "taro@x.test") != "山田 太郎" {
		t.Error("the display name of a recipient is found by its folded address")
	}
}
