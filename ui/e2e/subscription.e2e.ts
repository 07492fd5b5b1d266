// Subscription (SB-3, SB-9, SB-10, SB-13): a plan change is quoted before anything is paid; the
// sandbox's declined card changes nothing; the always-succeeds card applies the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, PHONE, DESKTOP, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

// The sandbox gateway's test cards (internal/billing/sandbox.go, README "test cards").
const CARD_OK = '4242 4242 4242 4242';
const CARD_DECLINED = '4000 0000 0000 0002';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('subscription');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

async function currentPlan(): Promise<string> {
  const res = await gql<{ currentSubscription: { plan: { code: string } } }>(b, '{ currentSubscription { plan { code } } }');
  return res.data!.currentSubscription.plan.code;
}

async function payments(): Promise<{ status: string }[]> {
  const res = await gql<{ payments: { edges: { node: { status: string } }[] } }>(b, '{ payments(first: 50) { edges { node { status } } } }');
  return res.data!.payments.edges.map((e) => e.node);
}

/** Opens the wizard on PROFESSIONAL and goes to the quote. */
async function quoteProfessional() {
  const { page } = b;
  await page.getByTestId('choose-PROFESSIONAL').click();
  await page.getByRole('dialog').waitFor();
  await expect(page.getByTestId('wizard-plan-PROFESSIONAL').getAttribute('data-checked')).resolves.toBe('true');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-regular').waitFor();
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('quote-total').waitFor();
}

async function enterCard(number: string) {
  const { page } = b;
  await page.getByTestId('card-number').fill(number);
  await page.getByTestId('card-expiry').fill('12 / 30');
  await page.getByTestId('card-cvc').fill('123');
  await page.getByTestId('card-save').click();
  await page.getByTestId('card-form').waitFor({ state: 'detached' });
}

describe('subscription page', () => {
  it('shows the free plan, the plans priced in the org currency and an empty history', async () => {
    const { page } = b;
    await page.goto('/subscription');
    await page.getByTestId('current-plan').waitFor();
    await expect(page.getByTestId('current-plan').getAttribute('data-plan')).resolves.toBe('FREE');
    // EU org: euros. PROFESSIONAL is €23.00 per user per month.
    await expect(page.getByTestId('plan-table').textContent()).resolves.toContain('€23.00');
    await page.getByText('No payments yet.').waitFor();
    await page.getByTestId('try-banner').waitFor();
    await screenshot(page, 'subscription-1280');
  });

  it('with the declined test card: the quote first, then the error, and the plan is unchanged', async () => {
    const { page } = b;
    await quoteProfessional();
    // SB-3: the quote is on screen and nothing is paid yet.
    const total = await page.getByTestId('quote-total').textContent();
    expect(total).toMatch(/€\d/);
    await expect(page.getByTestId('quote-lines').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    expect(await payments()).toEqual([]);
    expect(await currentPlan()).toBe('FREE');

    // SB-10: inline validation before anything is sent.
    await page.getByTestId('card-number').fill('4242 4242 4242 4241');
    await page.getByTestId('card-number').blur();
    await page.getByText('This card number is not valid').waitFor();
    await page.getByTestId('card-expiry').fill('01/20');
    await page.getByTestId('card-expiry').blur();
    await page.getByText('This card has expired.').waitFor();
    await screenshot(page, 'subscription-card-errors');

    await enterCard(CARD_DECLINED);
    await page.getByTestId('wizard-pay').click();
    const err = page.getByTestId('pay-error').getByRole('alert');
    await err.waitFor();
    await expect(err.getAttribute('data-error-code')).resolves.toBe('PAYMENT_FAILED');
    await screenshot(page, 'subscription-declined');

    // SB-3: nothing changed; the failed attempt is in the history (SB-13).
    expect(await currentPlan()).toBe('FREE');
    expect((await payments()).map((p) => p.status)).toEqual(['FAILED']);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('current-plan').getAttribute('data-plan')).resolves.toBe('FREE');
    await page.getByTestId('payment-table').locator('tr[data-status="FAILED"]').waitFor();
  });

  it('with the always-succeeds test card: the quote, then the new plan', async () => {
    const { page } = b;
    await quoteProfessional();
    await page.getByTestId('wizard-other-card').click();
    await enterCard(CARD_OK);
    await page.getByRole('dialog').getByTestId('card-on-file').filter({ hasText: '4242' }).waitFor();
    await page.getByTestId('quote-total').waitFor();
    await screenshot(page, 'subscription-quote');
    await page.getByTestId('wizard-pay').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.locator('[data-testid="current-plan"][data-plan="PROFESSIONAL"]').waitFor();
    await expect(page.getByTestId('current-plan').textContent()).resolves.toBe('Professional');
    await expect(page.getByTestId('sub-status').getAttribute('data-status')).resolves.toBe('ACTIVE');
    await page.getByTestId('payment-table').locator('tr[data-status="SUCCEEDED"]').waitFor();
    expect(await currentPlan()).toBe('PROFESSIONAL');
    expect((await payments()).map((p) => p.status).sort()).toEqual(['FAILED', 'SUCCEEDED']);

    // SB-13: the history filters by status and shows each payment's lines.
    await page.getByTestId('payments-filter').getByText('Failed').click();
    await page.getByTestId('payment-table').locator('tr[data-status="SUCCEEDED"]').waitFor({ state: 'detached' });
    await expect(page.getByTestId('payment-table').locator('tbody tr[data-status]').count()).resolves.toBe(1);
    await page.getByTestId('payments-filter').getByText('All').click();
    await page.getByTestId('payment-table').locator('tr[data-status="SUCCEEDED"]').waitFor();
    await page.getByTestId('payment-table').locator('tr[data-status="SUCCEEDED"]').getByRole('button').click();
    await screenshot(page, 'subscription-after-upgrade-1280');

    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await screenshot(page, 'subscription-after-upgrade-390');
    await page.setViewportSize(DESKTOP);
  });

  it('starts a 15-day trial of a plan not tried yet (SB-2), then switches to Free after a confirmation (SB-5)', async () => {
    const { page } = b;
    await page.getByTestId('try-ENTERPRISE').click();
    await page.getByTestId('trial-banner').waitFor();
    await expect(page.getByTestId('trial-banner').textContent()).resolves.toContain('Trial of Enterprise: 15 days left');
    await expect(page.getByTestId('sub-status').getAttribute('data-status')).resolves.toBe('TRIALING');
    await expect(page.getByTestId('try-ENTERPRISE').count()).resolves.toBe(0);
    await screenshot(page, 'subscription-trial');

    await page.getByTestId('switch-to-free').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Switch to the Free plan?').waitFor();
    // The focus starts on Cancel; Escape closes without doing anything.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await currentPlan()).toBe('PROFESSIONAL');
    await page.getByTestId('switch-to-free').click();
    await dialog.getByRole('button', { name: 'Switch to Free' }).click();
    await page.locator('[data-testid="current-plan"][data-plan="FREE"]').waitFor();
    expect(await currentPlan()).toBe('FREE');
  });
});
