package e2e

// Emails to records (SPEC EM, issue 13) over the API: a mail client's plug-in adds received
// and sent mail to leads, contacts and deals, makes a case of a customer's email, creates the
// missing record; the dropbox's entry point (AddFromDropbox) applies the same rules; another
// org sees and reaches nothing.

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/emails"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

const emPayloadFields = `email { id messageID subject leads { id } contacts { id } deals { id } supportCase { id } }
  alreadyAdded linkedLeads { id } linkedContacts { id } linkedDeals { id }
  createdLeads { id firstName lastName email } createdContacts { id firstName lastName email }
  attachments { id fileName size } supportCase { id subject status email contactName description contact { id } }`

type emIDView struct{ ID string }

type emPerson struct{ ID, FirstName, LastName, Email string }

type emPayload struct {
	Email struct {
		ID, MessageID, Subject string
		Leads, Contacts, Deals []emIDView
		SupportCase            *emIDView
	}
	AlreadyAdded                             bool
	LinkedLeads, LinkedContacts, LinkedDeals []emIDView
	CreatedLeads, CreatedContacts            []emPerson
	Attachments                              []struct {
		ID, FileName string
		Size         int
	}
	SupportCase *struct {
		ID, Subject, Status, Email, ContactName, Description string
		Contact                                              emIDView
	}
}

func emMessage(id, dir, fromName, from string, to ...string) map[string]any {
	rcpts := []map[string]any{}
	for _, a := range to {
		rcpts = append(rcpts, map[string]any{"address": a})
	}
	return map[string]any{"messageId": id, "direction": dir, "from": map[string]any{"address": from, "name": fromName},
		"to": rcpts, "date": "2026-12-03T09:00:00Z", "subject": "Printer jam", "body": "It jams again.\nPlease help."}
}

func emAdd(t *testing.T, c *apptest.Client, mutation string, input map[string]any) emPayload {
	t.Helper()
	var out map[string]emPayload
	c.MustDo(t, `mutation($i: `+emInputType(mutation)+`!) { `+mutation+`(input: $i) { `+emPayloadFields+` } }`,
		map[string]any{"i": input}, &out)
	return out[mutation]
}

func emInputType(mutation string) string {
	return map[string]string{"addEmail": "AddEmailInput", "addEmailTo": "AddEmailToInput",
		"addEmailAsCase": "AddEmailAsCaseInput", "sendAndAddEmail": "SendAndAddEmailInput"}[mutation]
}

func emCreate(t *testing.T, c *apptest.Client, mutation string, input map[string]any) string {
	t.Helper()
	var out map[string]emIDView
	c.MustDo(t, `mutation($i: Create`+mutation[len("create"):]+`Input!) { `+mutation+`(input: $i) { id } }`, map[string]any{"i": input}, &out)
	return out[mutation].ID
}

func emIDs(list []emIDView) []string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = x.ID
	}
	return out
}

func emSame(t *testing.T, what string, got []emIDView, want ...string) {
	t.Helper()
	g := emIDs(got)
	if len(g) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, g, want)
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("%s: got %v, want %v", what, g, want)
		}
	}
}

func TestEmailsToRecords_EM1_EM2_EM3_EM4_EM5(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Mail Co", "owner@mailco.test")
	other := srv.SignUp(t, "Other Co", "owner@other.test")
	a := org.Admin
	ann := emCreate(t, a, "createContact", map[string]any{"firstName": "Ann", "lastName": "Lee", "email": "ann.lee@example.com"})
	deal := emCreate(t, a, "createDeal", map[string]any{"name": "Tokyo expansion"})

	// EM-1: received mail matched to the contact by a differently-cased address; its
	// attachment is kept (the default setting) on the contact.
	first := emMessage("<m1@example.com>", "INCOMING", "Ann Lee", "Ann.Lee@Example.COM", org.Email)
	first["attachments"] = []map[string]any{{"fileName": "quote.pdf", "contentType": "application/pdf",
		"contentBase64": base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 quote"))}}
	r1 := emAdd(t, a, "addEmail", map[string]any{"message": first})
	if r1.AlreadyAdded || r1.Email.MessageID != "m1@example.com" {
		t.Fatalf("first add: %+v", r1)
	}
	emSame(t, "EM-1 contacts matched", r1.LinkedContacts, ann)
	if len(r1.Attachments) != 1 || r1.Attachments[0].FileName != "quote.pdf" || r1.Attachments[0].Size != 14 {
		t.Fatalf("EM-1 attachment: %+v", r1.Attachments)
	}

	// EM-1: the same Message-ID again, after a lead with the address appeared, is the same
	// email, now linked to both; the contact does not get the attachment twice.
	bob := emCreate(t, a, "createLead", map[string]any{"firstName": "Ann", "lastName": "Lee (lead)", "email": "ANN.LEE@example.com"})
	r2 := emAdd(t, a, "addEmail", map[string]any{"message": first})
	if !r2.AlreadyAdded || r2.Email.ID != r1.Email.ID {
		t.Fatalf("EM-1 same Message-ID: a second email %+v", r2)
	}
	emSame(t, "newly linked leads", r2.LinkedLeads, bob)
	emSame(t, "newly linked contacts", r2.LinkedContacts)
	emSame(t, "the email's leads", r2.Email.Leads, bob)
	emSame(t, "the email's contacts", r2.Email.Contacts, ann)
	if len(r2.Attachments) != 1 {
		t.Fatalf("the attachment goes to the lead only: %+v", r2.Attachments)
	}
	var count struct{ Emails struct{ TotalCount int } }
	a.MustDo(t, `{ emails(where: {messageID: "m1@example.com"}) { totalCount } }`, nil, &count)
	if count.Emails.TotalCount != 1 {
		t.Fatalf("EM-1: %d emails with one Message-ID", count.Emails.TotalCount)
	}

	// EM-1: the same new Message-ID added by two requests at once is still one email.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a.Do(t, `mutation($i: AddEmailInput!) { addEmail(input: $i) { email { id } } }`,
				map[string]any{"i": map[string]any{"message": emMessage("race@example.com", "INCOMING", "", "ann.lee@example.com")}})
			if len(r.Errors) > 0 {
				t.Errorf("concurrent add: %+v", r.Errors)
			}
		}()
	}
	wg.Wait()
	a.MustDo(t, `{ emails(where: {messageID: "race@example.com"}) { totalCount } }`, nil, &count)
	if count.Emails.TotalCount != 1 {
		t.Fatalf("EM-1: two concurrent adds of one Message-ID made %d emails", count.Emails.TotalCount)
	}

	// EM-1 and the settings: CONTACTS only leaves the lead alone; nothing matched: refused.
	var st struct{ UpdateEmailSettings struct{ MatchWith string } }
	a.MustDo(t, `mutation { updateEmailSettings(input: {matchWith: CONTACTS, keepAttachments: false}) { matchWith } }`, nil, &st)
	r3 := emAdd(t, a, "addEmail", map[string]any{"message": emMessage("m3@example.com", "INCOMING", "", "ann.lee@EXAMPLE.com")})
	emSame(t, "CONTACTS only: leads", r3.LinkedLeads)
	emSame(t, "CONTACTS only: contacts", r3.LinkedContacts, ann)
	resp := a.Do(t, `mutation($i: AddEmailInput!) { addEmail(input: $i) { email { id } } }`,
		map[string]any{"i": map[string]any{"message": emMessage("m4@example.com", "INCOMING", "", "nobody@example.com")}})
	assertCode(t, resp, apperr.NoMatchingRecord)
	a.MustDo(t, `{ emails(where: {messageID: "m4@example.com"}) { totalCount } }`, nil, &count)
	if count.Emails.TotalCount != 0 {
		t.Fatal("EM-1: a refused email was stored")
	}

	// EM-2: search contacts by address and deals by name, then add to the deal chosen.
	var found struct {
		EmailTargets struct {
			Targets []struct{ ID, Module, Name string }
			HasMore bool
		}
	}
	a.MustDo(t, `{ emailTargets(module: CONTACTS, query: "LEE@EXAMPLE") { targets { id module name } hasMore } }`, nil, &found)
	if len(found.EmailTargets.Targets) != 1 || found.EmailTargets.Targets[0].ID != ann || found.EmailTargets.Targets[0].Name != "Ann Lee" {
		t.Fatalf("EM-2 contacts search: %+v", found)
	}
	a.MustDo(t, `{ emailTargets(module: DEALS, query: "tokyo") { targets { id module name } hasMore } }`, nil, &found)
	if len(found.EmailTargets.Targets) != 1 || found.EmailTargets.Targets[0].ID != deal {
		t.Fatalf("EM-2 deals search: %+v", found)
	}
	r4 := emAdd(t, a, "addEmailTo", map[string]any{"message": first, "dealIds": []string{deal}})
	if r4.Email.ID != r1.Email.ID {
		t.Fatal("EM-2: the same Message-ID made another email")
	}
	emSame(t, "EM-2 deals linked", r4.LinkedDeals, deal)

	// EM-4: a case from the contact's email, with the chosen status and the mapping.
	r5 := emAdd(t, a, "addEmailAsCase", map[string]any{"message": emMessage("m5@example.com", "INCOMING", "Ann Lee", "ann.lee@example.com"),
		"status": "ESCALATED"})
	sc := r5.SupportCase
	if sc == nil || sc.Subject != "Printer jam" || sc.Status != "ESCALATED" || sc.Email != "ann.lee@example.com" ||
		sc.ContactName != "Ann Lee" || sc.Description != "It jams again.\nPlease help." || sc.Contact.ID != ann {
		t.Fatalf("EM-4 case: %+v", sc)
	}
	if r5.Email.SupportCase == nil || r5.Email.SupportCase.ID != sc.ID {
		t.Fatalf("EM-4: the email is not linked to its case: %+v", r5.Email)
	}
	resp = a.Do(t, `mutation($i: AddEmailAsCaseInput!) { addEmailAsCase(input: $i) { supportCase { id } } }`,
		map[string]any{"i": map[string]any{"message": emMessage("m6@example.com", "INCOMING", "Zed", "zed@example.com")}})
	assertCode(t, resp, apperr.NoMatchingContact)
	var cases struct{ SupportCases struct{ TotalCount int } }
	a.MustDo(t, `{ supportCases { totalCount } }`, nil, &cases)
	if cases.SupportCases.TotalCount != 1 {
		t.Fatalf("EM-4: the refusal created a case (%d cases)", cases.SupportCases.TotalCount)
	}

	// EM-5: a Japanese sender with no record becomes a contact, family name first.
	r6 := emAdd(t, a, "addEmail", map[string]any{"message": emMessage("m7@example.jp", "INCOMING", "山田 太郎", "Taro@Example.jp"),
		"createMissing": "CONTACT"})
	if len(r6.CreatedContacts) != 1 {
		t.Fatalf("EM-5: %+v", r6)
	}
	if c := r6.CreatedContacts[0]; c.LastName != "山田" || c.FirstName != "太郎" || c.Email != "Taro@Example.jp" {
		t.Fatalf("EM-5 Japanese name: %+v", c)
	}
	emSame(t, "EM-5 created and linked", r6.LinkedContacts, r6.CreatedContacts[0].ID)

	// EM-3: send and add goes to the outbox (no SMTP here) and to the matching contact.
	r7 := emAdd(t, a, "sendAndAddEmail", map[string]any{"to": []map[string]any{{"address": "Ann.Lee@example.com"}},
		"subject": "Your quote", "body": "Attached."})
	emSame(t, "EM-3 contacts", r7.LinkedContacts, ann)
	emSame(t, "EM-3 leads (contacts only)", r7.LinkedLeads)
	var ob struct {
		Outbox struct {
			Edges []struct {
				Node struct{ To, Subject, Kind string }
			}
		}
	}
	a.MustDo(t, `{ outbox(first: 50) { edges { node { to subject kind } } } }`, nil, &ob)
	sent := false
	for _, e := range ob.Outbox.Edges {
		sent = sent || (e.Node.To == "Ann.Lee@example.com" && e.Node.Subject == "Your quote" && e.Node.Kind == "email.sent")
	}
	if !sent {
		t.Fatalf("EM-3: the message was not queued: %+v", ob)
	}

	// The dropbox's entry point: a BCC'd sent mail goes to the recipients' contacts, once.
	orgID, _ := strconv.Atoi(org.ID)
	userID, _ := strconv.Atoi(org.UserID)
	bcc := mailmsg.Message{MessageID: "<bcc1@mailco.test>", Direction: mailmsg.Outgoing, From: mailmsg.Address{Address: org.Email},
		To: []mailmsg.Address{{Name: "Ann", Address: "ANN.LEE@example.com"}}, Subject: "Follow-up", Text: "Hi Ann"}
	ctx := context.Background()
	id1, err := srv.App.Emails.AddFromDropbox(ctx, orgID, userID, bcc)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := srv.App.Emails.AddFromDropbox(ctx, orgID, userID, bcc)
	if err != nil || id2 != id1 {
		t.Fatalf("the dropbox added the same Message-ID twice: %d, %d, %v", id1, id2, err)
	}
	a.MustDo(t, `mutation { updateEmailSettings(input: {addSentAutomatically: false}) { matchWith } }`, nil, nil)
	bcc.MessageID = "bcc2@mailco.test"
	if _, err := srv.App.Emails.AddFromDropbox(ctx, orgID, userID, bcc); !errors.Is(err, emails.ErrSentNotAdded) {
		t.Fatalf("EM-3 off: %v", err)
	}

	// Tenancy: the other org finds nothing and cannot reach this org's records.
	b := other.Admin
	b.MustDo(t, `{ emailTargets(module: CONTACTS, query: "example") { targets { id } } }`, nil, &found)
	if len(found.EmailTargets.Targets) != 0 {
		t.Fatalf("PL-1: another org's search found %+v", found)
	}
	resp = b.Do(t, `mutation($i: AddEmailToInput!) { addEmailTo(input: $i) { email { id } } }`,
		map[string]any{"i": map[string]any{"message": emMessage("m1@example.com", "INCOMING", "", "ann.lee@example.com"), "contactIds": []string{ann}}})
	assertCode(t, resp, apperr.NotFound)
	resp = b.Do(t, `mutation($i: AddEmailInput!) { addEmail(input: $i) { email { id } } }`,
		map[string]any{"i": map[string]any{"message": emMessage("m1@example.com", "INCOMING", "", "ann.lee@example.com")}})
	assertCode(t, resp, apperr.NoMatchingRecord)
	if _, err := srv.App.Emails.AddFromDropbox(ctx, orgID, emAtoi(t, other.UserID), bcc); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("PL-1: another org's user added mail to this org: %v", err)
	}
}

func emAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
