package datasync_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/crmadmin/crmadmin/ent/contact"
	"github.com/crmadmin/crmadmin/ent/syncchange"
	"github.com/crmadmin/crmadmin/ent/synccounter"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/pgtest"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Issue 15 item 2 (issue 11 item 1 on PostgreSQL): the per-org change log numbers changes in
// commit order under concurrent writers, on SQLite and PostgreSQL. Eight writers each run
// transactions that update two shared contacts in random order and create one (every third
// transaction rolls back) while a reader polls the log as a puller does. Every transaction
// commits (no deadlock between a record's row lock and the org's counter), a change the
// reader sees for the first time is always after every position it had seen (a token never
// skips a change committed later), rolled-back changes leave no entry, and the counter ends
// at the last position.
func TestLedger_ConcurrentWritersGapSafe_Issue15Item2(t *testing.T) {
	pgtest.EachDatabase(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		all := store.AllOrgs(ctx)
		org := db.Client.Organization.Create().SetName("Ledger Co").SetRegion("EU").SetTimeZone("UTC").SetCurrency("EUR").SaveX(all)
		sys := auth.SystemContext(ctx, org.ID)
		const shared = 4
		var ids []int
		for i := range shared {
			ids = append(ids, db.Client.Contact.Create().SetLastName(fmt.Sprintf("Shared %d", i)).SaveX(sys).ID)
		}

		const writers, rounds = 8, 6
		var wg sync.WaitGroup
		errs := make(chan error, writers*rounds)
		committed := make(chan int, writers*rounds)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					errs <- func() error {
						tx, err := db.Client.Tx(sys)
						if err != nil {
							return err
						}
						perm := rand.Perm(shared)
						for _, k := range perm[:2] {
							if err := tx.Contact.UpdateOneID(ids[k]).SetTitle(fmt.Sprintf("w%d r%d", w, r)).Exec(sys); err != nil {
								return fmt.Errorf("update: %w (rollback: %v)", err, tx.Rollback())
							}
						}
						c, err := tx.Contact.Create().SetLastName(fmt.Sprintf("New w%d r%d", w, r)).Save(sys)
						if err != nil {
							return fmt.Errorf("create: %w (rollback: %v)", err, tx.Rollback())
						}
						if (w*rounds+r)%3 == 2 {
							return tx.Rollback()
						}
						if err := tx.Commit(); err != nil {
							return err
						}
						committed <- c.ID
						return nil
					}()
				}
			}()
		}
		done := make(chan struct{})
		readerErr := make(chan error, 1)
		go func() { readerErr <- pollLog(ctx, db, org.ID, done) }()
		wg.Wait()
		close(done)
		close(errs)
		close(committed)
		for err := range errs {
			if err != nil {
				t.Errorf("writer: %v", err)
			}
		}
		if err := <-readerErr; err != nil {
			t.Error(err)
		}

		log, err := readLog(ctx, db, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]bool{}
		for _, id := range ids {
			want[id] = true
		}
		for id := range committed {
			want[id] = true
		}
		if len(log) != len(want) {
			t.Errorf("the log holds %d records, want %d (the shared ones and the committed creates)", len(log), len(want))
		}
		var last int64
		seqs := map[int64]bool{}
		for rec, seq := range log {
			if !want[rec] {
				t.Errorf("record %d is in the log but was rolled back", rec)
			}
			if seqs[seq] {
				t.Errorf("position %d given twice", seq)
			}
			seqs[seq], last = true, max(last, seq)
		}
		cn := db.Client.SyncCounter.Query().Where(synccounter.OrgID(org.ID)).OnlyX(all)
		if cn.Seq != last {
			t.Errorf("the counter is at %d, the log's last position is %d", cn.Seq, last)
		}
		if n := db.Client.Contact.Query().Where(contact.LastNameHasPrefix("New ")).CountX(sys); n != len(want)-shared {
			t.Errorf("%d contacts created, %d committed", n, len(want)-shared)
		}
	})
}

// pollLog reads the org's log until done, as a puller would, and fails when an entry it sees
// for the first time is at or before a position an earlier read had seen.
func pollLog(ctx context.Context, db *store.DB, org int, done <-chan struct{}) error {
	seen := map[[2]int64]bool{} // (record, position)
	var high int64
	for reads := 0; ; reads++ {
		select {
		case <-done:
			return nil
		default:
		}
		log, err := readLog(ctx, db, org)
		if err != nil {
			return err
		}
		next := high
		for rec, seq := range log {
			k := [2]int64{int64(rec), seq}
			if !seen[k] && seq <= high {
				return fmt.Errorf("read %d: record %d appeared at position %d, at or before position %d an earlier read had seen: a puller skips it", reads, rec, seq, high)
			}
			seen[k], next = true, max(next, seq)
		}
		high = next
	}
}

// readLog is the org's change log: record → position.
func readLog(ctx context.Context, db *store.DB, org int) (map[int]int64, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT record_id, seq FROM `+syncchange.Table+` WHERE org_id = $1 AND module = 'CONTACTS'`, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var rec int
		var seq int64
		if err := rows.Scan(&rec, &seq); err != nil {
			return nil, err
		}
		out[rec] = seq
	}
	return out, rows.Err()
}
