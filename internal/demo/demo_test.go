package demo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	_ "github.com/mattn/go-sqlite3"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/attachment"
	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/enttest"
	"github.com/crmadmin/crmadmin/ent/eventparticipant"
	_ "github.com/crmadmin/crmadmin/ent/runtime"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/demo"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// memBlobs is a BlobWriter keeping blobs in a map.
type memBlobs struct {
	mu    sync.Mutex
	blobs map[string][]byte
	types map[string]string
}

func newMemBlobs() *memBlobs {
	return &memBlobs{blobs: map[string][]byte{}, types: map[string]string{}}
}

func (m *memBlobs) WriteBlob(_ context.Context, key string, data []byte, contentType string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[key] = append([]byte(nil), data...)
	m.types[key] = contentType
	return nil
}

var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// openDB opens a fresh in-memory database with the production edge guard installed, so the
// load goes through the same hooks as in the server.
func openDB(t *testing.T) *ent.Client {
	t.Helper()
	dsn := fmt.Sprintf("file:demo-%s?mode=memory&cache=shared&_fk=1", strings.ReplaceAll(t.Name(), "/", "-"))
	var client *ent.Client
	if pgtest.Enabled() { // the suite on PostgreSQL (make test-pg)
		client = pgtest.Client(t)
	} else {
		client = enttest.Open(t, "sqlite3", dsn)
		t.Cleanup(func() { client.Close() })
	}
	client.Use(store.EdgeGuard(client))
	return client
}

func moduleCounts(t *testing.T, ctx context.Context, c *ent.Client) map[string]int {
	t.Helper()
	count := func(n int, err error) int {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return map[string]int{
		"users":              count(c.User.Query().Count(ctx)),
		"accounts":           count(c.Account.Query().Count(ctx)),
		"contacts":           count(c.Contact.Query().Count(ctx)),
		"leads":              count(c.Lead.Query().Count(ctx)),
		"deals":              count(c.Deal.Query().Count(ctx)),
		"tasks":              count(c.Task.Query().Count(ctx)),
		"events":             count(c.Event.Query().Count(ctx)),
		"event_participants": count(c.EventParticipant.Query().Count(ctx)),
		"cases":              count(c.SupportCase.Query().Count(ctx)),
		"notes":              count(c.Note.Query().Count(ctx)),
		"emails":             count(c.Email.Query().Count(ctx)),
		"attachments":        count(c.Attachment.Query().Count(ctx)),
	}
}

func firstContactNames(t *testing.T, ctx context.Context, c *ent.Client, n int) []string {
	t.Helper()
	cs, err := c.Contact.Query().Order(ent.Asc(contact.FieldID)).Limit(n).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(cs))
	for i, ct := range cs {
		names[i] = ct.FirstName + " " + ct.LastName + " <" + ct.Email + ">"
	}
	return names
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	client := openDB(t)
	blobs := newMemBlobs()
	opt := demo.Options{Contacts: 300, Seed: 42, Blobs: blobs, Now: testNow}

	start := time.Now()
	res, err := demo.Load(ctx, client, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Load(Contacts: 300) took %v: %v", time.Since(start).Round(time.Millisecond), res.Counts)

	if res.Email != demo.DefaultEmail || len(res.Password) != 16 || res.OrgName == "" || res.OrgID == 0 {
		t.Fatalf("result = %+v", res)
	}

	// Counts per module match what is in the org, and no module is empty.
	sctx := auth.SystemContext(ctx, res.OrgID)
	got := moduleCounts(t, sctx, client)
	if len(got) != len(res.Counts) {
		t.Errorf("Result.Counts has modules %v, want %v", res.Counts, got)
	}
	for module, n := range got {
		if n == 0 {
			t.Errorf("module %s is empty", module)
		}
		if res.Counts[module] != n {
			t.Errorf("Counts[%s] = %d, the database has %d", module, res.Counts[module], n)
		}
	}
	if got["contacts"] != 300 || got["accounts"] != 60 || got["deals"] != 100 || got["attachments"] != 30 {
		t.Errorf("sizes do not scale from Contacts: %v", got)
	}

	// The admin can sign in: read the hash the way sign-in does (across orgs, by email).
	admin, err := client.User.Query().Where(user.EmailEQ(res.Email)).Only(store.AllOrgs(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if admin.Role != user.RoleSUPER_ADMIN || admin.Status != user.StatusACTIVE || admin.OrgID != res.OrgID {
		t.Errorf("admin = %+v", admin)
	}
	if err := auth.CheckPassword(context.Background(), admin.PasswordHash, res.Password); err != nil {
		t.Errorf("admin cannot sign in: %v", err)
	}
	if err := auth.CheckPassword(context.Background(), admin.PasswordHash, res.Password+"x"); err == nil {
		t.Error("a wrong password is accepted")
	}
	deactivated, err := client.User.Query().Where(user.StatusEQ(user.StatusDEACTIVATED)).Count(sctx)
	if err != nil || deactivated != 1 {
		t.Errorf("deactivated users = %d, %v; want 1", deactivated, err)
	}
	team, err := client.User.Query().Where(user.LicenseKindEQ(user.LicenseKindTEAM)).Count(sctx)
	if err != nil || team == 0 {
		t.Errorf("TEAM users = %d, %v", team, err)
	}

	// Japanese and French text are there.
	contacts, err := client.Contact.Query().All(sctx)
	if err != nil {
		t.Fatal(err)
	}
	var hasJA, hasFR, hasEN, hasFormula, hasMultiline bool
	for _, c := range contacts {
		hasJA = hasJA || strings.IndexFunc(c.LastName, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
		hasFR = hasFR || strings.ContainsAny(c.FirstName+c.LastName+c.MailingState, "éèêëçïîôÉ")
		hasEN = hasEN || c.MailingCountry == "United Kingdom" || c.MailingCountry == "United States"
		hasFormula = hasFormula || strings.HasPrefix(c.Phone, "+") || strings.HasPrefix(c.Mobile, "+")
		hasMultiline = hasMultiline || strings.Contains(c.Description, "\n")
		if c.Email != "" && !strings.HasSuffix(c.Email, ".example") {
			t.Errorf("contact email %q is not under a reserved .example domain", c.Email)
		}
	}
	if !hasJA || !hasFR || !hasEN || !hasFormula || !hasMultiline {
		t.Errorf("mixed data missing: ja=%v fr=%v en=%v +phone=%v multiline=%v", hasJA, hasFR, hasEN, hasFormula, hasMultiline)
	}

	// Event participants are linked when their email is a contact's.
	linked, err := client.EventParticipant.Query().Where(eventparticipant.ContactIDNotNil()).Count(sctx)
	if err != nil || linked == 0 {
		t.Errorf("participants linked to contacts = %d, %v", linked, err)
	}
	bare, err := client.EventParticipant.Query().Where(eventparticipant.ContactIDIsNil(),
		eventparticipant.LeadIDIsNil(), eventparticipant.UserIDIsNil()).Count(sctx)
	if err != nil || bare == 0 {
		t.Errorf("bare-email participants = %d, %v", bare, err)
	}

	// Every attachment's bytes were written under its key, with matching size.
	atts, err := client.Attachment.Query().Order(ent.Asc(attachment.FieldID)).All(sctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(blobs.blobs) != len(atts) {
		t.Errorf("%d blobs written for %d attachments", len(blobs.blobs), len(atts))
	}
	prefix := fmt.Sprintf("attachments/%d/", res.OrgID)
	kinds := map[string]bool{}
	for _, a := range atts {
		data, ok := blobs.blobs[a.BlobKey]
		if !ok || int64(len(data)) != a.Size || !strings.HasPrefix(a.BlobKey, prefix) ||
			!strings.HasSuffix(a.BlobKey, "/"+a.FileName) || len(a.Sha256) != 64 {
			t.Errorf("attachment %+v: blob present=%v len=%d", a, ok, len(data))
		}
		kinds[a.ContentType] = true
	}
	if len(kinds) != 3 {
		t.Errorf("attachment content types = %v, want CSV, text and PNG", kinds)
	}

	// A second load for the same admin email fails clearly, and creates nothing.
	orgsBefore, _ := client.Organization.Query().Count(store.AllOrgs(ctx))
	_, err = demo.Load(ctx, client, demo.Options{Contacts: 300, Seed: 42, Blobs: newMemBlobs(), Now: testNow, Email: "  Admin@Demo.CRMAdmin.test "})
	if !errors.Is(err, demo.ErrEmailTaken) || !strings.Contains(err.Error(), demo.DefaultEmail) {
		t.Errorf("second load: err = %v, want ErrEmailTaken naming the email", err)
	} else {
		t.Logf("second load: %v", err)
	}
	if orgsAfter, _ := client.Organization.Query().Count(store.AllOrgs(ctx)); orgsAfter != orgsBefore {
		t.Errorf("the failed load left an org behind (%d → %d)", orgsBefore, orgsAfter)
	}

	// Same seed, another admin: same data, in a second org of the same database.
	res2, err := demo.Load(ctx, client, demo.Options{Contacts: 300, Seed: 42, Blobs: newMemBlobs(), Now: testNow,
		Email: "other@demo.crmadmin.test", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	a := firstContactNames(t, sctx, client, 10)
	b := firstContactNames(t, auth.SystemContext(ctx, res2.OrgID), client, 10)
	if strings.Join(a, "|") != strings.Join(b, "|") {
		t.Errorf("same seed, different data:\n%v\n%v", a, b)
	}
	t.Logf("first contacts: %v", a)
	if res2.Password != "correct horse battery" {
		t.Errorf("password = %q, want the one given", res2.Password)
	}
	// Orgs do not see each other's rows.
	if n := moduleCounts(t, auth.SystemContext(ctx, res2.OrgID), client)["contacts"]; n != 300 {
		t.Errorf("second org sees %d contacts, want 300", n)
	}
}

func TestLoadSeedsDiffer(t *testing.T) {
	ctx := context.Background()
	client := openDB(t)
	var names [][]string
	for i, seed := range []int64{1, 2} {
		res, err := demo.Load(ctx, client, demo.Options{Contacts: 60, Seed: seed, Blobs: newMemBlobs(), Now: testNow,
			Email: fmt.Sprintf("seed%d@demo.crmadmin.test", i)})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, firstContactNames(t, auth.SystemContext(ctx, res.OrgID), client, 10))
	}
	if strings.Join(names[0], "|") == strings.Join(names[1], "|") {
		t.Errorf("seeds 1 and 2 gave the same contacts: %v", names[0])
	}
}

// TestLoadManySeeds loads small orgs with many seeds so that rare combinations (long names,
// long addresses) meet the field validators at least once.
func TestLoadManySeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	client := openDB(t)
	for seed := int64(100); seed < 120; seed++ {
		_, err := demo.Load(ctx, client, demo.Options{Contacts: 40, Seed: seed, Blobs: newMemBlobs(), Now: testNow,
			Email: fmt.Sprintf("s%d@demo.crmadmin.test", seed), Password: "0123456789abc"})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}

type failingBlobs struct{ after, n int }

func (f *failingBlobs) WriteBlob(context.Context, string, []byte, string) error {
	if f.n++; f.n > f.after {
		return errors.New("disk full")
	}
	return nil
}

// A load that fails half-way leaves nothing behind, so it can be re-run with the same email.
func TestLoadFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	client := openDB(t)
	_, err := demo.Load(ctx, client, demo.Options{Contacts: 100, Blobs: &failingBlobs{after: 3}, Now: testNow})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the blob error", err)
	}
	all := store.AllOrgs(ctx)
	if n, _ := client.Organization.Query().Count(all); n != 0 {
		t.Errorf("%d orgs left after a failed load", n)
	}
	if n, _ := client.User.Query().Count(all); n != 0 {
		t.Errorf("%d users left after a failed load", n)
	}
	if n, _ := client.Contact.Query().Count(all); n != 0 {
		t.Errorf("%d contacts left after a failed load", n)
	}
	if _, err := demo.Load(ctx, client, demo.Options{Contacts: 100, Blobs: newMemBlobs(), Now: testNow}); err != nil {
		t.Errorf("re-running after a failure: %v", err)
	}
}

func TestLoadOptionsErrors(t *testing.T) {
	ctx := context.Background()
	client := openDB(t)
	if _, err := demo.Load(ctx, client, demo.Options{Contacts: 10}); err == nil || !strings.Contains(err.Error(), "Blobs") {
		t.Errorf("no Blobs: err = %v", err)
	}
	if _, err := demo.Load(ctx, client, demo.Options{Contacts: 10, Blobs: newMemBlobs(), Password: "short"}); err == nil {
		t.Error("a short password is accepted")
	}
	if _, err := demo.Load(ctx, client, demo.Options{Contacts: -1, Blobs: newMemBlobs()}); err == nil {
		t.Error("negative Contacts accepted")
	}
}

// TestLoadDefaultSize times a load of the default size (1,500 contacts) and logs it.
func TestLoadDefaultSize(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	client := openDB(t)
	start := time.Now()
	res, err := demo.Load(ctx, client, demo.Options{Blobs: newMemBlobs()})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	total := 0
	for _, n := range res.Counts {
		total += n
	}
	t.Logf("default Load: %v for %d rows %v", elapsed.Round(time.Millisecond), total, res.Counts)
	if res.Counts["contacts"] != demo.DefaultContacts || res.Counts["attachments"] != 150 {
		t.Errorf("counts = %v", res.Counts)
	}
	if elapsed > 20*time.Second {
		t.Errorf("default load took %v; it should take a few seconds", elapsed)
	}
}
