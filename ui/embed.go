// Package ui serves the admin SPA embedded in the binary: files from dist/, and index.html
// for any other path so client-side routes survive a reload.
package ui

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// root is dist/ itself.
var root = func() fs.FS {
	r, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return r
}()

// GraphiQL serves the GraphQL explorer page (graphiql.html). Its scripts and styles are the
// build's own assets: nothing loads from another host, no inline script.
func GraphiQL() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, root, "graphiql.html")
	})
}

// Handler serves the built SPA.
func Handler() http.Handler {
	files := http.FileServerFS(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p == "" {
			p = "index.html"
		}
		if _, err := fs.Stat(root, p); err != nil {
			// Unknown path: the SPA's router decides (index.html fallback). Never cache it.
			w.Header().Set("Cache-Control", "no-cache")
			r = r.Clone(r.Context())
			r.URL.Path = "/"
		}
		files.ServeHTTP(w, r)
	})
}
