// Mail-client sync page, managing clients (issue 11 item 8, SY-1, SY-9): the per-module settings
// editor (the browser's limits, the API's refusal next to its field, the saved settings), deleting
// a client after a confirmation (its runs go, the CRM records stay), an admin's view of every
// user's clients and runs with the user filter, a standard user's own view, and a conflict shown
// field by field with the differences marked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let admin: Browser;
let sam: Browser;

type Item = { clientItemId: string; op: string; modified: string; fields: { name: string; value: string }[] };
const item = (id: string, fields: Record<string, string>, op = 'CREATE', modified = new Date()): Item => ({
  clientItemId: id,
  op,
  modified: modified.toISOString(),
  fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
});

async function register(b: Browser, name: string): Promise<string> {
  const r = await gql<{ registerSyncClient: { id: string } }>(b, 'mutation($n: String!) { registerSyncClient(name: $n) { id } }', { n: name });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.registerSyncClient.id;
}

/** Pushes a batch and waits until its job applied it. */
async function push(b: Browser, clientId: string, key: string, items: Item[]): Promise<void> {
  const r = await gql<{ pushSyncBatch: { id: string } }>(b, 'mutation($i: PushSyncBatchInput!) { pushSyncBatch(input: $i) { id } }', {
    i: { clientId, module: 'CONTACTS', batchKey: key, items },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const id = r.data!.pushSyncBatch.id;
  // Polled, not slept on (expect.poll works only inside a test; this runs in beforeAll).
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await gql<{ node: { state: string } }>(b, 'query($id: ID!) { node(id: $id) { ... on SyncRun { state } } }', { id });
    if (run.data?.node.state === 'DONE') return;
    if (run.data?.node.state === 'FAILED' || Date.now() > deadline) throw new Error(`sync run ${id}: ${JSON.stringify(run)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const runCount = async (b: Browser) => (await gql<{ syncRuns: { totalCount: number } }>(b, '{ syncRuns { totalCount } }')).data!.syncRuns.totalCount;

beforeAll(async () => {
  server = await startServer('sync-manage');
  admin = await startBrowser(server.baseURL);
  await signUpByApi(admin); // Ann Owner, the super admin
  const inv = await gql<{ inviteUser: { temporaryPassword: string } }>(
    admin,
    'mutation { inviteUser(input: {email: "sam.sync@example.test", name: "Sam Sync", role: STANDARD}) { temporaryPassword } }',
  );
  if (inv.errors) throw new Error(JSON.stringify(inv.errors));
  sam = await startBrowser(server.baseURL);
  const temporary = inv.data!.inviteUser.temporaryPassword;
  const signIn = await gql(sam, 'mutation($p: String!) { signIn(input: {email: "sam.sync@example.test", password: $p}) { user { id } } }', { p: temporary });
  if (signIn.errors) throw new Error(JSON.stringify(signIn.errors));
  const changed = await gql(sam, 'mutation($c: String!) { changePassword(input: {currentPassword: $c, newPassword: "sam own password"}) }', { c: temporary });
  if (changed.errors) throw new Error(JSON.stringify(changed.errors));

  const samClient = await register(sam, 'Sam’s Outlook');
  await push(sam, samClient, 'sam-1', [item('s1', { firstName: 'Sue', lastName: 'Samson' })]);
  const desk = await register(admin, 'Desk Outlook');
  const old = await register(admin, 'Old Thunderbird');
  await push(admin, old, 'old-1', [item('t1', { firstName: 'Tess', lastName: 'Thunder' })]);

  // A conflict (SY-9): the CRM and the client both change the same contact; the client's later change wins.
  await push(admin, desk, 'desk-1', [item('c1', { firstName: 'Cleo', lastName: 'Conflict', jobTitle: 'CTO', email1: 'cleo@example.test' })]);
  const link = await gql<{ syncItems: { edges: { node: { recordID: string } }[] } }>(admin, '{ syncItems(where: {clientItemID: "c1"}) { edges { node { recordID } } } }');
  const contact = link.data!.syncItems.edges[0].node.recordID;
  const upd = await gql(admin, 'mutation($id: ID!) { updateContact(id: $id, input: {title: "CEO"}) { id } }', { id: contact });
  if (upd.errors) throw new Error(JSON.stringify(upd.errors));
  const later = new Date(Date.now() + 60_000);
  await push(admin, desk, 'desk-2', [item('c1', { firstName: 'Cleo', lastName: 'Conflict', jobTitle: 'CTO', email1: 'cleo@example.test', mobile: '+33 6 12' }, 'UPDATE', later)]);
});
afterAll(async () => {
  await sam?.close();
  await admin?.close();
  await server?.stop();
});

const clientRow = (b: Browser, name: string) => b.page.getByTestId('sync-client').filter({ hasText: name });

describe('mail-client sync: managing clients', () => {
  it('edits one module’s settings: the browser’s limit, the API’s refusal next to its field, then saved (SY-1)', async () => {
    const { page } = admin;
    await page.goto('/sync');
    await page.getByRole('heading', { level: 1, name: 'Mail-client sync' }).waitFor();
    const row = clientRow(admin, 'Desk Outlook');
    await expect(row.getByTestId('sync-setting-TASKS').textContent()).resolves.toBe('Tasks: both ways, manual');
    await row.getByRole('button', { name: 'Edit the Tasks settings of Desk Outlook' }).click();
    const form = page.getByTestId('sync-settings-form');
    await form.waitFor();
    await expect(form.getByTestId('sync-settings-enabled').isChecked()).resolves.toBe(true);
    await form.getByTestId('sync-settings-direction').selectOption('CRM_TO_CLIENT');
    await form.getByTestId('sync-settings-mode').selectOption('AUTOMATIC');
    await form.getByTestId('sync-settings-folders').fill('Inbox\n\nClients\nInbox');
    // Over the category's limit: the browser says so and sends nothing.
    await form.getByTestId('sync-settings-category').fill('z'.repeat(121));
    await form.getByTestId('sync-settings-save').click();
    await form.getByText('Use at most 120 characters.').waitFor();
    // Within the limit but with a character that disguises text: the API refuses, next to the field.
    await form.getByTestId('sync-settings-category').fill('Zoho\u202e');
    await form.getByTestId('sync-settings-save').click();
    await form.getByText(/category contains a bidirectional control character \(U\+202E\)/).waitFor();
    await expect(form.getByTestId('sync-settings-category').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'sync-settings-refused');
    await form.getByTestId('sync-settings-category').fill('Zoho');
    await form.getByTestId('sync-settings-save').click();
    await page.getByText('The Tasks settings of “Desk Outlook” were saved.').waitFor();
    await form.waitFor({ state: 'detached' });
    const saved = 'Tasks: CRM → mail client, automatic, only category “Zoho”, folders Inbox, Clients';
    await expect.poll(() => row.getByTestId('sync-setting-TASKS').textContent()).toBe(saved);
    await page.reload();
    await expect.poll(() => clientRow(admin, 'Desk Outlook').getByTestId('sync-setting-TASKS').textContent()).toBe(saved);
    // Turned off: the module reads "off".
    await clientRow(admin, 'Desk Outlook').getByTestId('sync-edit-EVENTS').click();
    await form.getByTestId('sync-settings-enabled').uncheck({ force: true });
    await form.getByTestId('sync-settings-save').click();
    await expect.poll(() => clientRow(admin, 'Desk Outlook').getByTestId('sync-setting-EVENTS').textContent()).toBe('Events: off');
  });

  it('shows a conflict field by field, the fields that differ marked (SY-9)', async () => {
    const { page } = admin;
    const conflict = page.getByTestId('sync-conflict').filter({ hasText: 'c1' });
    await conflict.waitFor();
    await expect(conflict.textContent()).resolves.toContain('The mail client’s change won');
    const field = (name: string) => conflict.locator(`[data-testid="sync-conflict-row"][data-field="${name}"]`);
    await expect(field('jobTitle').getByTestId('sync-conflict-client').textContent()).resolves.toBe('CTO');
    await expect(field('jobTitle').getByTestId('sync-conflict-crm').textContent()).resolves.toBe('CEO');
    await expect(field('jobTitle').getAttribute('data-differs')).resolves.toBe('true');
    await expect(field('jobTitle').getByTestId('sync-conflict-differs').textContent()).resolves.toBe('differs');
    await expect(field('lastName').getAttribute('data-differs')).resolves.toBe('false');
    await expect(field('lastName').getByTestId('sync-conflict-differs').count()).resolves.toBe(0);
    await screenshot(page, 'sync-conflict');
  });

  it('deletes a client after a confirmation: its runs go, the contacts it synced stay', async () => {
    const { page } = admin;
    const runsBefore = await runCount(admin);
    await clientRow(admin, 'Old Thunderbird').getByRole('button', { name: 'Delete the client Old Thunderbird' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Old Thunderbird”?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('the contacts, tasks and events it synced stay in the CRM');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(clientRow(admin, 'Old Thunderbird').count()).resolves.toBe(1);
    await clientRow(admin, 'Old Thunderbird').getByTestId('sync-delete').click();
    await dialog.getByRole('button', { name: 'Delete client' }).click();
    await page.getByText('The client “Old Thunderbird” was deleted.').waitFor();
    await clientRow(admin, 'Old Thunderbird').waitFor({ state: 'detached' });
    await expect(runCount(admin)).resolves.toBe(runsBefore - 1);
    const kept = await gql<{ contacts: { totalCount: number } }>(admin, '{ contacts(where: {lastName: "Thunder"}) { totalCount } }');
    expect(kept.data?.contacts.totalCount).toBe(1);
    const audit = await gql<{ auditEvents: { totalCount: number } }>(admin, '{ auditEvents(where: {action: "sync_client.deleted"}) { totalCount } }');
    expect(audit.data?.auditEvents.totalCount).toBe(1);
  });

  it('an admin sees every user’s clients and runs and filters them by user', async () => {
    const { page } = admin;
    await page.goto('/sync');
    await clientRow(admin, 'Sam’s Outlook').waitFor();
    await expect(clientRow(admin, 'Sam’s Outlook').getByTestId('sync-client-user').textContent()).resolves.toBe('Sam Sync');
    await expect(clientRow(admin, 'Desk Outlook').getByTestId('sync-client-user').textContent()).resolves.toBe('You');
    const runUsers = () => page.getByTestId('sync-run-user').allTextContents();
    await expect.poll(async () => new Set(await runUsers())).toEqual(new Set(['Sam Sync', 'Ann Owner']));

    const filter = page.getByTestId('sync-user-filter');
    await filter.selectOption({ label: 'Sam Sync' });
    await expect.poll(() => page.getByTestId('sync-client').allTextContents()).toEqual([expect.stringContaining('Sam’s Outlook')]);
    await expect.poll(runUsers).toEqual(['Sam Sync']);
    await expect(page.getByTestId('sync-conflict').count()).resolves.toBe(0); // the conflict is the admin's
    await screenshot(page, 'sync-admin-filter');

    await filter.selectOption({ label: 'Ann Owner' });
    await expect.poll(() => page.getByTestId('sync-client').count()).toBe(1);
    await clientRow(admin, 'Desk Outlook').waitFor();
    await expect.poll(async () => new Set(await runUsers())).toEqual(new Set(['Ann Owner']));
    await page.getByTestId('sync-conflict').first().waitFor();

    await filter.selectOption({ label: 'Every user' });
    await expect.poll(() => page.getByTestId('sync-client').count()).toBe(2);
  });

  it('a standard user sees only their own clients and runs, without the filter', async () => {
    const { page } = sam;
    await page.goto('/sync');
    await page.getByRole('heading', { level: 1, name: 'Mail-client sync' }).waitFor();
    await clientRow(sam, 'Sam’s Outlook').waitFor();
    await expect(page.getByTestId('sync-client').count()).resolves.toBe(1);
    await expect(page.getByTestId('sync-user-filter').count()).resolves.toBe(0);
    await expect.poll(() => page.getByTestId('sync-run-user').allTextContents()).toEqual(['Sam Sync']);
  });

  it('speaks Japanese and French in the editor and the dialog', async () => {
    const { page } = admin;
    await page.getByTestId('language-switch').selectOption('ja');
    await clientRow(admin, 'Desk Outlook').getByTestId('sync-edit-CONTACTS').click();
    await page.getByRole('dialog', { name: '「Desk Outlook」の連絡先の設定' }).waitFor();
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await page.getByTestId('language-switch').selectOption('fr');
    await clientRow(admin, 'Desk Outlook').getByTestId('sync-delete').click();
    await page.getByRole('dialog', { name: 'Supprimer « Desk Outlook »\u202f?' }).waitFor();
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Mail-client sync' }).waitFor();
  });
});
