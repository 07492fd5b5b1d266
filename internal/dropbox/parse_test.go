package dropbox

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

const testDomain = "dropbox.crm.test"

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The fixtures are written by Python's email package (testdata/make_fixtures.py), a MIME
// writer independent of the parser under test.
func TestParse_RealMessages_Issue13Item7_EM1_EM3(t *testing.T) {
	own := []string{"ann@acme.test"}
	for _, c := range []struct {
		file  string
		check func(t *testing.T, m mailmsg.Message)
	}{
		{"iso2022jp.eml", func(t *testing.T, m mailmsg.Message) {
			want(t, "MessageID", m.MessageID, "jis-1@customer.example.jp")
			want(t, "Subject", m.Subject, "お見積もりの件")
			want(t, "From", m.From, mailmsg.Address{Name: "山田 太郎", Address: "taro@customer.example.jp"})
			want(t, "Text", m.Text, "山田様\nお見積もりをお送りします。\nよろしくお願いいたします。\n")
			want(t, "Direction", m.Direction, mailmsg.Incoming)
			want(t, "Date", m.Date, time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC))
		}},
		{"shiftjis.eml", func(t *testing.T, m mailmsg.Message) {
			want(t, "Subject", m.Subject, "資料送付")
			want(t, "Text", m.Text, "佐藤様\n資料を添付いたします。\n")
			want(t, "Direction", m.Direction, mailmsg.Incoming)
		}},
		{"sent_bcc_pdf.eml", func(t *testing.T, m mailmsg.Message) {
			// BCC'd by the user: From is their own address (any case) → OUTGOING, matched by To/Cc.
			want(t, "Direction", m.Direction, mailmsg.Outgoing)
			want(t, "Subject", m.Subject, "Devis – été 2026")
			want(t, "To", len(m.To), 1)
			want(t, "To[0]", m.To[0], mailmsg.Address{Name: "Bob Martin", Address: "bob@client.example.fr"})
			want(t, "Cc[0]", m.Cc[0].Address, "carol@client.example.fr")
			want(t, "Text", m.Text, "Bonjour Bob,\nVoici le devis détaillé : 1 200 €.\n")
			want(t, "HTML", m.HTML, "<p>Bonjour Bob,</p><p>Voici le devis détaillé : 1 200 €.</p>")
			want(t, "attachments", len(m.Attachments), 1)
			a := m.Attachments[0]
			want(t, "Filename", a.Filename, "devis-été.pdf")
			want(t, "ContentType", a.ContentType, "application/pdf")
			if !bytes.HasPrefix(a.Data, []byte("%PDF-1.4")) || !bytes.HasSuffix(a.Data, []byte("%%EOF\n")) {
				t.Errorf("PDF not decoded from base64: %q", a.Data)
			}
		}},
		{"forward_rfc822.eml", func(t *testing.T, m mailmsg.Message) {
			// Forwarded as an attachment to the dropbox: the original is added, not the wrapper.
			want(t, "MessageID", m.MessageID, "orig-42@customer.example.com")
			want(t, "Subject", m.Subject, "Renewal question")
			want(t, "From", m.From, mailmsg.Address{Name: "Dana White", Address: "dana@customer.example.com"})
			want(t, "Direction", m.Direction, mailmsg.Incoming)
			want(t, "Text", m.Text, "Hello Ann,\nplease call me back about the renewal.\n")
			want(t, "To", m.To, []mailmsg.Address{{Address: "ann@acme.test"}})
			want(t, "attachments", len(m.Attachments), 0)
		}},
		{"no_message_id.eml", func(t *testing.T, m mailmsg.Message) {
			want(t, "MessageID", m.MessageID, ContentMessageID(fixture(t, "no_message_id.eml")))
			want(t, "Subject", m.Subject, "Demande urgente — rappel")
			want(t, "From", m.From, mailmsg.Address{Name: "François Dupont", Address: "francois@exemple.fr"})
			want(t, "HTML", m.HTML, "<p>Nouvelle demande&nbsp;!</p>")
			want(t, "Text", m.Text, "")
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			m, err := Parse(fixture(t, c.file), ParseOptions{Own: own, Domain: testDomain})
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, m)
		})
	}
}

// A message/rfc822 part in a mail BCC'd to the dropbox (the dropbox is not in To/Cc) is an
// attachment of that mail, not a forward: the mail itself is added.
func TestParse_RFC822InBCCIsAnAttachment_Issue13Item7(t *testing.T) {
	raw := strings.Replace(string(fixture(t, "forward_rfc822.eml")),
		"To: abcdefghijklmnopqrstuvwxyz234567@dropbox.crm.test", "To: bob@client.example.fr", 1)
	m, err := Parse([]byte(raw), ParseOptions{Own: []string{"ann@acme.test"}, Domain: testDomain})
	if err != nil {
		t.Fatal(err)
	}
	want(t, "MessageID", m.MessageID, "fwd-1@acme.test")
	want(t, "Direction", m.Direction, mailmsg.Outgoing)
	want(t, "attachments", len(m.Attachments), 1)
	want(t, "Filename", m.Attachments[0].Filename, "Renewal question.eml")
}

func TestParse_DropboxAddressNotARecipient_Issue13Item7(t *testing.T) {
	m, err := Parse(fixture(t, "forward_rfc822.eml"), ParseOptions{Domain: "other.test"})
	if err != nil {
		t.Fatal(err)
	}
	// With another dropbox domain it is no forward: the wrapper, its recipient kept.
	want(t, "MessageID", m.MessageID, "fwd-1@acme.test")
	want(t, "To", len(m.To), 1)
}

func TestParse_Refusals_Issue13Item7(t *testing.T) {
	deep := "From: a@b.test\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
	for i := 1; i <= MaxDepth+2; i++ {
		deep += "--b" + string(rune('0'+i-1)) + "\r\nContent-Type: multipart/mixed; boundary=b" + string(rune('0'+i)) + "\r\n\r\n"
	}
	for name, raw := range map[string]string{
		"no From":      "To: a@b.test\r\nSubject: x\r\n\r\nbody\r\n",
		"no header":    "\x00\x01garbage without a header line",
		"deep nesting": deep,
	} {
		if _, err := Parse([]byte(raw), ParseOptions{}); err == nil {
			t.Errorf("%s: parsed, want ErrMalformed", name)
		}
	}
}

func TestParse_LongMessageIDHashed_Issue13Item7(t *testing.T) {
	long := strings.Repeat("x", 2000) + "@client.test"
	raw := []byte("From: a@b.test\r\nMessage-ID: <" + long + ">\r\n\r\nbody\r\n")
	m, err := Parse(raw, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.MessageID) > MaxMessageIDBytes || m.MessageID != ContentMessageID([]byte(long)) {
		t.Errorf("a %d-byte Message-ID became %q", len(long), m.MessageID)
	}
}

func want[T any](t *testing.T, what string, got, wanted T) {
	t.Helper()
	if g, w := toString(got), toString(wanted); g != w {
		t.Errorf("%s = %s, want %s", what, g, w)
	}
}

func toString(v any) string { return fmt.Sprintf("%#v", v) }
