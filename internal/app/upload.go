package app

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/blobstore"
)

// MaxUploadBytes is the largest attachment accepted by POST /upload/attachment.
const MaxUploadBytes = 25 << 20

// uploadAttachment stores a file on a record (PL-4): POST /upload/attachment?record=<ID> with
// a multipart/form-data body whose "file" part is the file. The record is any CRM record of
// the viewer's org (lead, contact, account, deal, task, event, case); another org's ID answers
// NOT_FOUND like a missing one (PL-1). The file goes to the org's region store first, then the
// row is written; if the row fails the file is removed, so nothing is left half done (PL-7).
func (a *App) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := auth.FromContext(ctx)
	if v == nil {
		writeError(w, http.StatusUnauthorized, apperr.Unauthenticated, "sign in first")
		return
	}
	recordID, err := strconv.Atoi(r.URL.Query().Get("record"))
	if err != nil {
		writeError(w, http.StatusBadRequest, apperr.Validation, "record must be the ID of the record the file is attached to")
		return
	}
	node, err := a.DB.Client.Noder(ctx, recordID) // privacy: the viewer's org only
	if err != nil {
		writeError(w, http.StatusNotFound, apperr.NotFound, "no such record")
		return
	}
	create := a.DB.Client.Attachment.Create()
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
		writeError(w, http.StatusBadRequest, apperr.Validation, "files can be attached to leads, contacts, accounts, deals, tasks, events and cases only")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, http.StatusBadRequest, apperr.Validation, "send the file as multipart/form-data in a part named \"file\"")
		return
	}
	var part interface {
		io.Reader
		FileName() string
		FormName() string
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			writeUploadReadError(w, err)
			return
		}
		if p.FormName() == "file" {
			part = p
			break
		}
	}
	name := path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
	if name == "" || name == "." || name == "/" {
		writeError(w, http.StatusBadRequest, apperr.Validation, "the file part has no file name")
		return
	}
	org, err := a.DB.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		writeError(w, http.StatusNotFound, apperr.NotFound, "no such organization")
		return
	}
	bucket, err := a.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		a.Log.Error("attachment store", "org", v.OrgID, "err", err)
		writeError(w, http.StatusServiceUnavailable, apperr.Internal, "the file store of the organization's region is not available")
		return
	}
	var rnd [16]byte
	_, _ = rand.Read(rnd[:])
	key := "attachments/" + strconv.Itoa(v.OrgID) + "/" + hex.EncodeToString(rnd[:])
	bw, err := bucket.NewWriter(ctx, key, blobstore.Private(nil))
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, apperr.Internal, "the file store is not available")
		return
	}
	sum := sha256.New()
	head := make([]byte, 0, 512)
	n, err := io.Copy(io.MultiWriter(bw, sum, &sniff{b: &head}), io.LimitReader(part, MaxUploadBytes+1))
	if err == nil && n > MaxUploadBytes {
		err = &http.MaxBytesError{Limit: MaxUploadBytes}
	}
	if err != nil {
		_ = bw.Close()
		_ = bucket.Delete(ctx, key)
		writeUploadReadError(w, err)
		return
	}
	if err := bw.Close(); err != nil {
		_ = bucket.Delete(ctx, key)
		writeError(w, http.StatusServiceUnavailable, apperr.Internal, "the file could not be stored")
		return
	}
	contentType := mime.TypeByExtension(path.Ext(name))
	if contentType == "" {
		contentType = http.DetectContentType(head)
	}
	att, err := create.SetFileName(name).SetContentType(contentType).SetSize(n).
		SetSha256(hex.EncodeToString(sum.Sum(nil))).SetBlobKey(key).Save(ctx)
	if err != nil {
		_ = bucket.Delete(ctx, key)
		var ve *ent.ValidationError
		if errors.As(err, &ve) {
			writeError(w, http.StatusBadRequest, apperr.Validation, "the file name is too long (at most 255 characters)")
			return
		}
		a.Log.Error("saving attachment", "org", v.OrgID, "err", err)
		writeError(w, http.StatusInternalServerError, apperr.Internal, "the attachment could not be saved")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"id": strconv.Itoa(att.ID), "fileName": att.FileName,
		"contentType": att.ContentType, "size": att.Size, "sha256": att.Sha256,
		"downloadUrl": "/download/attachment/" + strconv.Itoa(att.ID)})
}

func writeUploadReadError(w http.ResponseWriter, err error) {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		writeError(w, http.StatusRequestEntityTooLarge, apperr.RequestTooLarge, "the file is larger than the limit of "+humanBytes(MaxUploadBytes))
	case errors.Is(err, io.EOF):
		writeError(w, http.StatusBadRequest, apperr.Validation, "no part named \"file\" in the upload")
	default:
		writeError(w, http.StatusBadRequest, apperr.Validation, "the upload could not be read: send multipart/form-data with a \"file\" part")
	}
}

// sniff keeps the first 512 bytes written, for content type detection.
type sniff struct{ b *[]byte }

func (s *sniff) Write(p []byte) (int, error) {
	if room := 512 - len(*s.b); room > 0 {
		*s.b = append(*s.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
