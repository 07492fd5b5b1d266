package backup

import "fmt"

// OrgFilePrefix is where the archives of orgID's runs are stored (RunPrefix with the default
// prefix, without the run): deleting the org deletes everything under it
// (accounts.Service.FilePrefixes).
func OrgFilePrefix(orgID int) string { return fmt.Sprintf("%s/%d/", DefaultPrefix, orgID) }
