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

describe('passwords (issue 17 item 1)', () => {
  it('an invited user must choose their own password before anything else', async () => {
    const inv = await gql<{ inviteUser: { temporaryPassword: string } }>(
      b,
      'mutation { inviteUser(input: { email: "cleo@firstrun.test", name: "Cleo Invited" }) { temporaryPassword } }',
    );
    const temporary = inv.data?.inviteUser.temporaryPassword;
    expect(temporary, JSON.stringify(inv.errors)).toBeTruthy();
    const invitee = await startBrowser(server.baseURL);
    try {
      const { page } = invitee;
      await page.goto('/signin');
      await page.getByLabel('Email').fill('cleo@firstrun.test');
      await page.locator('input[autocomplete="current-password"]').fill(temporary!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Choose your own password' }).waitFor();
      await expect(page.getByRole('navigation').count()).resolves.toBe(0); // nothing else is reachable
      await page.goto('/users');
      await page.getByRole('heading', { level: 1, name: 'Choose your own password' }).waitFor();
      await screenshot(page, 'password-forced');
      await page.getByLabel('Temporary password').fill(temporary!);
      await page.locator('input[autocomplete="new-password"]').first().fill('cleo own password');
      await page.getByLabel('New password again').fill('cleo own password');
      await page.getByTestId('change-password-submit').click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      const me = await gql<{ me: { mustChangePassword: boolean } }>(invitee, '{ me { mustChangePassword } }');
      expect(me.data?.me.mustChangePassword).toBe(false);
    } finally {
      await invitee.close();
    }
  });

  it('the account menu opens the profile: name, password, sign out everywhere', async () => {
    const { page } = b;
    await page.goto('/');
    await page.getByTestId('account-menu').click();
    await page.getByTestId('open-profile').click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await page.getByTestId('profile-name').fill('Ann Renamed');
    await page.getByTestId('profile-save').click();
    await page.getByText('Saved.').waitFor();
    await expect.poll(async () => (await gql<{ me: { name: string } }>(b, '{ me { name } }')).data?.me.name).toBe('Ann Renamed');
    await page.getByTestId('language-switch').nth(1).waitFor();
    await screenshot(page, 'profile-en');

    await page.getByLabel('Current password').fill('correct horse battery');
    await page.locator('input[autocomplete="new-password"]').first().fill('a brand new password');
    await page.getByLabel('New password again').fill('a different one here');
    await page.getByTestId('change-password-submit').click();
    await page.getByText('The two passwords differ.').waitFor();
    await page.getByLabel('New password again').fill('a brand new password');
    await page.getByTestId('change-password-submit').click();
    await page.getByText('Your password was changed', { exact: false }).waitFor();

    await page.getByTestId('sign-out-everywhere').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const after = await gql(b, '{ apiTokens(first: 1) { totalCount } }');
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
