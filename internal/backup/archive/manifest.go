package archive

import (
	"encoding/json"
	"time"
)

// Archive format identifiers written into every manifest.json (BK-4).
const (
	ManifestName  = "manifest.json"   // the manifest entry inside every archive part
	FormatName    = "crmadmin-backup" // manifest "format"
	FormatVersion = 1                 // bump when the archive layout or CSV rules change

	KindData        = "DATA"        // the ZIP of one CSV per module (BK-2)
	KindAttachments = "ATTACHMENTS" // the ZIP of record attachments, Module/RecordID/filename (BK-2)
)

// Exclusions lists what a backup deliberately leaves out (BK-2); every manifest repeats it.
var Exclusions = []string{
	"Email bodies and email attachments (the Emails CSV keeps subject, addresses, dates and linked records)",
	"Documents",
	"Data that came from integrations",
	"Mailbox (IMAP) email",
}

// NeutralisationNote is the manifest's statement about formula-looking cells (BK-3).
const NeutralisationNote = "Text cells that start with =, +, -, @, a tab or a carriage return are prefixed " +
	"with a single quote (') so that spreadsheets show them instead of running them as formulas. " +
	"Numbers, dates and times are never changed. To restore the original text, remove one leading ' " +
	"when the character after it is one of = + - @ TAB CR."

// Manifest describes one finished backup: what Write returns. Archives holds the published
// objects (final keys, byte sizes and SHA-256 of the ZIP files themselves) — what the service
// records as its backup files. Each archive part also carries a PartManifest as manifest.json.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"formatVersion"`
	Org           int       `json:"org"`
	Run           string    `json:"run"`
	CreatedAt     time.Time `json:"createdAt"`

	Modules     []ModuleInfo `json:"modules"`     // record counts per module, in archive order
	Records     int64        `json:"records"`     // sum of the module counts
	Attachments int64        `json:"attachments"` // attachment files in the ATTACHMENTS archive

	CSV                   CSVFormat           `json:"csv"`
	FormulaNeutralisation string              `json:"formulaNeutralisation"`
	Excluded              []string            `json:"excluded"`
	MissingAttachments    []MissingAttachment `json:"missingAttachments,omitempty"`

	Archives []Archive `json:"archives"` // DATA parts, then ATTACHMENTS parts
}

// Parts returns the archives of one kind (KindData or KindAttachments), in part order.
func (m *Manifest) Parts(kind string) []Archive {
	var out []Archive
	for _, a := range m.Archives {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

// ModuleInfo is one module's line in a manifest.
type ModuleInfo struct {
	Name    string       `json:"name"`  // "Contacts"
	Table   string       `json:"table"` // "contacts"
	File    string       `json:"file"`  // "Contacts.csv"; continuations are "Contacts.part2.csv", …
	Records int64        `json:"records"`
	Columns []ColumnInfo `json:"columns"`
}

// ColumnInfo maps a CSV header to the database column it came from (for restores).
type ColumnInfo struct {
	Header string `json:"header"`
	Column string `json:"column"`
	Type   string `json:"type"` // text, integer, time, list
}

// Archive is one published ZIP file.
type Archive struct {
	Kind   string `json:"kind"` // KindData or KindAttachments
	Part   int    `json:"part"` // 1-based
	Key    string `json:"key"`  // final blob key
	Size   int64  `json:"size"` // bytes of the ZIP file
	SHA256 string `json:"sha256"`
	Files  []File `json:"files"` // the entries inside, manifest.json excepted
}

// File is one entry inside an archive part: a CSV (piece) of a module, or an attachment.
// Size and SHA256 are of the entry's uncompressed content, as extracted.
type File struct {
	Name         string `json:"name"`
	Module       string `json:"module"`
	Records      int64  `json:"records,omitempty"`      // CSV rows in this file, header excluded
	RecordID     int    `json:"recordId,omitempty"`     // attachments: the record it belongs to
	AttachmentID int    `json:"attachmentId,omitempty"` // attachments: the attachment's ID
	Size         int64  `json:"size"`
	SHA256       string `json:"sha256"`
}

// MissingAttachment is an attachment whose file was not found in the store when the backup
// ran. The backup goes on without it and says so here rather than failing every run.
type MissingAttachment struct {
	AttachmentID int    `json:"attachmentId"`
	Module       string `json:"module"`
	RecordID     int    `json:"recordId"`
	FileName     string `json:"fileName"`
}

// CSVFormat documents how the CSV files are written (BK-3).
type CSVFormat struct {
	Standard string `json:"standard"`
	Encoding string `json:"encoding"`
	// ByteOrderMark says each CSV file starts with the UTF-8 byte-order mark (EF BB BF), which
	// spreadsheets need to read UTF-8 (issue 17 item 8); a reader that knows it skips it.
	ByteOrderMark bool   `json:"byteOrderMark"`
	Delimiter     string `json:"delimiter"`
	Header        bool   `json:"header"`
	LineEnding    string `json:"lineEnding"`
	Times         string `json:"times"`
	Nulls         string `json:"nulls"`
	Lists         string `json:"lists"`
	Split         string `json:"split"`
}

// UTF8BOM is the byte-order mark that starts every CSV file unless Writer.NoBOM is set.
const UTF8BOM = "\ufeff"

var csvFormat = CSVFormat{
	Standard:   "RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled",
	Encoding:   "UTF-8",
	Delimiter:  ",",
	Header:     true,
	LineEnding: "LF (\\n) between records; line breaks inside values are kept as stored",
	Times:      "RFC 3339 in UTC, e.g. 2026-03-01T09:30:00Z (fractional seconds when stored)",
	Nulls:      "an empty field",
	Lists:      "email address lists are joined with \"; \"",
	Split: "a module larger than the space left in a part continues in the next part as " +
		"<Module>.part2.csv, <Module>.part3.csv…, each with its own header row",
}

// PartManifest is the manifest.json inside one archive part (BK-4). Every part describes the
// whole backup (org, run, module totals, exclusions) and lists the files inside that part;
// the union of the parts' Files lists is the whole backup. A part cannot hold its own size or
// hash: those are in the Manifest that Write returns.
type PartManifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"formatVersion"`
	Kind          string    `json:"kind"`
	Part          int       `json:"part"`
	Org           int       `json:"org"`
	Run           string    `json:"run"`
	CreatedAt     time.Time `json:"createdAt"`

	Modules     []ModuleInfo `json:"modules,omitempty"` // DATA parts: totals for the whole backup
	Records     int64        `json:"records"`
	Attachments int64        `json:"attachments"`

	CSV                   *CSVFormat          `json:"csv,omitempty"`
	FormulaNeutralisation string              `json:"formulaNeutralisation,omitempty"`
	Excluded              []string            `json:"excluded"`
	MissingAttachments    []MissingAttachment `json:"missingAttachments,omitempty"` // found while writing this part
	Files                 []File              `json:"files"`
}

func (p *PartManifest) encode() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
