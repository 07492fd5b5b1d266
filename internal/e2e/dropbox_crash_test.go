package e2e

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/inboundemail"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/store"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// crashMessages is how many messages the dropbox accepts before the worker runs: enough that
// the worker is still ingesting when it is killed after its first one.
const crashMessages = 200

// Issue 13 hardening (EM-1, durable before 250): a worker process killed (SIGKILL) while
// email:ingest jobs run loses nothing and doubles nothing: after a new worker starts, every
// message answered 250 is DONE and is exactly one email, linked once to its contact.
func TestDropboxWorkerKilledMidIngest_Issue13(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := liveBuildBinary(t)
	dataDir := t.TempDir()
	srv := apptest.Start(t, apptest.Options{NoWorker: true, DataDir: dataDir, Env: map[string]string{
		"CRM_SMTP_LISTEN": "127.0.0.1:0", "CRM_SMTP_DROPBOX_DOMAIN": dropboxDomain,
		"CRM_SMTP_RATE_PER_IP": "0", "CRM_SMTP_RATE_PER_TOKEN": "0"}})
	org := srv.SignUp(t, "Crash Mail", "ann@crashmail.test")
	carol := emCreate(t, org.Admin, "createContact", map[string]any{"lastName": "Carol", "email": "carol@customer.example"})
	addr := rotateDropbox(t, org.Admin)

	msgs := make([]dropboxMsg, crashMessages)
	for i := range msgs {
		msgs[i] = dropboxMsg{From: "carol@customer.example", Rcpts: []string{addr}, Data: fmt.Sprintf(
			"From: Carol <carol@customer.example>\r\nTo: ann@crashmail.test\r\nSubject: Order %d\r\nMessage-ID: <crash-%d@customer.example>\r\n"+
				"Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nOrder number %d.\r\n", i, i, i)}
	}
	accepted := map[string]bool{}
	for i, r := range sendSMTP(t, srv.App.SMTP.Addr(), msgs) {
		if r.Data == 250 {
			accepted[fmt.Sprintf("crash-%d@customer.example", i)] = true
		}
	}
	if len(accepted) != crashMessages {
		t.Fatalf("the dropbox accepted %d of %d messages", len(accepted), crashMessages)
	}
	all := store.AllOrgs(context.Background())
	count := func(states ...inboundemail.State) int {
		n, err := srv.App.DB.Client.InboundEmail.Query().Where(inboundemail.StateIn(states...)).Count(all)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Worker 1 starts ingesting; it is killed as soon as it has done some, not all.
	env := map[string]string{"CRM_SMTP_DROPBOX_DOMAIN": dropboxDomain}
	redisURL := srv.App.RedisURL()
	w1 := liveStartWorkerEnv(t, bin, redisURL, dataDir, env)
	var done int
	if !wait.Until(120*time.Second, 5*time.Millisecond, func() bool { done = count(inboundemail.StateDONE); return done > 0 }) {
		t.Fatal("worker 1 ingested nothing")
	}
	if err := w1.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wait.Eventually(t, 10*time.Second, 10*time.Millisecond, func() bool { return syscall.Kill(w1.Process.Pid, 0) != nil },
		"worker 1 (pid %d) still exists after SIGKILL", w1.Process.Pid)
	atKill := count(inboundemail.StateDONE)
	t.Logf("worker 1 killed with %d of %d messages DONE", atKill, crashMessages)
	if atKill >= crashMessages {
		t.Fatalf("worker 1 finished every message before the kill: the test did not interrupt an ingest")
	}

	// Worker 2 finishes: every accepted message DONE (none FAILED), each one email, once.
	liveStartWorkerEnv(t, bin, redisURL, dataDir, env)
	if !wait.Until(180*time.Second, 50*time.Millisecond, func() bool { return count(inboundemail.StateDONE, inboundemail.StateFAILED) == crashMessages }) {
		t.Fatalf("after the restart %d of %d messages are DONE, %d FAILED", count(inboundemail.StateDONE), crashMessages, count(inboundemail.StateFAILED))
	}
	if n := count(inboundemail.StateFAILED); n != 0 {
		t.Fatalf("%d accepted messages FAILED after the restart", n)
	}
	seen := map[string]int{}
	after := ""
	for {
		var page struct {
			Emails struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Node struct {
						MessageID string
						Contacts  []struct{ ID string }
					}
				}
			}
		}
		org.Admin.MustDo(t, `query($after: Cursor) { emails(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
			edges { node { messageID contacts { id } } } } }`, map[string]any{"after": map[bool]any{true: nil, false: after}[after == ""]}, &page)
		for _, e := range page.Emails.Edges {
			seen[e.Node.MessageID]++
			if len(e.Node.Contacts) != 1 || e.Node.Contacts[0].ID != carol {
				t.Errorf("%s is linked to %+v, want Carol once", e.Node.MessageID, e.Node.Contacts)
			}
		}
		if !page.Emails.PageInfo.HasNextPage {
			if page.Emails.TotalCount != crashMessages {
				t.Errorf("%d emails, want %d", page.Emails.TotalCount, crashMessages)
			}
			break
		}
		after = page.Emails.PageInfo.EndCursor
	}
	for id := range accepted {
		if seen[id] != 1 {
			t.Errorf("accepted message %s is %d emails, want exactly 1", id, seen[id])
		}
	}
	if len(seen) != crashMessages {
		t.Errorf("%d distinct emails, want %d", len(seen), crashMessages)
	}
}
