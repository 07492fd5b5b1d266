import { describe, expect, it } from 'vitest';
import { makeTranslate } from '../../../i18n/translate';
import { en } from '../../../i18n/messages/en';
import { fr } from '../../../i18n/messages/fr';
import { ja } from '../../../i18n/messages/ja';
import { adminsDiffer, choices, countdownColor, hasProblems, initialUpgrade, MAX_ADD_ONS, orderedLines, quoteSums, toUpgradeInput, upgradeProblems, type BlockerLike, type QuoteLineLike } from './bundle';
import { quoteLineLabel, serviceName } from './labels';

const t = makeTranslate(en, en, 'en');
const tFr = makeTranslate(fr, en, 'fr');
const tJa = makeTranslate(ja, en, 'ja');

const BLOCKERS: BlockerLike[] = [
  { service: 'DESK', superAdmin: { id: '7', name: 'Dora Desk', email: 'dora@acme.test' } },
  { service: 'CAMPAIGNS', superAdmin: { id: '8', name: 'Carl Camp', email: 'carl@acme.test' } },
];

describe('BU-2: whom to ask when the super admins differ', () => {
  const refusal = (services: unknown) => ({ code: 'FORBIDDEN', details: { reason: 'BUNDLE_ADMINS_DIFFER', services } });

  it('reads extensions.services as the server sends them, the email from the blockers, the viewer marked', () => {
    const e = refusal([
      { service: 'CAMPAIGNS', superAdminId: 8, superAdminName: 'Carl Camp' },
      { service: 'SALESIQ', superAdminId: 1, superAdminName: 'Ann Owner' },
      { service: 'DESK', superAdminId: 7, superAdminName: 'Dora Desk' },
    ]);
    expect(adminsDiffer(e, BLOCKERS, '1')).toEqual([
      { service: 'CAMPAIGNS', id: '8', name: 'Carl Camp', email: 'carl@acme.test' },
      { service: 'SALESIQ', id: '1', name: 'Ann Owner', email: undefined, self: true },
      { service: 'DESK', id: '7', name: 'Dora Desk', email: 'dora@acme.test' },
    ]);
  });

  it('reads entries with a superAdmin object, and service codes alone completed from the blockers', () => {
    expect(adminsDiffer(refusal([{ service: 'DESK', superAdmin: { id: '7', name: 'Dora Desk', email: 'dora@acme.test' } }]))).toEqual([
      { service: 'DESK', id: '7', name: 'Dora Desk', email: 'dora@acme.test' },
    ]);
    expect(adminsDiffer(refusal(['CAMPAIGNS', 'DESK']), BLOCKERS)).toEqual([
      { service: 'CAMPAIGNS', id: '8', name: 'Carl Camp', email: 'carl@acme.test' },
      { service: 'DESK', id: '7', name: 'Dora Desk', email: 'dora@acme.test' },
    ]);
  });

  it('falls back to the blockers when the error lists nothing it can read; drops unknown services', () => {
    expect(adminsDiffer(refusal(undefined), BLOCKERS)?.map((a) => a.service)).toEqual(['DESK', 'CAMPAIGNS']);
    expect(adminsDiffer(refusal(['NOT_A_SERVICE', { service: 'SURVEY' }]))).toEqual([{ service: 'SURVEY', id: undefined, name: undefined, email: undefined }]);
  });

  it('is undefined for any other error', () => {
    expect(adminsDiffer({ code: 'FORBIDDEN', details: {} }, BLOCKERS)).toBeUndefined();
    expect(adminsDiffer({ code: 'VALIDATION', details: { reason: 'BUNDLE_ADMINS_DIFFER' } }, BLOCKERS)).toBeUndefined();
  });
});

describe('BU-4: the choices in each state', () => {
  it('offers the trial before any bundle, and nothing else', () => {
    expect(choices({ state: 'NONE', canExtend: false })).toEqual({ startTrial: true, upgrade: false, extend: false, cancel: false });
  });
  it('offers upgrade, one extension and cancel during the trial and at its end', () => {
    expect(choices({ state: 'TRIALING', canExtend: true })).toEqual({ startTrial: false, upgrade: true, extend: true, cancel: true });
    expect(choices({ state: 'EXPIRED', canExtend: true })).toEqual({ startTrial: false, upgrade: true, extend: true, cancel: true });
  });
  it('extends only once', () => {
    expect(choices({ state: 'EXTENDED', canExtend: false }).extend).toBe(false);
    expect(choices({ state: 'EXTENDED', canExtend: false }).upgrade).toBe(true);
  });
  it('offers nothing once cancelled or upgraded', () => {
    for (const state of ['CANCELLED', 'UPGRADED'] as const) expect(choices({ state, canExtend: true })).toEqual({ startTrial: false, upgrade: false, extend: false, cancel: false });
  });
  it('colours the countdown by urgency', () => {
    expect([30, 8, 7, 4, 3, 0, null].map(countdownColor)).toEqual(['blue', 'blue', 'orange', 'orange', 'red', 'red', 'blue']);
  });
});

describe('BU-5: the upgrade wizard', () => {
  const member = (users: number, cycle: 'MONTHLY' | 'YEARLY', endedAt: string | null = null) => ({ service: 'DESK' as const, subscription: { users, cycle, endedAt } });

  it('starts from the most users paid for, yearly when a member is yearly', () => {
    expect(initialUpgrade({ members: [member(5, 'MONTHLY'), member(12, 'YEARLY'), { service: 'SURVEY', subscription: null }] })).toEqual({ cycle: 'YEARLY', users: 12, addOns: [] });
    expect(initialUpgrade({ members: [] })).toEqual({ cycle: 'MONTHLY', users: 1, addOns: [] });
    expect(initialUpgrade({ members: [member(40, 'YEARLY', '2026-12-01T00:00:00Z'), member(3, 'MONTHLY')] })).toEqual({ cycle: 'MONTHLY', users: 3, addOns: [] });
  });

  it('refuses users out of 1..10000 and more than 20 add-ons before asking the server', () => {
    for (const users of [0, -1, 10_001, 2.5, Number.NaN]) expect(upgradeProblems({ cycle: 'MONTHLY', users, addOns: [] }).users?.key).toBe('bundle.wizard.error.users');
    expect(hasProblems(upgradeProblems({ cycle: 'MONTHLY', users: 10_000, addOns: [] }))).toBe(false);
    const many = Array.from({ length: MAX_ADD_ONS + 1 }, (_, i) => `A${i}`);
    expect(upgradeProblems({ cycle: 'YEARLY', users: 1, addOns: many }).addOns?.params).toEqual({ max: 20 });
  });

  it('sends add-ons sorted and once, or not at all', () => {
    expect(toUpgradeInput({ cycle: 'YEARLY', users: 9, addOns: [] })).toEqual({ cycle: 'YEARLY', users: 9 });
    expect(toUpgradeInput({ cycle: 'MONTHLY', users: 9, addOns: ['WEEKLY_BACKUP', 'EXTRA_STORAGE', 'WEEKLY_BACKUP'] })).toEqual({ cycle: 'MONTHLY', users: 9, addOns: ['EXTRA_STORAGE', 'WEEKLY_BACKUP'] });
  });
});

describe('BU-5: the itemised quote', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  const lines: (QuoteLineLike & { description: string })[] = [
    { kind: 'BALANCE', service: null, description: 'Balance', amount: usd(-500) },
    { kind: 'CREDIT', service: 'DESK', description: 'Unused Desk', amount: usd(-1234) },
    { kind: 'BUNDLE', service: null, description: 'Bundle', amount: usd(30000) },
    { kind: 'CREDIT', service: 'CRM', description: 'Unused CRM', amount: usd(-4736) },
  ];

  it('reads as bundle, then one credit per member in catalogue order, then the balance', () => {
    expect(orderedLines(lines).map((l) => `${l.kind}:${l.service ?? ''}`)).toEqual(['BUNDLE:', 'CREDIT:CRM', 'CREDIT:DESK', 'BALANCE:']);
  });

  it('adds up to what the card pays; a credit above the price goes to the balance', () => {
    expect(quoteSums(lines)).toEqual({ net: 23530, due: 23530, toBalance: 0, credits: -5970 });
    expect(quoteSums([{ kind: 'BUNDLE', service: null, amount: usd(1000) }, { kind: 'CREDIT', service: 'DESK', amount: usd(-1500) }])).toEqual({ net: -500, due: 0, toBalance: 500, credits: -1500 });
  });

  it('names each line in en, fr and ja', () => {
    expect(orderedLines(lines).map((l) => quoteLineLabel(t, l))).toEqual(['Suite bundle', 'Unused, already paid: CRM', 'Unused, already paid: Desk', 'Account balance']);
    expect(quoteLineLabel(tFr, lines[1])).toBe('Non utilisé, déjà payé\u202f: Desk');
    expect(quoteLineLabel(tJa, lines[1])).toBe('デスク：支払い済みの未使用分');
    expect(quoteLineLabel(t, { kind: 'ADD_ON', service: null, description: 'Extra storage', amount: usd(200) })).toBe('Extra storage');
    expect(serviceName(t, 'NEW_ONE', 'New one')).toBe('New one');
  });

  it('counts the trial down in each language, the last day too', () => {
    expect(t('bundle.trial.daysLeft', { days: 1 })).toBe('1 day left in the bundle trial');
    expect(t('bundle.trial.daysLeft', { days: 0 })).toBe('Last day of the bundle trial');
    expect(tFr('bundle.trial.daysLeft', { days: 0 })).toBe('Dernier jour de l’essai de l’offre groupée');
    expect(tFr('bundle.trial.daysLeft', { days: 12 })).toBe('Encore 12 jours d’essai de l’offre groupée');
    expect(tJa('bundle.trial.daysLeft', { days: 3 })).toBe('バンドルの試用期間：残り 3 日');
  });
});
