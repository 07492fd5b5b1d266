package app

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/attachments"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/httpx"
)

// MaxUploadBytes is the largest attachment accepted by POST /upload/attachment.
const MaxUploadBytes = attachments.MaxBytes

// uploadAttachment stores a file on a record (PL-4): POST /upload/attachment?record=<ID> with
// a multipart/form-data body whose "file" part is the file. It reads the request; the
// attachments service finds the record (another org's ID answers NOT_FOUND like a missing
// one, PL-1) and stores the file and its row (PL-7). Errors answer through httpx's table.
func (a *App) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if auth.FromContext(ctx) == nil {
		httpx.Error(w, apperr.New(apperr.Unauthenticated, "sign in first"))
		return
	}
	recordID, err := strconv.Atoi(r.URL.Query().Get("record"))
	if err != nil {
		httpx.Error(w, apperr.New(apperr.Validation, "record must be the ID of the record the file is attached to"))
		return
	}
	target, err := a.Attachments.Target(ctx, recordID)
	if err != nil {
		httpx.Error(w, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		httpx.Error(w, apperr.New(apperr.Validation, "send the file as multipart/form-data in a part named \"file\""))
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
			httpx.Error(w, attachments.ReadError(err))
			return
		}
		if p.FormName() == "file" {
			part = p
			break
		}
	}
	att, err := a.Attachments.Attach(ctx, target, part.FileName(), part)
	if err != nil {
		httpx.Error(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"id": strconv.Itoa(att.ID), "fileName": att.FileName,
		"contentType": att.ContentType, "size": att.Size, "sha256": att.Sha256,
		"downloadUrl": attachments.DownloadURL(att)})
}
