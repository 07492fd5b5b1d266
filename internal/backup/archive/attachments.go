package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gocloud.dev/gcerrors"
)

// ---------------------------------------------------------------------------------------------
// ATTACHMENTS archive

// attachmentLinks are the record links of an attachment, in the order that picks its folder
// when it is linked to more than one record.
var attachmentLinks = []struct{ column, module string }{
	{"lead_id", "Leads"}, {"contact_id", "Contacts"}, {"account_id", "Accounts"}, {"deal_id", "Deals"},
	{"task_id", "Tasks"}, {"event_id", "Events"}, {"support_case_id", "Cases"},
}

// UnlinkedFolder holds attachments linked to no record, as Unlinked/<attachment ID>/filename.
const UnlinkedFolder = "Unlinked"

// attachmentsSQL lists the org's attachments grouped by folder (module, record), so that name
// clashes inside one folder are found with a small per-folder set.
var attachmentsSQL = func() string {
	var links, rank, rec []string
	for i, l := range attachmentLinks {
		links = append(links, l.column)
		rank = append(rank, fmt.Sprintf("WHEN %s IS NOT NULL THEN %d", l.column, i))
		rec = append(rec, l.column)
	}
	return fmt.Sprintf("SELECT id, file_name, content_type, blob_key, updated_at, %s FROM attachments WHERE org_id = $1 "+
		"ORDER BY CASE %s ELSE %d END, COALESCE(%s, id), file_name, id",
		strings.Join(links, ", "), strings.Join(rank, " "), len(attachmentLinks), strings.Join(rec, ", "))
}()

func (j *job) writeAttachments(ctx context.Context, tx *sql.Tx) (err error) {
	rows, err := tx.QueryContext(ctx, attachmentsSQL, j.org)
	if err != nil {
		return fmt.Errorf("reading attachments: %w", err)
	}
	defer rows.Close()
	num := 1
	p, err := j.newPart(ctx, KindAttachments, num)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil && p != nil {
			p.discard()
		}
	}()
	var (
		folder string
		used   = map[string]bool{}
		buf    = make([]byte, 256<<10)
		links  = make([]sql.NullInt64, len(attachmentLinks))
		dest   = make([]any, 0, 5+len(links))
	)
	var (
		id                       int
		fileName, ctype, blobKey string
		updated                  sql.NullTime
	)
	dest = append(dest, &id, &fileName, &ctype, &blobKey, &updated)
	for i := range links {
		dest = append(dest, &links[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		module, recordID := UnlinkedFolder, id
		for i, l := range links {
			if l.Valid {
				module, recordID = attachmentLinks[i].module, int(l.Int64)
				break
			}
		}
		dir := module + "/" + strconv.Itoa(recordID) + "/"
		if dir != folder {
			folder = dir
			clear(used)
		}
		name := dir + uniqueName(SafeFileName(fileName), id, used)
		rd, err := j.s.source.NewReader(ctx, blobKey, nil)
		if gcerrors.Code(err) == gcerrors.NotFound {
			ma := MissingAttachment{AttachmentID: id, Module: module, RecordID: recordID, FileName: fileName}
			j.missing = append(j.missing, ma)
			p.missing = append(p.missing, ma)
			p.reserved += 200 + 6*int64(len(fileName))
			j.tick(1)
			continue
		}
		if err != nil {
			return fmt.Errorf("attachment %d: %w", id, err)
		}
		method := compressMethod(ctype, name)
		size := rd.Size()
		bound := size
		if method == zip.Deflate {
			bound += size/8192 + 1024 // deflate falls back to stored blocks: 5 bytes per 64 KiB
		}
		now, later := entryCost(name, module)
		ok, err := p.fits(now+later+bound, j.s.partSize)
		if err == nil && !ok {
			done := p
			p = nil
			if err = j.closePart(done); err == nil {
				num++
				p, err = j.newPart(ctx, KindAttachments, num)
			}
		}
		if err != nil {
			rd.Close()
			return err
		}
		mod := time.Time{}
		if updated.Valid {
			mod = updated.Time.UTC()
		}
		fw, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: mod})
		if err != nil {
			rd.Close()
			return err
		}
		p.entries++
		p.reserved += later + 24 // the data descriptor, written at the next entry or at close
		h := sha256.New()
		n, err := io.CopyBuffer(io.MultiWriter(fw, h), struct{ io.Reader }{rd}, buf)
		rd.Close()
		if err != nil {
			return fmt.Errorf("attachment %d: %w", id, err)
		}
		p.files = append(p.files, File{Name: name, Module: module, RecordID: recordID, AttachmentID: id, Size: n,
			SHA256: hex.EncodeToString(h.Sum(nil))})
		j.tick(1)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	done := p
	p = nil
	return j.closePart(done)
}

// SafeFileName makes an attachment's name safe as the last element of a ZIP path: no
// separators or control characters, valid UTF-8, not "." or "..", at most 200 bytes (the
// extension kept).
func SafeFileName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	const maxBytes = 200
	if len(name) > maxBytes {
		ext := path.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		stem := name[:maxBytes-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	return name
}

// uniqueName returns name, or "stem (attachment ID).ext" when the folder already has it.
func uniqueName(name string, id int, used map[string]bool) string {
	cand := name
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 0; used[cand]; i++ {
		if i == 0 {
			cand = fmt.Sprintf("%s (%d)%s", stem, id, ext)
		} else {
			cand = fmt.Sprintf("%s (%d-%d)%s", stem, id, i, ext)
		}
	}
	used[cand] = true
	return cand
}

// compressMethod stores files that are compressed already; deflates the rest.
func compressMethod(contentType, name string) uint16 {
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	switch {
	case strings.HasPrefix(ct, "image/") && ct != "image/svg+xml" && ct != "image/bmp" && ct != "image/tiff",
		strings.HasPrefix(ct, "video/"), strings.HasPrefix(ct, "audio/"),
		ct == "application/zip", ct == "application/gzip", ct == "application/x-7z-compressed",
		ct == "application/vnd.rar", ct == "application/x-rar-compressed",
		strings.HasPrefix(ct, "application/vnd.openxmlformats-officedocument."),
		strings.HasPrefix(ct, "application/vnd.oasis.opendocument."):
		return zip.Store
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".mp3", ".m4a", ".zip", ".gz",
		".7z", ".rar", ".docx", ".xlsx", ".pptx", ".odt", ".ods":
		return zip.Store
	}
	return zip.Deflate
}
