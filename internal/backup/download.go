package backup

import (
	"context"
	"fmt"
	"time"

	"gocloud.dev/blob"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/backupfile"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
)

// ---------------------------------------------------------------------------------------------
// Download (BK-15)

// Download is an open backup file.
type Download struct {
	File   *ent.BackupFile
	Reader *blob.Reader
	SaveAs string // the file name offered to the browser (DownloadName)
}

// OpenDownload opens a file for a signed-in admin of its org while its link is valid. Anything
// else — another org's token, an expired or deleted file, a standard user — is NOT_FOUND.
func (s *Service) OpenDownload(ctx context.Context, token string) (*Download, error) {
	v := auth.FromContext(ctx)
	notFound := apperr.New(apperr.NotFound, "no such backup file")
	if v == nil || !v.IsAdmin() || token == "" || len(token) > 64 {
		return nil, notFound
	}
	f, err := s.Client.BackupFile.Query().Where(backupfile.TokenHash(auth.HashSecret(token)), backupfile.DeletedAtIsNil()).WithRun().Only(ctx)
	if err != nil {
		return nil, notFound
	}
	if f.Edges.Run == nil || f.Edges.Run.State != RunReady || !LinkValid(f.ExpiresAt, s.now()) {
		return nil, notFound
	}
	org, err := s.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		return nil, notFound
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		return nil, err
	}
	r, err := bucket.NewReader(ctx, f.BlobKey, nil)
	if err != nil {
		s.Log.Error("backup file missing from the store", "file", f.ID, "err", err)
		return nil, notFound
	}
	loc, err := LoadZone(org.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return &Download{File: f, Reader: r, SaveAs: DownloadName(org.Name, f.CreatedAt, loc, f.Name)}, nil
}

// LogDownloadStarted writes "download started" to the backup log (BK-15, BK-19).
func (s *Service) LogDownloadStarted(ctx context.Context, f *ent.BackupFile) error {
	v := auth.FromContext(ctx)
	return audit.Record(ctx, s.Client, audit.Entry{Action: "backup.download_started", TargetType: "BackupFile", TargetID: f.ID,
		Summary: fmt.Sprintf("%s started downloading %s (%s) of backup run %d", v.Name, f.Name, HumanBytes(f.Size), f.RunID),
		Details: map[string]any{"file": f.Name, "bytes": f.Size, "runId": f.RunID}})
}
