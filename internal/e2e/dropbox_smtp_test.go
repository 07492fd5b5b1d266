package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/auditevent"
	"github.com/crmadmin/crmadmin/ent/inboundemail"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/dropbox"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

const dropboxDomain = "dropbox.crm.test"

// recordingAdder stands in for the emails domain (internal/emails, another branch): it records
// what the email:ingest job hands over. The full SMTP → API test comes with the merge.
type recordingAdder struct {
	mu    sync.Mutex
	calls []addCall
}

type addCall struct {
	OrgID, UserID int
	Msg           mailmsg.Message
}

func (r *recordingAdder) AddFromDropbox(_ context.Context, orgID, userID int, m mailmsg.Message) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, addCall{orgID, userID, m})
	if strings.HasPrefix(m.MessageID, "refused") { // as the emails domain refuses one by a rule
		return 0, apperr.Invalid("subject", "refused by a rule")
	}
	return len(r.calls), nil
}

func (r *recordingAdder) snapshot() []addCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]addCall(nil), r.calls...)
}

// dropboxMsg is one message for testdata/smtp_send.py (Python's smtplib).
type dropboxMsg struct {
	From        string   `json:"from"`
	Rcpts       []string `json:"rcpts"`
	File        string   `json:"file,omitempty"`
	Data        string   `json:"data,omitempty"`
	Pad         int      `json:"pad,omitempty"`
	DeclareSize bool     `json:"declareSize,omitempty"`
}

type dropboxResult struct {
	Mail            int    `json:"mail"`
	Rcpt            []int  `json:"rcpt"`
	Data            int    `json:"data"`
	StartTLSOffered bool   `json:"starttlsOffered"`
	Disconnected    string `json:"disconnected"`
}

// sendSMTP sends msgs with Python's smtplib (/usr/bin/python3, Debian's) to addr.
func sendSMTP(t *testing.T, addr net.Addr, msgs []dropboxMsg) []dropboxResult {
	t.Helper()
	anys := make([]any, len(msgs))
	for i, m := range msgs {
		anys[i] = m
	}
	return sendSMTPAny(t, addr, anys)
}

func sendSMTPAny(t *testing.T, addr net.Addr, msgs []any) []dropboxResult {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr.String())
	p, _ := strconv.Atoi(port)
	in, _ := json.Marshal(map[string]any{"host": host, "port": p, "messages": msgs})
	cmd := exec.Command("/usr/bin/python3", "testdata/smtp_send.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("smtp_send.py: %v\n%s", err, stderr.String())
	}
	var res []dropboxResult
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(msgs) {
		t.Fatalf("smtp_send.py answered %s (%v)", out, err)
	}
	return res
}

func dropboxFixture(t *testing.T, name string) string {
	p, err := filepath.Abs(filepath.Join("..", "dropbox", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rotateDropbox(t *testing.T, c *apptest.Client) string {
	t.Helper()
	var out struct{ RotateEmailDropbox struct{ Address string } }
	c.MustDo(t, `mutation { rotateEmailDropbox { address createdAt rotatedAt } }`, nil, &out)
	return out.RotateEmailDropbox.Address
}

func userID(t *testing.T, srv *apptest.Server, email string) int {
	t.Helper()
	u, err := srv.App.DB.Client.User.Query().Where(user.Email(email)).Only(store.AllOrgs(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// Issue 13 item 7: a real SMTP client against the listener. Unknown tokens and other domains
// are refused at RCPT, oversized messages with 552 (declared SIZE and while reading), accepted
// messages are stored (raw message + row) and queued once per Message-ID before the 250; the
// job then hands the parsed message (ISO-2022-JP decoded, the rfc822 original of a forward,
// OUTGOING for a BCC of the user's own mail with its PDF) to the emails domain as the owner,
// and deletes the raw message. Another org's token delivers to that org's user only.
func TestDropboxSMTP_RealClient_Issue13Item7_EM1_EM3(t *testing.T) {
	ctx := context.Background()
	srv := apptest.Start(t, apptest.Options{NoWorker: true, Env: map[string]string{
		"CRM_SMTP_LISTEN": "127.0.0.1:0", "CRM_SMTP_DROPBOX_DOMAIN": dropboxDomain, "CRM_SMTP_MAX_BYTES": "65536"}})
	rec := &recordingAdder{}
	srv.App.Dropbox.SetAdder(rec)
	a := srv.SignUp(t, "Acme", "ann@acme.test")
	b := srv.SignUp(t, "Other Co", "bob@other.test")
	orgA, _ := strconv.Atoi(a.ID)
	orgB, _ := strconv.Atoi(b.ID)
	ann, bob := userID(t, srv, "ann@acme.test"), userID(t, srv, "bob@other.test")

	var got struct{ EmailDropbox *struct{ Address string } }
	a.Admin.MustDo(t, `{ emailDropbox { address } }`, nil, &got)
	if got.EmailDropbox != nil {
		t.Fatalf("no address before the first rotation, got %+v", got.EmailDropbox)
	}
	annAddr, bobAddr := rotateDropbox(t, a.Admin), rotateDropbox(t, b.Admin)
	if !strings.HasSuffix(annAddr, "@"+dropboxDomain) || annAddr == bobAddr {
		t.Fatalf("addresses %q and %q", annAddr, bobAddr)
	}
	a.Admin.MustDo(t, `{ emailDropbox { address } }`, nil, &got)
	if got.EmailDropbox == nil || got.EmailDropbox.Address != annAddr {
		t.Fatalf("emailDropbox shows its owner the same address again: %+v, want %s", got.EmailDropbox, annAddr)
	}
	b.Admin.MustDo(t, `{ emailDropbox { address } }`, nil, &got)
	if got.EmailDropbox.Address != bobAddr {
		t.Fatalf("another org's user sees their own address only: %+v", got.EmailDropbox)
	}

	small := "From: x@client.test\r\nTo: y@client.test\r\nSubject: hi\r\nMessage-ID: <small@client.test>\r\n\r\nhello\r\n"
	res := sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{
		{From: "taro@customer.example.jp", Rcpts: []string{annAddr}, File: dropboxFixture(t, "iso2022jp.eml")},
		{From: "taro@customer.example.jp", Rcpts: []string{annAddr}, File: dropboxFixture(t, "iso2022jp.eml")}, // same Message-ID
		{From: "ann@acme.test", Rcpts: []string{annAddr}, File: dropboxFixture(t, "forward_rfc822.eml")},
		{From: "ann@acme.test", Rcpts: []string{annAddr}, File: dropboxFixture(t, "sent_bcc_pdf.eml")},
		{From: "x@client.test", Rcpts: []string{strings.Repeat("a", 32) + "@" + dropboxDomain, "someone@elsewhere.test"}, Data: small},
		{From: "x@client.test", Rcpts: []string{annAddr}, Data: small, Pad: 70000, DeclareSize: true},
		{From: "x@client.test", Rcpts: []string{annAddr}, Data: small, Pad: 70000},
		{From: "sato@customer.example.jp", Rcpts: []string{bobAddr}, File: dropboxFixture(t, "shiftjis.eml")},
	})
	for i, w := range []dropboxResult{
		{Mail: 250, Rcpt: []int{250}, Data: 250}, {Mail: 250, Rcpt: []int{250}, Data: 250},
		{Mail: 250, Rcpt: []int{250}, Data: 250}, {Mail: 250, Rcpt: []int{250}, Data: 250},
		{Mail: 250, Rcpt: []int{550, 550}},       // unknown token, other domain: refused at RCPT
		{Mail: 552},                              // SIZE declared over CRM_SMTP_MAX_BYTES
		{Mail: 250, Rcpt: []int{250}, Data: 552}, // not declared: refused while reading
		{Mail: 250, Rcpt: []int{250}, Data: 250},
	} {
		g := res[i]
		if g.Mail != w.Mail || !equalInts(g.Rcpt, w.Rcpt) || g.Data != w.Data || g.Disconnected != "" {
			t.Errorf("message %d: got %+v, want %+v", i, g, w)
		}
	}
	if res[0].StartTLSOffered {
		t.Error("STARTTLS offered without a certificate configured")
	}

	// Before any job ran: one row and one stored raw message per Message-ID, one task each.
	all := store.AllOrgs(ctx)
	rows, err := srv.App.DB.Client.InboundEmail.Query().Order(ent.Asc(inboundemail.FieldID)).All(all)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := map[string]int{"jis-1@customer.example.jp": orgA, "orig-42@customer.example.com": orgA,
		"sent-1@acme.test": orgA, "sjis-1@customer.example.jp": orgB}
	if len(rows) != len(wantRows) {
		t.Fatalf("inbound rows: got %d, want %d (one per Message-ID, nothing for refused mail)", len(rows), len(wantRows))
	}
	for _, r := range rows {
		if wantRows[r.MessageID] != r.OrgID || r.State != inboundemail.StateQUEUED {
			t.Errorf("row %s: org %d state %s", r.MessageID, r.OrgID, r.State)
		}
		if ok := blobExists(t, srv, r); !ok {
			t.Errorf("raw message of %s not stored before the 250", r.MessageID)
		}
	}
	pending, err := srv.App.Inspector.ListPendingTasks("default")
	if err != nil {
		t.Fatal(err)
	}
	tasks := map[string]int{}
	for _, ti := range pending {
		if ti.Type == "email:ingest" {
			tasks[ti.ID]++
		}
	}
	for id, org := range wantRows {
		if tasks[dropbox.TaskID(org, id)] != 1 {
			t.Errorf("email:ingest for %s queued %d times, want once", id, tasks[dropbox.TaskID(org, id)])
		}
	}
	if len(tasks) != len(wantRows) {
		t.Errorf("email:ingest tasks: %v", tasks)
	}

	// The worker adds them as their owners, then deletes the raw messages.
	if err := srv.App.StartWorker(ctx); err != nil {
		t.Fatal(err)
	}
	wait.Eventually(t, 30*time.Second, 50*time.Millisecond, func() bool {
		n, err := srv.App.DB.Client.InboundEmail.Query().Where(inboundemail.StateEQ(inboundemail.StateDONE)).Count(all)
		return err == nil && n == len(wantRows)
	}, "every accepted message DONE")
	byID := map[string]addCall{}
	for _, c := range rec.snapshot() {
		if _, dup := byID[c.Msg.MessageID]; dup {
			t.Errorf("%s handed to the emails domain twice", c.Msg.MessageID)
		}
		byID[c.Msg.MessageID] = c
	}
	jis, fwd, sent, sjis := byID["jis-1@customer.example.jp"], byID["orig-42@customer.example.com"], byID["sent-1@acme.test"], byID["sjis-1@customer.example.jp"]
	if jis.OrgID != orgA || jis.UserID != ann || jis.Msg.Subject != "お見積もりの件" || !strings.Contains(jis.Msg.Text, "お見積もりをお送りします") ||
		jis.Msg.Direction != mailmsg.Incoming || jis.Msg.From.Name != "山田 太郎" {
		t.Errorf("ISO-2022-JP message: %+v", jis)
	}
	if fwd.UserID != ann || fwd.Msg.From.Address != "dana@customer.example.com" || fwd.Msg.Subject != "Renewal question" || fwd.Msg.Direction != mailmsg.Incoming {
		t.Errorf("forwarded message/rfc822 must be added as the original: %+v", fwd)
	}
	if sent.Msg.Direction != mailmsg.Outgoing || len(sent.Msg.To) != 1 || sent.Msg.To[0].Address != "bob@client.example.fr" ||
		len(sent.Msg.Attachments) != 1 || sent.Msg.Attachments[0].ContentType != "application/pdf" ||
		!bytes.HasPrefix(sent.Msg.Attachments[0].Data, []byte("%PDF")) {
		t.Errorf("BCC of the user's own mail: %+v", sent)
	}
	if sjis.OrgID != orgB || sjis.UserID != bob || sjis.Msg.Subject != "資料送付" {
		t.Errorf("another org's dropbox delivers to that org's user only: org %d user %d %q", sjis.OrgID, sjis.UserID, sjis.Msg.Subject)
	}
	for _, r := range rows {
		if blobExists(t, srv, r) {
			t.Errorf("raw message of %s kept after it was added", r.MessageID)
		}
	}

	// The same Message-ID once more, after it was added: accepted, nothing stored or handed over again.
	res = sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{{From: "taro@customer.example.jp", Rcpts: []string{annAddr}, File: dropboxFixture(t, "iso2022jp.eml")}})
	if res[0].Data != 250 {
		t.Fatalf("a duplicate is accepted (250): %+v", res[0])
	}
	if n, _ := srv.App.DB.Client.InboundEmail.Query().Count(all); n != len(wantRows) {
		t.Errorf("a duplicate made a row: %d rows", n)
	}

	// Rotation: the old address is refused at once, the new one works; audited.
	newAddr := rotateDropbox(t, a.Admin)
	res = sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{
		{From: "x@client.test", Rcpts: []string{annAddr}, Data: small},
		{From: "x@client.test", Rcpts: []string{newAddr}, Data: small},
	})
	if !equalInts(res[0].Rcpt, []int{550}) || res[1].Data != 250 {
		t.Errorf("after rotation: old %+v, new %+v", res[0], res[1])
	}
	if n, err := srv.App.DB.Client.AuditEvent.Query().Where(auditevent.OrgID(orgA), auditevent.Action("email_dropbox.rotated")).Count(all); err != nil || n != 1 {
		t.Errorf("rotation audited %d times (%v), want once", n, err)
	}
	wait.Eventually(t, 30*time.Second, 50*time.Millisecond, func() bool {
		for _, c := range rec.snapshot() {
			if c.Msg.MessageID == "small@client.test" {
				return c.OrgID == orgA && c.UserID == ann
			}
		}
		return false
	}, "the message to the new address added as its owner")

	// A message the emails domain refuses by a rule: FAILED with the reason, raw message deleted.
	res = sendSMTP(t, srv.App.SMTP.Addr(), []dropboxMsg{{From: "x@client.test", Rcpts: []string{newAddr},
		Data: strings.Replace(small, "small@client.test", "refused@client.test", 1)}})
	if res[0].Data != 250 {
		t.Fatalf("refused-later message must still be accepted: %+v", res[0])
	}
	var failed *ent.InboundEmail
	wait.Eventually(t, 30*time.Second, 50*time.Millisecond, func() bool {
		failed, err = srv.App.DB.Client.InboundEmail.Query().Where(inboundemail.MessageID("refused@client.test")).Only(all)
		return err == nil && failed.State == inboundemail.StateFAILED
	}, "the refused message FAILED")
	if !strings.Contains(failed.Error, "refused by a rule") || blobExists(t, srv, failed) {
		t.Errorf("FAILED row: error %q, raw message kept: %v", failed.Error, blobExists(t, srv, failed))
	}
}

func blobExists(t *testing.T, srv *apptest.Server, r *ent.InboundEmail) bool {
	t.Helper()
	ctx := store.AllOrgs(context.Background())
	org, err := srv.App.DB.Client.Organization.Get(ctx, r.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	bucket, err := srv.App.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		t.Fatal(err)
	}
	ok, err := bucket.Exists(ctx, r.BlobKey)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
