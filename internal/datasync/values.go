package datasync

import (
	"encoding/json"
	"time"

	"github.com/crmadmin/crmadmin/ent"
)

// values reads a record's fields by their CRM names (the ent JSON names), as text and times.
func values(v any) (map[string]string, map[string]*time.Time) {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	text, times := map[string]string{}, map[string]*time.Time{}
	for k, x := range m {
		switch x := x.(type) {
		case string:
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil && isTimeField(k) {
				t = t.UTC()
				times[k] = &t
				continue
			}
			text[k] = x
		}
	}
	return text, times
}

func isTimeField(k string) bool {
	switch k {
	case "date_of_birth", "due_date", "start_at", "end_at", "created_at", "updated_at":
		return true
	}
	return false
}

func contactValues(c *ent.Contact) (map[string]string, map[string]*time.Time) {
	text, times := values(c)
	if c.Edges.Account != nil {
		text["account_name"] = c.Edges.Account.Name
	}
	return text, times
}

func taskValues(t *ent.Task) (map[string]string, map[string]*time.Time) { return values(t) }

func eventValues(e *ent.Event) (map[string]string, map[string]*time.Time) { return values(e) }
