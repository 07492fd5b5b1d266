//go:build cluster

package cluster

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/ent/notification"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/redistest"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// Issue 15 item 4: with CRM_REDIS_URL=redis-cluster://… everything that uses Redis works on a
// Redis Cluster, which refuses a command on keys of different hash slots: the job queue and
// its scheduler (a backup runs to READY), pub/sub (a websocket subscriber on a second API
// process sees it), and the sign-in limiter (a wrong password is counted, then refused).
func TestRedisClusterBackupAndSignIn_Issue15Item4(t *testing.T) {
	url := redistest.StartCluster(t)
	if url == "" {
		t.Skip("redis-server not installed")
	}
	dir := t.TempDir()
	srv := apptest.Start(t, apptest.Options{RedisURL: url, DataDir: dir})
	api := apptest.Start(t, apptest.Options{RedisURL: url, DataDir: dir, NoWorker: true})
	org := srv.SignUp(t, "Cluster Slots Co", "sol@slots.test")
	oid, _ := strconv.Atoi(org.ID)
	sys := auth.SystemContext(context.Background(), oid)
	srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(1).ExecX(sys)
	org.Admin.MustDo(t, `mutation { createContact(input: {lastName: "Slot"}) { id } }`, nil, nil)

	events := subscribe(t, &proc{name: "api", URL: api.URL}, org.Admin.Token, backupEventsQuery)
	var req struct{ BackupNow struct{ ID string } }
	org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, &req)
	_, ev := events.until(t, 60*time.Second, func(e backupEvent) bool {
		return e.RunID != nil && *e.RunID == req.BackupNow.ID && (e.Type == "READY" || e.Type == "FAILED")
	})
	if ev.Type != "READY" {
		t.Fatalf("the backup on a Redis Cluster: %+v, want READY", ev)
	}
	if n := srv.App.DB.Client.Notification.Query().Where(notification.Type(backup.EventReady)).CountX(sys); n != 1 {
		t.Fatalf("%d READY notifications, want 1", n)
	}

	// The sign-in limiter's pipelines on the Cluster: wrong passwords are answered (counted)
	// until the limiter makes the next attempt wait.
	signIn := func(pw string) *apptest.Response {
		return (&apptest.Client{URL: api.URL}).Do(t, `mutation($i: SignInInput!) { signIn(input: $i) { user { id } } }`,
			map[string]any{"i": map[string]any{"email": org.Email, "password": pw}})
	}
	if !wait.Until(30*time.Second, 10*time.Millisecond, func() bool {
		r := signIn("wrong password, surely")
		for _, c := range r.Codes() {
			if c == "RATE_LIMITED" {
				return true
			}
		}
		return false
	}) {
		t.Fatal("the sign-in limiter never refused repeated wrong passwords on a Redis Cluster")
	}
}
