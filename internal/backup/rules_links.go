package backup

import (
	"strings"
	"time"
	"unicode"
)

// ---------------------------------------------------------------------------------------------
// BK-15, BK-17 Download links

// DefaultLinkTTL is how long download links work after the archive was created (BK-15).
const DefaultLinkTTL = 7 * 24 * time.Hour

// LinkExpiry is when the links of an archive created at archivedAt expire (UTC). ttl ≤ 0 means
// DefaultLinkTTL.
func LinkExpiry(archivedAt time.Time, ttl time.Duration) time.Time {
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	return archivedAt.Add(ttl).UTC()
}

// DownloadName is what a backup file is saved as (issue 17 item 8): the org's name made safe
// for a file name (letters and digits of any script, lower-cased; anything else one "-"), the
// day the archive was made in the org's time zone, and the file's name:
// "acme-2026-12-03-data-part1.zip".
func DownloadName(orgName string, created time.Time, loc *time.Location, file string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(orgName) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	slug := truncateRunes(b.String(), 60)
	day := created.In(loc).Format("2006-01-02")
	if slug == "" {
		return day + "-" + file
	}
	return slug + "-" + day + "-" + file
}

// LinkValid reports whether a link expiring at expiresAt still works at now: it stops working
// at exactly expiresAt.
func LinkValid(expiresAt, now time.Time) bool { return now.Before(expiresAt) }

// ShouldExpire reports whether the cleanup job must delete a run's files and mark it EXPIRED
// (BK-17): a READY run whose links have expired.
func ShouldExpire(st RunState, expiresAt, now time.Time) bool {
	return st == RunReady && !LinkValid(expiresAt, now)
}
