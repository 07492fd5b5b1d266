package graph

// DefaultPage is the page size when a connection is asked for without first or last; the
// largest allowed is Limits.MaxPage.
const DefaultPage = 50

func pageSize(first, last *int) *int {
	if first == nil && last == nil {
		n := DefaultPage
		return &n
	}
	return first
}
