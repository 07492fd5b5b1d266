package backup

import (
	"fmt"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

// ---------------------------------------------------------------------------------------------
// BK-12 Run states

// RunState is where one backup run is (BK-12).
type RunState = backupkind.RunState

const (
	RunScheduled     = backupkind.RunScheduled     // a future slot of a schedule
	RunQueued        = backupkind.RunQueued        // on the job queue (IMMEDIATE runs start here)
	RunRunning       = backupkind.RunRunning       // a worker is writing the archive
	RunArchived      = backupkind.RunArchived      // archive stored, links not yet issued
	RunReady         = backupkind.RunReady         // links issued, downloadable until expiry
	RunExpired       = backupkind.RunExpired       // links expired, files deleted (BK-17)
	RunFailed        = backupkind.RunFailed        // gave up after retries
	RunNeedsPurchase = backupkind.RunNeedsPurchase // nothing covered it; it did not run (BK-10)
	RunCancelled     = backupkind.RunCancelled     // the schedule was stopped before it ran (BK-18)
)

// RunStates lists every run state.
var RunStates = backupkind.RunStates

// transitions is the whole state machine, and the service's only way to change a run's state
// consults it (Service.transition). RUNNING → QUEUED is the retry of a run whose worker died
// (BK-13): the run goes back to the queue and is claimed again; QUEUED → NEEDS_PURCHASE is the
// cover check repeated when the worker starts. Terminal and InProgress are methods of
// backupkind.RunState.
var transitions = map[RunState][]RunState{
	RunScheduled: {RunQueued, RunNeedsPurchase, RunCancelled},
	RunQueued:    {RunRunning, RunNeedsPurchase, RunFailed},
	RunRunning:   {RunArchived, RunQueued, RunFailed},
	RunArchived:  {RunReady, RunFailed},
	RunReady:     {RunExpired},
}

// CanTransition reports whether a run may go from → to. Staying in the same state is not a
// transition.
func CanTransition(from, to RunState) bool {
	for _, x := range transitions[from] {
		if x == to {
			return true
		}
	}
	return false
}

// Transition is CanTransition as an error: CONFLICT naming both states.
func Transition(from, to RunState) error {
	if CanTransition(from, to) {
		return nil
	}
	if from == to {
		return apperr.New(apperr.Conflict, "the backup run is already %s", from).
			With("from", string(from)).With("to", string(to))
	}
	return apperr.New(apperr.Conflict, "a backup run that is %s cannot become %s", from, to).
		With("from", string(from)).With("to", string(to))
}

// ---------------------------------------------------------------------------------------------
// BK-18 Stop

// CanCancel says whether stopping may cancel a run in st: only SCHEDULED runs are cancelled;
// QUEUED/RUNNING/ARCHIVED/READY finish and stay downloadable (CONFLICT), and a run that has
// already ended has nothing to stop (CONFLICT).
func CanCancel(st RunState) error {
	switch st {
	case RunScheduled:
		return nil
	case RunQueued, RunRunning, RunArchived:
		return apperr.New(apperr.Conflict, "this backup is already running; it will finish and stay downloadable").
			With("state", string(st))
	case RunReady:
		return apperr.New(apperr.Conflict, "this backup is already ready; it will stay downloadable until its link expires").
			With("state", string(st))
	}
	return apperr.New(apperr.Conflict, "this backup has already ended (%s); there is nothing to stop", st).
		With("state", string(st))
}

// StopPlan says what stopping a schedule does to each of its runs (indexes into the input).
type StopPlan struct {
	Cancel      []int // SCHEDULED → CANCELLED
	KeepRunning []int // QUEUED, RUNNING, ARCHIVED: they finish and stay downloadable
	Untouched   []int // READY and ended runs
}

// StopOutcome sorts a schedule's runs for a stop (BK-18).
func StopOutcome(states []RunState) StopPlan {
	var p StopPlan
	for i, st := range states {
		switch {
		case st == RunScheduled:
			p.Cancel = append(p.Cancel, i)
		case st.InProgress():
			p.KeepRunning = append(p.KeepRunning, i)
		default:
			p.Untouched = append(p.Untouched, i)
		}
	}
	return p
}

// AddonNotCancelledNote is said on every stop while the weekly add-on is active (BK-18).
const AddonNotCancelledNote = "Stopping backups does not cancel the weekly backup add-on; to stop paying for it, cancel it in Subscription > Add-ons."

// StopAnswer is the text pieces of the answer to "stop the schedule" (BK-18).
type StopAnswer struct {
	Stopped string // always: "Scheduled backups are stopped."
	// NextWouldHaveBeen is when the next backup would have been, in the org's zone; "" when
	// the schedule had no upcoming run.
	NextWouldHaveBeen string
	NextAt            time.Time // the same instant, UTC; zero when none
	// StillRunning is said when runs in progress keep going; "" when none.
	StillRunning string
	// AddonNote is AddonNotCancelledNote when the weekly add-on is active, "" otherwise.
	AddonNote string

	loc     *time.Location // what Localize needs to word it again
	running int
}

// The sentences of the stop answer (English; the i18n catalogue has their translations).
const (
	stoppedText           = "Scheduled backups are stopped."
	nextWouldHaveBeenText = "The next backup would have been on %s (%s)."
	stillRunningOneText   = "1 backup already in progress will finish and stay downloadable."
	stillRunningText      = "%d backups already in progress will finish and stay downloadable."
)

// Text joins the non-empty pieces with spaces.
func (a StopAnswer) Text() string {
	var parts []string
	for _, p := range []string{a.Stopped, a.NextWouldHaveBeen, a.StillRunning, a.AddonNote} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// StopMessage builds the stop answer: next is NextRun(schedule, now) (hasNext false when none),
// stillRunning the number of runs that keep going (len(StopPlan.KeepRunning)).
func StopMessage(next time.Time, hasNext bool, loc *time.Location, stillRunning int, weeklyAddonActive bool) StopAnswer {
	if loc == nil {
		loc = time.UTC
	}
	a := StopAnswer{Stopped: stoppedText, loc: loc, running: stillRunning}
	if hasNext {
		a.NextAt = next.UTC()
		a.NextWouldHaveBeen = fmt.Sprintf(nextWouldHaveBeenText, next.In(loc).Format("Monday, 2 January 2006 at 15:04"), loc)
	}
	switch {
	case stillRunning == 1:
		a.StillRunning = stillRunningOneText
	case stillRunning > 1:
		a.StillRunning = fmt.Sprintf(stillRunningText, stillRunning)
	}
	if weeklyAddonActive {
		a.AddonNote = AddonNotCancelledNote
	}
	return a
}

// ---------------------------------------------------------------------------------------------
// BK-13 One run per slot

// SlotKey is the idempotency key of a schedule's slot — a unique key on runs and the asynq
// task ID — so a slot that is ticked, reconciled or retried twice still makes one run:
// "backup:<scheduleID>:<slot in UTC, RFC 3339, whole seconds>".
func SlotKey(scheduleID int, slot time.Time) string {
	return fmt.Sprintf("backup:%d:%s", scheduleID, slot.UTC().Format(time.RFC3339))
}
