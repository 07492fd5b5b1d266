package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/crmadmin/crmadmin/ent/billingsubscription"
	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// Test hooks (CRM_TEST_HOOKS=true, never in production): endpoints under /__test/ through
// which the browser tests set a state no browser can reach, as the worker would leave it. Off
// by default: every /__test/ path answers 404 NOT_FOUND (not the SPA's index.html fallback).

// maxHookBody bounds a hook's request body.
const maxHookBody = 4 << 10

// billingStateHook is the body of POST /__test/billing-state: the viewer's org's subscription
// as the billing worker leaves it after a failed renewal (PAST_DUE) or a grace period over
// (LOCKED, the organization too). Times are days before the server's now.
type billingStateHook struct {
	Status             billingsubscription.Status `json:"status"` // PAST_DUE or LOCKED
	PeriodStartDaysAgo int                        `json:"periodStartDaysAgo"`
	PeriodEndDaysAgo   int                        `json:"periodEndDaysAgo"`
	LockedDaysAgo      int                        `json:"lockedDaysAgo"` // LOCKED only
	RetriesDone        *int                       `json:"retriesDone"`   // omitted: unchanged
	LastFailure        string                     `json:"lastFailure"`
}

func (a *App) testHooks(mux *http.ServeMux) {
	if !a.Cfg.TestHooks {
		mux.HandleFunc("/__test/", func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, apperr.NotFound, "not found")
		})
		return
	}
	a.Log.Warn("CRM_TEST_HOOKS is on: /__test/ endpoints let any signed-in super admin set billing states; never use it in production")
	mux.Handle("POST /__test/billing-state", a.withAuth(http.HandlerFunc(a.setBillingState)))
}

func (a *App) setBillingState(w http.ResponseWriter, r *http.Request) {
	v := auth.FromContext(r.Context())
	if v == nil || v.Role != auth.RoleSuperAdmin {
		writeError(w, apperr.Forbidden, "a super admin's session is needed")
		return
	}
	var in billingStateHook
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxHookBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeError(w, apperr.Validation, fmt.Sprintf("bad body: %v", err))
		return
	}
	if in.Status != billingsubscription.StatusPAST_DUE && in.Status != billingsubscription.StatusLOCKED ||
		in.PeriodStartDaysAgo < 0 || in.PeriodStartDaysAgo > 400 || in.PeriodEndDaysAgo < 0 || in.PeriodEndDaysAgo > in.PeriodStartDaysAgo ||
		in.LockedDaysAgo < 0 || in.LockedDaysAgo > 400 || in.RetriesDone != nil && (*in.RetriesDone < 0 || *in.RetriesDone > 10) || len(in.LastFailure) > 500 {
		writeError(w, apperr.Validation, "status PAST_DUE or LOCKED; days ago 0–400, the period's end not before its start; retriesDone 0–10; lastFailure ≤ 500 bytes")
		return
	}
	now := a.Clock.Now().UTC()
	ago := func(d int) time.Time { return now.Add(-time.Duration(d) * 24 * time.Hour) }
	ctx := auth.SystemContext(r.Context(), v.OrgID)
	tx, err := a.DB.Client.Tx(ctx)
	if err != nil {
		writeError(w, apperr.Unavailable, "the database is busy")
		return
	}
	u := tx.BillingSubscription.Update().Where(billingsubscription.OrgID(v.OrgID)).
		SetStatus(in.Status).SetPeriodStart(ago(in.PeriodStartDaysAgo)).SetPeriodEnd(ago(in.PeriodEndDaysAgo)).
		SetNillableRetriesDone(in.RetriesDone).SetLastFailure(in.LastFailure).SetNextAction("").ClearNextActionAt()
	if in.Status == billingsubscription.StatusLOCKED {
		u.SetLockedAt(ago(in.LockedDaysAgo))
	}
	if _, err = u.Save(ctx); err == nil && in.Status == billingsubscription.StatusLOCKED {
		err = tx.Organization.UpdateOneID(v.OrgID).SetStatus(organization.StatusLOCKED).Exec(ctx)
	}
	if err == nil {
		err = tx.Commit()
	} else {
		_ = tx.Rollback()
	}
	if err != nil {
		a.Log.Error("test hook: setting the billing state", "err", err)
		writeError(w, apperr.Internal, "setting the billing state failed")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
