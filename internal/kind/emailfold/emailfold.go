// Package emailfold is the one case folding of email matching (SPEC SY-5, SY-6, EM-1; issue 11
// item 3): ASCII letters are lowered, every other character stays as it is. internal/store
// folds the argument of its SQL predicates with it (lower() on SQLite, lower(… COLLATE "C") on
// PostgreSQL: ASCII only on both) and the pure sync rules fold in memory with it, so that a
// match found in Go is the match the database finds. Standard library only.
package emailfold

// ASCIILower lowers the ASCII letters of s and leaves every other character (é, É, ß…) as it is.
func ASCIILower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
