// Data backup (SPEC BK): a backup needs a free backup or a unit (BK-9, BK-10); units are paid
// with the card on file (BK-11); a schedule's cost is shown before it is confirmed (BK-10); a
// run goes to READY on screen without a reload (BK-20) and its data ZIP downloads with the
// session (BK-15); stopping asks first and says what it did (BK-18); the log (BK-19); the
// ready email in the outbox (BK-16); 日本語 and Français.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, gql, PHONE, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

// The sandbox gateway's always-succeeds test card (README "test cards").
const CARD_OK = '4242 4242 4242 4242';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('backup');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

async function summary(): Promise<{ schedule: { repeatType: string } | null; unitsLeft: number }> {
  const res = await gql<{ backupSummary: { schedule: { repeatType: string } | null; unitsLeft: number } }>(b, '{ backupSummary { schedule { repeatType } unitsLeft } }');
  return res.data!.backupSummary;
}

const readyRows = () => b.page.getByTestId('run-table').locator('tr[data-state="READY"]');

describe('data backup page', () => {
  it('a backup needs a unit; units need a card, added on the subscription page (BK-9, BK-11)', async () => {
    const { page } = b;
    await page.goto('/backup');
    await page.getByRole('heading', { level: 1, name: 'Data backup' }).waitFor();
    await expect(page.getByTestId('schedule-status').getAttribute('data-status')).resolves.toBe('NONE');
    await expect(page.getByTestId('summary-free').textContent()).resolves.toBe('0 of 0');
    await page.getByText('No backups yet.').waitFor();
    await screenshot(page, 'backup-empty-1280');

    // The free plan has no free backups: NEEDS_PURCHASE, with an offer to buy units.
    await page.getByTestId('backup-now').click();
    await expect(page.getByTestId('backup-now-error').getByRole('alert').getAttribute('data-error-code')).resolves.toBe('NEEDS_PURCHASE');
    await page.getByTestId('buy-offer').click();
    await page.getByTestId('buy-units-no-card').waitFor();
    await expect(page.getByTestId('buy-units-pay').isDisabled()).resolves.toBe(true);
    await page.getByTestId('to-subscription').click();

    await page.getByRole('heading', { level: 1, name: 'Subscription' }).waitFor();
    await page.getByTestId('card-edit').click();
    await page.getByTestId('card-number').fill(CARD_OK);
    await page.getByTestId('card-expiry').fill('12 / 30');
    await page.getByTestId('card-cvc').fill('123');
    await page.getByTestId('card-save').click();
    await page.getByTestId('card-form').waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Data backup' }).click();
    await page.getByTestId('buy-units').click();
    await page.getByTestId('buy-units-card').filter({ hasText: '4242' }).waitFor();
    await page.getByTestId('buy-units-count').fill('3');
    await expect(page.getByTestId('buy-units-total').textContent()).resolves.toBe('Total: €30.00');
    await page.getByTestId('buy-units-pay').click();
    await page.getByTestId('buy-units-dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid="units-left"]', { hasText: /^3$/ }).waitFor();

    // Unused units can be given back (refunded to the balance).
    await page.getByTestId('give-back-units').click();
    await page.getByTestId('give-back-confirm').click();
    await page.getByTestId('give-back-dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid="units-left"]', { hasText: /^2$/ }).waitFor();
    expect((await summary()).unitsLeft).toBe(2);
  });

  it('shows what a weekly schedule costs before it is confirmed (BK-10)', async () => {
    const { page } = b;
    await page.getByTestId('schedule-repeat').selectOption('WEEKLY');
    await page.getByTestId('schedule-weekday').selectOption('WEDNESDAY');
    await page.getByTestId('schedule-hour').selectOption('3');
    await expect(page.getByTestId('schedule-words').textContent()).resolves.toBe('Every week on Wednesday at 03:00');
    await page.getByTestId('cost-preview').waitFor();
    // A free plan: every weekly run is a unit, €10 each; the 2 units owned cover two of them.
    await expect(page.getByTestId('cost-preview-total').textContent()).resolves.toMatch(/^€\d+\.00$/);
    await expect(page.getByTestId('cost-preview-table').locator('tbody tr').count()).resolves.toBe(3);
    await expect(page.getByTestId('cost-preview-outcome').getAttribute('data-kind')).resolves.toBe('due');
    // Nothing is scheduled yet.
    expect((await summary()).schedule).toBeNull();
    await screenshot(page, 'backup-cost-preview');

    await page.getByTestId('schedule-confirm').click();
    await page.getByTestId('active-schedule').waitFor();
    await expect(page.getByTestId('active-schedule-words').textContent()).resolves.toBe('Every week on Wednesday at 03:00');
    await expect(page.getByTestId('schedule-status').getAttribute('data-status')).resolves.toBe('ACTIVE');
    expect((await summary()).schedule?.repeatType).toBe('WEEKLY');
  });

  it('skips one scheduled backup; the schedule goes on with the following one (BK-18)', async () => {
    const { page } = b;
    const scheduled = page.getByTestId('run-table').locator('tr[data-state="SCHEDULED"]');
    await scheduled.first().waitFor();
    const slot = (await scheduled.first().locator('time').getAttribute('datetime'))!;
    await scheduled.first().getByTestId('skip-run').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/^Skip the backup of /).waitFor();
    await expect(dialog.textContent()).resolves.toContain('the schedule goes on with the next one');
    await dialog.getByRole('button', { name: 'Skip it' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('run-table').locator(`tr[data-state="CANCELLED"]:has(time[datetime="${slot}"])`).waitFor();
    // The following week's slot (7 days later, ± an hour across a daylight-saving change) is now the scheduled one.
    await page.getByTestId('run-table').locator(`tr[data-state="SCHEDULED"]:not(:has(time[datetime="${slot}"]))`).waitFor();
    const next = (await scheduled.first().locator('time').getAttribute('datetime'))!;
    expect(Math.abs(Date.parse(next) - Date.parse(slot) - 7 * 24 * 3600 * 1000)).toBeLessThanOrEqual(3600 * 1000);
    expect((await summary()).schedule?.repeatType).toBe('WEEKLY');
    await page.getByTestId('backup-log-table').locator('tr[data-action="backup.run_cancelled"]').waitFor();
  });

  it('"Back up now": the run turns READY on screen without a reload, and the data ZIP downloads (BK-15, BK-20)', async () => {
    const { page } = b;
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByTestId('backup-now').click();
    await readyRows().first().waitFor();
    // A backup started elsewhere (the API) shows up and goes READY with no action here: the live subscription.
    const res = await gql(b, 'mutation { backupNow { id } }');
    expect(res.errors).toBeUndefined();
    await expect.poll(() => readyRows().count(), { timeout: 15_000 }).toBe(2);
    await expect(page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).resolves.toBe(true);
    // The READY notification's toast links to this page.
    await page.getByTestId('toast-open-backup').first().waitFor();
    await expect(page.getByTestId('summary-last').textContent()).resolves.toContain('Ready');
    await expect(readyRows().first().getByTestId('run-countdown').textContent()).resolves.toMatch(/^Link expires in [67] d/);

    const link = readyRows().first().getByTestId('download-DATA-1');
    expect(await link.getAttribute('href')).toMatch(/^\/download\/backup\/[0-9a-f]+$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    // Issue 17 item 8: downloads are named by org and day: acme-e2e-2026-12-03-data-part1.zip.
    expect(download.suggestedFilename()).toMatch(/^[a-z0-9-]+-\d{4}-\d{2}-\d{2}-data-part1\.zip$/);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');

    await page.getByTestId('backup-chart-canvas').waitFor();
    await page.getByTestId('backup-log-table').locator('tr[data-action="backup.ready"]').first().waitFor();
    await screenshot(page, 'backup-ready-1280');
    await page.setViewportSize(PHONE);
    await page.getByTestId('run-list').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'backup-ready-390');
    await page.setViewportSize(DESKTOP);
  });

  it('stops the schedule after a confirmation that the weekly add-on is not cancelled (BK-18)', async () => {
    const { page } = b;
    await page.getByTestId('stop-schedule').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Stop scheduled backups?').waitFor();
    await expect(page.getByTestId('stop-dialog-body').textContent()).resolves.toContain('does not cancel the weekly backup add-on');
    await screenshot(page, 'backup-stop-dialog');
    await dialog.getByRole('button', { name: 'Stop backups' }).click();
    await page.getByTestId('stop-result').waitFor();
    await expect(page.getByTestId('stop-message').textContent()).resolves.toContain('Scheduled backups are stopped. The next backup would have been on');
    await page.locator('[data-testid="schedule-status"][data-status="NONE"]').waitFor();
    await page.getByTestId('schedule-form').waitFor();
    expect((await summary()).schedule).toBeNull();
    await page.getByTestId('backup-log-table').locator('tr[data-action="backup.schedule_stopped"]').waitFor();
  });

  it('keeps the backup-ready email in the outbox when no SMTP server is configured (BK-16)', async () => {
    const { page } = b;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Outbox' }).click();
    await page.getByTestId('outbox-table').locator('tr[data-kind="backup.ready"]').first().waitFor();
    // By keyboard (a toast may still cover the right edge).
    await page.getByTestId('outbox-toggle').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('outbox-toggle').first().getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.getByTestId('outbox-body').textContent()).resolves.toContain('/download/backup/');
    await screenshot(page, 'outbox-1280');
  });

  it('reads in 日本語 and Français', async () => {
    const { page } = b;
    await page.goto('/backup');
    await page.getByTestId('run-table').waitFor();
    await page.getByTestId('language-switch').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: 'データのバックアップ' }).waitFor();
    await page.getByText('バックアップログ').waitFor();
    // The log's details are worded in Japanese from each entry's details (BK-19).
    await page.getByTestId('backup-log-table').locator('tr[data-action="backup.ready"]').getByText(/のバックアップの準備ができました/).first().waitFor();
    // The audit log page (loaded on demand) words the same entries in Japanese.
    await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: '監査ログ' }).click();
    await page.getByTestId('audit-table').getByText(/のバックアップの準備ができました/).first().waitFor();
    await page.goBack();
    await page.getByTestId('run-table').waitFor();
    await page.getByTestId('run-table').getByText('ダウンロード可能').first().waitFor();
    await expect(page.getByTestId('schedule-words').textContent()).resolves.toBe('毎週月曜日 02:00');
    await screenshot(page, 'backup-ja');
    // Notifications read in Japanese too, worded from their payload (not the server's English title).
    await page.getByTestId('open-notifications').click();
    await page.getByTestId('notification-list').getByText(/までダウンロードできます。$/).first().waitFor();
    await expect(page.getByTestId('notification-list').textContent()).resolves.not.toContain('ready to download');
    await page.keyboard.press('Escape');
    await page.getByTestId('notification-list').waitFor({ state: 'detached' });

    await page.getByTestId('language-switch').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Sauvegarde des données' }).waitFor();
    await page.getByText('Journal des sauvegardes').waitFor();
    await expect(page.getByTestId('schedule-words').textContent()).resolves.toBe('Chaque semaine le lundi à 02:00');
    const preview = (await page.getByTestId('cost-preview-total').textContent()) ?? '';
    expect(preview.replace(/[\u00a0\u202f]/g, ' ')).toMatch(/^\d+,00 €$/);
    await screenshot(page, 'backup-fr-1280');
    await page.setViewportSize(PHONE);
    await page.getByTestId('run-list').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'backup-fr-390');
    await page.setViewportSize(DESKTOP);
  });
});
