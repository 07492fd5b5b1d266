package app

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// issue 9 item 10: the request log never writes a secret of a URL: a backup link's token
// (BK-15), in clean or unclean paths, nor the operator token of /ops/jobs/?token=.
func TestRequestLogWritesNoSecret(t *testing.T) {
	const secret = "5ecre7a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d"
	var buf bytes.Buffer
	a := &App{Log: slog.New(slog.NewJSONHandler(&buf, nil))}
	h := a.withRequestLog(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for _, target := range []string{"/download/backup/" + secret, "/x/../download/backup/" + secret,
		"//download/backup/" + secret, "/ops/jobs/?token=" + secret} {
		buf.Reset()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil))
		line := buf.String()
		if strings.Contains(line, secret) || !strings.Contains(line, `"path":"/`) {
			t.Errorf("issue 9 item 10: the log of %s is %s", target, line)
		}
	}
	buf.Reset()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/download/backup/"+secret, nil))
	if !strings.Contains(buf.String(), `"path":"/download/backup/…"`) {
		t.Errorf("the log names the route with the token cut out: %s", buf.String())
	}
}
