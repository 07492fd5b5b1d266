import { describe, expect, it } from 'vitest';
import type { BackupRunState } from '../../../gql/graphql';
import { pruneLiveRuns, upsertRun, withLiveRuns } from './runs';

const run = (id: string, state: BackupRunState, recordsDone = 0, extra = '') => ({ id, state, recordsDone, recordsTotal: 40, extra });

// Issue 10 move 7: the runs the backupEvents subscription carries update the list by id.
describe('live backup runs by id (issue 10 move 7, BK-20)', () => {
  it('keeps the latest copy of each run by id and never goes back', () => {
    let live = upsertRun({}, run('7', 'QUEUED'));
    live = upsertRun(live, run('7', 'RUNNING', 10));
    live = upsertRun(live, run('8', 'RUNNING', 5));
    expect(live['7']).toEqual(run('7', 'RUNNING', 10));
    live = upsertRun(live, run('7', 'READY', 40, 'files'));
    // A late progress copy after READY, or less progress than known, changes nothing.
    expect(upsertRun(live, run('7', 'RUNNING', 20))).toBe(live);
    expect(upsertRun(live, run('8', 'RUNNING', 4))).toBe(live);
    expect(upsertRun(live, null)).toBe(live);
    expect(live['7']).toEqual(run('7', 'READY', 40, 'files'));
    expect(live['8']).toEqual(run('8', 'RUNNING', 5));
  });

  it('shows the live copy in place of the listed run (whole run, not patched fields)', () => {
    const listed = [run('7', 'QUEUED'), run('6', 'READY', 40), run('5', 'RUNNING', 30)];
    const live = { '7': run('7', 'READY', 40, 'files'), '5': run('5', 'RUNNING', 10), '9': run('9', 'QUEUED') };
    expect(withLiveRuns(listed, live)).toEqual([run('7', 'READY', 40, 'files'), run('6', 'READY', 40), run('5', 'RUNNING', 30)]);
  });

  it('drops the copies the listed runs caught up with', () => {
    const live = { '7': run('7', 'READY', 40), '8': run('8', 'RUNNING', 9), '9': run('9', 'QUEUED') };
    const listed = [run('7', 'READY', 40), run('8', 'RUNNING', 5)];
    expect(pruneLiveRuns(live, listed)).toEqual({ '8': live['8'], '9': live['9'] });
    expect(pruneLiveRuns(live, [])).toBe(live);
  });
});
