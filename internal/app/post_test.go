package app

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// PL-6: respond answers what encoding/json answers for a graphql.Response (the transport it
// replaces marshals the whole response), without re-encoding data.
func TestWriteResponseMatchesEncodingJSON(t *testing.T) {
	cases := map[string]*graphql.Response{
		"data":   {Data: json.RawMessage(`{"contacts":{"edges":[{"node":{"id":"1","name":"<佐藤> & \"Zoé\""}}]}}`)},
		"errors": {Errors: gqlerror.List{{Message: "boom", Path: ast.Path{ast.PathName("contacts"), ast.PathIndex(1)}, Extensions: map[string]any{"code": "NOT_FOUND"}}}},
		"both": {Data: json.RawMessage(`{"a":null}`), Errors: gqlerror.List{{Message: "partial"}},
			Extensions: map[string]any{"cost": 3}},
		"null data": {},
	}
	for name, resp := range cases {
		rec := httptest.NewRecorder()
		respond(rec, http.StatusOK, resp)
		got := rec.Body
		if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(got.Len()) {
			t.Errorf("%s: Content-Length %s for %d bytes", name, cl, got.Len())
		}
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		if err := json.Unmarshal(got.Bytes(), &g); err != nil {
			t.Fatalf("%s: invalid JSON %s: %v", name, got.String(), err)
		}
		_ = json.Unmarshal(want, &w)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %s\nwant %s", name, got.String(), want)
		}
	}
}

// PL-6: errors reach clients in the media type they asked for (GraphQL over HTTP).
func TestResponseContentType(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                  mimeJSON,
		"*/*":                               mimeJSON,
		"application/json":                  mimeJSON,
		"text/html, application/json;q=0.9": mimeJSON,
		"application/graphql-response+json": mimeGraphQLResponse,
		"application/graphql-response+json, application/json;q=0.9": mimeGraphQLResponse,
		"text/html": mimeGraphQLResponse,
	} {
		if got := responseContentType(accept); got != want {
			t.Errorf("Accept %q: %s, want %s", accept, got, want)
		}
	}
}
