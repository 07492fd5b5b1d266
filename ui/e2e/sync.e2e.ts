// Mail-client sync page (issue 11 item 8, SY-4, SY-7, SY-9): a plug-in (played through the API)
// pushes a batch with an item over a field limit; the page shows the client and its settings,
// the run with its counts, the ignored item with field and limit and "sync again", in en, ja, fr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('sync');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
  const reg = await gql<{ registerSyncClient: { id: string } }>(b, 'mutation { registerSyncClient(name: "Outlook on the desk") { id } }');
  if (reg.errors) throw new Error(JSON.stringify(reg.errors));
  const item = (id: string, fields: Record<string, string>) => ({
    clientItemId: id,
    op: 'CREATE',
    modified: new Date().toISOString(),
    fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
  });
  const push = await gql<{ pushSyncBatch: { id: string } }>(b, 'mutation($i: PushSyncBatchInput!) { pushSyncBatch(input: $i) { id } }', {
    i: {
      clientId: reg.data!.registerSyncClient.id,
      module: 'CONTACTS',
      batchKey: 'browser-1',
      items: [item('ok-1', { firstName: 'Bea', lastName: 'Synced', email1: 'bea@example.com' }), item('long-1', { lastName: 'Long', jobTitle: 'x'.repeat(101) })],
    },
  });
  if (push.errors) throw new Error(JSON.stringify(push.errors));
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('mail-client sync page', () => {
  it('shows the client, the run with its counts and the ignored item with field and limit', async () => {
    const { page } = b;
    await page.goto('/sync');
    await page.getByRole('heading', { level: 1, name: 'Mail-client sync' }).waitFor();
    await page.getByTestId('sync-client').filter({ hasText: 'Outlook on the desk' }).waitFor();
    await expect(page.getByTestId('sync-setting-CONTACTS').textContent()).resolves.toContain('both ways, manual');
    // The run is applied by a job: reload until it is done.
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByTestId('sync-runs').or(page.getByText('No sync has run yet.')).first().waitFor();
        return page.locator('[data-testid="sync-run"][data-state="DONE"]').count();
      }, { timeout: 15000 })
      .toBe(1);
    const run = page.locator('[data-testid="sync-run"][data-state="DONE"]');
    await expect(run.getByTestId('sync-run-added').textContent()).resolves.toBe('1');
    await expect(run.getByTestId('sync-run-ignored').textContent()).resolves.toBe('1');
    const ignored = page.getByTestId('sync-ignored-item');
    await expect(ignored.getByTestId('sync-ignored-field').textContent()).resolves.toBe('jobTitle (limit 100 characters)');
    await screenshot(page, 'sync-en');
  });

  it('syncs an ignored item again: a new run reports it ignored again (still over its limit)', async () => {
    const { page } = b;
    await page.getByTestId('sync-again').click();
    await page.getByText('The item is being synced again.').waitFor();
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByTestId('sync-runs').waitFor();
        return page.locator('[data-testid="sync-run"][data-state="DONE"]').count();
      }, { timeout: 15000 })
      .toBe(2);
    await page.getByTestId('sync-ignored-item').waitFor();
  });

  it('speaks Japanese and French', async () => {
    const { page } = b;
    await page.getByTestId('language-switch').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: 'メールクライアント同期' }).waitFor();
    await page.getByText('前回の同期で無視された項目').waitFor();
    await expect(page.getByTestId('sync-ignored-field').textContent()).resolves.toBe('jobTitle (上限 100 文字)');
    await screenshot(page, 'sync-ja');
    await page.getByTestId('language-switch').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Synchronisation avec la messagerie' }).waitFor();
    await page.getByText('Ignorés lors de la synchronisation précédente').waitFor();
    await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Mail-client sync' }).waitFor();
  });
});
