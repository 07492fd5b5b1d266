// Package redisconn builds a process's Redis client from CRM_REDIS_URL, whatever the
// topology (issue 15 item 4): one Redis, a primary watched by Sentinels, or a Redis Cluster.
// The same go-redis UniversalClient is then handed to pub/sub, the sign-in limiter and asynq
// (NewClientFromRedisClient and its siblings), so every part of the process follows a
// Sentinel failover or a Cluster's redirections the same way.
//
// URL forms (the query takes go-redis's options in snake case: dial_timeout, pool_size, …):
//
//	redis://[user:password@]host:6379[/db]            one Redis (rediss:// over TLS)
//	unix://[user:password@]/path/redis.sock[?db=N]   one Redis on a Unix socket
//	redis-sentinel://[s-user:s-password@]host:26379[,host2:26379…][/db]?master_name=NAME[&password=P]
//	                                                  Sentinels; the credentials in the URL are the
//	                                                  Sentinels', password= (username=) the primary's;
//	                                                  rediss-sentinel:// over TLS; master= also works
//	redis-cluster://[user:password@]host:7000[,host2:7001…]   Redis Cluster seed nodes
//	                                                  (rediss-cluster:// over TLS)
//
// More addresses may also be given as addr=host:port query parameters (go-redis's form).
package redisconn

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Topology names the kind of deployment a URL describes.
type Topology string

// The topologies.
const (
	Single   Topology = "single"
	Sentinel Topology = "sentinel"
	Cluster  Topology = "cluster"
)

// Conn is a parsed CRM_REDIS_URL: it makes clients of its topology. It is also an
// asynq.RedisConnOpt (MakeRedisClient), for the few asynq parts that want to own a client of
// their own (the scheduler, which closes its client when it stops, and asynqmon).
type Conn struct {
	Topology Topology
	single   *redis.Options
	failover *redis.FailoverOptions
	cluster  *redis.ClusterOptions
}

// FromOptions is a Conn on one Redis described by o (the embedded miniredis).
func FromOptions(o *redis.Options) *Conn { return &Conn{Topology: Single, single: o} }

// Parse reads a Redis URL of one of the forms of the package comment. Errors never repeat
// the URL (it may hold a password).
func Parse(raw string) (*Conn, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL (redis://, rediss://, unix://, redis-sentinel://, redis-cluster://)")
	}
	switch u.Scheme {
	case "redis", "rediss", "unix":
		o, err := redis.ParseURL(raw)
		if err != nil {
			return nil, err
		}
		return &Conn{Topology: Single, single: o}, nil
	case "redis-sentinel", "rediss-sentinel":
		v, err := goRedisForm(u, strings.TrimSuffix(u.Scheme, "-sentinel"))
		if err != nil {
			return nil, err
		}
		q := v.Query()
		if m := q.Get("master"); m != "" && q.Get("master_name") == "" { // asynq's spelling
			q.Set("master_name", m)
		}
		q.Del("master")
		if q.Get("master_name") == "" {
			return nil, errors.New("redis-sentinel:// needs master_name=<the primary's name in the Sentinels' configuration>")
		}
		v.RawQuery = q.Encode()
		o, err := redis.ParseFailoverURL(v.String())
		if err != nil {
			return nil, err
		}
		return &Conn{Topology: Sentinel, failover: o}, nil
	case "redis-cluster", "rediss-cluster":
		v, err := goRedisForm(u, strings.TrimSuffix(u.Scheme, "-cluster"))
		if err != nil {
			return nil, err
		}
		if v.Path != "" && v.Path != "/" && v.Path != "/0" {
			return nil, errors.New("redis-cluster:// has no database number: a Redis Cluster has database 0 only")
		}
		v.Path = ""
		o, err := redis.ParseClusterURL(v.String())
		if err != nil {
			return nil, err
		}
		return &Conn{Topology: Cluster, cluster: o}, nil
	}
	return nil, fmt.Errorf("unsupported scheme %q (redis, rediss, unix, redis-sentinel, rediss-sentinel, redis-cluster, rediss-cluster)", u.Scheme)
}

// goRedisForm rewrites host1:p1,host2:p2 as go-redis's host1:p1?addr=host2:p2 with scheme.
func goRedisForm(u *url.URL, scheme string) (*url.URL, error) {
	v := *u
	v.Scheme = scheme
	hosts := strings.Split(u.Host, ",")
	if hosts[0] == "" {
		return nil, fmt.Errorf("%s:// needs at least one host:port", u.Scheme)
	}
	v.Host = hosts[0]
	q := v.Query()
	for _, h := range hosts[1:] {
		if h != "" {
			q.Add("addr", h)
		}
	}
	v.RawQuery = q.Encode()
	return &v, nil
}

// NewClient makes a client of the URL's topology; the caller closes it. A Sentinel client
// asks the Sentinels for the primary and follows a failover; a Cluster client follows the
// cluster's slots and redirections.
func (c *Conn) NewClient() redis.UniversalClient {
	switch c.Topology {
	case Sentinel:
		o := *c.failover
		return redis.NewFailoverClient(&o)
	case Cluster:
		o := *c.cluster
		return redis.NewClusterClient(&o)
	}
	o := *c.single
	return redis.NewClient(&o)
}

// MakeRedisClient makes a new client, owned by the caller: Conn is an asynq.RedisConnOpt.
func (c *Conn) MakeRedisClient() any { return c.NewClient() }

// Addrs lists the addresses the URL names (Sentinels, Cluster seeds or the one Redis), for
// logs: no credentials.
func (c *Conn) Addrs() []string {
	switch c.Topology {
	case Sentinel:
		return append([]string(nil), c.failover.SentinelAddrs...)
	case Cluster:
		return append([]string(nil), c.cluster.Addrs...)
	}
	return []string{c.single.Addr}
}
