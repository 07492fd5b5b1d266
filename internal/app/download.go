package app

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/attachments"
	"github.com/crmadmin/crmadmin/internal/httpx"
)

// Downloads are links a person opens in a browser (the SPA, emails): their errors answer
// through httpx's table as plain text (httpx.TextError), not JSON.

// downloadAttachment streams an attachment's file to a signed-in user of the same org.
// Anything else — anonymous, another org's ID, a missing file — answers 404 alike (PL-1).
func (a *App) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		httpx.TextError(w, attachments.NotFound())
		return
	}
	att, rd, err := a.Attachments.Open(ctx, id)
	if err != nil {
		httpx.TextError(w, err)
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

// downloadBackup streams a backup file to a signed-in admin of its org while its link is
// valid (BK-15), with Content-Length and Range support so a broken download can resume. Every
// other case — anonymous, standard user, another org, expired, deleted, unknown — answers the
// same 404. A download that starts at its first byte is logged (BK-19); resumed ranges are not.
func (a *App) downloadBackup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := a.Backup.OpenDownload(ctx, r.PathValue("token"))
	if err != nil {
		w.Header().Set("Cache-Control", "no-store")
		httpx.TextError(w, apperr.New(apperr.NotFound, "backup file not found: download links work for a signed-in administrator of the organization until they expire"))
		return
	}
	defer d.Reader.Close()
	rng := r.Header.Get("Range")
	if r.Method == http.MethodGet && (rng == "" || strings.HasPrefix(rng, "bytes=0-")) {
		if err := a.Backup.LogDownloadStarted(ctx, d.File); err != nil {
			a.Log.Warn("logging backup download", "file", d.File.ID, "err", err)
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(d.SaveAs))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-SHA256", d.File.Sha256) // as in manifest.json
	http.ServeContent(w, r, d.SaveAs, d.File.CreatedAt, d.Reader)
}
