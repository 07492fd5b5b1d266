package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/email"
	"github.com/crmadmin/crmadmin/ent/migrate"
	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/internal/backup/archive"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// ---------------------------------------------------------------------------------------------
// Fixture: a real SQLite file with the ent schema, a fileblob bucket, two orgs.

const foreignMarker = "ORG-B-ONLY" // appears in org B's data only (PL-1)

// tricky are the cell values every module cycles through: Japanese and French text, commas,
// quotes, line breaks, and formula-looking cells (BK-3).
var tricky = []string{
	"山田 太郎",
	"François Lefèvre-Dubois",
	"Smith, John",
	`He said "hello", then left`,
	"line one\nline two\nline three",
	"=SUM(A1:A3)",
	"+33 1 42 68 53 00",
	"-5 units returned",
	"@team please check",
	"\tindented with a tab",
	"\rstarts with a carriage return",
	"Société Générale, S.A. « Paris »",
	"東京都千代田区丸の内1-1-1、ビル 5F",
	" leading space",
	"'already quoted",
	`\.`,
	"=HYPERLINK(\"http://evil.example\",\"click\")",
	"plain",
}

// singleLine turns a tricky value into one a name field takes (no line breaks, no tabs).
var singleLine = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ")

type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *store.DB
	bucket *blob.Bucket
	orgA   int
	orgB   int
}

// newFixture opens the test database: SQLite, or PostgreSQL under CRM_TEST_DB=postgres.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, false)
}

func newFixtureOn(t *testing.T, sqliteOnly bool) *fixture {
	t.Helper()
	ctx := store.AllOrgs(context.Background())
	dir := t.TempDir()
	dsn := "file:" + filepath.Join(dir, "crm.db") + "?_fk=1&_journal_mode=WAL&_busy_timeout=5000"
	if !sqliteOnly {
		dsn = pgtest.Or(t, dsn)
	}
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	bucket, err := fileblob.OpenBucket(filepath.Join(dir, "blobs"), &fileblob.Options{CreateDir: true, NoTempDir: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bucket.Close() })
	f := &fixture{t: t, ctx: ctx, db: db, bucket: bucket}
	f.orgA = f.org("Acme 株式会社", organization.RegionJP, "Asia/Tokyo", "JPY")
	f.orgB = f.org("Béta SARL", organization.RegionEU, "Europe/Paris", "EUR")
	return f
}

func (f *fixture) org(name string, region organization.Region, tz, cur string) int {
	o, err := f.db.Client.Organization.Create().SetName(name).SetRegion(region).SetTimeZone(tz).SetCurrency(cur).Save(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return o.ID
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// seed creates n records in every module for org, with the tricky values, plus attachments
// whose bytes are in the bucket. marker is mixed into free text so a foreign row is visible.
func (f *fixture) seed(org int, marker string, n int) {
	f.t.Helper()
	c := f.db.Client
	ctx := f.ctx
	multi := func(i int) string { return tricky[i%len(tricky)] }
	// Names are single lines (issue 9 item 12); line breaks go in streets and descriptions.
	s := func(i int) string { return singleLine.Replace(multi(i)) }
	withMarker := func(i int) string { return multi(i) + " " + marker }
	user, err := c.User.Create().SetOrgID(org).SetEmail(fmt.Sprintf("owner%d@example.com", org)).SetName("Owner " + marker).Save(ctx)
	f.must(err)
	jst := time.FixedZone("JST", 9*3600)
	var contacts, leads, deals, accounts, tasks, events, cases []int
	for i := range n {
		a, err := c.Account.Create().SetOrgID(org).SetName(s(i + 1)).SetWebsite("https://example.com/" + strconv.Itoa(i)).
			SetBillingStreet(multi(i + 2)).SetBillingCity("Paris").SetDescription(withMarker(i)).SetOwnerID(user.ID).Save(ctx)
		f.must(err)
		accounts = append(accounts, a.ID)
		cc := c.Contact.Create().SetOrgID(org).SetFirstName(firstN(s(i), 40)).SetLastName(firstN(s(i+3), 80)).
			SetEmail(fmt.Sprintf("c%d.%d@example.jp", org, i)).SetTitle(firstN(s(i+5), 100)).SetPhone(firstN(s(i+6), 50)).
			SetMailingStreet(multi(i + 12)).SetMailingCity("東京").SetDescription(withMarker(i + 4)).
			SetOwnerID(user.ID)
		if i%3 != 0 {
			cc.SetAccountID(a.ID).SetDateOfBirth(time.Date(1980+i%30, time.Month(1+i%12), 1+i%28, 9, 30, 15, 123456000, jst))
		}
		con, err := cc.Save(ctx)
		f.must(err)
		contacts = append(contacts, con.ID)
		l, err := c.Lead.Create().SetOrgID(org).SetFirstName(firstN(s(i+1), 40)).SetLastName(firstN(s(i+2), 80)).
			SetCompany(s(i + 11)).SetLeadSource(s(i + 8)).SetDescription(withMarker(i + 9)).Save(ctx)
		f.must(err)
		leads = append(leads, l.ID)
		d, err := c.Deal.Create().SetOrgID(org).SetName(firstN(s(i+4), 120)).SetAmount(int64(i) * 1999).SetCurrency("EUR").
			SetClosingDate(time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)).SetDescription(withMarker(i + 7)).
			SetAccountID(a.ID).SetContactID(con.ID).Save(ctx)
		f.must(err)
		deals = append(deals, d.ID)
		tk, err := c.Task.Create().SetOrgID(org).SetSubject(s(i + 5)).SetDueDate(time.Date(2026, 3, 1, 9, 0, 0, 0, jst)).
			SetDescription(withMarker(i + 10)).SetContactID(con.ID).SetDealID(d.ID).Save(ctx)
		f.must(err)
		tasks = append(tasks, tk.ID)
		ev, err := c.Event.Create().SetOrgID(org).SetSubject(s(i + 6)).SetStartAt(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)).
			SetEndAt(time.Date(2026, 4, 1, 11, 0, 0, 0, time.UTC)).SetVenue(s(i + 7)).SetDescription(withMarker(i)).Save(ctx)
		f.must(err)
		events = append(events, ev.ID)
		_, err = c.EventParticipant.Create().SetOrgID(org).SetEventID(ev.ID).SetEmail(fmt.Sprintf("p%d.%d@example.fr", org, i)).
			SetName(firstN(s(i+9), 120)).SetContactID(con.ID).Save(ctx)
		f.must(err)
		sc, err := c.SupportCase.Create().SetOrgID(org).SetSubject(s(i + 3)).SetContactName(firstN(s(i+1), 120)).
			SetDescription(withMarker(i + 2)).SetContactID(con.ID).SetAccountID(a.ID).Save(ctx)
		f.must(err)
		cases = append(cases, sc.ID)
		_, err = c.Note.Create().SetOrgID(org).SetTitle(firstN(s(i+13), 120)).SetBody(withMarker(i + 14)).SetContactID(con.ID).Save(ctx)
		f.must(err)
		_, err = c.Email.Create().SetOrgID(org).SetSubject(s(i + 2)).SetFromAddress("from@example.com").SetFromName(firstN(s(i), 120)).
			SetToAddresses([]string{fmt.Sprintf("to%d@example.com", i), "=cmd@example.com"}).SetCcAddresses(nil).
			SetBody("SECRET EMAIL BODY " + marker).SetSentAt(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)).
			SetDirection(email.DirectionINCOMING).AddContactIDs(con.ID).AddLeadIDs(l.ID).AddDealIDs(deals...).Save(ctx)
		f.must(err)
	}
	_ = tasks
	_ = events
	_ = cases
	_ = accounts
	_ = leads
	// Attachments: on contacts and deals, two with the same name on one record, a hostile name,
	// a Japanese name, one linked to nothing.
	for i, cid := range contacts {
		f.attach(org, fmt.Sprintf("cv-%d.txt", i), "text/plain", []byte(withMarker(i)+"\nbody of the CV"), func(a *ent.AttachmentCreate) { a.SetContactID(cid) })
	}
	if len(contacts) > 0 {
		cid := contacts[0]
		f.attach(org, "cv-0.txt", "text/plain", []byte("second file with the same name "+marker), func(a *ent.AttachmentCreate) { a.SetContactID(cid) })
		f.attach(org, "../../etc/passwd", "text/plain", []byte("hostile name "+marker), func(a *ent.AttachmentCreate) { a.SetContactID(cid) })
		f.attach(org, "見積書 2026.pdf", "application/pdf", bytes.Repeat([]byte("PDF "+marker+" "), 500), func(a *ent.AttachmentCreate) { a.SetContactID(cid) })
	}
	if len(deals) > 0 {
		did := deals[0]
		f.attach(org, "photo.jpg", "image/jpeg", bytes.Repeat([]byte{0xff, 0xd8, 0x01}, 1000), func(a *ent.AttachmentCreate) { a.SetDealID(did) })
	}
	f.attach(org, "orphan.txt", "text/plain", []byte("no record "+marker), func(*ent.AttachmentCreate) {})
}

func (f *fixture) attach(org int, name, ctype string, data []byte, link func(*ent.AttachmentCreate)) int {
	f.t.Helper()
	sum := sha256.Sum256(data)
	key := fmt.Sprintf("attachments/%d/%x/%s", org, sum[:8], filepath.Base(name))
	f.must(f.bucket.WriteAll(f.ctx, key, data, nil))
	ac := f.db.Client.Attachment.Create().SetOrgID(org).SetFileName(name).SetContentType(ctype).SetSize(int64(len(data))).
		SetSha256(hex.EncodeToString(sum[:])).SetBlobKey(key)
	link(ac)
	a, err := ac.Save(f.ctx)
	f.must(err)
	return a.ID
}

// bulkContacts adds n contacts with varied, poorly compressible text through plain SQL.
func (f *fixture) bulkContacts(org, n int) {
	f.t.Helper()
	tx, err := f.db.SQL.Begin()
	f.must(err)
	st, err := tx.Prepare("INSERT INTO contacts (org_id, created_at, updated_at, first_name, last_name, email, description) VALUES ($1, $2, $3, $4, $5, $6, $7)")
	f.must(err)
	x := uint64(88172645463325252)
	for i := range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		_, err := st.Exec(org, now, now, tricky[i%len(tricky)], fmt.Sprintf("Bulk %x", x),
			fmt.Sprintf("b%d@example.com", i), fmt.Sprintf("%s %x, %q\n%x", tricky[(i+3)%len(tricky)], x*31, tricky[i%7], x*17))
		f.must(err)
	}
	f.must(st.Close())
	f.must(tx.Commit())
}

func firstN(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func (f *fixture) writer() *archive.Writer {
	return &archive.Writer{DB: f.db.SQL, Bucket: f.bucket,
		Clock: func() time.Time { return time.Date(2026, 10, 20, 9, 30, 0, 0, time.UTC) }}
}

// ---------------------------------------------------------------------------------------------
// Reading archives back

type archiveSet struct {
	parts   []archive.PartManifest
	entries map[string][]byte // entry name → content, over every part
	order   []string          // entry names in archive order
}

// readSet opens every part of kind listed in the manifest, checks each object's size and
// SHA-256 against the manifest (BK-4), each entry against its part manifest, and returns the
// entries.
func (f *fixture) readSet(man *archive.Manifest, kind string, partSize int64) archiveSet {
	f.t.Helper()
	set := archiveSet{entries: map[string][]byte{}}
	archives := man.Parts(kind)
	if len(archives) == 0 {
		f.t.Fatalf("no %s archive in the manifest", kind)
	}
	for i, a := range archives {
		if a.Part != i+1 {
			f.t.Fatalf("%s part %d numbered %d", kind, i+1, a.Part)
		}
		if want := archive.ArchiveKey("", man.Org, man.Run, kind, a.Part); a.Key != want {
			f.t.Fatalf("key %q, want %q", a.Key, want)
		}
		b, err := f.bucket.ReadAll(f.ctx, a.Key)
		f.must(err)
		sum := sha256.Sum256(b)
		if int64(len(b)) != a.Size || hex.EncodeToString(sum[:]) != a.SHA256 { // BK-4
			f.t.Fatalf("%s: %d bytes sha %x, manifest says %d bytes sha %s", a.Key, len(b), sum, a.Size, a.SHA256)
		}
		if partSize > 0 && a.Size > partSize {
			f.t.Errorf("%s is %d bytes, over the part size %d", a.Key, a.Size, partSize)
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			f.t.Fatalf("%s does not open as a ZIP: %v", a.Key, err)
		}
		var pm *archive.PartManifest
		contents := map[string][]byte{}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			f.must(err)
			data, err := io.ReadAll(rc) // archive/zip checks the CRC-32 at EOF
			if err != nil {
				f.t.Fatalf("%s %s: %v", a.Key, zf.Name, err)
			}
			rc.Close()
			if zf.Name == archive.ManifestName {
				pm = &archive.PartManifest{}
				f.must(json.Unmarshal(data, pm))
				continue
			}
			if _, dup := set.entries[zf.Name]; dup {
				f.t.Fatalf("entry %s appears twice", zf.Name)
			}
			contents[zf.Name] = data
			set.entries[zf.Name] = data
			set.order = append(set.order, zf.Name)
		}
		if pm == nil {
			f.t.Fatalf("%s has no %s", a.Key, archive.ManifestName)
		}
		if pm.Kind != kind || pm.Part != a.Part || pm.Org != man.Org || pm.Run != man.Run || pm.FormatVersion != archive.FormatVersion ||
			!pm.CreatedAt.Equal(man.CreatedAt) || len(pm.Excluded) == 0 {
			f.t.Fatalf("%s manifest header: %+v", a.Key, pm)
		}
		if len(pm.Files) != len(contents) || !slices.EqualFunc(pm.Files, a.Files, func(x, y archive.File) bool { return x == y }) {
			f.t.Fatalf("%s: manifest lists %d files, archive has %d", a.Key, len(pm.Files), len(contents))
		}
		for _, fl := range pm.Files { // BK-4: per-file byte sizes and SHA-256
			data, ok := contents[fl.Name]
			sum := sha256.Sum256(data)
			if !ok || int64(len(data)) != fl.Size || hex.EncodeToString(sum[:]) != fl.SHA256 {
				f.t.Fatalf("%s %s: %d bytes sha %x, manifest says %d bytes sha %s", a.Key, fl.Name, len(data), sum, fl.Size, fl.SHA256)
			}
		}
		set.parts = append(set.parts, *pm)
	}
	return set
}

// moduleRows concatenates a module's CSV pieces (Contacts.csv, Contacts.part2.csv, …), checks
// each starts with the header row and parses as RFC 4180, and returns the data rows.
func (f *fixture) moduleRows(set archiveSet, m archive.Module) (rows [][]string, pieces int) {
	f.t.Helper()
	want := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		want[i] = c.Header
	}
	for p := 1; ; p++ {
		data, ok := set.entries[m.FileName(p)]
		if !ok {
			if p == 1 {
				f.t.Fatalf("no %s in the archive", m.FileName(1))
			}
			return rows, p - 1
		}
		// issue 17 item 8: UTF-8 with a byte-order mark, which a reader that knows it skips.
		data, ok = bytes.CutPrefix(data, []byte(archive.UTF8BOM))
		if !ok {
			f.t.Fatalf("%s does not start with the UTF-8 byte-order mark", m.FileName(p))
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = len(m.Columns)
		recs, err := r.ReadAll()
		if err != nil {
			f.t.Fatalf("%s: %v", m.FileName(p), err)
		}
		if len(recs) == 0 || !slices.Equal(recs[0], want) {
			f.t.Fatalf("%s header %q, want %q", m.FileName(p), recs[0], want)
		}
		rows = append(rows, recs[1:]...)
	}
}

// expected reads the module's rows of org straight from the database and formats them the way
// BK-3 says: RFC 3339 UTC times, digits for integers, text neutralised with a leading '.
func expected(t *testing.T, db *sql.DB, m archive.Module, org int) [][]string {
	t.Helper()
	var sel []string
	for _, c := range m.Columns {
		if c.Expr != "" {
			sel = append(sel, c.Expr)
		} else {
			sel = append(sel, c.Name)
		}
	}
	rows, err := db.Query("SELECT "+strings.Join(sel, ", ")+" FROM "+m.Table+" WHERE org_id = $1 ORDER BY id", org)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	vals := make([]any, len(m.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
			case int64:
				rec[i] = strconv.FormatInt(x, 10)
			case time.Time:
				rec[i] = x.UTC().Format(time.RFC3339Nano)
			case string, []byte:
				s := string(toBytes(x))
				if m.Columns[i].Type == archive.ListColumn && s == "null" {
					s = ""
				} else if m.Columns[i].Type == archive.ListColumn {
					var l []string
					if err := json.Unmarshal([]byte(s), &l); err != nil {
						t.Fatalf("%s.%s: %v", m.Table, m.Columns[i].Name, err)
					}
					s = strings.Join(l, "; ")
				}
				if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
					s = "'" + s
				}
				rec[i] = s
			default:
				t.Fatalf("%s.%s: unexpected %T", m.Table, m.Columns[i].Name, v)
			}
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func toBytes(v any) []byte {
	if s, ok := v.(string); ok {
		return []byte(s)
	}
	return v.([]byte)
}

func mod(t *testing.T, name string) archive.Module {
	for _, m := range archive.Modules() {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no module %s", name)
	return archive.Module{}
}

func cell(t *testing.T, m archive.Module, rec []string, header string) string {
	for i, c := range m.Columns {
		if c.Header == header {
			return rec[i]
		}
	}
	t.Fatalf("%s has no column %q", m.Name, header)
	return ""
}

func (f *fixture) keys(prefix string) []string {
	var out []string
	it := f.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(f.ctx)
		if err == io.EOF {
			break
		}
		f.must(err)
		out = append(out, o.Key)
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------------------------------------
// Tests

// BK-2, BK-3, BK-4, PL-1: the ZIP opens, every CSV parses back to exactly the org's rows,
// formula-looking text is neutralised, numbers are not, the manifest matches the files.
func TestArchiveRoundTrip(t *testing.T) {
	f := newFixture(t)
	f.seed(f.orgA, "acme", 40)
	f.seed(f.orgB, foreignMarker, 3) // a small org: its modules are read through the org_id index
	// A negative number in an integer column is a number, not a formula (BK-3).
	_, err := f.db.SQL.Exec("UPDATE deals SET amount = -5 WHERE id = (SELECT MIN(id) FROM deals WHERE org_id = $1)", f.orgA)
	f.must(err)

	for _, org := range []int{f.orgA, f.orgB} {
		man, err := f.writer().Write(f.ctx, org, "run-"+strconv.Itoa(org))
		f.must(err)
		if man.Org != org || man.Format != archive.FormatName || man.FormatVersion != archive.FormatVersion || man.FormulaNeutralisation == "" {
			t.Fatalf("manifest: %+v", man)
		}
		set := f.readSet(man, archive.KindData, 0)
		if len(set.parts) != 1 {
			t.Fatalf("org %d: %d data parts, want 1", org, len(set.parts))
		}
		var total int64
		for i, m := range archive.Modules() {
			got, pieces := f.moduleRows(set, m)
			want := expected(t, f.db.SQL, m, org)
			if pieces != 1 || !slices.EqualFunc(got, want, slices.Equal[[]string]) {
				t.Fatalf("org %d %s: %d rows in %d pieces differ from the %d database rows\nfirst got:  %q\nfirst want: %q",
					org, m.Name, len(got), pieces, len(want), first(got), first(want))
			}
			mi := man.Modules[i]
			if mi.Name != m.Name || mi.Records != int64(len(want)) || set.parts[0].Modules[i].Records != mi.Records { // BK-4 counts
				t.Fatalf("org %d %s: manifest count %d, rows %d", org, m.Name, mi.Records, len(want))
			}
			if fl := set.parts[0].Files[i]; fl.Name != m.FileName(1) || fl.Records != int64(len(want)) {
				t.Fatalf("org %d: manifest file %+v for %s with %d rows", org, fl, m.Name, len(want))
			}
			total += mi.Records
		}
		if man.Records != total {
			t.Fatalf("manifest records %d, modules sum to %d", man.Records, total)
		}
		// PL-1: nothing of the other org, in any file of either archive.
		other := map[int]string{f.orgA: foreignMarker, f.orgB: "acme"}[org]
		for _, kind := range []string{archive.KindData, archive.KindAttachments} {
			s := f.readSet(man, kind, 0)
			for name, data := range s.entries {
				if bytes.Contains(data, []byte(other)) {
					t.Fatalf("org %d: %s %s holds the other org's data", org, kind, name)
				}
			}
		}
	}

	// Spot checks on org A with literal expectations (independent of the helper above).
	man, err := f.writer().Write(f.ctx, f.orgA, "spot")
	f.must(err)
	set := f.readSet(man, archive.KindData, 0)
	contacts := mod(t, "Contacts")
	rows, _ := f.moduleRows(set, contacts)
	seen := map[string]bool{}
	for _, r := range rows {
		for _, c := range r {
			seen[c] = true
		}
	}
	for _, want := range []string{ // BK-3
		"山田 太郎", "Smith, John", `He said "hello", then left`, "line one\nline two\nline three",
		"'=SUM(A1:A3)", "'+33 1 42 68 53 00", "'-5 units returned", "'@team please check", "'\tindented with a tab",
		"'\rstarts with a carriage return", "Société Générale, S.A. « Paris » acme", "leading space" /* trimmed on save */, "'already quoted", `\.`,
		`'=HYPERLINK("http://evil.example","click")`,
	} {
		if !seen[want] {
			t.Errorf("Contacts.csv has no cell %q", want)
		}
	}
	for _, bad := range []string{"=SUM(A1:A3)", "+33 1 42 68 53 00", "@team please check"} {
		if seen[bad] {
			t.Errorf("Contacts.csv has the formula-looking cell %q unneutralised", bad)
		}
	}
	// Times in RFC 3339 UTC: 09:30:15.123456 JST is 00:30:15.123456Z.
	if got := cell(t, contacts, rows[1], "Date of Birth"); got != "1981-02-02T00:30:15.123456Z" {
		t.Errorf("Date of Birth = %q", got)
	}
	if got := cell(t, contacts, rows[0], "Record ID"); got == "" || got[0] == '\'' {
		t.Errorf("Record ID = %q", got)
	}
	if _, err := time.Parse(time.RFC3339Nano, cell(t, contacts, rows[0], "Created Time")); err != nil || !strings.HasSuffix(cell(t, contacts, rows[0], "Created Time"), "Z") {
		t.Errorf("Created Time = %q", cell(t, contacts, rows[0], "Created Time"))
	}
	deals := mod(t, "Deals")
	drows, _ := f.moduleRows(set, deals)
	if got := cell(t, deals, drows[0], "Amount"); got != "-5" {
		t.Errorf("a negative amount is written %q, want -5 (numbers are never neutralised)", got)
	}
	emails := mod(t, "Emails")
	erows, _ := f.moduleRows(set, emails)
	if got := cell(t, emails, erows[0], "To Addresses"); got != "to0@example.com; =cmd@example.com" {
		t.Errorf("To Addresses = %q", got)
	}
	if got := cell(t, emails, erows[1], "Deal IDs"); strings.Count(got, "; ") != 1 {
		t.Errorf("Deal IDs = %q, want two linked deals", got)
	}
	for name, data := range set.entries { // BK-2: email bodies are excluded
		if bytes.Contains(data, []byte("SECRET EMAIL BODY")) {
			t.Errorf("%s contains an email body", name)
		}
	}
	pm := set.parts[0]
	if pm.CSV == nil || !strings.Contains(pm.FormulaNeutralisation, "'") || !slices.ContainsFunc(pm.Excluded, func(s string) bool { return strings.Contains(s, "Email bodies") }) {
		t.Errorf("manifest lacks the CSV format, the neutralisation note or the exclusions: %+v", pm)
	}
	for _, mi := range pm.Modules {
		if len(mi.Columns) == 0 || mi.Columns[0].Header != "Record ID" || mi.Columns[0].Column != "id" {
			t.Errorf("manifest module %s columns %+v", mi.Name, mi.Columns)
		}
	}
}

func first(r [][]string) []string {
	if len(r) == 0 {
		return nil
	}
	return r[0]
}

// BK-4: a tiny part size splits both archives into several valid ZIPs, none over the limit,
// whose union is every row and every attachment; a module continues as Module.partN.csv.
func TestArchiveParts(t *testing.T) {
	f := newFixture(t)
	f.seed(f.orgA, "acme", 150)
	f.bulkContacts(f.orgA, 3000)
	const partSize = archive.MinPartSize
	w := f.writer()
	w.PartSize = partSize
	w.Concurrency = 3
	man, err := w.Write(f.ctx, f.orgA, "parts")
	f.must(err)
	set := f.readSet(man, archive.KindData, partSize)
	if len(set.parts) < 3 {
		t.Fatalf("%d data parts with a %d-byte part size, want several", len(set.parts), partSize)
	}
	continued := 0
	for _, m := range archive.Modules() {
		got, pieces := f.moduleRows(set, m)
		want := expected(t, f.db.SQL, m, f.orgA)
		if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Fatalf("%s: %d rows over %d pieces differ from the %d database rows", m.Name, len(got), pieces, len(want))
		}
		var sum int64
		for _, p := range set.parts {
			for _, fl := range p.Files {
				if fl.Module == m.Name {
					sum += fl.Records
				}
			}
			if p.Modules[0].Records != man.Modules[0].Records {
				t.Fatalf("part %d states module totals %d, want %d", p.Part, p.Modules[0].Records, man.Modules[0].Records)
			}
		}
		if sum != int64(len(want)) {
			t.Fatalf("%s: part manifests count %d rows, database has %d", m.Name, sum, len(want))
		}
		if pieces > 1 {
			continued++
		}
	}
	if continued == 0 {
		t.Fatal("no module continued into a later part")
	}
	if _, ok := set.entries["Contacts.part2.csv"]; !ok {
		t.Fatalf("no Contacts.part2.csv: %v", set.order)
	}
	att := f.readSet(man, archive.KindAttachments, partSize)
	if n := len(att.entries); int64(n) != man.Attachments || n != 150+5 {
		t.Fatalf("%d attachments in the archive, manifest says %d", n, man.Attachments)
	}
	t.Logf("%d data parts, %d attachment parts", len(set.parts), len(att.parts))
}

// BK-2: attachments are in their own ZIP as Module/RecordID/filename with their bytes; name
// clashes and hostile names are made safe; a missing file is listed, not fatal.
func TestArchiveAttachments(t *testing.T) {
	f := newFixture(t)
	f.seed(f.orgA, "acme", 3)
	f.seed(f.orgB, foreignMarker, 2)
	var contactID, dealID int
	f.must(f.db.SQL.QueryRow("SELECT MIN(id) FROM contacts WHERE org_id = $1", f.orgA).Scan(&contactID))
	f.must(f.db.SQL.QueryRow("SELECT MIN(id) FROM deals WHERE org_id = $1", f.orgA).Scan(&dealID))
	gone := f.attach(f.orgA, "gone.txt", "text/plain", []byte("deleted from the store"), func(a *ent.AttachmentCreate) { a.SetContactID(contactID) })
	var goneKey string
	f.must(f.db.SQL.QueryRow("SELECT blob_key FROM attachments WHERE id = $1", gone).Scan(&goneKey))
	f.must(f.bucket.Delete(f.ctx, goneKey))

	man, err := f.writer().Write(f.ctx, f.orgA, "att")
	f.must(err)
	set := f.readSet(man, archive.KindAttachments, 0)

	rows, err := f.db.SQL.Query("SELECT id, file_name, blob_key, contact_id, deal_id FROM attachments WHERE org_id = $1 ORDER BY id", f.orgA)
	f.must(err)
	defer rows.Close()
	byID := map[int]archive.File{}
	for _, p := range set.parts {
		for _, fl := range p.Files {
			byID[fl.AttachmentID] = fl
		}
	}
	n := 0
	for rows.Next() {
		var id int
		var name, key string
		var cid, did sql.NullInt64
		f.must(rows.Scan(&id, &name, &key, &cid, &did))
		if id == gone {
			continue
		}
		n++
		fl, ok := byID[id]
		if !ok {
			t.Fatalf("attachment %d (%s) is not in the archive", id, name)
		}
		wantDir := "Unlinked/" + strconv.Itoa(id) + "/"
		switch {
		case cid.Valid:
			wantDir = fmt.Sprintf("Contacts/%d/", cid.Int64)
		case did.Valid:
			wantDir = fmt.Sprintf("Deals/%d/", did.Int64)
		}
		if !strings.HasPrefix(fl.Name, wantDir) || strings.Contains(strings.TrimPrefix(fl.Name, wantDir), "/") {
			t.Errorf("attachment %d %q stored as %q, want it directly under %s", id, name, fl.Name, wantDir)
		}
		want, err := f.bucket.ReadAll(f.ctx, key)
		f.must(err)
		if !bytes.Equal(set.entries[fl.Name], want) {
			t.Errorf("%s: bytes differ from the stored file", fl.Name)
		}
	}
	if len(set.entries) != n {
		t.Fatalf("%d files in the attachments archive, want %d", len(set.entries), n)
	}
	for _, want := range []string{
		fmt.Sprintf("Contacts/%d/cv-0.txt", contactID),
		fmt.Sprintf("Contacts/%d/見積書 2026.pdf", contactID),
		fmt.Sprintf("Contacts/%d/.._.._etc_passwd", contactID),
		fmt.Sprintf("Deals/%d/photo.jpg", dealID),
	} {
		if _, ok := set.entries[want]; !ok {
			t.Errorf("no %s in %q", want, set.order)
		}
	}
	dups := 0
	for _, name := range set.order {
		if strings.HasPrefix(name, fmt.Sprintf("Contacts/%d/cv-0 (", contactID)) {
			dups++
		}
	}
	if dups != 1 {
		t.Errorf("the second cv-0.txt of contact %d was not renamed apart: %q", contactID, set.order)
	}
	if len(man.MissingAttachments) != 1 || man.MissingAttachments[0].AttachmentID != gone ||
		len(set.parts[0].MissingAttachments) != 1 {
		t.Errorf("missing attachments: %+v", man.MissingAttachments)
	}
	// The Attachments module CSV lists every attachment row, found or not, without blob keys.
	am := mod(t, "Attachments")
	data := f.readSet(man, archive.KindData, 0)
	got, _ := f.moduleRows(data, am)
	if want := expected(t, f.db.SQL, am, f.orgA); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Fatalf("Attachments.csv differs from the database")
	}
	if bytes.Contains(data.entries["Attachments.csv"], []byte("attachments/")) {
		t.Error("Attachments.csv exposes blob keys")
	}
}

// BK-13: a cancelled write publishes nothing (no final key, no temporary left), leftovers of
// a dead attempt and stale parts are removed by the rerun, which produces exactly one complete
// archive set.
func TestArchiveCancelAndRerun(t *testing.T) {
	f := newFixture(t)
	f.seed(f.orgA, "acme", 150)
	base := archive.RunPrefix("", f.orgA, "r1")

	ctx, cancel := context.WithCancel(f.ctx)
	w := f.writer()
	w.PartSize = archive.MinPartSize
	w.ProgressEvery = 25
	w.Progress = func(done, total int64) {
		if done >= total/2 {
			cancel()
		}
	}
	_, err := w.Write(ctx, f.orgA, "r1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Write returned %v", err)
	}
	for _, k := range f.keys(base) { // nothing committed: not even the store's temporary files
		t.Fatalf("a cancelled Write left %s", k)
	}

	// A worker killed mid-run leaves temporaries (its own, and the store's temporary file of
	// an interrupted copy); an earlier attempt may have left more parts.
	leftovers := func() {
		for _, k := range []string{base + "tmp-deadbeef/data-part1.zip", base + "tmp-deadbeef/data-part2.zip",
			base + "data-part1.zip.18edb669d59d956d.tmp", base + "data-part9.zip", base + "attachments-part7.zip"} {
			f.must(f.bucket.WriteAll(f.ctx, k, []byte("partial"), nil))
		}
	}
	leftovers()
	// issue 9 item 6: a retry removes them as it starts, even if it is interrupted in turn.
	ctx, cancel = context.WithCancel(f.ctx)
	defer cancel()
	if _, err := w.Write(ctx, f.orgA, "r1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled rerun returned %v", err)
	}
	if got := f.keys(base); len(got) != 0 {
		t.Fatalf("issue 9 item 6: an interrupted retry left %q under the run", got)
	}
	leftovers()
	w.Progress = nil
	man, err := w.Write(f.ctx, f.orgA, "r1")
	f.must(err)
	var want []string
	for _, a := range man.Archives {
		want = append(want, a.Key)
	}
	sort.Strings(want)
	if got := f.keys(base); !slices.Equal(got, want) {
		t.Fatalf("after the rerun the run holds %q, want exactly %q", got, want)
	}
	set := f.readSet(man, archive.KindData, w.PartSize)
	for _, m := range archive.Modules() {
		got, _ := f.moduleRows(set, m)
		if want := expected(t, f.db.SQL, m, f.orgA); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Fatalf("%s differs after the rerun", m.Name)
		}
	}
	f.readSet(man, archive.KindAttachments, w.PartSize)

	// Running the same run again replaces the set: still exactly one.
	man2, err := w.Write(f.ctx, f.orgA, "r1")
	f.must(err)
	if got := f.keys(base); len(got) != len(man2.Archives) {
		t.Fatalf("second rerun left %q", got)
	}
}

// BK-12: progress is reported at a bounded rate and reaches the total (rows + attachment files).
func TestArchiveProgress(t *testing.T) {
	f := newFixture(t)
	f.seed(f.orgA, "acme", 30)
	w := f.writer()
	w.ProgressEvery = 40
	type call struct{ done, total int64 }
	var calls []call
	w.Progress = func(done, total int64) { calls = append(calls, call{done, total}) }
	man, err := w.Write(f.ctx, f.orgA, "p")
	f.must(err)
	total := man.Records + man.Attachments
	last := calls[len(calls)-1]
	if last.done != total || last.total != total {
		t.Fatalf("last progress %+v, want %d/%d", last, total, total)
	}
	if calls[0].done != 0 || calls[0].total != total {
		t.Fatalf("first progress %+v, want 0/%d", calls[0], total)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i].done < calls[i-1].done || calls[i].total != total {
			t.Fatalf("progress went %+v → %+v", calls[i-1], calls[i])
		}
	}
	if max := total/w.ProgressEvery + 2; int64(len(calls)) > max {
		t.Fatalf("%d progress calls for %d records, want at most %d", len(calls), total, max)
	}
}

// BK-2: every column of every module's table is either in the CSV or deliberately internal,
// so a field added to the schema cannot silently miss the backup.
func TestModulesCoverSchema(t *testing.T) {
	tables := map[string][]string{}
	for _, tb := range migrate.Tables {
		for _, c := range tb.Columns {
			tables[tb.Name] = append(tables[tb.Name], c.Name)
		}
	}
	names := map[string]bool{}
	for _, m := range archive.Modules() {
		if names[m.Name] {
			t.Errorf("module %s twice", m.Name)
		}
		names[m.Name] = true
		cols, ok := tables[m.Table]
		if !ok {
			t.Errorf("module %s: no table %s", m.Name, m.Table)
			continue
		}
		if !slices.Contains(cols, "org_id") || !slices.Contains(m.Internal, "org_id") {
			t.Errorf("module %s: the table must have org_id and keep it out of the CSV", m.Name)
		}
		covered := map[string]bool{}
		for _, c := range m.Columns {
			if c.Expr == "" {
				if !slices.Contains(cols, c.Name) {
					t.Errorf("module %s: column %s is not in table %s", m.Name, c.Name, m.Table)
				}
				covered[c.Name] = true
			}
		}
		for _, c := range m.Internal {
			covered[c] = true
		}
		for _, c := range cols {
			if !covered[c] {
				t.Errorf("module %s: table %s column %s is neither exported nor listed as internal", m.Name, m.Table, c)
			}
		}
	}
	for _, want := range []string{"Leads", "Contacts", "Accounts", "Deals", "Tasks", "Events", "Cases", "Notes", "Attachments", "Emails"} {
		if !names[want] {
			t.Errorf("no module %s (PL-4)", want)
		}
	}
}

// The full-scan plan reads in rowid order without sorting; the index plan uses org_id. SQLite's
// planner (PostgreSQL is never given the full-scan plan: its planner chooses).
func TestSelectSQLPlans(t *testing.T) {
	f := newFixtureOn(t, true)
	m := mod(t, "Contacts")
	plan := func(q string) string {
		rows, err := f.db.SQL.Query("EXPLAIN QUERY PLAN "+q, f.orgA)
		f.must(err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			f.must(rows.Scan(&id, &parent, &unused, &detail))
			out = append(out, detail)
		}
		return strings.Join(out, "; ")
	}
	if p := plan(m.SelectSQL(true)); strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "INDEX") {
		t.Errorf("full scan plan: %s", p)
	}
	if p := plan(m.SelectSQL(false)); !strings.Contains(p, "org_id") {
		t.Errorf("index plan: %s", p)
	}
}

// BK-3: which cells are neutralised.
func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+33 1": "'+33 1", "-5": "'-5", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "a=b": "a=b", " =1": " =1", "'=1": "'=1", "山田": "山田", "\nx": "\nx",
	} {
		if got := archive.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd": ".._.._etc_passwd", `a\b`: "a_b", "..": "file", "": "file", " x ": "x",
		"見積書.pdf": "見積書.pdf", "a\x00b": "a_b", "bad\xffutf8": "bad_utf8",
	} {
		if got := archive.SafeFileName(in); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("長", 100) + ".pdf"
	if got := archive.SafeFileName(long); len(got) > 200 || !strings.HasSuffix(got, ".pdf") || !utf8Valid(got) {
		t.Errorf("SafeFileName(long) = %q (%d bytes)", got, len(got))
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

func TestWriteRefusesBadInput(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		org int
		run string
	}{{0, "r"}, {f.orgA, ""}, {f.orgA, "../x"}, {f.orgA, "a/b"}, {f.orgA, "tmp-1"}} {
		if _, err := f.writer().Write(f.ctx, tc.org, tc.run); err == nil {
			t.Errorf("Write(%d, %q) succeeded", tc.org, tc.run)
		}
	}
	if _, err := (&archive.Writer{}).Write(f.ctx, f.orgA, "r"); err == nil {
		t.Error("a Writer without DB and Bucket wrote")
	}
	// An org without data still gets both archives, with header-only CSVs.
	man, err := f.writer().Write(f.ctx, f.orgB, "empty")
	f.must(err)
	set := f.readSet(man, archive.KindData, 0)
	for _, m := range archive.Modules() {
		if rows, _ := f.moduleRows(set, m); len(rows) != 0 {
			t.Fatalf("%s has rows", m.Name)
		}
	}
	if att := f.readSet(man, archive.KindAttachments, 0); len(att.entries) != 0 {
		t.Fatal("attachments in an empty org")
	}
}

// issue 17 item 8: CSVs start with the UTF-8 byte-order mark (spreadsheets need it) and the
// manifest says so; NoBOM (CRM_BACKUP_CSV_BOM=false) writes them without it.
func TestArchiveByteOrderMark(t *testing.T) {
	f := newFixture(t)
	f.seed(f.orgA, "acme", 3)
	for _, noBOM := range []bool{false, true} {
		w := f.writer()
		w.NoBOM = noBOM
		man, err := w.Write(f.ctx, f.orgA, fmt.Sprintf("bom-%t", noBOM))
		f.must(err)
		set := f.readSet(man, archive.KindData, 0)
		for _, m := range archive.Modules() {
			data := set.entries[m.FileName(1)]
			if has := bytes.HasPrefix(data, []byte(archive.UTF8BOM)); has == noBOM {
				t.Errorf("NoBOM=%t: %s starts with a byte-order mark: %t", noBOM, m.FileName(1), has)
			}
		}
		if man.CSV.ByteOrderMark == noBOM {
			t.Errorf("NoBOM=%t: the manifest says byteOrderMark=%t", noBOM, man.CSV.ByteOrderMark)
		}
	}
}
