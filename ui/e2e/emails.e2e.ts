// Emails page (issue 13 item 9, EM-1, EM-3): the settings are saved and still there after a
// reload, rotating the dropbox address (after a confirmation saying the old one stops working)
// changes it, and an email added through the API (as a mail client's plug-in does) is listed
// with its linked contact; the module filter keeps or drops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('emails', { env: { CRM_SMTP_DROPBOX_DOMAIN: 'dropbox.e2e.test' } });
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
  const contact = await gql(b, 'mutation { createContact(input: {firstName: "Dana", lastName: "White", email: "dana@customer.example.com"}) { id } }');
  if (contact.errors) throw new Error(JSON.stringify(contact.errors));
  const add = await gql(b, 'mutation($i: AddEmailInput!) { addEmail(input: $i) { email { id } } }', {
    i: {
      message: {
        messageId: '<renewal-1@customer.example.com>',
        direction: 'INCOMING',
        from: { address: 'dana@customer.example.com', name: 'Dana White' },
        date: '2026-12-02T16:00:00Z',
        subject: 'Renewal question',
        body: 'Please call me back about the renewal.',
      },
    },
  });
  if (add.errors) throw new Error(JSON.stringify(add.errors));
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('emails page', () => {
  it('saves the email settings, still there after a reload', async () => {
    const { page } = b;
    await page.goto('/emails');
    await page.getByRole('heading', { level: 1, name: 'Emails' }).waitFor();
    const matchWith = page.getByLabel('Match addresses with');
    await expect(matchWith.inputValue()).resolves.toBe('BOTH');
    await matchWith.selectOption('CONTACTS');
    await page.getByLabel('Keep attachments').uncheck();
    await page.getByTestId('email-settings-save').click();
    await page.getByText('Email settings saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Emails' }).waitFor();
    await expect(page.getByLabel('Match addresses with').inputValue()).resolves.toBe('CONTACTS');
    await expect(page.getByLabel('Keep attachments').isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('Add sent mail automatically').isChecked()).resolves.toBe(true);
  });

  it('creates a dropbox address, and rotating it (confirmed) changes it', async () => {
    const { page } = b;
    await page.getByTestId('email-dropbox-create').click();
    const field = page.getByLabel('Dropbox address', { exact: true });
    await field.waitFor();
    const first = await field.inputValue();
    expect(first).toMatch(/^[a-z2-7]{32}@dropbox\.e2e\.test$/);
    await page.getByTestId('email-dropbox-rotate').click();
    const dialog = page.getByRole('dialog', { name: 'Rotate your dropbox address?' });
    await dialog.getByText('The old one stops working at once').waitFor();
    await dialog.getByRole('button', { name: 'Rotate address' }).click();
    await page.getByText('Your new dropbox address is ready.').waitFor();
    await expect.poll(() => field.inputValue()).not.toBe(first);
    const second = await field.inputValue();
    expect(second).toMatch(/@dropbox\.e2e\.test$/);
    const api = await gql<{ emailDropbox: { address: string } }>(b, '{ emailDropbox { address } }');
    expect(api.data?.emailDropbox.address).toBe(second);
    await screenshot(page, 'emails-en');
  });

  it('lists the email added through the API with its linked contact; the module filter applies', async () => {
    const { page } = b;
    const row = page.getByTestId('email-row').filter({ hasText: 'Renewal question' });
    await row.waitFor();
    await expect(row.getAttribute('data-direction')).resolves.toBe('INCOMING');
    await expect(row.getByTestId('email-records').textContent()).resolves.toBe('Contact Dana White');
    await expect(page.getByText('1 email', { exact: true }).count()).resolves.toBe(1);
    await page.getByLabel('Linked to').selectOption('DEALS');
    await page.getByText('No emails match these filters.').waitFor();
    await page.getByLabel('Linked to').selectOption('CONTACTS');
    await row.waitFor();
  });

  it('speaks Japanese and French', async () => {
    const { page } = b;
    await page.getByTestId('language-switch').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: 'メール' }).waitFor();
    await page.getByText('1 件のメール').waitFor();
    await page.getByTestId('language-switch').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'E-mails' }).waitFor();
    await page.getByText('1 e-mail', { exact: true }).waitFor();
    await screenshot(page, 'emails-fr');
    await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Emails' }).waitFor();
  });
});

describe('emails page without a dropbox domain', () => {
  let bare: Server;
  let nb: Browser;
  beforeAll(async () => {
    bare = await startServer('emails-nodomain');
    nb = await startBrowser(bare.baseURL);
    await signUpByApi(nb);
  });
  afterAll(async () => {
    await nb?.close();
    await bare?.stop();
  });

  it('says the admin must set CRM_SMTP_DROPBOX_DOMAIN when the server refuses an address', async () => {
    const { page } = nb;
    await page.goto('/emails');
    await page.getByRole('heading', { level: 1, name: 'Emails' }).waitFor();
    await page.getByText('You have no dropbox address yet.').waitFor();
    await page.getByTestId('email-dropbox-create').click();
    const notice = page.getByTestId('email-dropbox-no-domain');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('An administrator must set CRM_SMTP_DROPBOX_DOMAIN');
    await expect(page.getByTestId('email-dropbox-create').count()).resolves.toBe(0);
  });
});
