"""python3-caldav (Debian) syncing the CRM's events calendar by sync token (issue 12 item 5).

Run by internal/e2e/dav_test.go: prints READY with the initial listing, waits for a line on
stdin (the test changes the CRM meanwhile), then prints the delta and what a bad token gives.
"""
import json
import sys

import caldav

base, email, token = sys.argv[1:4]
client = caldav.DAVClient(url=base + "/dav/", username=email, password=token)
cal = [c for c in client.principal().calendars() if str(c.url).endswith("/events/")][0]

initial = cal.objects_by_sync_token(load_objects=True)
summaries = sorted(str(o.vobject_instance.vevent.summary.value) for o in initial)
print("READY " + json.dumps({"token": initial.sync_token, "summaries": summaries}), flush=True)
sys.stdin.readline()

updated, deleted = initial.sync()
out = {
    "updated": sorted(str(o.vobject_instance.vevent.summary.value) for o in updated),
    "deleted": len(deleted),
}
try:
    cal.objects_by_sync_token(sync_token="urn:crmadmin:sync:expired", load_objects=False)
    out["bad_token"] = "accepted"
except Exception as e:  # caldav has no fallback: the client starts over with a full sync
    out["bad_token"] = type(e).__name__
    full = cal.objects_by_sync_token(load_objects=True)
    out["resync"] = sorted(str(o.vobject_instance.vevent.summary.value) for o in full)
print("DONE " + json.dumps(out), flush=True)
