// Issue 17 item 6: every text a person reads is in their language. After sign-in the UI speaks
// the user's saved language (not the browser's, nor the one last chosen on the device); the
// server's sentences come in the UI's language; the audit log labels every action and words
// its summaries, with "System" translated; the test notification is worded for its reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, newOwner, screenshot, signUpByApi, startBrowser, startServer, type Browser, type Server } from './harness';

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('language');
  b = await startBrowser(server.baseURL);
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/** Signs up outside the browser (its own cookies), with a saved locale. */
async function signUpElsewhere(locale: string) {
  const owner = newOwner('Sakura KK');
  const res = await fetch(`${server.baseURL}/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.baseURL },
    body: JSON.stringify({
      query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { locale } } }',
      variables: { input: { organizationName: owner.org, region: 'JP', name: owner.name, email: owner.email, password: owner.password, locale } },
    }),
  });
  const body = (await res.json()) as { data?: { signUp: { user: { locale: string } } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data?.signUp.user.locale).toBe(locale);
  return owner;
}

const lang = () => b.page.evaluate(() => document.documentElement.lang);

describe('the reader’s language (issue 17 item 6)', () => {
  it('after sign-in the UI is in the user’s saved language (ja), not the browser’s (en) nor the device’s last (fr)', async () => {
    const { page } = b;
    const owner = await signUpElsewhere('ja');
    await page.goto('/signin');
    await page.evaluate(() => localStorage.setItem('crmadmin.language', 'fr'));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.locator('input[type="email"]').fill(owner.email);
    await page.locator('input[type="password"]').fill(owner.password);
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    await expect(lang()).resolves.toBe('ja');
    await screenshot(page, 'language-saved-ja');
    const out = await gql(b, 'mutation { signOut }');
    expect(out.errors).toBeUndefined();
  });

  it('a server sentence in French when the UI is in French (a wrong password, before any sign-in)', async () => {
    const { page } = b;
    await page.goto('/signin');
    await page.getByTestId('language-switch').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.locator('input[type="email"]').fill('nobody@e2e.test');
    await page.locator('input[type="password"]').fill('not the password at all');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('alert').filter({ hasText: 'adresse e-mail ou mot de passe incorrect' }).waitFor();
    expect(await page.getByRole('alert').first().textContent()).not.toContain('wrong email or password');
    await screenshot(page, 'language-signin-error-fr');
  });

  it('in French: the stop answer, the test notification and the audit log (labels, "Système", summaries) have no English', async () => {
    const { page } = b;
    await signUpByApi(b);
    await page.goto('/');
    await page.getByTestId('language-switch').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await expect.poll(async () => (await gql<{ me: { locale: string } }>(b, '{ me { locale } }')).data?.me.locale).toBe('fr');

    // Things the audit log records: a token, a card, units bought, a backup the system runs, a schedule stopped.
    for (const q of [
      'mutation { createAPIToken(input: {name: "ci"}) { secret } }',
      'mutation { setPaymentMethod(card: {number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123"}) { last4 } }',
      'mutation { buyBackupUnits(units: 2, idempotencyKey: "language-e2e") { __typename } }',
      'mutation { backupNow { id } }',
      'mutation { scheduleBackup(input: {repeatType: WEEKLY, weekday: MONDAY}) { __typename } }',
    ]) {
      const res = await gql(b, q);
      expect({ q, errors: res.errors }).toEqual({ q, errors: undefined });
    }

    // The server's stop answer, in French (it was English inside the French page).
    await page.goto('/backup');
    await page.getByTestId('stop-schedule').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Arrêter les sauvegardes' }).click();
    await page.getByTestId('stop-message').waitFor();
    const stopped = (await page.getByTestId('stop-message').textContent()) ?? '';
    expect(stopped).toContain('Les sauvegardes planifiées sont arrêtées.');
    expect(stopped).not.toContain('Scheduled backups');

    // The test notification, worded for its reader.
    await page.goto('/');
    await page.getByTestId('send-test-notification').click();
    await page.getByTestId('recent-notifications').getByText('Ann Owner a envoyé une notification de test').waitFor();

    // The audit log: the system's backup is there (ready), every row in French.
    await expect
      .poll(async () => (await gql<{ auditEvents: { totalCount: number } }>(b, '{ auditEvents(first: 1, where: {action: "backup.ready"}) { totalCount } }')).data?.auditEvents.totalCount, { timeout: 60_000 })
      .toBe(1);
    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await rows.first().waitFor();
    const seen = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        action: tr.getAttribute('data-action') ?? '',
        actor: tr.querySelector('[data-testid="audit-actor"]')?.textContent ?? '',
        label: tr.querySelector('[data-testid="audit-action"]')?.textContent ?? '',
        summary: tr.querySelector('[data-testid="audit-summary"]')?.textContent ?? '',
      })),
    );
    const actions = seen.map((r) => r.action).sort();
    for (const a of ['api_token.created', 'backup.ready', 'backup.requested', 'backup.schedule_stopped', 'backup.scheduled', 'billing.backup_units_bought', 'billing.card_set', 'org.created']) {
      expect(actions).toContain(a);
    }
    for (const r of seen) {
      expect({ action: r.action, rawLabel: /^[a-z_]+\.[a-z_]+$/.test(r.label) }).toEqual({ action: r.action, rawLabel: false });
      expect({ action: r.action, actor: r.actor }).not.toEqual({ action: r.action, actor: 'System' });
      // Sentences the server writes in English start with the actor's name and an English verb.
      expect({ action: r.action, summary: /\b(created|paid|requested|scheduled|stopped|set the card|bought|is ready)\b/.test(r.summary) }).toEqual({ action: r.action, summary: false });
    }
    expect(seen.find((r) => r.action === 'backup.ready')?.actor).toBe('Système');
    expect(seen.find((r) => r.action === 'api_token.created')?.summary).toBe('Ann Owner a créé le jeton d’API «\u202fci\u202f»');
    expect(seen.find((r) => r.action === 'billing.card_set')?.summary).toBe('Ann Owner a enregistré la carte\u202f: Visa •••• 4242');
    expect(seen.find((r) => r.action === 'org.created')?.label).toBe('Organisation créée');
    await screenshot(page, 'language-audit-fr');
  });
});
