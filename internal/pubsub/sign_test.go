package pubsub

import (
	"context"
	"strconv"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Issue 9 item 7: with a signing key, only messages signed with it reach subscribers. A raw
// PUBLISH (anyone who can reach Redis), a message signed with another key, and a genuine
// message of one org replayed on another org's channel are dropped and counted.
//
// Redis delivers one pattern subscription's messages in publish order, so "the first message
// the subscriber sees is the genuine one published last" proves the earlier ones were dropped.
func TestSignedMessages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, env *testEnv) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		key := []byte("0123456789abcdef0123456789abcdef")
		worker, api := env.broker(WithSigningKey(key)), env.broker(WithSigningKey(key))
		other := env.broker(WithSigningKey([]byte("another key")))
		sub := api.Subscribe(7)
		raw := env.client()
		channel := func(org int) string { return env.prefix + "org:" + strconv.Itoa(org) }

		if err := raw.Publish(ctx, channel(7), `{"type":"backup.ready","title":"forged"}`).Err(); err != nil {
			t.Fatal(err)
		}
		if err := other.Publish(ctx, 7, []byte(`{"title":"other key"}`)); err != nil {
			t.Fatal(err)
		}
		replayed := worker.sign(channel(8), []byte(`{"title":"org 8's"}`))
		if err := raw.Publish(ctx, channel(7), replayed).Err(); err != nil {
			t.Fatal(err)
		}
		if err := worker.Publish(ctx, 7, []byte(`{"title":"genuine"}`)); err != nil {
			t.Fatal(err)
		}
		expectMsg(ctx, t, sub, `{"title":"genuine"}`)
		checkMetrics(t, api, map[string]float64{"crm_pubsub_rejected_total": 3, "crm_pubsub_delivered_total": 1})
	})
}

// Issue 9 item 8: after Redis comes back, the Broker resubscribes by itself, says so on
// Reconnected (its owner then resends what it keeps), and delivers again.
func TestReconnected(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	mr := miniredis.RunT(t)
	env := newTestEnv(t, &redis.Options{Addr: mr.Addr()})
	b := env.broker()
	sub := b.Subscribe(3)
	mr.Close()
	if err := b.Publish(ctx, 3, []byte("lost")); err == nil {
		t.Fatal("Publish with Redis down succeeded")
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.Reconnected():
	case <-ctx.Done():
		t.Fatal("no Reconnected signal after Redis came back")
	}
	if err := b.Publish(ctx, 3, []byte("after")); err != nil {
		t.Fatal(err)
	}
	expectMsg(ctx, t, sub, "after")
}
