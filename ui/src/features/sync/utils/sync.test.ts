// Issue 11 item 8: the sync page's helpers — the admin's user filter, the settings form (SY-1)
// and a conflict's versions field by field (SY-9).
import { describe, expect, it } from 'vitest';
import { clientUsers, conflictRows, parseFolders, readConflict, settingsInput, settingsValues, syncFilters, validateSettings, type SettingsValues } from './sync';

const base: SettingsValues = { enabled: 'true', direction: 'BOTH', mode: 'MANUAL', folders: '', category: '' };

describe('the admin filter (issue 11 item 8)', () => {
  it('asks for every user’s sync without a user, one user’s on each list with one', () => {
    expect(syncFilters('')).toEqual({ ignored: { state: 'IGNORED' }, conflicts: { state: 'CONFLICT' } });
    expect(syncFilters('4294967301')).toEqual({
      clients: { userID: '4294967301' },
      runs: { userID: 4294967301 },
      ignored: { state: 'IGNORED', hasClientWith: [{ userID: '4294967301' }] },
      conflicts: { state: 'CONFLICT', hasClientWith: [{ userID: '4294967301' }] },
    });
  });

  it('lists each client owner once, by name', () => {
    const c = (id: string, name: string) => ({ user: { id, name } });
    expect(clientUsers([c('2', 'Zoe'), c('1', 'Ann'), c('2', 'Zoe'), c('3', 'Ann')])).toEqual([
      { id: '1', name: 'Ann' },
      { id: '3', name: 'Ann' },
      { id: '2', name: 'Zoe' },
    ]);
    expect(clientUsers([])).toEqual([]);
  });
});

describe('the settings form (SY-1)', () => {
  it('reads a setting into the form and back into the input unchanged', () => {
    const s = { enabled: false, direction: 'CRM_TO_CLIENT' as const, mode: 'AUTOMATIC' as const, folders: ['Inbox', 'Clients/2026'], category: 'Zoho' };
    const v = settingsValues(s);
    expect(v).toEqual({ enabled: 'false', direction: 'CRM_TO_CLIENT', mode: 'AUTOMATIC', folders: 'Inbox\nClients/2026', category: 'Zoho' });
    expect(settingsInput(v)).toEqual(s);
    expect(settingsValues({ enabled: true, direction: 'BOTH', mode: 'MANUAL', folders: null, category: null })).toEqual(base);
  });

  it('takes folders one per line: trimmed, blank lines dropped, each once; none means every folder', () => {
    expect(parseFolders('  Inbox \r\n\nClients\nInbox\n  \n')).toEqual(['Inbox', 'Clients']);
    expect(parseFolders('')).toEqual([]);
    expect(settingsInput({ ...base, folders: '\n \n', category: '  ' })).toMatchObject({ folders: [], category: '' });
  });

  it('accepts the limits and refuses one more: 50 folders of 255 bytes, a category of 120 characters', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `f${i}`).join('\n');
    const fortyNine = Array.from({ length: 49 }, (_, i) => `f${i}`).join('\n');
    // The fiftieth folder: 127 two-byte characters and one byte, 255 bytes.
    const ok = validateSettings({ ...base, folders: `${fortyNine}\n${'é'.repeat(127)}x`, category: '分'.repeat(120) });
    expect(ok).toEqual({ enabled: undefined, direction: undefined, mode: undefined, folders: undefined, category: undefined });
    expect(validateSettings({ ...base, folders: `${fifty}\nf50` }).folders).toEqual({ key: 'sync.settings.tooManyFolders', params: { count: 51, max: 50 } });
    // 128 two-byte characters: 256 bytes.
    expect(validateSettings({ ...base, folders: `Inbox\n${'é'.repeat(128)}` }).folders).toMatchObject({ key: 'sync.settings.folderTooLong', params: { max: 255 } });
    expect(validateSettings({ ...base, category: '分'.repeat(121) }).category).toEqual({ key: 'validation.tooLong', params: { max: 120 } });
  });

  it('refuses a direction or a mode the API does not know', () => {
    const p = validateSettings({ ...base, direction: 'SIDEWAYS', mode: '' });
    expect(p.direction).toEqual({ key: 'validation.required' });
    expect(p.mode).toEqual({ key: 'validation.required' });
  });
});

describe('a conflict side by side (SY-9)', () => {
  it('pairs both versions field by field, marks the fields that differ, leaves out fields empty on both sides', () => {
    const c = readConflict({
      winner: 'CLIENT',
      kept: 'CRM',
      client: { lastName: 'Lee', jobTitle: 'CTO', email1: 'ann@x.test', notes: '' },
      crm: { lastName: 'Lee', jobTitle: 'CEO', mobile: '+33 6', notes: '' },
      at: '2026-12-03T09:00:00Z',
    });
    expect(c.winner).toBe('CLIENT');
    expect(conflictRows(c)).toEqual([
      { field: 'email1', client: 'ann@x.test', crm: '', differs: true },
      { field: 'jobTitle', client: 'CTO', crm: 'CEO', differs: true },
      { field: 'lastName', client: 'Lee', crm: 'Lee', differs: false },
      { field: 'mobile', client: '', crm: '+33 6', differs: true },
    ]);
  });

  it('reads a missing or odd conflict as the CRM’s win with no fields, and values that are not text as text', () => {
    expect(readConflict(null)).toEqual({ winner: 'CRM', client: {}, crm: {} });
    expect(readConflict({ winner: 'X', client: [1, 2], crm: 'text' })).toEqual({ winner: 'CRM', client: {}, crm: {} });
    expect(conflictRows(readConflict({ client: { n: 3, b: true, o: { a: 1 }, z: null }, crm: { n: '3' } }))).toEqual([
      { field: 'b', client: 'true', crm: '', differs: true },
      { field: 'n', client: '3', crm: '3', differs: false },
      { field: 'o', client: '{"a":1}', crm: '', differs: true },
    ]);
  });
});
