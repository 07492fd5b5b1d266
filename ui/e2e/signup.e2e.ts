// Sign up in the browser → the dashboard of the new organization (PL-2, PL-3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOwner, PHONE, screenshot, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('signup');
  b = await startBrowser(server.baseURL);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('sign up', () => {
  it('creates an organization and lands on its dashboard', async () => {
    const { page } = b;
    const owner = newOwner('Sakura Trading');
    await page.goto('/');
    await page.waitForURL('**/signin');
    await page.getByRole('link', { name: 'Create an organization' }).click();
    await page.getByLabel('Organization name').fill(owner.org);
    await page.getByLabel('Region (data centre)').selectOption('JP');
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(owner.password);
    await screenshot(page, 'signup-form');
    await page.getByRole('button', { name: 'Create organization' }).click();

    await page.waitForURL(`${server.baseURL}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('dashboard-org-name').textContent()).resolves.toBe(owner.org);
    // PL-3: the region's zone and currency.
    await expect(page.getByText('Asia/Tokyo').isVisible()).resolves.toBe(true);
    await expect(page.getByText('(JPY)').isVisible()).resolves.toBe(true);
    await screenshot(page, 'dashboard-1280');

    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.waitForTimeout(400); // the navigation drawer's closing transition
    await screenshot(page, 'dashboard-390');
  });

  it('shows the form’s errors inline before sending anything', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('account-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/signin');
    await page.goto('/signup');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('This field is required.').first().waitFor();
    await expect(page.getByText('Use 10 to 128 characters.').count()).resolves.toBe(0);
    await page.getByRole('textbox', { name: 'Password' }).fill('short');
    await page.getByRole('textbox', { name: 'Password' }).blur();
    await page.getByText('Use 10 to 128 characters.').waitFor();
  });
});
