package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/inboundemail"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

type dropboxAPIEmail struct {
	ID, Subject, FromAddress, Direction, MessageID string
	Body                                           *string
	Contacts                                       []struct{ ID string }
}

// Issue 13 item 7 with the emails domain (EM-1, EM-3): mail reaching a user's dropbox over a
// real SMTP client (Python's smtplib) ends up as emails on the records, seen through GraphQL:
// the BCC of the user's own mail is OUTGOING on the recipient's contact with its PDF, a
// forwarded message/rfc822 is added as the original, ISO-2022-JP is decoded, and the same
// Message-ID twice is one email.
func TestDropboxToRecords_Issue13_EM1_EM3(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{
		"CRM_SMTP_LISTEN": "127.0.0.1:0", "CRM_SMTP_DROPBOX_DOMAIN": dropboxDomain}})
	org := srv.SignUp(t, "Acme", "ann@acme.test")
	a := org.Admin
	bob := emCreate(t, a, "createContact", map[string]any{"firstName": "Bob", "lastName": "Martin", "email": "bob@client.example.fr"})
	dana := emCreate(t, a, "createContact", map[string]any{"firstName": "Dana", "lastName": "White", "email": "dana@customer.example.com"})
	taro := emCreate(t, a, "createContact", map[string]any{"firstName": "太郎", "lastName": "山田", "email": "taro@customer.example.jp"})
	addr := rotateDropbox(t, a)

	res := sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{
		{From: "ann@acme.test", Rcpts: []string{addr}, File: dropboxFixture(t, "sent_bcc_pdf.eml")},
		{From: "ann@acme.test", Rcpts: []string{addr}, File: dropboxFixture(t, "forward_rfc822.eml")},
		{From: "taro@customer.example.jp", Rcpts: []string{addr}, File: dropboxFixture(t, "iso2022jp.eml")},
		{From: "taro@customer.example.jp", Rcpts: []string{addr}, File: dropboxFixture(t, "iso2022jp.eml")}, // same Message-ID
	})
	for i, r := range res {
		if r.Data != 250 {
			t.Fatalf("message %d not accepted: %+v", i, r)
		}
	}
	all := store.AllOrgs(context.Background())
	wait.Eventually(t, 30*time.Second, 50*time.Millisecond, func() bool {
		n, err := srv.App.DB.Client.InboundEmail.Query().Where(inboundemail.StateEQ(inboundemail.StateDONE)).Count(all)
		return err == nil && n == 3
	}, "the three distinct messages processed")
	if n, _ := srv.App.DB.Client.InboundEmail.Query().Where(inboundemail.StateNEQ(inboundemail.StateDONE)).Count(all); n != 0 {
		t.Fatalf("%d dropbox messages not DONE", n)
	}

	var out struct {
		Emails struct {
			TotalCount int
			Edges      []struct{ Node dropboxAPIEmail }
		}
	}
	a.MustDo(t, `{ emails(first: 50, orderBy: {field: SENT_AT, direction: ASC}) { totalCount edges { node {
		id subject fromAddress direction messageID body contacts { id } } } } }`, nil, &out)
	byID := map[string]dropboxAPIEmail{}
	for _, e := range out.Emails.Edges {
		if _, dup := byID[e.Node.MessageID]; dup {
			t.Errorf("(d) %s is more than one email", e.Node.MessageID)
		}
		byID[e.Node.MessageID] = e.Node
	}
	if out.Emails.TotalCount != 3 || len(byID) != 3 {
		t.Fatalf("(d) want 3 emails (the duplicate Message-ID is one), got %d: %+v", out.Emails.TotalCount, out.Emails.Edges)
	}

	// (a) the BCC of Ann's own mail: OUTGOING on Bob's contact, the PDF kept on the contact.
	sent, ok := byID["sent-1@acme.test"]
	if !ok || sent.Direction != "OUTGOING" || sent.Subject != "Devis – été 2026" || len(sent.Contacts) != 1 || sent.Contacts[0].ID != bob {
		t.Errorf("(a) BCC'd sent mail: %+v", sent)
	}
	var bobAt struct {
		Node struct {
			Attachments []struct{ FileName, ContentType string }
		}
	}
	a.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Contact { attachments { fileName contentType } } } }`, map[string]any{"id": bob}, &bobAt)
	if at := bobAt.Node.Attachments; len(at) != 1 || at[0].ContentType != "application/pdf" || !strings.HasSuffix(at[0].FileName, ".pdf") {
		t.Errorf("(a) the PDF kept on the contact: %+v", at)
	}

	// (b) the forward is added as the original message: its subject, its sender (Dana).
	fwd, ok := byID["orig-42@customer.example.com"]
	if !ok || fwd.Subject != "Renewal question" || fwd.FromAddress != "dana@customer.example.com" || fwd.Direction != "INCOMING" ||
		len(fwd.Contacts) != 1 || fwd.Contacts[0].ID != dana {
		t.Errorf("(b) forwarded message/rfc822: %+v", fwd)
	}
	if _, wrapped := byID["fwd-1@acme.test"]; wrapped {
		t.Error("(b) the forwarding wrapper was added instead of (or besides) the original")
	}

	// (c) ISO-2022-JP decoded: Japanese subject and body, on Taro's contact.
	jis, ok := byID["jis-1@customer.example.jp"]
	if !ok || jis.Subject != "お見積もりの件" || jis.Body == nil || !strings.Contains(*jis.Body, "お見積もりをお送りします") ||
		len(jis.Contacts) != 1 || jis.Contacts[0].ID != taro {
		t.Errorf("(c) ISO-2022-JP message: %+v", jis)
	}
}
