package backup

import (
	"fmt"

	"github.com/crmadmin/crmadmin/internal/backup/archive"
)

// OrgFilePrefix is where the archives of orgID's runs are stored (RunPrefix with the default
// prefix, without the run): deleting the org deletes everything under it
// (accounts.Service.FilePrefixes).
func OrgFilePrefix(orgID int) string { return fmt.Sprintf("%s/%d/", archive.DefaultPrefix, orgID) }
