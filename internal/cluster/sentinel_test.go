//go:build cluster

package cluster

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/crmadmin/crmadmin/ent/backupfile"
	"github.com/crmadmin/crmadmin/ent/backuprun"
	"github.com/crmadmin/crmadmin/ent/notification"
	"github.com/crmadmin/crmadmin/internal/apptest"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/backup"
	"github.com/crmadmin/crmadmin/internal/redistest"
	"github.com/crmadmin/crmadmin/internal/testutil/wait"
)

// sentinelContacts makes an archive that runs for a few seconds: long enough for a failover to
// happen in the middle of it. 150,000 took seconds on a loaded machine but finished between two
// 20 ms polls on a quiet one (CI, 2026-12-03), so four times that.
const sentinelContacts = 600_000

// Issue 15 item 4: with CRM_REDIS_URL=redis-sentinel://… the process asks the Sentinel for the
// primary; when the Sentinel fails the primary over (SENTINEL FAILOVER) while a backup runs,
// the backup finishes, exactly once, and nothing is lost: the queue, pub/sub and the limiter
// go on on the new primary (a second backup queued after the failover finishes too).
func TestSentinelFailoverDuringBackup_Issue15Item4(t *testing.T) {
	s := redistest.StartSentinels(t)
	if s == nil {
		t.Skip("redis-server not installed")
	}
	srv := apptest.Start(t, apptest.Options{RedisURL: s.URL, Env: map[string]string{"CRM_BACKUP_WORKER_TIMEOUT": "2s"}})
	org := srv.SignUp(t, "Sentinel Co", "sena@sentinel.test")
	oid, _ := strconv.Atoi(org.ID)
	ctx := context.Background()
	sys := auth.SystemContext(ctx, oid)
	now := time.Now().UTC()
	if _, err := srv.App.DB.SQL.ExecContext(ctx, `INSERT INTO contacts (created_at, updated_at, first_name, last_name, email, org_id)
	  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $1)
	  SELECT $2, $3, 'Prénom ' || x, 'Nom ' || x, 'c' || x || '@sentinel.test', $4 FROM c`, sentinelContacts, now, now, oid); err != nil {
		t.Fatal(err)
	}
	srv.App.DB.Client.BillingSubscription.Update().AddBackupUnits(2).ExecX(sys)

	backupNow := func() int {
		var req struct{ BackupNow struct{ ID string } }
		org.Admin.MustDo(t, `mutation { backupNow { id } }`, nil, &req)
		id, _ := strconv.Atoi(req.BackupNow.ID)
		return id
	}
	runQ := func(id int) *runState {
		r := srv.App.DB.Client.BackupRun.GetX(sys, id)
		return &runState{State: string(r.State), Done: r.RecordsDone, Total: r.RecordsTotal, Attempts: r.Attempts}
	}
	waitEnd := func(id int) *runState {
		var r *runState
		if !wait.Until(120*time.Second, 100*time.Millisecond, func() bool {
			r = runQ(id)
			return r.State == "READY" || r.State == "FAILED"
		}) {
			t.Fatalf("run %d did not end: %+v", id, r)
		}
		return r
	}

	first := backupNow()
	var at *runState
	if !wait.Until(60*time.Second, 20*time.Millisecond, func() bool {
		at = runQ(first)
		return at.State == "RUNNING" && at.Done > 0 && at.Done < at.Total || at.State != "QUEUED" && at.State != "RUNNING"
	}) || at.State != "RUNNING" {
		t.Fatalf("waiting for the archive to be half way: %+v; it must take long enough for a failover", at)
	}
	oldPrimary := s.Primary
	began := time.Now()
	s.Failover()
	t.Logf("failover at %d of %d records took %v", at.Done, at.Total, time.Since(began).Round(time.Millisecond))

	r := waitEnd(first)
	if r.State != "READY" || r.Done != r.Total || r.Total != sentinelContacts {
		t.Fatalf("the run the failover interrupted: %+v, want READY with every record", r)
	}
	// The process's one client follows the failover: its writes reach the new primary (the
	// client learns of the switch from the Sentinel's +switch-master message, and the old
	// primary takes writes until the Sentinel turns it into a replica: Redis replication is
	// asynchronous, which is why the database, not Redis, is the source of truth).
	opt, _ := redis.ParseURL(s.Primary.URL)
	direct := redis.NewClient(opt)
	defer direct.Close()
	n := 0
	if !wait.Until(20*time.Second, 100*time.Millisecond, func() bool {
		n++
		v := "write " + strconv.Itoa(n)
		if err := srv.App.Redis.Set(ctx, "crm:test:after-failover", v, time.Minute).Err(); err != nil {
			return false
		}
		got, err := direct.Get(ctx, "crm:test:after-failover").Result()
		return err == nil && got == v
	}) {
		t.Fatalf("the app's Redis client does not write to the new primary %s 20 s after the failover (the old one was %s)", s.Primary.URL, oldPrimary.URL)
	}

	// Nothing lost, nothing doubled, and the queue works on the new primary.
	second := backupNow()
	if r := waitEnd(second); r.State != "READY" {
		t.Fatalf("a backup queued after the failover: %+v, want READY", r)
	}
	ready := srv.App.DB.Client.Notification.Query().Where(notification.Type(backup.EventReady)).CountX(sys)
	readyRuns := srv.App.DB.Client.BackupRun.Query().Where(backuprun.StateEQ("READY")).CountX(sys)
	files := srv.App.DB.Client.BackupFile.Query().Where(backupfile.RunID(first)).CountX(sys)
	if ready != 2 || readyRuns != 2 || files == 0 {
		t.Fatalf("%d READY notifications, %d READY runs, %d files of the first run; want 2, 2, some", ready, readyRuns, files)
	}
}

type runState struct {
	State       string
	Done, Total int64
	Attempts    int
}
