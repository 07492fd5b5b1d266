// Backup runs kept up to date by the live backupEvents subscription (BK-20, issue 10 move 7).
// Each event carries its run as the server has it (id, state, progress…): the page keeps the
// latest copy of each run by id and shows it in place of the listed one, instead of patching
// fields from what the event type implies.
import { STATE_RANK } from './backup';
import type { BackupRunState } from '../../../gql/graphql';

interface RunLike {
  id: string;
  state: BackupRunState;
  recordsDone: number;
}

/** The latest copy of each run an event carried, by run id. */
export type LiveRuns<R extends RunLike> = Readonly<Record<string, R>>;

/** Whether copy a of a run is at least as far along as copy b (state, then progress). */
function asFar(a: RunLike, b: RunLike): boolean {
  const ra = STATE_RANK[a.state], rb = STATE_RANK[b.state];
  return ra > rb || (ra === rb && a.recordsDone >= b.recordsDone);
}

/** Keeps the run an event carried, by id; a copy older than the one kept changes nothing. */
export function upsertRun<R extends RunLike>(live: LiveRuns<R>, run: R | null | undefined): LiveRuns<R> {
  if (!run) return live;
  const kept = live[run.id];
  if (kept && !asFar(run, kept)) return live;
  return { ...live, [run.id]: run };
}

/** The listed runs, each replaced by its live copy when that is further along. */
export function withLiveRuns<R extends RunLike>(listed: readonly R[], live: LiveRuns<R>): R[] {
  return listed.map((r) => {
    const l = live[r.id];
    return l && asFar(l, r) && l !== r ? l : r;
  });
}

/** Drops the live copies the listed runs have caught up with. */
export function pruneLiveRuns<R extends RunLike>(live: LiveRuns<R>, listed: readonly R[]): LiveRuns<R> {
  const byId = new Map(listed.map((r) => [r.id, r]));
  let changed = false;
  const out: Record<string, R> = {};
  for (const [id, l] of Object.entries(live)) {
    const r = byId.get(id);
    if (r && asFar(r, l)) changed = true;
    else out[id] = l;
  }
  return changed ? out : live;
}
