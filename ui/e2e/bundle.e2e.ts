// Suite bundle page (SPEC BU, issue 14 §2) against the real server: member services with their
// access and super admins (BU-1, BU-3); the trial refused while two paid services have different
// super admins, naming whom to ask (BU-2), then started once they are unified; the countdown and
// the one extension (BU-4); the upgrade wizard's itemised quote — the bundle line and one credit
// per member subscription — a declined card that changes nothing, then the upgrade paid (BU-5);
// cancelling after a confirmation (BU-4); Japanese and French.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signUpByApi, startBrowser, startServer, uniqueEmail, type Browser, type Server } from './harness';

// The sandbox gateway's test cards (internal/billing/sandbox.go, README "test cards").
const CARD_OK = '4242424242424242';
const CARD_DECLINED = '4000000000000002';

interface BundleData {
  state: string;
  daysLeft: number | null;
  canExtend: boolean;
  members: { service: string; access: string; subscription: { id: string; endedAt: string | null; superAdmin: { name: string } } | null }[];
  contract: { id: string; users: number; cycle: string } | null;
}
const BUNDLE = '{ suiteBundle { state daysLeft canExtend members { service access subscription { id endedAt superAdmin { name } } } contract { id users cycle } } }';

/** The member services the first org pays for before the bundle (the CRM is on the free plan). */
const PAID = ['SALESIQ', 'DESK'];

let server: Server;
let b: Browser;
let ownerId = '';

async function bundle(on: Browser = b): Promise<BundleData> {
  const res = await gql<{ suiteBundle: BundleData }>(on, BUNDLE);
  expect(res.errors).toBeUndefined();
  return res.data!.suiteBundle;
}

async function ok(on: Browser, query: string, variables: Record<string, unknown> = {}) {
  const res = await gql(on, query, variables);
  expect(res.errors, `${query}: ${JSON.stringify(res.errors)}`).toBeUndefined();
  return res.data as Record<string, never>;
}

async function setCard(number: string) {
  await ok(b, 'mutation($n: String!) { setPaymentMethod(card: {number: $n, expMonth: 12, expYear: 2030, cvc: "123"}) { last4 } }', { n: number });
}

beforeAll(async () => {
  server = await startServer('bundle');
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const member = (service: string) => b.page.locator(`[data-testid="bundle-member"][data-service="${service}"]`);

describe('suite bundle page', () => {
  beforeAll(async () => {
    b = await startBrowser(server.baseURL);
    await signUpByApi(b);
    ownerId = (await ok(b, '{ me { id } }')).me['id'];
    // Bob, another admin, is the super admin of the org's Desk; the owner pays for SalesIQ.
    const invited = await ok(b, 'mutation($e: String!) { inviteUser(input: {email: $e, name: "Bob Desk", role: ADMIN}) { user { id } } }', { e: uniqueEmail('bob') });
    const bobId = (invited.inviteUser as { user: { id: string } }).user.id;
    await setCard(CARD_OK);
    const subscribe = 'mutation($i: MemberSubscriptionInput!, $k: String!) { subscribeMemberService(input: $i, idempotencyKey: $k) { id } }';
    await ok(b, subscribe, { i: { service: 'DESK', superAdminId: bobId, cycle: 'MONTHLY', users: 3 }, k: 'bundle-e2e-desk' });
    await ok(b, subscribe, { i: { service: 'SALESIQ', cycle: 'YEARLY', users: 2 }, k: 'bundle-e2e-salesiq' });
  });
  it('BU-1, BU-2: lists the member services with their super admins; the trial is refused, naming Desk and Bob', async () => {
    const { page } = b;
    await page.goto('/bundle');
    await page.getByRole('heading', { level: 1, name: 'Suite bundle' }).waitFor();
    await expect(page.getByTestId('bundle-member').count()).resolves.toBe(8);
    await expect(member('DESK').getByTestId('bundle-super-admin').textContent()).resolves.toContain('Bob Desk');
    await expect(member('SALESIQ').getByTestId('bundle-super-admin').textContent()).resolves.toContain('Ann Owner');
    await expect(page.getByTestId('bundle-status').getAttribute('data-state')).resolves.toBe('NONE');

    await page.getByTestId('bundle-start-trial').click();
    const refused = page.locator('[data-testid="bundle-admins-differ"][data-refused="true"]');
    await refused.waitFor();
    const ask = refused.locator('[data-testid="bundle-ask"][data-service="DESK"]');
    await expect(ask.textContent()).resolves.toContain('Desk: ask Bob Desk');
    await screenshot(page, 'bundle-refused');
    expect((await bundle()).state).toBe('NONE');
  });

  it('BU-2, BU-3: once Desk has the same super admin, the trial starts; each service shows its access and the countdown', async () => {
    const { page } = b;
    await ok(b, 'mutation($u: ID!) { setMemberSuperAdmin(service: DESK, userId: $u) { id } }', { u: ownerId });
    await page.reload();
    await page.getByTestId('bundle-start-trial').click();
    await page.locator('[data-testid="bundle-status"][data-state="TRIALING"]').waitFor();
    const api = await bundle();
    expect(api.state).toBe('TRIALING');
    const countdown = page.getByTestId('bundle-countdown');
    await expect(countdown.getAttribute('data-days-left')).resolves.toBe(String(api.daysLeft));
    expect(api.daysLeft).toBeGreaterThanOrEqual(29);
    await expect(countdown.textContent()).resolves.toContain(`${api.daysLeft} days left in the bundle trial`);
    // BU-3: paid SalesIQ inside the bundle, paid Desk on its own only, an unpaid service on trial.
    await expect(member('SALESIQ').getAttribute('data-access')).resolves.toBe('IN_BUNDLE');
    await expect(member('DESK').getAttribute('data-access')).resolves.toBe('STANDALONE_ONLY');
    await expect(member('SURVEY').getAttribute('data-access')).resolves.toBe('TRIAL_IN_BUNDLE');
    for (const m of api.members) await expect(member(m.service).getAttribute('data-access')).resolves.toBe(m.access);
    await screenshot(page, 'bundle-trial');
  });

  it('BU-4: extends the trial once', async () => {
    const { page } = b;
    const before = (await bundle()).daysLeft ?? 0;
    await page.getByTestId('bundle-extend').click();
    await page.locator('[data-testid="bundle-status"][data-state="EXTENDED"]').waitFor();
    const after = await bundle();
    expect(after.daysLeft).toBe(before + 15);
    expect(after.canExtend).toBe(false);
    await expect(page.getByTestId('bundle-countdown').getAttribute('data-days-left')).resolves.toBe(String(after.daysLeft));
    await expect(page.getByTestId('bundle-extend').count()).resolves.toBe(0);
  });

  it('BU-5: the itemised quote (bundle, one credit per member); a declined card changes nothing', async () => {
    const { page } = b;
    await setCard(CARD_DECLINED);
    await page.reload();
    await page.getByTestId('bundle-upgrade').click();
    await page.getByTestId('bundle-wizard-users').fill('5');
    await page.getByTestId('bundle-wizard-cycle').getByText('Yearly').click();
    await page.getByTestId('bundle-wizard-addon-AI_ASSISTANT').check();
    await page.getByTestId('bundle-wizard-next').click();
    await page.getByTestId('bundle-quote-total').waitFor();
    const lines = page.getByTestId('bundle-quote-line');
    await expect(lines.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}:${r.getAttribute('data-service')}`))).resolves.toEqual(
      expect.arrayContaining(['BUNDLE:', 'ADD_ON:', 'CREDIT:SALESIQ', 'CREDIT:DESK']),
    );
    await expect(page.locator('[data-testid="bundle-quote-line"][data-kind="CREDIT"]').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid="bundle-quote-line"][data-kind="CREDIT"][data-service="DESK"]').textContent()).resolves.toContain('Unused, already paid: Desk');
    await screenshot(page, 'bundle-quote');

    await page.getByTestId('bundle-pay').click();
    const err = page.getByTestId('bundle-pay-error').getByRole('alert');
    await err.waitFor();
    await expect(err.getAttribute('data-error-code')).resolves.toBe('PAYMENT_FAILED');
    await expect(err.textContent()).resolves.toContain('Nothing was changed');
    const api = await bundle();
    expect(api.state).toBe('EXTENDED');
    expect(api.contract).toBeNull();
    expect(api.members.filter((m) => PAID.includes(m.service)).map((m) => m.subscription?.endedAt)).toEqual([null, null]);
  });

  it('BU-5: a member subscription bought after the quote: Pay is refused, the new quote (with its credit) is shown', async () => {
    const { page } = b;
    await page.getByTestId('bundle-other-card').click();
    await page.getByTestId('card-number').fill(CARD_OK);
    await page.getByTestId('card-expiry').fill('12 / 30');
    await page.getByTestId('card-cvc').fill('123');
    await page.getByTestId('card-save').click();
    await page.getByRole('dialog').getByTestId('card-on-file').filter({ hasText: '4242' }).waitFor();
    const shown = await page.getByTestId('bundle-quote-total').textContent();
    await ok(b, 'mutation($i: MemberSubscriptionInput!) { subscribeMemberService(input: $i, idempotencyKey: "bundle-e2e-survey") { id } }', {
      i: { service: 'SURVEY', cycle: 'MONTHLY', users: 4 },
    });
    await page.getByTestId('bundle-pay').click();
    const renewed = page.getByTestId('bundle-quote-renewed');
    await renewed.waitFor();
    await expect(renewed.getAttribute('data-reason')).resolves.toBe('QUOTE_CHANGED');
    await page.locator('[data-testid="bundle-quote-line"][data-kind="CREDIT"][data-service="SURVEY"]').waitFor();
    await expect.poll(() => page.getByTestId('bundle-quote-total').textContent()).not.toBe(shown);
    expect((await bundle()).state).toBe('EXTENDED');
    await screenshot(page, 'bundle-quote-renewed');
  });

  it('BU-5: with a good card the upgrade is paid: the member subscriptions end and one contract starts', async () => {
    const { page } = b;
    await page.getByTestId('bundle-pay').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid="bundle-status"][data-state="UPGRADED"]').waitFor();
    await page.getByTestId('bundle-contract').waitFor();
    await expect(page.getByTestId('bundle-contract-users').textContent()).resolves.toBe('5');
    const api = await bundle();
    expect(api.contract).toMatchObject({ users: 5, cycle: 'YEARLY' });
    for (const m of api.members.filter((x) => [...PAID, 'SURVEY'].includes(x.service))) expect(m.subscription?.endedAt, m.service).toBeTruthy();
    const pays = await ok(b, '{ payments(first: 20) { edges { node { status } } } }');
    expect((pays.payments as { edges: { node: { status: string } }[] }).edges.map((e) => e.node.status)).toContain('SUCCEEDED');
    await screenshot(page, 'bundle-upgraded');
  });
});

describe('suite bundle: cancel, and other languages', () => {
  let c: Browser;
  beforeAll(async () => {
    c = await startBrowser(server.baseURL);
    await signUpByApi(c);
  });
  afterAll(async () => {
    await c?.close();
  });

  it('BU-4: cancelling asks first; Escape keeps the trial, confirming ends the bundle', async () => {
    const { page } = c;
    await page.goto('/bundle');
    await page.getByTestId('bundle-start-trial').click();
    await page.locator('[data-testid="bundle-status"][data-state="TRIALING"]').waitFor();
    await page.getByTestId('bundle-cancel').click();
    const dialog = page.getByRole('dialog', { name: 'Cancel the suite bundle?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await bundle(c)).state).toBe('TRIALING');
    await page.getByTestId('bundle-cancel').click();
    await dialog.getByRole('button', { name: 'Cancel the bundle' }).click();
    await page.locator('[data-testid="bundle-status"][data-state="CANCELLED"]').waitFor();
    const api = await bundle(c);
    expect(api.state).toBe('CANCELLED');
    // Nothing was paid: every service falls back to its free edition or to none.
    for (const m of api.members) expect(['FREE_EDITION', 'NONE']).toContain(m.access);
    await page.getByTestId('bundle-cancelled').waitFor();
  });

  it('speaks Japanese and French', async () => {
    const { page } = c;
    await page.getByTestId('language-switch').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: 'スイートバンドル' }).waitFor();
    await expect(page.getByTestId('bundle-state').textContent()).resolves.toBe('解約済み');
    await screenshot(page, 'bundle-ja');
    await page.getByTestId('language-switch').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Offre groupée de la suite' }).waitFor();
    await expect(page.getByTestId('bundle-state').textContent()).resolves.toBe('Annulée');
    await screenshot(page, 'bundle-fr');
    await page.getByTestId('language-switch').selectOption('en');
  });
});
