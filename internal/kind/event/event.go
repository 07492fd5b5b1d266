// Package event is the vocabulary of the events the server tells people about (issue 10
// move 7): one Go struct per notification type, spelled once. The services emit them (through
// notify.Message.Event), the notification row keeps their JSON as its payload, the GraphQL
// API serves them as the members of the union NotificationEvent (gqlgen.yml binds each
// GraphQL type to its struct here) and the SPA gets the same shapes through its generated
// types.
//
// It is a leaf: it imports only the standard library and the backup vocabulary
// (internal/kind/backupkind), itself a leaf.
//
// The JSON field names are those of the untyped payloads stored before the structs existed,
// so old rows decode (Decode) into the same structs.
package event

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

// Event is what a notification tells: one of the structs of this package.
type Event interface {
	// EventType is the notification type, dotted ("backup.ready").
	EventType() string
}

// Notification types.
const (
	TypeTest                    = "test"
	TypeBackupScheduled         = "backup.scheduled"      // a schedule was created or changed
	TypeBackupQueued            = "backup.queued"         // a run is on the queue (a slot fired, or backupNow)
	TypeBackupProgress          = "backup.progress"       // RUNNING: records done / total (not kept)
	TypeBackupArchived          = "backup.archived"       // the archive is stored
	TypeBackupReady             = "backup.ready"          // download links issued
	TypeBackupStopped           = "backup.stopped"        // a schedule was stopped
	TypeBackupNeedsPurchase     = "backup.needs_purchase" // a slot had nothing to cover it (BK-10)
	TypeBackupFailed            = "backup.failed"         // a run gave up
	TypeBackupExpired           = "backup.expired"        // links expired, files deleted (BK-17)
	TypeBillingPaymentSucceeded = "billing.payment_succeeded"
	TypeBillingPaymentFailed    = "billing.payment_failed"
	TypeBillingPastDue          = "billing.past_due"
	TypeBillingLocked           = "billing.locked"
	TypeBillingUnlocked         = "billing.unlocked"
	TypeBillingTrialStarted     = "billing.trial_started"
	TypeBillingTrialEnded       = "billing.trial_ended"
	TypeBillingPriceChanging    = "billing.price_changing" // the next renewal moves to a new price version (issue 18)
	TypeSyncRun                 = "sync.run"               // a mail-client sync run finished (SY-2, SY-7)
	TypeBundleTrialStarted      = "bundle.trial_started"   // the suite bundle's trial started (BU-3)
	TypeBundleTrialExtended     = "bundle.trial_extended"  // the trial was extended once (BU-4)
	TypeBundleTrialEnding       = "bundle.trial_ending"    // 7, 3 or 1 day(s) left (BU-4)
	TypeBundleTrialExpired      = "bundle.trial_expired"   // the trial is over (BU-4)
	TypeBundleCancelled         = "bundle.cancelled"       // the bundle ended without an upgrade (BU-4)
	TypeBundleUpgraded          = "bundle.upgraded"        // the bundle contract started (BU-5)
)

// registry makes an empty event of each type: every type the server emits is here (the
// tests check that every emit site's type is).
var registry = map[string]func() Event{
	TypeSyncRun:                 func() Event { return &SyncRunFinished{} },
	TypeTest:                    func() Event { return &Test{} },
	TypeBackupScheduled:         func() Event { return &BackupScheduled{} },
	TypeBackupQueued:            func() Event { return &BackupQueued{} },
	TypeBackupProgress:          func() Event { return &BackupProgress{} },
	TypeBackupArchived:          func() Event { return &BackupArchived{} },
	TypeBackupReady:             func() Event { return &BackupReady{} },
	TypeBackupStopped:           func() Event { return &BackupStopped{} },
	TypeBackupNeedsPurchase:     func() Event { return &BackupNeedsPurchase{} },
	TypeBackupFailed:            func() Event { return &BackupFailed{} },
	TypeBackupExpired:           func() Event { return &BackupExpired{} },
	TypeBillingPaymentSucceeded: func() Event { return &PaymentSucceeded{} },
	TypeBillingPaymentFailed:    func() Event { return &PaymentFailed{} },
	TypeBillingPastDue:          func() Event { return &PastDue{} },
	TypeBillingLocked:           func() Event { return &Locked{} },
	TypeBillingUnlocked:         func() Event { return &Unlocked{} },
	TypeBillingTrialStarted:     func() Event { return &TrialStarted{} },
	TypeBillingTrialEnded:       func() Event { return &TrialEnded{} },
	TypeBillingPriceChanging:    func() Event { return &PriceChanging{} },
	TypeBundleTrialStarted:      func() Event { return &BundleTrialStarted{} },
	TypeBundleTrialExtended:     func() Event { return &BundleTrialExtended{} },
	TypeBundleTrialEnding:       func() Event { return &BundleTrialEnding{} },
	TypeBundleTrialExpired:      func() Event { return &BundleTrialExpired{} },
	TypeBundleCancelled:         func() Event { return &BundleCancelled{} },
	TypeBundleUpgraded:          func() Event { return &BundleUpgraded{} },
}

// Types lists every notification type.
func Types() []string {
	out := make([]string, 0, len(registry))
	for t := range registry {
		out = append(out, t)
	}
	return out
}

// Known reports whether typ has a struct.
func Known(typ string) bool { _, ok := registry[typ]; return ok }

// Payload is e as the JSON object a notification row keeps.
func Payload(e Event) (map[string]any, error) {
	if e == nil {
		return nil, nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// Decode is the event of a notification of type typ with the stored payload p (rows written
// before the structs existed included). An unknown type is an error.
func Decode(typ string, p map[string]any) (Event, error) {
	mk, ok := registry[typ]
	if !ok {
		return nil, fmt.Errorf("event: unknown notification type %q", typ)
	}
	e := mk()
	if len(p) == 0 {
		return e, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, e); err != nil {
		return nil, fmt.Errorf("event: %s payload: %w", typ, err)
	}
	return e, nil
}

// RunRef is the backup run an event is about.
type RunRef struct {
	RunID      int                 `json:"runId"`
	State      backupkind.RunState `json:"state"`
	SlotAt     *time.Time          `json:"slotAt,omitempty"`
	ScheduleID *int                `json:"scheduleId,omitempty"`
}

// Test is a test notification (sendTestNotification).
type Test struct {
	RequestedBy string `json:"requestedBy"`
	TaskID      string `json:"taskId"`
	// DefaultTitle: the title is the default one, worded in the sender's language; readers
	// word it again in theirs (issue 17 item 6).
	DefaultTitle bool `json:"defaultTitle"`
}

// BackupScheduled: a schedule was created or changed (BK-6).
type BackupScheduled struct {
	ScheduleID int       `json:"scheduleId"`
	NextRunAt  time.Time `json:"nextRunAt"`
	By         string    `json:"by"`
}

// BackupQueued: a run is on the queue; By is set for a one-off backup.
type BackupQueued struct {
	RunRef
	By string `json:"by,omitempty"`
}

// BackupProgress: a RUNNING run's records done of its total (published, not kept).
type BackupProgress struct {
	RunRef
	RecordsDone  int64 `json:"recordsDone"`
	RecordsTotal int64 `json:"recordsTotal"`
}

// BackupArchived: the archive is stored.
type BackupArchived struct {
	RunRef
	Records     int64 `json:"records"`
	Attachments int64 `json:"attachments"`
	Bytes       int64 `json:"bytes"`
}

// BackupReady: the download links are issued until ExpiresAt.
type BackupReady struct {
	RunRef
	Files     int        `json:"files"`
	Bytes     int64      `json:"bytes"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

// BackupStopped: a schedule was stopped (BK-18).
type BackupStopped struct {
	ScheduleID        int        `json:"scheduleId"`
	By                string     `json:"by"`
	NextWouldHaveBeen *time.Time `json:"nextWouldHaveBeen,omitempty"`
	WeeklyAddOnActive bool       `json:"weeklyAddOnActive"`
}

// BackupNeedsPurchase: a scheduled slot had nothing to cover it (BK-10).
type BackupNeedsPurchase struct{ RunRef }

// BackupFailed: a run gave up.
type BackupFailed struct {
	RunRef
	Error string `json:"error"`
}

// BackupExpired: a run's links expired and its files were deleted (BK-17).
type BackupExpired struct{ RunRef }

// PaymentSucceeded: a payment was received; Charged is what the card paid (Amount less the
// balance applied), in minor units of Currency.
type PaymentSucceeded struct {
	Payment  string `json:"payment"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Charged  int64  `json:"charged"`
}

// PaymentFailed: a payment was declined.
type PaymentFailed struct {
	Payment string `json:"payment"`
	Reason  string `json:"reason"`
}

// PastDue: a renewal could not be charged; GraceDays to update the card (SB-11).
type PastDue struct {
	Payment   string `json:"payment"`
	GraceDays int    `json:"graceDays"`
}

// Locked: the org is locked until it pays or DowngradeAt passes (SB-12).
type Locked struct {
	DowngradeAt time.Time `json:"downgradeAt"`
}

// Unlocked: the org is unlocked, by a payment or on a plan.
type Unlocked struct {
	Plan    string `json:"plan,omitempty"`
	Payment string `json:"payment,omitempty"`
}

// TrialStarted: a trial of Plan runs until EndsAt.
type TrialStarted struct {
	Plan   string    `json:"plan"`
	EndsAt time.Time `json:"endsAt"`
}

// SyncRunFinished: a mail-client sync run finished; the run (its history, SY-7) says what it did.
type SyncRunFinished struct {
	RunID    int `json:"runId"`
	UserID   int `json:"userId"`
	ClientID int `json:"clientId"`
}

// TrialEnded: the trial of Plan ended; the org is back on Back.
type TrialEnded struct {
	Plan string `json:"plan"`
	Back string `json:"back"`
}

// PriceChanging: from the renewal at EffectiveAt the subscription pays Version of its plan's
// price: NewAmount instead of OldAmount a period (minor units of Currency, before any balance).
type PriceChanging struct {
	Plan        string    `json:"plan"`
	Cycle       string    `json:"cycle"`
	Version     int       `json:"version"`
	OldAmount   int64     `json:"oldAmount"`
	NewAmount   int64     `json:"newAmount"`
	Currency    string    `json:"currency"`
	EffectiveAt time.Time `json:"effectiveAt"`
}

func (PriceChanging) EventType() string { return TypeBillingPriceChanging }

func (Test) EventType() string                { return TypeTest }
func (BackupScheduled) EventType() string     { return TypeBackupScheduled }
func (BackupQueued) EventType() string        { return TypeBackupQueued }
func (BackupProgress) EventType() string      { return TypeBackupProgress }
func (BackupArchived) EventType() string      { return TypeBackupArchived }
func (BackupReady) EventType() string         { return TypeBackupReady }
func (BackupStopped) EventType() string       { return TypeBackupStopped }
func (BackupNeedsPurchase) EventType() string { return TypeBackupNeedsPurchase }
func (BackupFailed) EventType() string        { return TypeBackupFailed }
func (BackupExpired) EventType() string       { return TypeBackupExpired }
func (PaymentSucceeded) EventType() string    { return TypeBillingPaymentSucceeded }
func (PaymentFailed) EventType() string       { return TypeBillingPaymentFailed }
func (PastDue) EventType() string             { return TypeBillingPastDue }
func (Locked) EventType() string              { return TypeBillingLocked }
func (SyncRunFinished) EventType() string     { return TypeSyncRun }
func (Unlocked) EventType() string            { return TypeBillingUnlocked }
func (TrialStarted) EventType() string        { return TypeBillingTrialStarted }
func (TrialEnded) EventType() string          { return TypeBillingTrialEnded }

// BundleTrialStarted: the suite bundle's trial runs until EndsAt (BU-3).
type BundleTrialStarted struct {
	EndsAt time.Time `json:"endsAt"`
	By     string    `json:"by"`
}

// BundleTrialExtended: the trial now runs until EndsAt (BU-4).
type BundleTrialExtended struct {
	EndsAt time.Time `json:"endsAt"`
	By     string    `json:"by"`
}

// BundleTrialEnding: DaysLeft (7, 3 or 1) days of the trial are left; it ends at EndsAt (BU-4).
type BundleTrialEnding struct {
	DaysLeft int       `json:"daysLeft"`
	EndsAt   time.Time `json:"endsAt"`
}

// BundleTrialExpired: the trial ended at EndedAt with no choice made: the bundle ended as if
// cancelled (BU-4).
type BundleTrialExpired struct {
	EndedAt time.Time `json:"endedAt"`
}

// BundleCancelled: the org cancelled its bundle (BU-4).
type BundleCancelled struct {
	By string `json:"by"`
}

// BundleUpgraded: the bundle contract started (BU-5); Payment is its payment's reference.
type BundleUpgraded struct {
	Payment  string `json:"payment"`
	Cycle    string `json:"cycle"`
	Users    int    `json:"users"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

func (BundleTrialStarted) EventType() string  { return TypeBundleTrialStarted }
func (BundleTrialExtended) EventType() string { return TypeBundleTrialExtended }
func (BundleTrialEnding) EventType() string   { return TypeBundleTrialEnding }
func (BundleTrialExpired) EventType() string  { return TypeBundleTrialExpired }
func (BundleCancelled) EventType() string     { return TypeBundleCancelled }
func (BundleUpgraded) EventType() string      { return TypeBundleUpgraded }
