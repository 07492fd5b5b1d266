// Package pubsub is tenant-keyed publish/subscribe across processes.
//
// A message published for an org with [Broker.Publish] is sent with Redis
// PUBLISH on the channel "<prefix>org:<id>". Every [Broker] holds one Redis
// PSUBSCRIBE on "<prefix>org:*" and fans each message out to the local
// subscribers of that org only, so a job finished in a worker process reaches
// websocket subscribers on any API process.
//
// With [WithSigningKey] every message carries an HMAC of its channel and body, and a message
// whose signature does not verify is dropped and counted: whoever can reach Redis but does not
// know the key cannot inject a message into an org's stream.
//
// Fan-out never blocks: a subscriber whose buffer is full when a message
// arrives is dropped (see [Subscription.Dropped]). Delivery is at most once;
// messages published while a process is disconnected from Redis are lost
// ([Broker.Reconnected] tells when that may have happened).
package pubsub

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// DefaultPrefix is the Redis channel prefix used unless [WithPrefix] is given.
const DefaultPrefix = "crm:"

// DefaultBuffer is the per-subscriber channel buffer used unless [WithBuffer] is given.
const DefaultBuffer = 64

// receiveBuffer is the size of the go-redis channel between the Redis
// connection and the fan-out loop.
const receiveBuffer = 4096

// ErrClosed is returned by [Broker.Publish] after [Broker.Close].
var ErrClosed = errors.New("pubsub: broker closed")

// Broker fans out messages published for an org to this process's local
// subscribers. It is safe for concurrent use.
type Broker struct {
	rdb    redis.UniversalClient
	ps     *redis.PubSub
	prefix string // "<prefix>org:"
	buffer int
	log    *slog.Logger
	key    []byte // HMAC-SHA256 key of message signatures (nil: messages are not signed)

	mu     sync.RWMutex
	subs   map[int]map[*Subscription]struct{} // guarded by mu
	closed bool                               // guarded by mu
	count  atomic.Int64                       // number of entries in subs

	rejectedN atomic.Int64 // messages dropped for their signature

	closeOnce   sync.Once
	closeErr    error
	done        chan struct{} // closed when the receive loop has exited
	reconnected chan struct{} // see Reconnected

	subscribers prometheus.GaugeFunc
	published   prometheus.Counter
	delivered   prometheus.Counter
	dropped     prometheus.Counter
	rejected    prometheus.Counter
}

// Option configures a [Broker] in [New].
type Option func(*Broker)

// WithBuffer sets the per-subscriber channel buffer (default 64). Values
// below 1 are treated as 1.
func WithBuffer(n int) Option {
	return func(b *Broker) { b.buffer = max(n, 1) }
}

// WithLogger sets the logger for receive-loop diagnostics (default
// [slog.Default]).
func WithLogger(l *slog.Logger) Option {
	return func(b *Broker) {
		if l != nil {
			b.log = l
		}
	}
}

// WithPrefix sets the Redis channel prefix (default "crm:"). Brokers only
// exchange messages with Brokers using the same prefix.
func WithPrefix(p string) Option {
	return func(b *Broker) { b.prefix = p }
}

// WithSigningKey signs every published message with HMAC-SHA256 under key, over its channel
// (so a message of one org cannot be replayed into another's) and its body, and drops every
// received message whose signature does not verify, counting it in
// crm_pubsub_rejected_total. Every Broker sharing the Redis and prefix needs the same key.
func WithSigningKey(key []byte) Option {
	return func(b *Broker) { b.key = key }
}

// sigLen is the length of a signature on the wire: hex HMAC-SHA256, before the body.
const sigLen = 2 * sha256.Size

// sign returns data prefixed with its signature for channel.
func (b *Broker) sign(channel string, data []byte) []byte {
	out := make([]byte, sigLen, sigLen+len(data))
	hex.Encode(out, b.mac(channel, data))
	return append(out, data...)
}

// verify returns the body of a signed payload received on channel, or false when the
// signature is missing or wrong.
func (b *Broker) verify(channel, payload string) (string, bool) {
	if len(payload) < sigLen {
		return "", false
	}
	sig, err := hex.DecodeString(payload[:sigLen])
	if err != nil {
		return "", false
	}
	body := payload[sigLen:]
	return body, hmac.Equal(sig, b.mac(channel, []byte(body)))
}

func (b *Broker) mac(channel string, data []byte) []byte {
	m := hmac.New(sha256.New, b.key)
	m.Write([]byte(channel))
	m.Write([]byte{0})
	m.Write(data)
	return m.Sum(nil)
}

// New starts one Redis PSUBSCRIBE on "<prefix>org:*" and the receive loop.
// It returns once Redis has confirmed the subscription, or with an error if
// ctx ends or Redis fails first; ctx bounds only this start-up. The caller
// keeps ownership of rdb and must call [Broker.Close] before closing rdb.
func New(ctx context.Context, rdb redis.UniversalClient, opts ...Option) (*Broker, error) {
	b := &Broker{
		rdb:    rdb,
		prefix: DefaultPrefix,
		buffer: DefaultBuffer,
		log:    slog.Default(),
		subs:   make(map[int]map[*Subscription]struct{}),
		done:   make(chan struct{}),

		reconnected: make(chan struct{}, 1),
	}
	for _, o := range opts {
		o(b)
	}
	pattern := globEscape(b.prefix) + "org:*"
	b.prefix += "org:"

	b.subscribers = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "crm_pubsub_subscribers",
		Help: "Current number of local pubsub subscribers.",
	}, func() float64 { return float64(b.Subscribers()) })
	b.published = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "crm_pubsub_published_total",
		Help: "Messages published to Redis by this process.",
	})
	b.delivered = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "crm_pubsub_delivered_total",
		Help: "Messages handed to local subscribers (one per subscriber).",
	})
	b.dropped = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "crm_pubsub_dropped_total",
		Help: "Local subscribers dropped because their buffer was full.",
	})
	b.rejected = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "crm_pubsub_rejected_total",
		Help: "Messages received from Redis and dropped because their signature did not verify (forged or from a process with another CRM_SECRET).",
	})

	ps := rdb.PSubscribe(ctx) // no patterns yet: no I/O
	errc := make(chan error, 1)
	go func() { errc <- psubscribe(ctx, ps, pattern) }()
	select {
	case err := <-errc:
		if err != nil {
			_ = ps.Close()
			return nil, fmt.Errorf("pubsub: psubscribe %q: %w", pattern, err)
		}
	case <-ctx.Done():
		// go-redis may not honour ctx while connecting; Close unblocks the
		// goroutine above (or waits for it) without delaying New.
		go ps.Close()
		return nil, fmt.Errorf("pubsub: psubscribe %q: %w", pattern, ctx.Err())
	}
	b.ps = ps
	go b.loop(ps.ChannelWithSubscriptions(redis.WithChannelSize(receiveBuffer)))
	return b, nil
}

// psubscribe subscribes ps to pattern and waits until Redis confirms it.
func psubscribe(ctx context.Context, ps *redis.PubSub, pattern string) error {
	if err := ps.PSubscribe(ctx, pattern); err != nil {
		return err
	}
	for {
		v, err := ps.Receive(ctx)
		if err != nil {
			return err
		}
		switch v := v.(type) {
		case *redis.Subscription:
			return nil
		case *redis.Pong:
			// keep waiting
		default:
			return fmt.Errorf("unexpected %T before subscription confirmation", v)
		}
	}
}

// globEscape escapes Redis glob metacharacters in s.
func globEscape(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '\\':
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// Publish sends data to every subscriber of orgID in every process connected
// to the same Redis with the same prefix, including this one.
func (b *Broker) Publish(ctx context.Context, orgID int, data []byte) error {
	if b.isClosed() {
		return ErrClosed
	}
	channel := b.prefix + strconv.Itoa(orgID)
	if b.key != nil {
		data = b.sign(channel, data)
	}
	if err := b.rdb.Publish(ctx, channel, data).Err(); err != nil {
		return fmt.Errorf("pubsub: publish org %d: %w", orgID, err)
	}
	b.published.Inc()
	return nil
}

// Reconnected receives a value each time the Broker's Redis subscription is re-established
// after a disconnection (several in a row are coalesced into one): what was published in
// between is lost to this process, so a caller keeping what it sends may send it again
// (notify.Service.Redeliver). It is closed by [Broker.Close].
func (b *Broker) Reconnected() <-chan struct{} { return b.reconnected }

// loop fans out every message received from Redis until ch is closed by
// [Broker.Close].
func (b *Broker) loop(ch <-chan any) {
	defer close(b.done)
	defer close(b.reconnected)
	for m := range ch {
		switch m := m.(type) {
		case *redis.Subscription:
			// New consumed the first confirmation: this one follows a reconnection.
			select {
			case b.reconnected <- struct{}{}:
			default:
			}
		case *redis.Message:
			b.receive(m)
		}
	}
}

// receive verifies one message and fans it out.
func (b *Broker) receive(msg *redis.Message) {
	id, ok := strings.CutPrefix(msg.Channel, b.prefix)
	if !ok {
		return
	}
	orgID, err := strconv.Atoi(id)
	if err != nil {
		b.log.Debug("pubsub: ignoring message on unexpected channel", "channel", msg.Channel)
		return
	}
	payload := msg.Payload
	if b.key != nil {
		if payload, ok = b.verify(msg.Channel, payload); !ok {
			b.rejected.Inc()
			if n := b.rejectedN.Add(1); n&(n-1) == 0 { // the 1st, 2nd, 4th…: a flood cannot flood the log
				b.log.Warn("pubsub: dropped a message with a missing or wrong signature", "channel", msg.Channel, "rejected", n)
			}
			return
		}
	}
	b.fanout(orgID, payload)
}

// fanout hands payload to every local subscriber of orgID without blocking
// and drops those whose buffer is full.
func (b *Broker) fanout(orgID int, payload string) {
	var slow []*Subscription
	b.mu.RLock()
	subs := b.subs[orgID]
	if len(subs) == 0 {
		b.mu.RUnlock()
		return
	}
	data := []byte(payload) // one copy, shared by all subscribers
	n := 0
	for s := range subs {
		select {
		case s.ch <- data:
			n++
		default:
			slow = append(slow, s)
		}
	}
	b.mu.RUnlock()
	b.delivered.Add(float64(n))
	for _, s := range slow {
		if b.remove(s, true) {
			b.log.Warn("pubsub: dropped slow subscriber", "org_id", orgID, "buffer", b.buffer)
		}
	}
}

// Subscribe registers a local subscriber for orgID; call [Subscription.Close]
// when done. Messages arrive on C. After [Broker.Close] it returns a
// Subscription whose C is already closed.
func (b *Broker) Subscribe(orgID int) *Subscription {
	ch := make(chan []byte, b.buffer)
	s := &Subscription{C: ch, ch: ch, b: b, orgID: orgID}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		s.closed = true
		close(ch)
		return s
	}
	m := b.subs[orgID]
	if m == nil {
		m = make(map[*Subscription]struct{})
		b.subs[orgID] = m
	}
	m[s] = struct{}{}
	b.count.Add(1)
	return s
}

// remove unregisters s and closes its channel, unless that already happened.
// It reports whether s was removed by this call.
func (b *Broker) remove(s *Subscription, dropped bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.closed {
		return false
	}
	s.closed = true
	if m := b.subs[s.orgID]; m != nil {
		delete(m, s)
		if len(m) == 0 {
			delete(b.subs, s.orgID)
		}
	}
	b.count.Add(-1)
	if dropped {
		s.dropped.Store(true) // before close, so a reader seeing C closed sees it
		b.dropped.Inc()
	}
	// Senders hold b.mu.RLock, so none can be sending on s.ch now.
	close(s.ch)
	return true
}

// Subscribers returns the current number of local subscribers.
func (b *Broker) Subscribers() int {
	return int(b.count.Load())
}

func (b *Broker) isClosed() bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.closed
}

// Close stops the Redis subscription and the receive loop and closes every
// subscription. It is idempotent; later calls return the first result.
func (b *Broker) Close() error {
	b.closeOnce.Do(func() {
		b.mu.Lock()
		b.closed = true
		b.mu.Unlock()

		if err := b.ps.Close(); err != nil {
			b.closeErr = fmt.Errorf("pubsub: close: %w", err)
		}
		<-b.done

		b.mu.Lock()
		subs := b.subs
		b.subs = make(map[int]map[*Subscription]struct{})
		b.mu.Unlock()
		for _, m := range subs {
			for s := range m {
				b.remove(s, false)
			}
		}
	})
	return b.closeErr
}

// Collectors returns the Broker's Prometheus metrics for registration:
// crm_pubsub_subscribers (gauge) and the counters crm_pubsub_published_total,
// crm_pubsub_delivered_total, crm_pubsub_dropped_total and crm_pubsub_rejected_total.
// Register the collectors of at most one Broker per registry.
func (b *Broker) Collectors() []prometheus.Collector {
	return []prometheus.Collector{b.subscribers, b.published, b.delivered, b.dropped, b.rejected}
}

// Subscription is one local subscriber of one org, created by
// [Broker.Subscribe].
type Subscription struct {
	// C receives the messages for the org, in publish order. It is closed
	// by Close, by [Broker.Close], or when the subscriber is dropped. The
	// same []byte is passed to every subscriber: receivers must not modify it.
	C <-chan []byte

	ch      chan []byte
	b       *Broker
	orgID   int
	closed  bool // guarded by b.mu
	dropped atomic.Bool
}

// Close unregisters the subscription and closes C if it is not yet closed.
// It is idempotent and safe to call concurrently with fan-out.
func (s *Subscription) Close() {
	s.b.remove(s, false)
}

// Dropped reports whether the subscription was dropped because its buffer was
// full when a message arrived. It is reliable once C has been seen closed.
func (s *Subscription) Dropped() bool {
	return s.dropped.Load()
}
