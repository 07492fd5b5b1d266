// What a new admin trips over (issue 17): the tokens list after the first token, toasts clear
// of the header, /graphiql offline, the forced password change and the profile page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

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

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('toasts', () => {
  for (const [name, viewport] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    it(`never cover the header's language, notifications and account controls at ${name} px (issue 17 item 10)`, async () => {
      const { page } = b;
      await page.setViewportSize(viewport);
      const tokenName = `toast ${name}`;
      const created = await gql(b, 'mutation($input: CreateAPITokenInput!) { createAPIToken(input: $input) { secret } }', { input: { name: tokenName } });
      expect(created.errors).toBeUndefined();
      await page.goto('/tokens');
      await page.getByRole('button', { name: `Revoke token ${tokenName}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      const toast = page.locator('.mantine-Notification-root').filter({ hasText: tokenName });
      await toast.waitFor();
      const toastBox = (await toast.boundingBox())!;
      for (const id of ['language-switch', 'open-notifications', 'account-menu']) {
        const control = (await page.getByTestId(id).boundingBox())!;
        expect(control, id).toBeTruthy();
        expect(overlap(toastBox, control), `toast ${JSON.stringify(toastBox)} covers ${id} ${JSON.stringify(control)}`).toBe(false);
      }
      await screenshot(page, `toast-below-header-${name}`);
      await page.setViewportSize(DESKTOP);
    });
  }
});
