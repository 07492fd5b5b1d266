// Package attachments stores files attached to CRM records (PL-4) in the org's region store:
// the file first, then its row; if the row fails the file is removed, so nothing is left half
// done (PL-7). The HTTP handler (internal/app, POST /upload/attachment) only reads the request.
package attachments

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"gocloud.dev/blob"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/blobstore"
)

// MaxBytes is the largest file accepted.
const MaxBytes = 25 << 20

// OrgFilePrefix is where orgID's attachments are stored: deleting the org deletes everything
// under it (accounts.Service.FilePrefixes).
func OrgFilePrefix(orgID int) string { return fmt.Sprintf("attachments/%d/", orgID) }

// Service attaches files to records.
type Service struct {
	Client *ent.Client
	Blobs  *blobstore.Stores
	Log    *slog.Logger
}

// Target is a record a file may be attached to, found by Target.
type Target struct {
	create *ent.AttachmentCreate
}

// Target finds the record recordID of the viewer's org that a file is to be attached to: a
// lead, contact, account, deal, task, event or case. Another org's ID answers NOT_FOUND like a
// missing one (PL-1).
func (s *Service) Target(ctx context.Context, recordID int) (*Target, error) {
	if auth.FromContext(ctx) == nil {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	node, err := s.Client.Noder(ctx, recordID) // privacy: the viewer's org only
	if err != nil {
		return nil, apperr.New(apperr.NotFound, "no such record")
	}
	create := s.Client.Attachment.Create()
	switch n := node.(type) {
	case *ent.Lead:
		create.SetLeadID(n.ID)
	case *ent.Contact:
		create.SetContactID(n.ID)
	case *ent.Account:
		create.SetAccountID(n.ID)
	case *ent.Deal:
		create.SetDealID(n.ID)
	case *ent.Task:
		create.SetTaskID(n.ID)
	case *ent.Event:
		create.SetEventID(n.ID)
	case *ent.SupportCase:
		create.SetSupportCaseID(n.ID)
	default:
		return nil, apperr.New(apperr.Validation, "files can be attached to leads, contacts, accounts, deals, tasks, events and cases only")
	}
	return &Target{create: create}, nil
}

// Attach stores the file named fileName (a path is cut to its last element), read from body
// (at most MaxBytes), on the target and returns its row. The content type comes from the
// name's extension, else from the first 512 bytes.
func (s *Service) Attach(ctx context.Context, t *Target, fileName string, body io.Reader) (*ent.Attachment, error) {
	st, err := s.Store(ctx, fileName, "", body)
	if err != nil {
		return nil, err
	}
	att, err := st.Fill(t.create).Save(ctx)
	if err != nil {
		st.Discard(ctx)
		return nil, s.rowError(ctx, err)
	}
	return att, nil
}

// Stored is a file written to the org's store and not yet attached (PL-7: store then row).
// Fill sets an attachment row's file fields: several rows (one per record) may share one file;
// Discard removes the file when no row was committed.
type Stored struct {
	Name, ContentType, SHA256, Key string
	Size                           int64
	bucket                         interface {
		Delete(context.Context, string) error
	}
}

// Store writes the file named fileName (a path is cut to its last element), read from body (at
// most MaxBytes), to the viewer's org store. contentType is the sender's ("" or unusable: from
// the name's extension, else from the first 512 bytes).
func (s *Service) Store(ctx context.Context, fileName, contentType string, body io.Reader) (*Stored, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	name := path.Base(strings.ReplaceAll(fileName, `\`, "/"))
	if name == "" || name == "." || name == "/" {
		return nil, apperr.New(apperr.Validation, "the file part has no file name")
	}
	org, err := s.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		return nil, apperr.New(apperr.NotFound, "no such organization")
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		s.Log.Error("attachment store", "org", v.OrgID, "err", err)
		return nil, apperr.New(apperr.Unavailable, "the file store of the organization's region is not available")
	}
	var rnd [16]byte
	_, _ = rand.Read(rnd[:])
	key := OrgFilePrefix(v.OrgID) + hex.EncodeToString(rnd[:])
	bw, err := bucket.NewWriter(ctx, key, blobstore.Private(nil))
	if err != nil {
		return nil, apperr.New(apperr.Unavailable, "the file store is not available")
	}
	sum := sha256.New()
	head := make([]byte, 0, 512)
	n, err := io.Copy(io.MultiWriter(bw, sum, &sniff{b: &head}), io.LimitReader(body, MaxBytes+1))
	if err == nil && n > MaxBytes {
		err = &http.MaxBytesError{Limit: MaxBytes}
	}
	if err != nil {
		_ = bw.Close()
		_ = bucket.Delete(ctx, key)
		return nil, ReadError(err)
	}
	if err := bw.Close(); err != nil {
		_ = bucket.Delete(ctx, key)
		return nil, apperr.New(apperr.Unavailable, "the file could not be stored")
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && len(mt) <= 120 && strings.Contains(mt, "/") {
		contentType = mt
	} else {
		contentType = mime.TypeByExtension(path.Ext(name))
	}
	if contentType == "" {
		contentType = http.DetectContentType(head)
	}
	return &Stored{Name: name, ContentType: contentType, SHA256: hex.EncodeToString(sum.Sum(nil)), Key: key, Size: n,
		bucket: bucket}, nil
}

// Fill sets the file's fields on an attachment row to create.
func (st *Stored) Fill(c *ent.AttachmentCreate) *ent.AttachmentCreate {
	return c.SetFileName(st.Name).SetContentType(st.ContentType).SetSize(st.Size).SetSha256(st.SHA256).SetBlobKey(st.Key)
}

// Discard removes the stored file (no row refers to it).
func (st *Stored) Discard(ctx context.Context) {
	_ = st.bucket.Delete(context.WithoutCancel(ctx), st.Key)
}

// rowError is the error of an attachment row that could not be saved.
func (s *Service) rowError(ctx context.Context, err error) error {
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		return apperr.New(apperr.Validation, "the file name is too long (at most 255 characters)")
	}
	s.Log.Error("saving attachment", "org", auth.FromContext(ctx).OrgID, "err", err)
	return apperr.New(apperr.Internal, "the attachment could not be saved")
}

// NotFound is the one answer for every attachment that cannot be served (PL-1: another
// org's, a missing one and a missing file answer alike).
func NotFound() error {
	return apperr.New(apperr.NotFound, "attachment not found: attachments are downloaded by signed-in users of the organization that owns them")
}

// Open returns attachment id of the viewer's org and a reader of its file (the caller closes
// it). Anonymous callers, another org's ID, a missing row or file all answer NotFound; an
// unreachable store UNAVAILABLE.
func (s *Service) Open(ctx context.Context, id int) (*ent.Attachment, *blob.Reader, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, nil, NotFound()
	}
	att, err := s.Client.Attachment.Get(ctx, id) // privacy: only the viewer's org
	if err != nil {
		return nil, nil, NotFound()
	}
	org, err := s.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		return nil, nil, NotFound()
	}
	bucket, err := s.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		s.Log.Error("attachment store", "org", v.OrgID, "err", err)
		return nil, nil, apperr.New(apperr.Unavailable, "file store unavailable")
	}
	rd, err := bucket.NewReader(ctx, att.BlobKey, nil)
	if err != nil {
		s.Log.Warn("attachment file missing", "attachment", att.ID, "err", err)
		return nil, nil, NotFound()
	}
	return att, rd, nil
}

// DownloadURL is where an attachment downloads (GET /download/attachment/{id}).
func DownloadURL(a *ent.Attachment) string { return "/download/attachment/" + strconv.Itoa(a.ID) }

// ReadError is the error of an upload that could not be read: REQUEST_TOO_LARGE over
// MaxBytes, VALIDATION otherwise (io.EOF: the request had no "file" part).
func ReadError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return apperr.New(apperr.RequestTooLarge, "the file is larger than the limit of %d MiB", MaxBytes>>20)
	case errors.Is(err, io.EOF):
		return apperr.New(apperr.Validation, "no part named \"file\" in the upload")
	}
	return apperr.New(apperr.Validation, "the upload could not be read: send multipart/form-data with a \"file\" part")
}

// sniff keeps the first 512 bytes written, for content type detection.
type sniff struct{ b *[]byte }

func (s *sniff) Write(p []byte) (int, error) {
	if room := 512 - len(*s.b); room > 0 {
		*s.b = append(*s.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
