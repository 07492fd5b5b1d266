// What a new admin trips over (issue 17): the tokens list after the first token, toasts clear
// of the header, /graphiql offline, the forced password change and the profile page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('firstrun');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('API tokens', () => {
  it('lists the first token as soon as it is created, without a reload (issue 17 item 2)', async () => {
    const { page } = b;
    await page.goto('/tokens');
    await page.getByText('No API tokens yet', { exact: false }).waitFor();
    await page.getByLabel('Name', { exact: false }).first().fill('first integration');
    await page.getByTestId('create-token').click();
    await page.getByTestId('copy-field').waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByTestId('token-table').getByText('first integration').waitFor();
    await expect(page.getByText('No API tokens yet', { exact: false }).count()).resolves.toBe(0);
    await screenshot(page, 'tokens-first-created');
  });
});
