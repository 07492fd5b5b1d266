package accounts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"gocloud.dev/blob"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/attachment"
	"github.com/crmadmin/crmadmin/ent/migrate"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/change"
	"github.com/crmadmin/crmadmin/internal/store"
)

// OrgFilePrefix is the blob-store prefix for files of one org that belong to no domain of
// their own. Each domain that stores files per org declares its own prefix
// (attachments.OrgFilePrefix, backup.OrgFilePrefix); the composition root lists them all in
// Service.FilePrefixes, which deleting an org empties.
func OrgFilePrefix(orgID int) string { return fmt.Sprintf("orgs/%d/", orgID) }

// DeleteOrganization deletes the viewer's org with all its data and files (SB-5). Only the
// super admin may, and confirmName must be the org's name exactly. Every table with an org_id
// column is emptied of the org's rows — found from the schema, so tables added later are
// covered — in one transaction; files are deleted after the commit (an orphan file is
// harmless, a row pointing at a missing file is not).
func (s *Service) DeleteOrganization(ctx context.Context, confirmName string) error {
	if !change.InOwnTx(ctx) {
		return apperr.New(apperr.Internal, "accounts: deleteOrganization must run outside a database transaction (declare its mutation @selfTransacted in graph/*.graphqls)")
	}
	v, err := viewerOrg(ctx)
	if err != nil {
		return err
	}
	if v.Role != auth.RoleSuperAdmin || v.System {
		return apperr.New(apperr.Forbidden, "only the super admin can delete the organization")
	}
	org, err := s.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		return err
	}
	if confirmName != org.Name {
		return apperr.Invalid("confirmName", "to confirm, type the organization's name exactly as it is written (letter case and spaces included)")
	}
	all := store.AllOrgs(ctx)
	keys, err := s.Client.Attachment.Query().Where(attachment.OrgID(org.ID)).Select(attachment.FieldBlobKey).Strings(all)
	if err != nil {
		return err
	}
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		return err
	}
	err = func() error {
		// Children first (store.OrgTables), so no foreign key breaks on SQLite or PostgreSQL.
		tables, err := store.OrgTables()
		if err != nil {
			return err
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM "`+t+`" WHERE org_id = $1`, org.ID); err != nil {
				return fmt.Errorf("deleting the organization's %s: %w", t, err)
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM "`+migrate.OrganizationsTable.Name+`" WHERE id = $1`, org.ID)
		return err
	}()
	if err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if s.Sessions != nil { // the deletion is plain SQL, which ent hooks (and the auth cache) do not see
		s.Sessions.FlushAuthCache()
	}
	s.Log.Info("organization deleted by its super admin", "org", org.ID, "region", org.Region, "user", v.UserID)
	s.deleteFiles(ctx, org, keys)
	return nil
}

// deleteFiles removes the org's files from its region's store; failures are logged.
func (s *Service) deleteFiles(ctx context.Context, org *ent.Organization, keys []string) {
	if s.Blobs == nil {
		return
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		s.Log.Warn("deleted organization's files not removed: no file store", "org", org.ID, "err", err)
		return
	}
	seen := map[string]bool{}
	del := func(key string) {
		if seen[key] {
			return
		}
		seen[key] = true
		if err := bucket.Delete(ctx, key); err != nil && !strings.Contains(err.Error(), "not found") {
			s.Log.Warn("deleting a file of a deleted organization", "org", org.ID, "key", key, "err", err)
		}
	}
	for _, k := range keys {
		del(k)
	}
	for _, prefix := range s.FilePrefixes {
		it := bucket.List(&blob.ListOptions{Prefix: prefix(org.ID)})
		for {
			obj, err := it.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				s.Log.Warn("listing a deleted organization's files", "org", org.ID, "err", err)
				break
			}
			if !obj.IsDir {
				del(obj.Key)
			}
		}
	}
}
