package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 9 item 7: the embedded Redis is not an open door. A local process without the password
// made at start is refused; with the password (or on a shared real Redis), a PUBLISH without a
// valid signature — a forged "backup ready" for another org's live stream — reaches no
// subscriber and is counted in crm_pubsub_rejected_total.
func TestEmbeddedRedisRefusesStrangers(t *testing.T) {
	t.Setenv("CRM_TEST_BACKEND", "") // this test is about the embedded Redis
	srv := apptest.Start(t, apptest.Options{})
	victim := srv.SignUp(t, "Victim Co", "vic@victim.test")
	opt, err := redis.ParseURL(srv.App.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	stranger := redis.NewClient(&redis.Options{Addr: opt.Addr, MaxRetries: -1})
	defer stranger.Close()
	if err := stranger.Ping(ctx).Err(); err == nil || !strings.Contains(err.Error(), "NOAUTH") {
		t.Fatalf("PING without the password answered %v; want NOAUTH", err)
	}
	if err := stranger.Publish(ctx, "crm:org:"+victim.ID, `{"type":"backup.ready"}`).Err(); err == nil {
		t.Fatal("PUBLISH without the password was accepted")
	}
	if opt.Password == "" {
		t.Fatal("the embedded Redis has no password")
	}

	// With the password: the forged message is dropped, the genuine one published after it
	// arrives first (Redis keeps publish order).
	insider := redis.NewClient(opt)
	defer insider.Close()
	c := liveMustDial(t, srv, "graphql-transport-ws", nil)
	c.send(t, liveMsg{Type: "connection_init", Payload: liveJSON(map[string]any{"authToken": victim.Admin.Token})})
	c.expect(t, "connection_ack", "")
	c.send(t, liveMsg{ID: "n", Type: "subscribe", Payload: liveJSON(map[string]any{"query": `subscription { notifications { type title } }`})})
	liveWaitSubscribers(t, srv, 1, 5*time.Second)
	forged, _ := json.Marshal(map[string]any{"id": 1, "type": "backup.ready", "title": "Your backup is ready: http://evil.example/dl",
		"audience": "ALL", "createdAt": time.Now()})
	if err := insider.Publish(ctx, "crm:org:"+victim.ID, forged).Err(); err != nil {
		t.Fatal(err)
	}
	victim.Admin.MustDo(t, `mutation { sendTestNotification(title: "genuine") }`, nil, nil)
	m := c.expect(t, "next", "n")
	if !strings.Contains(string(m.Payload), `"title":"genuine"`) {
		t.Fatalf("the subscriber received %s; want the genuine notification, not the forged one", m.Payload)
	}
	if got := metric(t, srv, "crm_pubsub_rejected_total"); got != "1" {
		t.Fatalf("crm_pubsub_rejected_total = %q, want 1", got)
	}
}

// metric reads one unlabelled metric from /metrics.
func metric(t *testing.T, srv *apptest.Server, name string) string {
	t.Helper()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, name+" "); ok {
			return v
		}
	}
	return ""
}
