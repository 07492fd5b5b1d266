// Users and licenses (SB-6, SB-7): the free plan's 3 licenses fill up, the next invitation is
// refused with LICENSE_LIMIT, shown clearly; deactivating keeps the license, deleting frees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot, signUpByApi, startBrowser, startServer, uniqueEmail, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('users');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const freeRegular = () => b.page.getByTestId('license-free-REGULAR').textContent();

async function invite(name: string): Promise<void> {
  const { page } = b;
  await page.getByTestId('invite-name').fill(name);
  await page.getByTestId('invite-email').fill(uniqueEmail(name.toLowerCase().replace(/\W+/g, '-')));
  await page.getByTestId('invite-submit').click();
}

describe('users page', () => {
  it('shows the licenses: 3 on the free plan, 1 held by the owner', async () => {
    const { page } = b;
    await page.goto('/users');
    await page.getByTestId('license-table').waitFor();
    await expect(freeRegular()).resolves.toBe('2');
    await page.getByTestId('license-chart').waitFor();
    await expect(page.getByTestId('license-chart').getAttribute('aria-label')).resolves.toContain('Regular');
  });

  it('invites users until LICENSE_LIMIT is shown', async () => {
    const { page } = b;
    await page.getByTestId('invite-open').click();
    await invite('Ben Second');
    await page.getByTestId('invite-done').waitFor();
    await expect(page.getByTestId('copy-field').inputValue()).resolves.toMatch(/\S{8,}/);
    await page.getByTestId('invite-another').click();
    await invite('Cleo Third');
    await page.getByTestId('invite-done').waitFor();
    await page.getByTestId('invite-another').click();
    await invite('Dan Fourth');

    const alert = page.getByTestId('invite-error').getByRole('alert');
    await alert.waitFor();
    await expect(alert.getAttribute('data-error-code')).resolves.toBe('LICENSE_LIMIT');
    await expect(alert.textContent()).resolves.toContain('No free license');
    await page.getByTestId('buy-licenses').waitFor();
    await screenshot(page, 'users-license-limit');

    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('license-free-REGULAR').filter({ hasText: /^0$/ }).waitFor();
    await page.getByTestId('user-table').locator('tbody tr').nth(2).waitFor();
    await expect(page.getByTestId('user-table').locator('tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'users-1280');
  });

  it('deactivating keeps the license (SB-7); deleting, after a confirmation, frees it', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Deactivate Ben Second' }).click();
    await page.getByRole('button', { name: 'Activate Ben Second' }).waitFor();
    await expect(freeRegular()).resolves.toBe('0');

    await page.getByRole('button', { name: 'Delete Cleo Third' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete Cleo Third?').waitFor();
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete Cleo Third' }).waitFor({ state: 'detached' });
    await page.getByTestId('license-free-REGULAR').filter({ hasText: /^1$/ }).waitFor();

    await page.getByRole('button', { name: 'Activate Ben Second' }).click();
    await page.getByRole('button', { name: 'Deactivate Ben Second' }).waitFor();

    await page.setViewportSize(PHONE);
    await page.goto('/users');
    await page.getByTestId('license-table').waitFor();
    await screenshot(page, 'users-390');
    await page.setViewportSize(DESKTOP);
  });
});
