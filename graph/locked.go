package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// Policies are the per-root-field policies declared as directives on graph/*.graphqls (issue
// 10 move 6), read once from the parsed schema at start so that a new field cannot miss a
// hand-kept list:
//
//	@selfTransacted / @requestTransaction   every mutation declares exactly one
//	@allowWhileLocked(role: SUPER_ADMIN)     a LOCKED org's super admin may still use it (SB-12)
//	@open                                    anyone may use it whatever the org's state
//
// The directives have no runtime part (gqlgen.yml skip_runtime): AccountLock and SkipTx read
// these sets once per operation, as they read the hand lists before.
type Policies struct {
	// SelfTransacted are the mutations whose service runs its own short transactions instead
	// of the request's (entgql.Transactioner): the billing operations that pay, because a
	// failed payment must stay recorded while the change does not, no database lock may be
	// held while the payment gateway answers, and notifications are sent after the commit
	// (buying backup units too); backups, which enqueue their jobs and publish their events
	// after their own commit; password hashing and checking (argon2id, slow by design), which
	// happen before the service's short write transaction, never inside one: under SQLite a
	// write transaction holds the database's one write lock from BEGIN (issue 9 item 3); the
	// test notification, stored then queued (notify.Service.SendTest).
	SelfTransacted map[string]bool
	// SuperAdminWhileLocked are the root fields a LOCKED org's super admin may still use
	// (SB-12): pay the renewal, choose another plan, go FREE — any of which unlocks — manage
	// the card, and read what is needed to decide.
	SuperAdminWhileLocked map[string]bool
	// OpenWhileLocked are root fields anyone may use in a LOCKED org: signing in and out.
	OpenWhileLocked map[string]bool
}

// PoliciesOf reads the policy directives of s's root fields. It refuses a mutation that
// declares neither or both of @selfTransacted and @requestTransaction, a transaction policy
// outside Mutation, and a role other than SUPER_ADMIN in @allowWhileLocked.
func PoliciesOf(s *ast.Schema) (Policies, error) {
	p := Policies{SelfTransacted: map[string]bool{}, SuperAdminWhileLocked: map[string]bool{}, OpenWhileLocked: map[string]bool{}}
	var errs []error
	for _, root := range []*ast.Definition{s.Query, s.Mutation, s.Subscription} {
		if root == nil {
			continue
		}
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			self, req := f.Directives.ForName("selfTransacted") != nil, f.Directives.ForName("requestTransaction") != nil
			switch {
			case root != s.Mutation && (self || req):
				errs = append(errs, fmt.Errorf("%s.%s: transaction policies are for mutations", root.Name, f.Name))
			case root == s.Mutation && self && req:
				errs = append(errs, fmt.Errorf("Mutation.%s declares both @selfTransacted and @requestTransaction", f.Name))
			case root == s.Mutation && !self && !req:
				errs = append(errs, fmt.Errorf("Mutation.%s declares neither @selfTransacted (its service opens its own transactions) nor @requestTransaction", f.Name))
			case self:
				p.SelfTransacted[f.Name] = true
			}
			if d := f.Directives.ForName("allowWhileLocked"); d != nil {
				if r := d.Arguments.ForName("role"); r == nil || r.Value == nil || r.Value.Raw != string(auth.RoleSuperAdmin) {
					errs = append(errs, fmt.Errorf("%s.%s: @allowWhileLocked supports role: SUPER_ADMIN only", root.Name, f.Name))
				}
				p.SuperAdminWhileLocked[f.Name] = true
			}
			if f.Directives.ForName("open") != nil {
				p.OpenWhileLocked[f.Name] = true
			}
		}
	}
	return p, errors.Join(errs...)
}

// policies are this schema's, read at start; a schema that breaks a policy rule does not start
// (and TestPolicies_Issue10Move6 says why).
var policies = func() Policies {
	p, err := PoliciesOf(parsedSchema)
	if err != nil {
		panic("graph/*.graphqls: " + err.Error())
	}
	return p
}()

// AccountLock is the one place that refuses a LOCKED org (SB-12): every root field answers
// ACCOUNT_LOCKED to its users, except the super admin's unlock paths (@allowWhileLocked).
// The viewer carries the org's status from authentication; system jobs are never locked.
//
// The check is a field middleware installed per operation, and only for a viewer whose org
// is locked: the operations of every other viewer (nearly all of them) run without a field
// interceptor, which gqlgen would otherwise call for every field of every object.
type AccountLock struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = AccountLock{}

func (AccountLock) ExtensionName() string                   { return "AccountLock" }
func (AccountLock) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext wraps the operation's field middleware with the lock check when the
// viewer's org is locked. (A websocket's operations carry the viewer of its connection_init.)
func (AccountLock) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	v := auth.FromContext(ctx)
	if v == nil || !v.OrgLocked || v.System {
		return nil
	}
	next := oc.ResolverMiddleware
	oc.ResolverMiddleware = func(ctx context.Context, resolve graphql.Resolver) (any, error) {
		if err := lockedField(ctx, v); err != nil {
			return nil, err
		}
		return next(ctx, resolve)
	}
	return nil
}

// lockedField is ACCOUNT_LOCKED for a root field v may not use, nil for any other field.
func lockedField(ctx context.Context, v *auth.Viewer) error {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || (fc.Object != "Query" && fc.Object != "Mutation" && fc.Object != "Subscription") {
		return nil
	}
	name := fc.Field.Name
	switch {
	case len(name) > 1 && name[:2] == "__", policies.OpenWhileLocked[name]:
		return nil
	case v.Role == auth.RoleSuperAdmin && policies.SuperAdminWhileLocked[name]:
		return nil
	case v.Role == auth.RoleSuperAdmin:
		return apperr.New(apperr.AccountLocked,
			"the account is locked because the subscription was not paid: you can only renew (renewNow), choose another plan (quoteChange, changeSubscription), switch to Free (switchToFree) or update the card (setPaymentMethod)")
	}
	return apperr.New(apperr.AccountLocked,
		"the account is locked because the subscription was not paid; the organization's super admin can unlock it")
}

// SkipTx tells entgql.Transactioner to run an operation without the request transaction when
// it selects a self-transacted mutation at its root, fragments included.
func SkipTx(op *ast.OperationDefinition) bool {
	if op == nil {
		return false
	}
	self := policies.SelfTransacted
	var walk func(ast.SelectionSet) bool
	walk = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if self[s.Name] {
					return true
				}
			case *ast.InlineFragment:
				if walk(s.SelectionSet) {
					return true
				}
			case *ast.FragmentSpread:
				if s.Definition != nil && walk(s.Definition.SelectionSet) {
					return true
				}
			}
		}
		return false
	}
	return walk(op.SelectionSet)
}
