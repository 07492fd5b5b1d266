package event

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

// samples has one filled event of each type (issue 10 move 7).
func samples() []Event {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	sched := 7
	ref := RunRef{RunID: 42, State: backupkind.RunQueued, SlotAt: &at, ScheduleID: &sched}
	return []Event{
		Test{RequestedBy: "Ann", TaskID: "notify:test:x", DefaultTitle: true},
		BackupScheduled{ScheduleID: 7, NextRunAt: at, By: "Ann"},
		BackupQueued{RunRef: ref, By: "Ann"},
		BackupProgress{RunRef: RunRef{RunID: 42, State: backupkind.RunRunning}, RecordsDone: 10, RecordsTotal: 20},
		BackupArchived{RunRef: RunRef{RunID: 42, State: backupkind.RunArchived}, Records: 20, Attachments: 3, Bytes: 4096},
		BackupReady{RunRef: RunRef{RunID: 42, State: backupkind.RunReady}, Files: 2, Bytes: 4096, ExpiresAt: &at},
		BackupStopped{ScheduleID: 7, By: "Ann", NextWouldHaveBeen: &at, WeeklyAddOnActive: true},
		BackupNeedsPurchase{RunRef: ref},
		BackupFailed{RunRef: RunRef{RunID: 42, State: backupkind.RunFailed}, Error: "disk full"},
		BackupExpired{RunRef: RunRef{RunID: 42, State: backupkind.RunExpired, SlotAt: &at}},
		PaymentSucceeded{Payment: "pay_1", Amount: 1200, Currency: "EUR", Charged: 1000},
		PaymentFailed{Payment: "pay_2", Reason: "card_declined"},
		PastDue{Payment: "pay_3", GraceDays: 15},
		Locked{DowngradeAt: at},
		Unlocked{Plan: "FREE"},
		TrialStarted{Plan: "PRO", EndsAt: at},
		TrialEnded{Plan: "PRO", Back: "FREE"},
		PriceChanging{Plan: "STANDARD", Cycle: "MONTHLY", Version: 2, OldAmount: 2800, NewAmount: 3200, Currency: "EUR", EffectiveAt: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)},
		SyncRunFinished{RunID: 9, UserID: 2, ClientID: 3},
		BundleTrialStarted{EndsAt: at, By: "Ann"},
		BundleTrialExtended{EndsAt: at, By: "Ann"},
		BundleTrialEnding{DaysLeft: 3, EndsAt: at},
		BundleTrialExpired{EndedAt: at},
		BundleCancelled{By: "Ann"},
		BundleUpgraded{Payment: "PAY-1", Cycle: "YEARLY", Users: 3, Amount: 43883, Currency: "EUR"},
	}
}

// Issue 10 move 7: every event type round-trips through the stored payload (Payload, then
// Decode) to the same struct.
func TestEventRoundTrip_Issue10Move7(t *testing.T) {
	for _, e := range samples() {
		t.Run(e.EventType(), func(t *testing.T) {
			p, err := Payload(e)
			if err != nil {
				t.Fatal(err)
			}
			// The row keeps it as JSON: go through the bytes as the database does.
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var stored map[string]any
			if err := json.Unmarshal(b, &stored); err != nil {
				t.Fatal(err)
			}
			got, err := Decode(e.EventType(), stored)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(reflect.ValueOf(got).Elem().Interface(), e) {
				t.Fatalf("%s: got %#v, want %#v", e.EventType(), got, e)
			}
		})
	}
}

// Issue 10 move 7: every struct of the package with an EventType method is registered and
// sampled, so a new event type cannot be emitted without a struct Decode knows.
func TestEveryEventTypeRegistered_Issue10Move7(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "event.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "EventType" || fn.Recv == nil {
			continue
		}
		declared = append(declared, fn.Recv.List[0].Type.(*ast.Ident).Name)
	}
	registered := map[string]bool{}
	for typ, mk := range registry {
		e := mk()
		if e.EventType() != typ {
			t.Errorf("registry[%q] makes a %T of type %q", typ, e, e.EventType())
		}
		registered[reflect.TypeOf(e).Elem().Name()] = true
	}
	sampled := map[string]bool{}
	for _, e := range samples() {
		sampled[reflect.TypeOf(e).Name()] = true
	}
	sort.Strings(declared)
	for _, name := range declared {
		if !registered[name] {
			t.Errorf("%s has an EventType method but is not in the registry", name)
		}
		if !sampled[name] {
			t.Errorf("%s has no sample in the round-trip test", name)
		}
	}
	if len(declared) != len(registry) {
		t.Errorf("%d event structs, %d registered types", len(declared), len(registry))
	}
	if _, err := Decode("backup.unknown", nil); err == nil {
		t.Error("an unknown type decodes")
	}
}

// Issue 10 move 7: notifications stored before the structs existed (untyped payloads, JSON
// numbers as floats, nulls, extra keys) still decode.
func TestOldRowsDecode_Issue10Move7(t *testing.T) {
	rows := []struct {
		typ, payload string
		want         Event
	}{
		{"test", `{"requestedBy":"Ann","taskId":"notify:test:abc","defaultTitle":true}`,
			&Test{RequestedBy: "Ann", TaskID: "notify:test:abc", DefaultTitle: true}},
		{"backup.queued", `{"runId":42,"state":"QUEUED","slotAt":"2026-03-04T05:06:07Z","scheduleId":7,"by":"Ann"}`,
			&BackupQueued{RunRef: RunRef{RunID: 42, State: "QUEUED", SlotAt: ptr(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)), ScheduleID: ptr(7)}, By: "Ann"}},
		{"backup.ready", `{"runId":42,"state":"READY","files":2,"bytes":4096,"expiresAt":null}`,
			&BackupReady{RunRef: RunRef{RunID: 42, State: "READY"}, Files: 2, Bytes: 4096}},
		{"backup.stopped", `{"scheduleId":7,"by":"Ann","nextWouldHaveBeen":null,"weeklyAddOnActive":false}`,
			&BackupStopped{ScheduleID: 7, By: "Ann"}},
		{"billing.payment_succeeded", `{"payment":"pay_1","amount":1200,"currency":"EUR","charged":1000}`,
			&PaymentSucceeded{Payment: "pay_1", Amount: 1200, Currency: "EUR", Charged: 1000}},
		{"billing.unlocked", `{"plan":"FREE","someday":"a key no struct has"}`, &Unlocked{Plan: "FREE"}},
		{"billing.locked", `{"downgradeAt":"2026-04-01T00:00:00Z"}`, &Locked{DowngradeAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}},
		{"backup.failed", ``, &BackupFailed{}},
	}
	for _, r := range rows {
		t.Run(r.typ, func(t *testing.T) {
			var p map[string]any
			if r.payload != "" {
				if err := json.Unmarshal([]byte(r.payload), &p); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Decode(r.typ, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, r.want) {
				t.Fatalf("got %#v, want %#v", got, r.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
