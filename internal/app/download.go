package app

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/crmadmin/crmadmin/internal/auth"
)

// downloadAttachment streams an attachment's file to a signed-in user of the same org.
// Anything else — anonymous, another org's ID, a missing file — answers 404 alike (PL-1).
func (a *App) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.Atoi(r.PathValue("id"))
	v := auth.FromContext(ctx)
	if err != nil || v == nil {
		http.NotFound(w, r)
		return
	}
	att, err := a.DB.Client.Attachment.Get(ctx, id) // privacy: only the viewer's org
	if err != nil {
		http.NotFound(w, r)
		return
	}
	org, err := a.DB.Client.Organization.Get(ctx, v.OrgID)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	bucket, err := a.Blobs.Bucket(ctx, string(org.Region))
	if err != nil {
		a.Log.Error("attachment store", "org", v.OrgID, "err", err)
		http.Error(w, "file store unavailable", http.StatusServiceUnavailable)
		return
	}
	rd, err := bucket.NewReader(ctx, att.BlobKey, nil)
	if err != nil {
		a.Log.Warn("attachment file missing", "attachment", att.ID, "err", err)
		http.NotFound(w, r)
		return
	}
	defer rd.Close()
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Length", strconv.FormatInt(rd.Size(), 10))
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(att.FileName))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	if _, err := io.Copy(w, rd); err != nil {
		a.Log.Warn("attachment download interrupted", "attachment", att.ID, "err", err)
	}
}
