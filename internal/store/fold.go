package store

import (
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/crmadmin/crmadmin/internal/kind/emailfold"
)

// FoldEqual matches column col against v ignoring the case of ASCII letters, the same on
// SQLite and PostgreSQL (emails at sign-in, sign-up and invitations; SY-5's matching by email).
// ent's EqualFold differs by database: SQLite's LOWER folds ASCII only, PostgreSQL's ILIKE
// folds every letter its locale knows (and reads % and _ as patterns). Here both fold ASCII
// only: SQLite's lower(), PostgreSQL's lower() under the "C" collation; other characters
// compare exactly on both. Use it as an ent predicate: user.Email… → store.FoldEqual(user.FieldEmail, v).
func FoldEqual(col, v string) func(*entsql.Selector) {
	arg := emailfold.ASCIILower(v)
	return func(s *entsql.Selector) {
		c := s.C(col)
		s.Where(entsql.P().Append(func(b *entsql.Builder) {
			folded(b, c).WriteOp(entsql.OpEQ).Arg(arg)
		}))
	}
}

// folded writes the one folded form of column c every Fold predicate compares: lower(c) on
// SQLite, lower(c COLLATE "C") on PostgreSQL (ASCII letters only on both; FoldIndexExpr).
func folded(b *entsql.Builder, c string) *entsql.Builder {
	b.WriteString("lower(").Ident(c)
	if b.Dialect() == dialect.Postgres {
		b.WriteString(` COLLATE "C"`)
	}
	return b.WriteString(")")
}

// FoldIndexExpr is the indexed expression FoldEqual's predicate on col uses, for an
// expression index the planner can match (CREATE INDEX … (org_id, FoldIndexExpr(dia, "email"))):
// lower(col) on SQLite, lower(col COLLATE "C") on PostgreSQL. col is a trusted identifier.
func FoldIndexExpr(dia, col string) string {
	if dia == dialect.Postgres {
		return `lower(` + col + ` COLLATE "C")`
	}
	return `lower(` + col + `)`
}

// FoldIn is FoldEqual against any of vs: lower(col) IN (…), folded alike on both databases
// (EM-1 matches an email's recipients in one query).
func FoldIn(col string, vs []string) func(*entsql.Selector) {
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = emailfold.ASCIILower(v)
	}
	return func(s *entsql.Selector) {
		c := s.C(col)
		s.Where(entsql.P().Append(func(b *entsql.Builder) {
			folded(b, c).WriteString(" IN (").Args(args...).WriteString(")")
		}))
	}
}

// FoldContains matches column col containing v as a substring, ASCII letters without case,
// alike on SQLite and PostgreSQL (EM-2's search by address or deal name); % and _ in v are
// literal.
func FoldContains(col, v string) func(*entsql.Selector) {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	arg := "%" + r.Replace(emailfold.ASCIILower(v)) + "%"
	return func(s *entsql.Selector) {
		c := s.C(col)
		s.Where(entsql.P().Append(func(b *entsql.Builder) {
			folded(b, c).WriteString(" LIKE ").Arg(arg).WriteString(` ESCAPE '\'`)
		}))
	}
}
