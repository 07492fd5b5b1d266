package store

import (
	"fmt"
	"slices"

	"entgo.io/ent/dialect/sql/schema"

	"github.com/crmadmin/crmadmin/ent/migrate"
)

// OrgTables are the tables with an org_id column in an order that deletes an org's rows
// without breaking a foreign key on any database: a table comes before every table it
// references (self-references aside), so a DELETE … WHERE org_id = $1 table after table never
// leaves a row pointing at a deleted one, with immediate constraint checks (PostgreSQL's
// default, and SQLite's) as with deferred ones. The order is computed from the schema, so
// tables added later are covered; a reference cycle between org tables is an error (the
// schema test catches it).
func OrgTables() ([]string, error) { return orgTables(migrate.Tables) }

func orgTables(tables []*schema.Table) ([]string, error) {
	var org []*schema.Table
	for _, t := range tables {
		if slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Name == "org_id" }) {
			org = append(org, t)
		}
	}
	// Kahn's algorithm on "t references r" edges, emitting a table once nothing left
	// references it.
	referencedBy := map[string]int{}
	for _, t := range org {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != nil && fk.RefTable.Name != t.Name {
				referencedBy[fk.RefTable.Name]++
			}
		}
	}
	var out []string
	done := map[string]bool{}
	for len(out) < len(org) {
		progress := false
		for _, t := range org { // schema order among the ready ones: a stable result
			if done[t.Name] || referencedBy[t.Name] > 0 {
				continue
			}
			done[t.Name] = true
			out = append(out, t.Name)
			progress = true
			for _, fk := range t.ForeignKeys {
				if fk.RefTable != nil && fk.RefTable.Name != t.Name {
					referencedBy[fk.RefTable.Name]--
				}
			}
		}
		if !progress {
			var left []string
			for _, t := range org {
				if !done[t.Name] {
					left = append(left, t.Name)
				}
			}
			return nil, fmt.Errorf("org tables reference each other in a cycle: %v", left)
		}
	}
	return out, nil
}
