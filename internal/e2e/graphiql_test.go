package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// issue 17 item 4: /graphiql works on a host without internet access: the page and every
// script and style it references come from the server itself, and it has no inline script
// (compatible with a Content-Security-Policy of script-src 'self').
func TestGraphiQLServedFromTheBinary(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{NoWorker: true})
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
	resp, page := get("/graphiql")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/graphiql: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if m := regexp.MustCompile(`<script\b[^>]*>`).FindAllString(page, -1); len(m) == 0 {
		t.Fatalf("/graphiql has no script:\n%s", page)
	} else {
		for _, tag := range m {
			if !strings.Contains(tag, " src=") {
				t.Errorf("inline script in /graphiql (script-src 'self' refuses it): %s", tag)
			}
		}
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	kinds := map[string]bool{}
	for _, m := range refs {
		ref := m[1]
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Errorf("/graphiql references %q: not an asset of this server", ref)
			continue
		}
		resp, body := get(ref)
		if resp.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("%s: %d, %d bytes", ref, resp.StatusCode, len(body))
		}
		for _, ext := range []string{".js", ".css"} {
			if strings.HasSuffix(ref, ext) {
				kinds[ext] = true
			}
		}
		for _, cdn := range []string{"unpkg.com", "jsdelivr.net", "cdnjs", "esm.sh"} {
			if strings.Contains(body, cdn) {
				t.Errorf("%s mentions %s", ref, cdn)
			}
		}
	}
	if !kinds[".js"] || !kinds[".css"] {
		t.Errorf("/graphiql should load its own script and style; references: %v", refs)
	}
}
