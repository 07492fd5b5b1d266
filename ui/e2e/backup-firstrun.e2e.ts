// Issue 17 item 7, on screen: "Back up now" asks first when it leaves the next scheduled run to
// a unit or to nothing; the estimate is measured ("less than a minute", not "about 1 min");
// runs are listed newest first; the active schedule is edited without stopping it, with the
// cost preview before saving; 日本語 and Français.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, gql, PHONE, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('backup-firstrun');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
  // A card, one backup unit (the FREE plan has no free backups) and a weekly schedule.
  const card = await gql(b, 'mutation { setPaymentMethod(card: {number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123"}) { last4 } }');
  expect(card.errors).toBeUndefined();
  const units = await gql(b, 'mutation { buyBackupUnits(units: 1, idempotencyKey: "firstrun-1") { __typename } }');
  expect(units.errors).toBeUndefined();
  const sched = await gql(b, 'mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: MONDAY}) { schedule { id } } }');
  expect(sched.errors).toBeUndefined();
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const overflow = () => b.page.evaluate(() => document.documentElement.scrollWidth);

describe('backup page, first run (issue 17 item 7)', () => {
  it('asks before "Back up now" spends the last unit the next scheduled backup needs; the estimate is measured', async () => {
    const { page } = b;
    await page.goto('/backup');
    await page.getByRole('heading', { level: 1, name: 'Data backup' }).waitFor();
    await expect(page.getByTestId('summary-estimate').textContent()).resolves.toContain('not measured yet');
    await page.getByTestId('backup-now').click();
    const dialog = page.getByRole('dialog');
    await expect(page.getByTestId('backup-now-warning').textContent()).resolves.toMatch(
      /^This backup uses your last backup unit\. The next scheduled backup \(.+\) will then not run unless you buy a backup unit \(.+\)\.$/,
    );
    await screenshot(page, 'backup-now-warning-1280');
    // Cancel: nothing happened.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const none = await gql<{ backupRuns: { totalCount: number } }>(b, '{ backupRuns(first: 10, where: {repeatType: IMMEDIATE}) { totalCount } }');
    expect(none.data!.backupRuns.totalCount).toBe(0);
    // Confirm: the backup runs and turns READY.
    await page.getByTestId('backup-now').click();
    await dialog.getByRole('button', { name: 'Back up now anyway' }).click();
    await page.getByTestId('run-table').locator('tr[data-state="READY"]').first().waitFor({ timeout: 30_000 });
    // A backup of a new org takes well under a second: "less than a minute", never "about 1 min".
    await expect.poll(() => page.getByTestId('summary-estimate').textContent(), { timeout: 15_000 }).toMatch(/^less than a minute for \d+ records$/);
  });

  it('lists runs newest first', async () => {
    const { page } = b;
    const times = await page.getByTestId('run-table').locator('tbody tr td:first-child time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('edits the active schedule without stopping it, with the cost before saving', async () => {
    const { page } = b;
    await page.getByTestId('edit-schedule').click();
    await expect(page.getByTestId('schedule-repeat').locator('option[value="IMMEDIATE"]').count()).resolves.toBe(0);
    await expect(page.getByTestId('schedule-weekday').inputValue()).resolves.toBe('MONDAY');
    await page.getByTestId('schedule-weekday').selectOption('FRIDAY');
    await page.getByTestId('schedule-hour').selectOption('4');
    await page.getByTestId('cost-preview').waitFor();
    await expect(page.getByTestId('schedule-words').textContent()).resolves.toBe('Every week on Friday at 04:00');
    await screenshot(page, 'backup-edit-schedule-1280');
    await page.getByTestId('schedule-confirm').click();
    await page.getByTestId('active-schedule').waitFor();
    await expect.poll(() => page.getByTestId('active-schedule-words').textContent()).toBe('Every week on Friday at 04:00');
    await expect(page.getByTestId('schedule-status').getAttribute('data-status')).resolves.toBe('ACTIVE');
    await page.getByTestId('backup-log-table').locator('tr[data-action="backup.schedule_changed"]').waitFor();
    const s = await gql<{ backupSummary: { schedule: { weekday: string; hour: number; status: string } } }>(b, '{ backupSummary { schedule { weekday hour status } } }');
    expect(s.data!.backupSummary.schedule).toEqual({ weekday: 'FRIDAY', hour: 4, status: 'ACTIVE' });
  });

  it('shows one count of records on the dashboard, the subscription page and the backup page; FREE backs up with units', async () => {
    const { page } = b;
    for (const q of ['mutation { createLead(input: {lastName: "Un"}) { id } }', 'mutation { createLead(input: {lastName: "Deux"}) { id } }',
      'mutation { createNote(input: {title: "n"}) { id } }']) {
      expect((await gql(b, q)).errors).toBeUndefined();
    }
    const n = (await gql<{ recordCount: number }>(b, '{ recordCount }')).data!.recordCount;
    expect(n).toBe(3);
    await page.goto('/');
    await expect.poll(() => page.getByTestId('records-total').textContent()).toMatch(/^3 records /);
    await screenshot(page, 'dashboard-records-1280');
    await page.goto('/subscription');
    await expect.poll(() => page.getByTestId('sub-records').textContent()).toMatch(/^3\b/);
    // The plan table agrees with BK-9/BK-11: FREE has data backup, with backup units (0 free a month).
    const table = page.getByTestId('plan-table');
    await table.getByText('0 — with backup units').waitFor();
    await table.getByText('✓ Data backup').waitFor();
    await screenshot(page, 'plan-table-backup-1280');
    await page.goto('/backup');
    await expect.poll(() => page.getByTestId('summary-estimate').textContent()).toMatch(/ for 3 records$/);
  });

  it('reads in 日本語 and Français, at 1280 and 390 px', async () => {
    const { page } = b;
    for (const [lang, edit, save] of [
      ['ja', 'スケジュールを編集', '変更を保存'],
      ['fr', 'Modifier la planification', 'Enregistrer les modifications'],
    ] as const) {
      await page.getByTestId('language-switch').selectOption(lang);
      await page.getByTestId('edit-schedule').filter({ hasText: edit }).click();
      await page.getByTestId('schedule-confirm').filter({ hasText: save }).waitFor();
      await page.getByTestId('cost-preview').waitFor();
      await screenshot(page, `backup-edit-schedule-${lang}-1280`);
      await page.setViewportSize(PHONE);
      await expect.poll(overflow).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, `backup-edit-schedule-${lang}-390`);
      await page.setViewportSize(DESKTOP);
      await page.getByTestId('schedule-edit-cancel').click();
      await page.getByTestId('active-schedule').waitFor();
    }
    await page.getByTestId('language-switch').selectOption('en');
  });
});
