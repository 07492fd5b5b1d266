// Issue 17 item 5: no horizontal overflow. Every page of the app, with data (the demo
// organization, plus a card payment and an API token), in English, Japanese and French, at
// 1280 and 390 px: the page never scrolls sideways (wide tables scroll inside their own box),
// no table cell clips what it holds (a download button, an amount), no column is squeezed until
// its heading or a date wraps line after line. Screenshots of each page × language × width go
// to test-artifacts/ui/layout-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, gql, PHONE, screenshot, startBrowser, startServer, type Browser, type Server } from './harness';

const DEMO = { email: 'layout-admin@demo.e2e.test', password: 'layout demo password 1' };

let server: Server;
let b: Browser;

beforeAll(async () => {
  server = await startServer('layout', { demo: DEMO });
  b = await startBrowser(server.baseURL);
  const signIn = await gql(b, 'mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { user { id } } }', { e: DEMO.email, p: DEMO.password });
  expect(signIn.errors).toBeUndefined();
  // A payment in the history (its "paid with" column), an API token in its table.
  const card = await gql(b, 'mutation { setPaymentMethod(card: {number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123"}) { last4 } }');
  expect(card.errors).toBeUndefined();
  const units = await gql(b, 'mutation { buyBackupUnits(units: 2, idempotencyKey: "layout-e2e-units") { __typename } }');
  expect(units.errors).toBeUndefined();
  const token = await gql(b, 'mutation { createAPIToken(input: {name: "Nightly export to the data warehouse", expiresInDays: 90}) { secret } }');
  expect(token.errors).toBeUndefined();
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/** What each page shows once its data is there. */
const PAGES: { path: string; name: string; ready: string[] }[] = [
  { path: '/', name: 'dashboard', ready: ['dashboard-org-name'] },
  { path: '/backup', name: 'backup', ready: ['run-state', 'backup-log-table'] },
  { path: '/subscription', name: 'subscription', ready: ['plan-table', 'payment-table'] },
  { path: '/bundle', name: 'bundle', ready: ['bundle-status', 'bundle-members'] },
  { path: '/users', name: 'users', ready: ['user-table'] },
  { path: '/audit', name: 'audit', ready: ['audit-table'] },
  { path: '/emails', name: 'emails', ready: ['email-settings-save', 'emails-table'] },
  { path: '/outbox', name: 'outbox', ready: ['outbox-table'] },
  { path: '/tokens', name: 'tokens', ready: ['token-table'] },
  { path: '/profile', name: 'profile', ready: ['profile-name'] },
];

/**
 * Everything that overflows, as sentences (empty: none): the page wider than the window; a
 * table cell, button or amount whose content is wider than its box (clipped); a table heading
 * wrapped on more than two lines or a date on more than one (a column squeezed).
 */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) => {
      const id = el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
      return `${id ? `[${id}] ` : ''}${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    };
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > window.innerWidth) out.push(`page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null;
    // Clipped: content wider than its box (1px of rounding allowed).
    for (const el of document.querySelectorAll('td, th, button, [class*="Button-label"]')) {
      if (visible(el) && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} clips its content (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
    // Squeezed: a column heading on 3+ lines (one character per line in the worst case), a date
    // or an amount wrapped. Lines are counted on the text itself (a cell is as tall as its row).
    const lines = (el: Element) => {
      // The most lines one run of text inside el takes (a badge under a name is not a wrap).
      let most = 0;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!(n.textContent ?? '').trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const bottoms = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom));
        most = Math.max(most, new Set(bottoms).size);
      }
      return most;
    };
    for (const th of document.querySelectorAll('thead th')) {
      if (!visible(th) || !(th.textContent ?? '').trim()) continue;
      const n = lines(th);
      if (n > 2) out.push(`${name(th)} wraps on ${n} lines`);
    }
    for (const el of document.querySelectorAll('td time, td [data-amount]')) {
      if (!visible(el)) continue;
      const n = lines(el);
      if (n > 1) out.push(`${name(el)} wraps on ${n} lines`);
    }
    // On a desktop, a table fits its card: nothing hidden behind a sideways scroll.
    if (window.innerWidth >= 1024) {
      for (const box of document.querySelectorAll('.table-scroll')) {
        if (visible(box) && box.scrollWidth > box.clientWidth + 1) out.push(`${name(box.querySelector('table') ?? box)} is ${box.scrollWidth}px wide in its ${box.clientWidth}px box`);
      }
    }
    return out;
  });
}

async function ready(page: Page, testIds: string[]): Promise<void> {
  await page.locator('h1').first().waitFor();
  for (const id of testIds) await page.getByTestId(id).first().waitFor();
  await page.getByRole('status').filter({ has: page.locator('.mantine-Loader-root') }).first().waitFor({ state: 'detached' }).catch(() => undefined);
}

async function useLanguage(lang: string): Promise<void> {
  const res = await gql(b, 'mutation($l: String!) { updateMe(input: {locale: $l}) { locale } }', { l: lang });
  expect(res.errors).toBeUndefined();
  await b.page.evaluate((l) => localStorage.setItem('crmadmin.language', l), lang);
}

describe('no horizontal overflow (issue 17 item 5)', () => {
  for (const lang of ['en', 'ja', 'fr']) {
    for (const viewport of [DESKTOP, PHONE]) {
      it(`every page in ${lang} at ${viewport.width} px`, async () => {
        const { page } = b;
        await page.setViewportSize(viewport);
        await page.goto('/profile');
        await useLanguage(lang);
        const problems: string[] = [];
        for (const p of PAGES) {
          await page.goto(p.path);
          await ready(page, p.ready);
          await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
          problems.push(...(await overflows(page)).map((s) => `${p.name}: ${s}`));
          await screenshot(page, `layout-${p.name}-${lang}-${viewport.width}`);
        }

        // The backup cost preview (its "À payer" column): shown while choosing a schedule.
        await page.goto('/backup');
        await ready(page, ['run-state']);
        if (await page.getByTestId('active-schedule').count()) {
          const stop = await gql(b, 'mutation { stopBackupSchedule { schedule { id } } }');
          expect(stop.errors).toBeUndefined();
          await page.reload();
          await ready(page, ['run-state']);
        }
        await page.getByTestId('schedule-repeat').selectOption('WEEKLY');
        await page.getByTestId('cost-preview-table').waitFor();
        problems.push(...(await overflows(page)).map((s) => `backup cost preview: ${s}`));
        await screenshot(page, `layout-backup-preview-${lang}-${viewport.width}`);

        // The plan change wizard's quote.
        await page.goto('/subscription');
        await ready(page, ['plan-table']);
        await page.getByTestId('open-wizard').click();
        await page.getByTestId('wizard-plan-ULTIMATE').click();
        await page.getByTestId('wizard-next').click();
        await page.getByTestId('wizard-next').click();
        await page.getByTestId('quote-total').waitFor();
        problems.push(...(await overflows(page)).map((s) => `wizard quote: ${s}`));
        await screenshot(page, `layout-wizard-quote-${lang}-${viewport.width}`);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });

        expect(problems, `${lang} ${viewport.width}px:\n${problems.join('\n')}`).toEqual([]);
      });
    }
  }
});
