package httpx

import (
	"net/http"
	"net/netip"
	"testing"
)

// Issue 9 item 4: X-Forwarded-For names the client only when the direct peer is a trusted
// proxy (CRM_TRUSTED_PROXIES), read from the right so a client cannot choose its address.
func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, c := range []struct {
		name, peer, xff string
		trusted         []netip.Prefix
		want            string
	}{
		{"no proxies configured: the header is ignored", "198.51.100.7:5555", "1.2.3.4", nil, "198.51.100.7"},
		{"untrusted peer: the header is ignored", "198.51.100.7:5555", "1.2.3.4", proxies, "198.51.100.7"},
		{"trusted proxy: the client it saw", "10.0.0.2:80", "203.0.113.9", proxies, "203.0.113.9"},
		{"a spoofed hop left of the proxy's is not believed", "10.0.0.2:80", "6.6.6.6, 203.0.113.9", proxies, "203.0.113.9"},
		{"chained trusted proxies are skipped", "10.0.0.2:80", "203.0.113.9, 10.1.1.1", proxies, "203.0.113.9"},
		{"trusted proxy without the header: the proxy", "10.0.0.2:80", "", proxies, "10.0.0.2"},
		{"malformed hop: stop at the last proxy", "10.0.0.2:80", "203.0.113.9, junk", proxies, "10.0.0.2"},
		{"IPv6 peer", "[::1]:80", "2001:db8::5", proxies, "2001:db8::5"},
	} {
		r, _ := http.NewRequest(http.MethodPost, "/query", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ClientAddr(r, c.trusted); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
