package graph

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// PL-6, issue 9 item 5: a panic never reaches a client as an uncoded "panic". Recover's error
// is complete by itself (gqlgen's websocket transport sends it without the presenter): INTERNAL
// with a reference, logged once with the panic value; the presenter keeps that reference.
func TestRecoverIsCodedInternal(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	err := Recover(log)(context.Background(), "boom 4242 4242 4242 4242")

	var ge *gqlerror.Error
	if !errors.As(err, &ge) || ge.Extensions["code"] != "INTERNAL" || !strings.HasPrefix(ge.Message, "internal error (reference ") {
		t.Fatalf("Recover returned %#v; want a gqlerror with code INTERNAL and a reference", err)
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(ge.Message, "internal error (reference "), "); it was logged")
	if !strings.Contains(logs.String(), "ref="+ref) || !strings.Contains(logs.String(), "boom") ||
		strings.Contains(logs.String(), "4242 4242") {
		t.Fatalf("log %q: want the panic value with ref %s and no card number (SB-10)", logs.String(), ref)
	}

	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	logs.Reset()
	p := ErrorPresenter(log)(ctx, err)
	if p.Extensions["code"] != "INTERNAL" || p.Message != ge.Message {
		t.Fatalf("presented %q %v; want the same INTERNAL message with reference %s", p.Message, p.Extensions, ref)
	}
	if logs.Len() != 0 {
		t.Fatalf("the presenter logged the recovered panic a second time: %s", logs.String())
	}
}
