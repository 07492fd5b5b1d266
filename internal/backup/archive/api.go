// Package archive is the backup archive writer (BK-2, BK-3, BK-4, BK-13): one org's CRM data
// streamed from the database into DATA and ATTACHMENTS ZIP parts with their manifests,
// published atomically under the run's prefix. The backup service (internal/backup) decides
// when; this package only writes.
package archive

import (
	"context"
	"database/sql"

	"gocloud.dev/blob"
)

// The archive package's surface for the backup service, besides Writer and the manifest types:
// how much a backup would write, and removing what a run left in the store.

// DeleteRun deletes every object under a run's prefix (RunPrefix): its published archives and
// anything an attempt left there (BK-17).
func DeleteRun(ctx context.Context, b *blob.Bucket, prefix string, orgID int, runKey string) error {
	return deletePrefix(ctx, b, RunPrefix(prefix, orgID, runKey), nil)
}

// CountWork counts what a backup of the org would write now: every module's rows and the
// attachment files — the unit of a run's progress (recordsDone / recordsTotal) and of the
// estimate.
func CountWork(ctx context.Context, db *sql.DB, orgID int) (int64, error) {
	var total int64
	for _, m := range append(Modules(), Module{Table: "attachments"}) {
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(m.Table)+" WHERE org_id = $1", orgID).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
