// A quote is a promise (issue 17 item 3): the amount on the Pay button is the amount charged;
// a quote that no longer holds is refused without charging and the new one is shown, with a
// message, and paying it charges its amount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('quote');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b, undefined, 'JP'); // yen, as in the issue
  const card = await gql(b, 'mutation { setPaymentMethod(card: {number: "4242 4242 4242 4242", expMonth: 12, expYear: 2035, cvc: "123"}) { last4 } }');
  if (card.errors) throw new Error(JSON.stringify(card.errors));
  // A paid yearly plan: a change is prorated by the second ("364.9 of 365 days").
  const std = await gql(b, 'mutation { changeSubscription(input: {plan: "STANDARD", cycle: YEARLY, regularLicenses: 20}, idempotencyKey: "e2e-std") { payment { id } } }');
  if (std.errors) throw new Error(JSON.stringify(std.errors));
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/** The newest succeeded payment's amount as the history shows it (newest first). */
async function lastPaidShown(): Promise<string> {
  const row = b.page.getByTestId('payment-table').locator('tr[data-status="SUCCEEDED"]').first();
  await row.waitFor();
  return (await row.locator('td').nth(3).textContent()) ?? '';
}

/** Waits (with a deadline) until the history shows the payment of amount first. */
const paidShown = (amount: string) => expect.poll(lastPaidShown, { timeout: 15_000, interval: 200 }).toBe(amount);

async function quote(plan: string): Promise<string> {
  const { page } = b;
  await page.getByTestId(`choose-${plan}`).click();
  await page.getByRole('dialog').waitFor();
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-regular').waitFor();
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('quote-total').waitFor();
  await page.getByTestId('quote-valid-until').waitFor();
  return (await page.getByTestId('wizard-pay').textContent()) ?? '';
}

describe('a quote is a promise (issue 17 item 3)', () => {
  it('charges the amount on the Pay button', async () => {
    const { page } = b;
    await page.goto('/subscription');
    const button = await quote('PROFESSIONAL');
    const amount = button.replace(/^Pay /, '');
    expect(amount).toMatch(/^¥[\d,]+$/);
    await expect(page.getByTestId('quote-total').textContent()).resolves.toBe(amount);
    await page.getByTestId('wizard-pay').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid="current-plan"][data-plan="PROFESSIONAL"]').waitFor();
    await paidShown(amount);
  });

  it('refuses a quote the subscription outgrew, shows the new one, and charges that', async () => {
    const { page } = b;
    const before = (await quote('ENTERPRISE')).replace(/^Pay /, '');
    // Meanwhile another admin buys 2 licenses: the quote shown no longer holds.
    const more = await gql(b, 'mutation { changeSubscription(input: {regularLicenses: 22}, idempotencyKey: "e2e-more") { payment { id } } }');
    expect(more.errors).toBeUndefined();
    await page.getByTestId('wizard-pay').click();
    const notice = page.getByTestId('quote-renewed');
    await notice.waitFor();
    await expect(notice.getAttribute('data-reason')).resolves.toBe('QUOTE_CHANGED');
    await expect(notice.textContent()).resolves.toContain(`it was ${before}`);
    const after = ((await page.getByTestId('wizard-pay').textContent()) ?? '').replace(/^Pay /, '');
    expect(after).not.toBe(before);
    await expect(notice.textContent()).resolves.toContain(`new quote below is ${after}`);
    await expect(page.getByTestId('quote-total').textContent()).resolves.toBe(after);
    await screenshot(page, 'subscription-quote-renewed');
    await page.getByTestId('wizard-pay').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid="current-plan"][data-plan="ENTERPRISE"]').waitFor();
    await paidShown(after);
  });
});
