// The sync page's pure helpers (issue 11 item 8): list nodes, the admin's user filter, the
// settings form's values, rules and input, and a conflict's two versions field by field.
import type { SyncClientWhereInput, SyncDirection, SyncItemWhereInput, SyncMode, SyncRunWhereInput, SyncSettingsInput } from '../../../gql/graphql';
import { first, maxLength, type Problems } from '../../../lib/validation';

/** The nodes of a connection's edges, without the holes GraphQL allows. */
export const nodes = <T,>(edges: ReadonlyArray<{ node?: T | null } | null> | null | undefined): T[] =>
  (edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

/** The page's variables: every user's (the API shows an admin all, a user their own), or one user's. */
export function syncFilters(userId: string): {
  clients?: SyncClientWhereInput;
  runs?: SyncRunWhereInput;
  ignored: SyncItemWhereInput;
  conflicts: SyncItemWhereInput;
} {
  if (userId === '') return { ignored: { state: 'IGNORED' }, conflicts: { state: 'CONFLICT' } };
  const byClient = [{ userID: userId }];
  // A run's userID is a plain Int in the schema (no user edge); global IDs are numbers.
  return {
    clients: { userID: userId },
    runs: { userID: Number(userId) },
    ignored: { state: 'IGNORED', hasClientWith: byClient },
    conflicts: { state: 'CONFLICT', hasClientWith: byClient },
  };
}

/** The users who own one of the clients, once each, by name. */
export function clientUsers(clients: ReadonlyArray<{ user: { id: string; name: string } }>): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const c of clients) byId.set(c.user.id, c.user.name);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The server's limits on settings (internal/datasync MaxFolders, MaxLabelBytes; ent/schema category). */
export const SETTINGS_LIMITS = { folders: 50, folderBytes: 255, category: 120 } as const;

export const DIRECTIONS: readonly SyncDirection[] = ['BOTH', 'CLIENT_TO_CRM', 'CRM_TO_CLIENT'];
export const MODES: readonly SyncMode[] = ['MANUAL', 'AUTOMATIC'];

/** The settings form: every value a string, as lib/useForm keeps them; folders one per line. */
export interface SettingsValues {
  enabled: string; // 'true' | 'false'
  direction: string;
  mode: string;
  folders: string;
  category: string;
}

export function settingsValues(s: { enabled: boolean; direction: SyncDirection; mode: SyncMode; folders?: ReadonlyArray<string> | null; category?: string | null }): SettingsValues {
  return { enabled: String(s.enabled), direction: s.direction, mode: s.mode, folders: (s.folders ?? []).join('\n'), category: s.category ?? '' };
}

/** The folders typed one per line: trimmed, blank lines dropped, each once. */
export function parseFolders(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim();
    if (f !== '' && !out.includes(f)) out.push(f);
  }
  return out;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

export function validateSettings(v: SettingsValues): Problems<SettingsValues> {
  const folders = parseFolders(v.folders);
  const long = folders.find((f) => bytes(f) > SETTINGS_LIMITS.folderBytes);
  return {
    enabled: undefined,
    direction: (DIRECTIONS as readonly string[]).includes(v.direction) ? undefined : { key: 'validation.required' },
    mode: (MODES as readonly string[]).includes(v.mode) ? undefined : { key: 'validation.required' },
    folders: first(
      folders.length > SETTINGS_LIMITS.folders ? { key: 'sync.settings.tooManyFolders', params: { count: folders.length, max: SETTINGS_LIMITS.folders } } : undefined,
      long !== undefined ? { key: 'sync.settings.folderTooLong', params: { name: long.length > 40 ? `${long.slice(0, 40)}…` : long, max: SETTINGS_LIMITS.folderBytes } } : undefined,
    ),
    category: maxLength(v.category, SETTINGS_LIMITS.category),
  };
}

/** What updateSyncSettings gets: every setting (an empty folder list: all folders; an empty category: no filter). */
export function settingsInput(v: SettingsValues): SyncSettingsInput {
  return { enabled: v.enabled === 'true', direction: v.direction as SyncDirection, mode: v.mode as SyncMode, folders: parseFolders(v.folders), category: v.category.trim() };
}

/** A kept conflict (SY-9): which side won and both versions, by the client's field names. */
export interface ConflictVersions {
  winner: 'CLIENT' | 'CRM';
  client: Record<string, string>;
  crm: Record<string, string>;
}

export interface ConflictRow {
  field: string;
  client: string;
  crm: string;
  differs: boolean;
}

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    out[k] = typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x);
  }
  return out;
};

/** Reads SyncItem.conflict; a side that is absent or not an object reads as no fields. */
export function readConflict(c: Record<string, unknown> | null | undefined): ConflictVersions {
  return { winner: c?.winner === 'CLIENT' ? 'CLIENT' : 'CRM', client: strings(c?.client), crm: strings(c?.crm) };
}

/** Both versions field by field, by field name; an absent field reads as empty; empty on both sides is left out. */
export function conflictRows(v: ConflictVersions): ConflictRow[] {
  const names = [...new Set([...Object.keys(v.client), ...Object.keys(v.crm)])].sort();
  return names
    .map((field) => {
      const client = v.client[field] ?? '';
      const crm = v.crm[field] ?? '';
      return { field, client, crm, differs: client !== crm };
    })
    .filter((r) => r.client !== '' || r.crm !== '');
}
