package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// SuperAdminWhileLocked are the root fields a LOCKED org's super admin may still use (SB-12):
// pay the renewal, choose another plan, go FREE — any of which unlocks — manage the card, and
// read what is needed to decide.
var SuperAdminWhileLocked = map[string]bool{
	"renewNow": true, "quoteChange": true, "changeSubscription": true, "switchToFree": true,
	"setPaymentMethod": true, "removePaymentMethod": true,
	"currentSubscription": true, "plans": true, "addOns": true, "payments": true,
	"me": true, "organization": true,
}

// openWhileLocked are root fields anyone may use in a LOCKED org: signing in and out.
var openWhileLocked = map[string]bool{"signIn": true, "signUp": true, "signOut": true}

// AccountLock is the one place that refuses a LOCKED org (SB-12): every root field answers
// ACCOUNT_LOCKED to its users, except the super admin's unlock paths (SuperAdminWhileLocked).
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
	case len(name) > 1 && name[:2] == "__", openWhileLocked[name]:
		return nil
	case v.Role == auth.RoleSuperAdmin && SuperAdminWhileLocked[name]:
		return nil
	case v.Role == auth.RoleSuperAdmin:
		return apperr.New(apperr.AccountLocked,
			"the account is locked because the subscription was not paid: you can only renew (renewNow), choose another plan (quoteChange, changeSubscription), switch to Free (switchToFree) or update the card (setPaymentMethod)")
	}
	return apperr.New(apperr.AccountLocked,
		"the account is locked because the subscription was not paid; the organization's super admin can unlock it")
}

// SelfTransacted are the mutations whose service runs its own short transactions instead of
// the request's (entgql.Transactioner): the billing operations that pay, because a failed
// payment must stay recorded while the change does not, no database lock may be held while
// the payment gateway answers, and notifications are sent after the commit. A mutation that
// pays through the billing service (buying backup units too) belongs here.
var SelfTransacted = []string{
	"changeSubscription", "startTrial", "switchToFree", "renewNow", "setPaymentMethod",
	"removePaymentMethod", "buyBackupUnits", "downgradeBackupUnits", "deleteOrganization",
	// Backups enqueue their jobs and publish their events after their own commit.
	"scheduleBackup", "backupNow", "stopBackupSchedule", "cancelBackupRun",
	// Password hashing and checking (argon2id, slow by design) happen before the service's
	// short write transaction, never inside one: under SQLite a write transaction holds the
	// database's one write lock from BEGIN (issue 9 item 3).
	"signUp", "signIn", "changePassword", "inviteUser",
	// Stores its notification, then queues the job that publishes it (worker.SendTestNotification).
	"sendTestNotification",
	// Mail-client sync: the run is stored, then its sync:apply job queued after the commit.
	"pushSyncBatch", "syncAgain",
}

// SkipTx tells entgql.Transactioner to run an operation without the request transaction when
// it selects a self-transacted mutation at its root, fragments included.
func SkipTx(op *ast.OperationDefinition) bool {
	if op == nil {
		return false
	}
	self := map[string]bool{}
	for _, n := range SelfTransacted {
		self[n] = true
	}
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
