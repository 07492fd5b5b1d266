// Licence seats (issue 18): the Users page shows the seats by kind — total, assigned, free —
// with their holders; inviting takes a seat, deleting the user frees it (SB-7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signUpByApi, startBrowser, startServer, uniqueEmail, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('seats');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const summary = (kind: string) => b.page.getByTestId(`seats-summary-${kind}`);

describe('licence seats on the users page', () => {
  it('shows the free plan’s 3 regular seats, 1 held by the owner', async () => {
    const { page } = b;
    await page.goto('/users');
    await page.getByTestId('seats-card').waitFor();
    await summary('REGULAR').filter({ hasText: '3 seats: 1 assigned, 2 free' }).waitFor();
    await expect(summary('TEAM').textContent()).resolves.toBe('0 seats: 0 assigned, 0 free');
    await expect(page.getByTestId('seats-REGULAR').getByTestId('seat-holder').count()).resolves.toBe(1);
  });

  it('an invited user takes a seat and is shown as its holder; deleting frees it', async () => {
    const { page } = b;
    const email = uniqueEmail('seat-holder');
    await page.getByTestId('invite-open').click();
    await page.getByTestId('invite-name').fill('Sam Seat');
    await page.getByTestId('invite-email').fill(email);
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('invite-done').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await summary('REGULAR').filter({ hasText: '3 seats: 2 assigned, 1 free' }).waitFor();
    await page.getByTestId('seats-REGULAR').getByText(`Sam Seat <${email}>`).waitFor();
    await screenshot(page, 'users-seats');

    await page.getByRole('button', { name: 'Delete Sam Seat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await summary('REGULAR').filter({ hasText: '3 seats: 1 assigned, 2 free' }).waitFor();
    await expect(page.getByTestId('seats-REGULAR').getByText(`Sam Seat <${email}>`).count()).resolves.toBe(0);
  });

});
