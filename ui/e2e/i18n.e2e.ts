// The language menu switches the whole UI: 日本語 and Français pages, with money and dates in
// that language's way and the org's currency (PL-3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, DESKTOP, gql, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('i18n');
  b = await startBrowser(server.baseURL);
  await signUpByApi(b);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const h1 = (name: string) => b.page.getByRole('heading', { level: 1, name });
const text = (s: string) => b.page.getByText(s, { exact: false }).first();

describe('languages', () => {
  it('switches to 日本語', async () => {
    const { page } = b;
    await page.goto('/subscription');
    await h1('Subscription').waitFor();
    await page.getByTestId('language-switch').selectOption('ja');
    await h1('契約・お支払い').waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('ja');
    // Saved as the user's locale: the language of the emails they get (BK-16).
    await expect
      .poll(async () => (await gql<{ me: { locale: string } }>(b, '{ me { locale } }')).data?.me.locale)
      .toBe('ja');
    await text('プランの比較').waitFor();
    await text('現在のサブスクリプション').waitFor();
    await text('支払い履歴').waitFor();
    await text('支払いはまだありません。').waitFor();
    await expect(page.getByTestId('plan-table').textContent()).resolves.toContain('プロフェッショナル');
    await expect(page.getByTestId('plan-table').textContent()).resolves.toContain('€23.00');
    await screenshot(page, 'subscription-ja');

    await page.getByTestId('open-wizard').click();
    await page.getByRole('dialog').getByText('サブスクリプションの変更').waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('quote-total').waitFor();
    await text('今回のお支払い額').waitFor();
    await screenshot(page, 'wizard-quote-ja');
    await page.getByRole('dialog').getByRole('button', { name: '閉じる' }).click();

    await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: 'ユーザー' }).click();
    await h1('ユーザー').waitFor();
    await text('購入数').waitFor();
    await page.getByRole('button', { name: 'ユーザーを招待' }).waitFor();
    await screenshot(page, 'users-ja');
  });

  it('switches to Français', async () => {
    const { page } = b;
    await page.getByTestId('language-switch').selectOption('fr');
    await h1('Utilisateurs').waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');
    await text('Achetées').waitFor();
    await page.getByRole('button', { name: 'Inviter un utilisateur' }).waitFor();
    await screenshot(page, 'users-fr');

    await page.goto('/subscription');
    await h1('Abonnement').waitFor();
    await text('Comparer les offres').waitFor();
    await text('Historique des paiements').waitFor();
    const table = (await page.getByTestId('plan-table').textContent()) ?? '';
    expect(table).toContain('Professionnelle');
    expect(table.replace(/[\u00a0\u202f]/g, ' ')).toContain('23,00 €');
    await screenshot(page, 'subscription-fr-1280');
    await page.setViewportSize(PHONE);
    await page.reload();
    await h1('Abonnement').waitFor();
    await text('Comparer les offres').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'subscription-fr-390');
    // The wizard fills a phone's screen and is usable there.
    await page.getByTestId('open-wizard').click();
    await page.getByRole('dialog').getByText('Modifier votre abonnement').waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-regular').waitFor();
    await screenshot(page, 'wizard-fr-390');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.setViewportSize(DESKTOP);
  });
});
