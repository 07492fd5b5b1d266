package datasync

// The sync service: the rules applied to the database. Adapters (GraphQL's plug-in API today,
// CardDAV/CalDAV next) turn their wire format into Items and call RegisterClient,
// UpdateSettings, Push (which queues a run applied by the sync:apply job through Apply) and
// Pull. Everything a client can see or change goes through the viewer's privacy rules.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/syncclient"
	"github.com/crmadmin/crmadmin/ent/synccounter"
	"github.com/crmadmin/crmadmin/ent/syncitem"
	"github.com/crmadmin/crmadmin/ent/syncrun"
	"github.com/crmadmin/crmadmin/ent/syncsetting"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/clock"
	"github.com/crmadmin/crmadmin/internal/kind/syncenum"
	"github.com/crmadmin/crmadmin/internal/notify"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Enqueuer queues the sync:apply job of a run (worker.SyncEnqueuer).
type Enqueuer interface {
	EnqueueSyncApply(ctx context.Context, orgID, runID, clientID int, batchKey string) error
}

// Permissions decide SY-8 for one user: what they may do to a record, and whether they may
// create in a module. The CRM has no sharing rules yet: OrgWide (every user of the org reads
// and edits every record, as the GraphQL API does) is the default; a sharing model plugs in here.
type Permissions interface {
	Record(ctx context.Context, v *auth.Viewer, m syncenum.Module, recordID int, ownerID *int) Access
	CanCreate(ctx context.Context, v *auth.Viewer, m syncenum.Module) bool
}

// OrgWide is the CRM's present model: every user of the org may read and edit every record.
type OrgWide struct{}

func (OrgWide) Record(context.Context, *auth.Viewer, syncenum.Module, int, *int) Access {
	return WriteAccess
}
func (OrgWide) CanCreate(context.Context, *auth.Viewer, syncenum.Module) bool { return true }

// Service is the sync engine.
type Service struct {
	Client       *ent.Client
	DB           *sql.DB // the same database, for the one-off backfill of the change log
	Queue        Enqueuer
	Notify       *notify.Service
	Clock        clock.Clock
	Log          *slog.Logger
	TokenKey     []byte        // signs sync tokens
	TombstoneTTL time.Duration // CRM_SYNC_TOMBSTONE_TTL
	Perms        Permissions   // nil: OrgWide
}

func (s *Service) perms() Permissions {
	if s.Perms == nil {
		return OrgWide{}
	}
	return s.Perms
}

// db is the request's transaction client when there is one.
func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.Client
}

func viewer(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to sync")
	}
	return v, nil
}

// RegisterClient adds a mail client for the signed-in user with default settings for every
// module: enabled, BOTH, MANUAL, all folders, no category filter (SY-1).
func (s *Service) RegisterClient(ctx context.Context, name string) (*ent.SyncClient, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	c := s.db(ctx)
	cl, err := c.SyncClient.Create().SetName(name).SetUserID(v.UserID).Save(ctx)
	if err != nil {
		return nil, apperr.OnField("name", err)
	}
	for _, m := range syncenum.Modules {
		if err := c.SyncSetting.Create().SetClientID(cl.ID).SetUserID(v.UserID).SetModule(m).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return cl, nil
}

// SettingsInput changes a module's settings; nil fields stay as they are.
type SettingsInput struct {
	Enabled   *bool
	Direction *syncenum.Direction
	Mode      *syncenum.Mode
	Folders   []string // nil: unchanged; empty: all folders
	Category  *string  // "" turns the filter off
}

// UpdateSettings changes one module's settings of a client (SY-1). Choosing AUTOMATIC records
// when and where in the change log it started: automatic syncs carry only later changes.
func (s *Service) UpdateSettings(ctx context.Context, clientID int, m syncenum.Module, in SettingsInput) (*ent.SyncSetting, error) {
	if _, err := viewer(ctx); err != nil {
		return nil, err
	}
	if len(in.Folders) > MaxFolders {
		return nil, apperr.Invalid("folders", "folders has %d folders; the limit is %d", len(in.Folders), MaxFolders)
	}
	for _, f := range in.Folders {
		if len(f) > MaxLabelBytes || strings.TrimSpace(f) == "" {
			return nil, apperr.Invalid("folders", "folders: a folder name must be 1 to %d bytes", MaxLabelBytes)
		}
	}
	c := s.db(ctx)
	st, err := c.SyncSetting.Query().Where(syncsetting.ClientID(clientID), syncsetting.ModuleEQ(m)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Missing("sync client")
	} else if err != nil {
		return nil, err
	}
	u := st.Update()
	if in.Enabled != nil {
		u.SetEnabled(*in.Enabled)
	}
	if in.Direction != nil {
		u.SetDirection(*in.Direction)
	}
	if in.Mode != nil {
		u.SetMode(*in.Mode)
		if *in.Mode == syncenum.Automatic && st.Mode != syncenum.Automatic {
			seq, _, err := s.position(ctx, c, st.OrgID)
			if err != nil {
				return nil, err
			}
			u.SetAutomaticSince(s.Clock.Now()).SetAutomaticSeq(seq)
		}
	}
	if in.Folders != nil {
		u.SetFolders(in.Folders)
	}
	if in.Category != nil {
		u.SetCategory(*in.Category)
	}
	st, err = u.Save(ctx)
	return st, apperr.OnField("category", err)
}

// position is the org's change-log position and the highest position forgotten.
func (s *Service) position(ctx context.Context, c *ent.Client, org int) (seq, pruned int64, err error) {
	cn, err := c.SyncCounter.Query().Where(synccounter.OrgID(org)).Only(store.AllOrgs(ctx))
	if ent.IsNotFound(err) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	return cn.Seq, cn.Pruned, nil
}

func settingsOf(st *ent.SyncSetting) Settings {
	out := Settings{Enabled: st.Enabled, Direction: st.Direction, Mode: st.Mode, Folders: st.Folders,
		Category: st.Category, AutoSeq: st.AutomaticSeq}
	if st.AutomaticSince != nil {
		out.AutoSince = *st.AutomaticSince
	}
	return out
}

// client loads a client the viewer may use (their own; an admin's viewer sees every user's,
// but only the owner syncs through it) and its module's settings.
func (s *Service) client(ctx context.Context, c *ent.Client, clientID int, m syncenum.Module) (*ent.SyncClient, *ent.SyncSetting, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	cl, err := c.SyncClient.Query().Where(syncclient.ID(clientID), syncclient.UserID(v.UserID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, apperr.Missing("sync client")
	} else if err != nil {
		return nil, nil, err
	}
	st, err := c.SyncSetting.Query().Where(syncsetting.ClientID(clientID), syncsetting.ModuleEQ(m)).Only(ctx)
	if err != nil {
		return nil, nil, err
	}
	return cl, st, nil
}

// PushItem is one pushed item as an adapter hands it over.
type PushItem struct {
	Item
	CRMID int            // optional: the CRM record the client already knows this item as
	Raw   map[string]any // the item as the client sent it, kept for the round trip
}

// Batch is what a client pushes (SY-2).
type Batch struct {
	ClientID    int
	Module      syncenum.Module
	Key         string // the client's batch key: a batch sent twice applies once
	Automatic   bool
	FullListing bool // the items are every item the client holds (delete-after-two-misses)
	Items       []PushItem
}

// CheckBatch refuses a batch over the transport limits before any work starts.
func CheckBatch(b Batch) error {
	if k := strings.TrimSpace(b.Key); k == "" || len(b.Key) > MaxLabelBytes {
		return apperr.Invalid("batchKey", "batchKey must be 1 to %d bytes", MaxLabelBytes)
	}
	if len(b.Items) > MaxBatchItems {
		return apperr.Invalid("items", "has %d items; the limit is %d per batch", len(b.Items), MaxBatchItems)
	}
	seen := make(map[string]bool, len(b.Items))
	for i, it := range b.Items {
		at := fmt.Sprintf("items[%d]", i)
		if it.ClientID == "" || len(it.ClientID) > MaxClientIDBytes || !utf8.ValidString(it.ClientID) {
			return apperr.Invalid(at+".clientItemId", "%s.clientItemId must be 1 to %d bytes", at, MaxClientIDBytes)
		}
		if seen[it.ClientID] {
			return apperr.Invalid(at+".clientItemId", "%s.clientItemId %q appears twice in the batch", at, it.ClientID)
		}
		seen[it.ClientID] = true
		if len(it.Fields) > MaxItemFields {
			return apperr.Invalid(at+".fields", "%s.fields has %d fields; the limit is %d", at, len(it.Fields), MaxItemFields)
		}
		for k, v := range it.Fields {
			if k == "" || len(k) > MaxFieldNameBytes {
				return apperr.Invalid(at+".fields", "%s.fields: a field name must be 1 to %d bytes", at, MaxFieldNameBytes)
			}
			if len(v) > MaxValueBytes {
				return apperr.Invalid(at+".fields", "%s.fields.%s is %d bytes; the limit is %d", at, k, len(v), MaxValueBytes)
			}
		}
		if len(it.Attendees) > MaxAttendees {
			return apperr.Invalid(at+".attendees", "%s.attendees has %d attendees; the limit is %d", at, len(it.Attendees), MaxAttendees)
		}
		for _, a := range it.Attendees {
			if len(a.Email) > 320 || len(a.Name) > 4*120 {
				return apperr.Invalid(at+".attendees", "%s.attendees: an attendee's email or name is too long", at)
			}
		}
		if len(it.Categories) > MaxCategories {
			return apperr.Invalid(at+".categories", "%s.categories has %d categories; the limit is %d", at, len(it.Categories), MaxCategories)
		}
		for _, c := range it.Categories {
			if len(c) > MaxLabelBytes {
				return apperr.Invalid(at+".categories", "%s.categories: a category must be at most %d bytes", at, MaxLabelBytes)
			}
		}
		if len(it.Folder) > MaxLabelBytes {
			return apperr.Invalid(at+".folder", "%s.folder must be at most %d bytes", at, MaxLabelBytes)
		}
		if it.Modified.IsZero() {
			return apperr.Invalid(at+".modified", "%s.modified is required: the item's modification time is its version", at)
		}
	}
	return nil
}

// stored is a pushed item as kept in the run until it is applied.
type stored struct {
	ClientID   string            `json:"id"`
	Op         syncenum.Op       `json:"op"`
	Modified   time.Time         `json:"modified"`
	Fields     map[string]string `json:"fields,omitempty"`
	Attendees  []Attendee        `json:"attendees,omitempty"`
	HasAtt     bool              `json:"hasAttendees,omitempty"`
	Categories []string          `json:"categories,omitempty"`
	Folder     string            `json:"folder,omitempty"`
	CRMID      int               `json:"crmId,omitempty"`
	Raw        map[string]any    `json:"raw,omitempty"`
}

// Push keeps the batch as a QUEUED run and queues its sync:apply job (SY-2). The same batch
// key of the same client returns the run already made: a batch sent twice applies once. It
// runs in its own transaction and queues after the commit (graph.SelfTransacted).
func (s *Service) Push(ctx context.Context, b Batch) (*ent.SyncRun, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if err := CheckBatch(b); err != nil {
		return nil, err
	}
	if b.FullListing && b.Automatic {
		return nil, apperr.Invalid("fullListing", "fullListing: a full listing is a manual sync, not an automatic one")
	}
	_, st, err := s.client(ctx, s.Client, b.ClientID, b.Module)
	if err != nil {
		return nil, err
	}
	set := settingsOf(st)
	if !set.AcceptsPush() {
		return nil, apperr.Invalid("module", "%s is not synced from the client (direction %s, enabled %t)", b.Module, set.Direction, set.Enabled)
	}
	if b.Automatic && set.Mode != syncenum.Automatic {
		return nil, apperr.Invalid("automatic", "%s is set to manual sync: start the sync by hand", b.Module)
	}
	if run, err := s.Client.SyncRun.Query().Where(syncrun.ClientID(b.ClientID), syncrun.BatchKey(b.Key)).Only(ctx); err == nil {
		if run.State == syncenum.RunQueued {
			s.enqueue(ctx, run)
		}
		return run, nil
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	items := make([]stored, len(b.Items))
	for i, it := range b.Items {
		items[i] = stored{ClientID: it.ClientID, Op: it.Op, Modified: Version(it.Modified), Fields: it.Fields,
			Attendees: it.Attendees, HasAtt: it.Attendees != nil, Categories: it.Categories, Folder: it.Folder, CRMID: it.CRMID, Raw: it.Raw}
	}
	payload, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	run, err := s.Client.SyncRun.Create().SetClientID(b.ClientID).SetUserID(v.UserID).SetUserName(v.Name).
		SetModule(b.Module).SetDirection(syncenum.ClientToCRM).SetBatchKey(b.Key).SetAutomatic(b.Automatic).
		SetFullListing(b.FullListing).SetBatch(payload).SetStartedAt(s.Clock.Now()).Save(ctx)
	if ent.IsConstraintError(err) { // the same batch, pushed at the same moment
		return s.Client.SyncRun.Query().Where(syncrun.ClientID(b.ClientID), syncrun.BatchKey(b.Key)).Only(ctx)
	}
	if err != nil {
		return nil, err
	}
	s.enqueue(ctx, run)
	return run, nil
}

func (s *Service) enqueue(ctx context.Context, run *ent.SyncRun) {
	if err := s.Queue.EnqueueSyncApply(ctx, run.OrgID, run.ID, run.ClientID, run.BatchKey); err != nil {
		s.Log.Warn("sync run not enqueued; the next sync tick re-enqueues it", "org", run.OrgID, "run", run.ID, "err", err)
	}
}

// Reconcile re-enqueues runs still QUEUED (lost with Redis, or their worker died before the
// commit: the batch is in the database, so nothing is lost). It returns how many.
func (s *Service) Reconcile(ctx context.Context, olderThan time.Duration) (int, error) {
	all := store.AllOrgs(ctx)
	runs, err := s.Client.SyncRun.Query().Where(syncrun.StateEQ(syncenum.RunQueued),
		syncrun.StartedAtLT(s.Clock.Now().Add(-olderThan))).Limit(1000).All(all)
	if err != nil {
		return 0, err
	}
	for _, r := range runs {
		s.enqueue(ctx, r)
	}
	return len(runs), nil
}

// Prune forgets tombstones older than the TTL, org by org, and moves each org's pruned
// position past them: a token from before answers RESYNC_REQUIRED (issue 11 item 1).
func (s *Service) Prune(ctx context.Context) (int, error) {
	all := store.AllOrgs(ctx)
	cut := PruneBefore(s.Clock.Now(), s.TombstoneTTL)
	var orgs []struct {
		OrgID int   `json:"org_id"`
		Max   int64 `json:"max"`
	}
	err := s.Client.SyncChange.Query().Where(syncchange.OpEQ(syncenum.Delete), syncchange.ChangedAtLT(cut)).
		GroupBy(syncchange.FieldOrgID).Aggregate(ent.Max(syncchange.FieldSeq)).Scan(all, &orgs)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, o := range orgs {
		tx, err := s.Client.Tx(all)
		if err != nil {
			return total, err
		}
		n, err := tx.SyncChange.Delete().Where(syncchange.OrgID(o.OrgID), syncchange.OpEQ(syncenum.Delete),
			syncchange.SeqLTE(o.Max)).Exec(all)
		if err == nil {
			err = tx.SyncCounter.Update().Where(synccounter.OrgID(o.OrgID), synccounter.PrunedLT(o.Max)).SetPruned(o.Max).Exec(all)
		}
		if err != nil {
			return total, errors.Join(err, tx.Rollback())
		}
		if err := tx.Commit(); err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// userViewer is the viewer a run is applied as: the user who pushed it, with their role now.
func (s *Service) userViewer(ctx context.Context, org, userID int) (*auth.Viewer, error) {
	u, err := s.Client.User.Query().Where(user.ID(userID)).Only(auth.SystemContext(ctx, org))
	if err != nil {
		return nil, err
	}
	if u.Status != user.StatusACTIVE {
		return nil, apperr.New(apperr.Forbidden, "the user who pushed this batch is deactivated")
	}
	return &auth.Viewer{UserID: u.ID, OrgID: org, Role: auth.Role(u.Role), Name: u.Name, Locale: u.Locale}, nil
}

// SyncAgain applies an item once more from the version the client last sent (SY-4: the user
// selects an ignored item again once fixed): a new run of that one item.
func (s *Service) SyncAgain(ctx context.Context, itemID int) (*ent.SyncRun, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.Client.SyncItem.Query().Where(syncitem.ID(itemID), syncitem.UserID(v.UserID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Missing("sync item")
	} else if err != nil {
		return nil, err
	}
	if l.State == syncenum.Synced {
		return nil, apperr.New(apperr.Conflict, "the item is already synced")
	}
	it, err := fromRaw(l)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal([]stored{it})
	if err != nil {
		return nil, err
	}
	run, err := s.Client.SyncRun.Create().SetClientID(l.ClientID).SetUserID(v.UserID).SetUserName(v.Name).
		SetModule(l.Module).SetDirection(syncenum.ClientToCRM).
		SetBatchKey(fmt.Sprintf("again:%d:%d", l.ID, s.Clock.Now().UnixNano())).SetBatch(payload).
		SetStartedAt(s.Clock.Now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	s.enqueue(ctx, run)
	return run, nil
}
