// Package attachments stores files attached to CRM records (PL-4) in the org's region store.
package attachments

import "fmt"

// OrgFilePrefix is where orgID's attachments are stored: deleting the org deletes everything
// under it (accounts.Service.FilePrefixes).
func OrgFilePrefix(orgID int) string { return fmt.Sprintf("attachments/%d/", orgID) }
