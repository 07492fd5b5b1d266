package backupkind

import (
	"bytes"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Issue 10 move 1: the vocabulary is a leaf — it imports only the standard library, so ent,
// the rules and graph can all use it without a cycle.
func TestLeafImportsOnlyStandardLibrary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}

// BK-6: weekdays and weeks of the month convert both ways, and nothing else does.
func TestWeekdayAndWeekOfMonth_BK6(t *testing.T) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		w := WeekdayOf(d)
		if !w.Valid() || w.Time() != d || !strings.EqualFold(string(w), d.String()) {
			t.Errorf("%v → %q → %v", d, w, w.Time())
		}
	}
	if WeekdayOf(7) != "" || WeekdayOf(-1) != "" || Weekday("FUNDAY").Time() != -1 {
		t.Error("out of range weekdays")
	}
	for n, want := range map[int]WeekOfMonth{1: First, 2: Second, 3: Third, 4: Fourth, LastWeek: Last} {
		if WeekOfMonthOf(n) != want || want.N() != n {
			t.Errorf("%d ↔ %q", n, want)
		}
	}
	if WeekOfMonthOf(5) != "" || WeekOfMonthOf(0) != "" || WeekOfMonth("FIFTH").N() != 0 {
		t.Error("a 5th week must not exist: LAST is the only way to say it")
	}
}

// The GraphQL spelling is the stored spelling: marshalling writes the value, unmarshalling
// refuses anything outside the enum (NONE is the rules' "no cover", never a stored cover).
func TestGraphQLRoundTrip(t *testing.T) {
	var b bytes.Buffer
	RunNeedsPurchase.MarshalGQL(&b)
	if b.String() != `"NEEDS_PURCHASE"` {
		t.Fatal(b.String())
	}
	var st RunState
	if err := st.UnmarshalGQL("READY"); err != nil || st != RunReady {
		t.Fatal(st, err)
	}
	if err := st.UnmarshalGQL("BOGUS"); err == nil || st != RunReady {
		t.Fatal("BOGUS accepted")
	}
	var c Cover
	if err := c.UnmarshalGQL("NONE"); err == nil {
		t.Fatal("NONE is not a stored cover")
	}
	var r RepeatType
	if err := r.UnmarshalGQL(3); err == nil {
		t.Fatal("a number accepted")
	}
	if len(RunState("").Values()) != 9 || len(RepeatType("").Values()) != 5 || len(Cover("").Values()) != 3 {
		t.Fatal("Values")
	}
	for _, st := range RunStates {
		if st.Terminal() && st.InProgress() {
			t.Errorf("%s both terminal and in progress", st)
		}
	}
}
