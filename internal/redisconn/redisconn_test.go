package redisconn

import (
	"slices"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Issue 15 item 4: every URL form of the README makes a client of its topology, with the
// addresses, database and credentials where go-redis expects them.
func TestParse_URLForms_Issue15Item4(t *testing.T) {
	t.Run("single", func(t *testing.T) {
		c, err := Parse("redis://:pw@10.0.0.1:6380/2?pool_size=7")
		if err != nil {
			t.Fatal(err)
		}
		if c.Topology != Single || c.single.Addr != "10.0.0.1:6380" || c.single.DB != 2 || c.single.Password != "pw" || c.single.PoolSize != 7 {
			t.Fatalf("single: %+v", c.single)
		}
		cl := c.NewClient()
		defer cl.Close()
		if _, ok := cl.(*redis.Client); !ok {
			t.Fatalf("single: client %T", cl)
		}
		tls, err := Parse("rediss://h:6379/0")
		if err != nil || tls.single.TLSConfig == nil {
			t.Fatalf("rediss: %v, %+v", err, tls)
		}
	})
	t.Run("sentinel", func(t *testing.T) {
		c, err := Parse("redis-sentinel://:spw@10.0.0.1:26379,10.0.0.2:26379/3?master_name=crm&password=ppw&addr=10.0.0.3:26379")
		if err != nil {
			t.Fatal(err)
		}
		o := c.failover
		want := []string{"10.0.0.1:26379", "10.0.0.3:26379", "10.0.0.2:26379"}
		slices.Sort(want)
		got := slices.Clone(o.SentinelAddrs)
		slices.Sort(got)
		if c.Topology != Sentinel || !slices.Equal(got, want) || o.MasterName != "crm" || o.DB != 3 ||
			o.SentinelPassword != "spw" || o.Password != "ppw" {
			t.Fatalf("sentinel: %+v", o)
		}
		cl := c.NewClient()
		defer cl.Close()
		if _, ok := cl.(*redis.Client); !ok { // go-redis's failover client is a *redis.Client
			t.Fatalf("sentinel: client %T", cl)
		}
		// asynq's spelling of the primary's name
		if c, err := Parse("redis-sentinel://h:26379?master=crm"); err != nil || c.failover.MasterName != "crm" {
			t.Fatalf("master=: %v %+v", err, c)
		}
		if c, err := Parse("rediss-sentinel://h:26379?master_name=crm"); err != nil || c.failover.TLSConfig == nil {
			t.Fatalf("rediss-sentinel: %v %+v", err, c)
		}
	})
	t.Run("cluster", func(t *testing.T) {
		c, err := Parse("redis-cluster://u:pw@10.0.0.1:7000,10.0.0.2:7001?read_only=true")
		if err != nil {
			t.Fatal(err)
		}
		o := c.cluster
		got := slices.Clone(o.Addrs)
		slices.Sort(got)
		if c.Topology != Cluster || !slices.Equal(got, []string{"10.0.0.1:7000", "10.0.0.2:7001"}) || o.Username != "u" || o.Password != "pw" || !o.ReadOnly {
			t.Fatalf("cluster: %+v", o)
		}
		cl := c.NewClient()
		defer cl.Close()
		if _, ok := cl.(*redis.ClusterClient); !ok {
			t.Fatalf("cluster: client %T", cl)
		}
	})
}

// Issue 15 item 4: a URL that cannot work is refused at start, and the error does not repeat
// the URL's password.
func TestParse_Refused_Issue15Item4(t *testing.T) {
	for _, raw := range []string{
		"http://:secretpw@h:6379",                                  // not Redis
		"redis-sentinel://:secretpw@h:26379",                       // no primary name
		"redis-cluster://:secretpw@h:7000/3",                       // a cluster has database 0 only
		"redis-sentinel://:secretpw@h:26379?master_name=m&bogus=1", // unknown option
		"redis-cluster://:secretpw@?addr=h:7000",                   // no first host
		"redis://:secretpw@h:6379/x",                               // database not a number
	} {
		_, err := Parse(raw)
		if err == nil {
			t.Errorf("%s: accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "secretpw") {
			t.Errorf("%s: the error repeats the password: %v", raw, err)
		}
	}
}
