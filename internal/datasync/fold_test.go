package datasync

import (
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
)

// SY-5 / issue 15 item 1: the duplicate key of a contact folds the ASCII letters of its email
// and nothing else, as store.FoldEqual does in SQL on SQLite and PostgreSQL.
func TestContactKey_FoldsASCIIOnly_SY5(t *testing.T) {
	for in, want := range map[string]string{
		" Ann@Example.COM ": "ann@example.com",
		"ÉLODIE@X.TEST":     "Élodie@x.test",
		"Ölaf@Z.test":       "Ölaf@z.test",
	} {
		if k := ContactKey(in, "", "Lee"); k.By != "email" || k.Email != want {
			t.Errorf("ContactKey(%q) = %+v, want email %q", in, k, want)
		}
	}
}

// SY-9 / issue 15 item 1: a client version is kept to the microsecond (PostgreSQL's precision),
// so the same version pushed again compares Unchanged with the one read back from either database.
func TestVersion_Microseconds_SY9(t *testing.T) {
	sent := time.Date(2026, 5, 1, 10, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))
	kept := Version(sent)
	if want := time.Date(2026, 5, 1, 8, 0, 0, 123456000, time.UTC); !kept.Equal(want) || kept.Location() != time.UTC {
		t.Fatalf("Version = %v, want %v", kept, want)
	}
	o, conflict := Resolve(Versions{Direction: syncenum.Both, Linked: true, ClientModified: Version(sent), ClientSynced: kept})
	if o != Unchanged || conflict {
		t.Errorf("the same version again: %v %v, want Unchanged", o, conflict)
	}
}
