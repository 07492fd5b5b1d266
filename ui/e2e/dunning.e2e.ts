// Grace period and locked organization (SB-11, SB-12) as the super admin and a standard user
// see them, and the renewal that ends them. A browser cannot move the billing clock, so the test
// puts the subscription in the state the billing worker leaves it in (the server's test hook,
// CRM_TEST_HOOKS: as of a failed renewal yesterday / a grace period over); everything after
// that is the real screens, the real sandbox charge and the real unlocking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, PHONE, DESKTOP, screenshot, setBillingState, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser; // the super admin
let user: Browser; // a standard user of the same org


async function status(): Promise<string> {
  const res = await gql<{ currentSubscription: { status: string } }>(b, '{ currentSubscription { status } }');
  return res.data!.currentSubscription.status;
}

beforeAll(async () => {
  server = await startServer('dunning');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
  const card = await gql(b, 'mutation { setPaymentMethod(card: {number: "4242 4242 4242 4242", expMonth: 12, expYear: 2030, cvc: "123"}) { last4 } }');
  expect(card.errors).toBeUndefined();
  const paid = await gql(b, 'mutation { changeSubscription(input: {plan: "PROFESSIONAL", cycle: MONTHLY, regularLicenses: 2}, idempotencyKey: "to-pro") { subscription { status } } }');
  expect(paid.errors).toBeUndefined();
  const invited = await gql<{ inviteUser: { temporaryPassword: string } }>(
    b,
    'mutation { inviteUser(input: {email: "sam.dunning@example.test", name: "Sam Standard", role: STANDARD, licenseKind: REGULAR}) { temporaryPassword } }',
  );
  expect(invited.errors).toBeUndefined();
  user = await startBrowser(server.baseURL);
  const signIn = await gql(user, 'mutation($p: String!) { signIn(input: {email: "sam.dunning@example.test", password: $p}) { user { id } } }', {
    p: invited.data!.inviteUser.temporaryPassword,
  });
  expect(signIn.errors).toBeUndefined();
});
afterAll(async () => {
  await user?.close();
  await b?.close();
  await server?.stop();
});

describe('grace period and locked organization', () => {
  it('PAST_DUE: the super admin sees the grace banner and pays the renewal (SB-11)', async () => {
    await setBillingState(b, { status: 'PAST_DUE', periodStartDaysAgo: 31, periodEndDaysAgo: 1, retriesDone: 1, lastFailure: 'Your card was declined.' });
    const { page } = b;
    await page.goto('/subscription');
    const banner = page.getByTestId('grace-banner');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('Your card was declined.');
    await expect(banner.textContent()).resolves.toMatch(/\d+ days left/);
    await screenshot(page, 'subscription-grace-1280');
    await banner.getByTestId('renew-now').click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(status).toBe('ACTIVE');
  });

  it('LOCKED: everyone else is told to ask the super admin, who renews and unlocks it (SB-12)', async () => {
    await setBillingState(b, {
      status: 'LOCKED',
      periodStartDaysAgo: 51,
      periodEndDaysAgo: 20,
      lockedDaysAgo: 1,
      lastFailure: 'Your card was declined.',
    });
    await user.page.goto('/');
    await user.page.getByTestId('locked-others').waitFor();
    await screenshot(user.page, 'locked-others-1280');

    const { page } = b;
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Your organization is locked' }).waitFor();
    const banner = page.getByTestId('locked-banner');
    await banner.waitFor();
    await expect(page.getByTestId('locked-choose-plan').isVisible()).resolves.toBe(true);
    await screenshot(page, 'locked-super-admin-1280');
    await page.setViewportSize(PHONE);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'locked-super-admin-390');
    await page.setViewportSize(DESKTOP);

    await banner.getByTestId('renew-now').click();
    await page.getByRole('heading', { level: 1, name: 'Your organization is locked' }).waitFor({ state: 'detached' });
    await expect.poll(status).toBe('ACTIVE');

    // The user's "Check again" lets them back in.
    await user.page.getByTestId('locked-check-again').click();
    await user.page.getByTestId('locked-others').waitFor({ state: 'detached', timeout: 15_000 });
  });
});
