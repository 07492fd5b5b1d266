package store

import (
	"slices"
	"testing"

	"entgo.io/ent/dialect/sql/schema"

	"github.com/crmadmin/crmadmin/ent/migrate"
)

// SB-5 on every database: the org's tables are deleted children first, so no foreign key is
// broken even when constraints are checked per statement (PostgreSQL).
func TestSB5_OrgTablesDeleteOrder(t *testing.T) {
	names, err := OrgTables()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, n := range names {
		pos[n] = i
	}
	for _, want := range []string{"contacts", "accounts", "users", "notes", "backup_runs", "backup_files"} {
		if _, ok := pos[want]; !ok {
			t.Fatalf("%s missing from %v", want, names)
		}
	}
	for _, tb := range migrate.Tables {
		for _, fk := range tb.ForeignKeys {
			i, ok1 := pos[tb.Name]
			j, ok2 := pos[fk.RefTable.Name]
			if ok1 && ok2 && tb.Name != fk.RefTable.Name && i > j {
				t.Errorf("%s references %s but is deleted after it", tb.Name, fk.RefTable.Name)
			}
		}
	}
}

// A cycle is refused, not half deleted.
func TestSB5_OrgTablesCycleRefused(t *testing.T) {
	org := &schema.Column{Name: "org_id"}
	a := &schema.Table{Name: "a", Columns: []*schema.Column{org}}
	b := &schema.Table{Name: "b", Columns: []*schema.Column{org}}
	c := &schema.Table{Name: "c", Columns: []*schema.Column{org}}
	a.ForeignKeys = []*schema.ForeignKey{{RefTable: b}, {RefTable: a}} // a self-reference is fine
	b.ForeignKeys = []*schema.ForeignKey{{RefTable: c}}
	got, err := orgTables([]*schema.Table{c, b, a})
	if err != nil || !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("chain: got %v, %v; want [a b c]", got, err)
	}
	c.ForeignKeys = []*schema.ForeignKey{{RefTable: a}}
	if got, err := orgTables([]*schema.Table{a, b, c}); err == nil {
		t.Fatalf("cycle a→b→c→a: got %v, want an error", got)
	}
}
