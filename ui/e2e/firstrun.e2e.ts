// What a new admin trips over (issue 17): the tokens list after the first token, toasts clear
// of the header, /graphiql offline, the forced password change and the profile page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

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

describe('/graphiql', () => {
  it('renders and runs { me { id } } with every host but this one unreachable (issue 17 item 4)', async () => {
    const { page, context } = b;
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    });
    try {
      const me = await gql<{ me: { id: string } }>(b, '{ me { id } }');
      const id = me.data?.me.id;
      expect(id).toBeTruthy();
      await page.goto('/graphiql');
      const editor = page.locator('.graphiql-query-editor .CodeMirror');
      await editor.waitFor();
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type('{ me { id ');
      await page.getByRole('button', { name: /Execute query/ }).click();
      await page.locator('.graphiql-response').getByText(`"${id}"`).waitFor();
      await screenshot(page, 'graphiql-offline');
      expect(blocked).toEqual([]);
    } finally {
      await context.unroute('**/*');
    }
  });
});
