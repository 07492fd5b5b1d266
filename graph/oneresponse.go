package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// OneResponse makes a query or a mutation answer exactly once, whatever the transport.
//
// The websocket transport asks an operation's response handler for responses until it gets
// nil (a subscription answers many times). A query or mutation answers once and then nil, but
// every call goes through the response interceptors first: entgql.Transactioner opened a
// second transaction for that second call and panicked on its nil response, after the first
// had committed — every mutation over a websocket committed and then answered an uncoded
// "panic" (issue 9 item 5). Over HTTP the handler is called once, so nothing changes there.
type OneResponse struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = OneResponse{}

func (OneResponse) ExtensionName() string                   { return "OneResponse" }
func (OneResponse) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation returns the operation's responses, stopping a query or mutation after
// its first, before the response interceptors run again.
func (OneResponse) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	responses := next(ctx)
	if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Subscription {
		return responses
	}
	answered := false
	return func(ctx context.Context) *graphql.Response {
		if answered {
			return nil
		}
		answered = true
		return responses(ctx)
	}
}
