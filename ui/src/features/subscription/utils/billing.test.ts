import { describe, expect, it } from 'vitest';
import {
  canAdd,
  daysLeft,
  hasProblems,
  initialWizard,
  intentFor,
  isNoChange,
  lineShare,
  licenseBars,
  newIdempotencyKey,
  payingFor,
  paymentWhere,
  pricePerUser,
  quoteTotals,
  settlesPayment,
  signedAmount,
  staleQuote,
  toChangeInput,
  trialablePlans,
  wizardProblems,
  yearlySavingPercent,
  type AddOnLike,
  type OverviewLike,
  type PlanLike,
} from './billing';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const plan = (code: string, rank: number, monthly: number, yearly: number, maxUsers = 0): PlanLike => ({
  code,
  name: code[0] + code.slice(1).toLowerCase(),
  rank,
  maxUsers,
  monthlyPrice: usd(monthly),
  yearlyPrice: usd(yearly),
  teamMonthlyPrice: usd(monthly / 2),
  teamYearlyPrice: usd(yearly / 2),
});
const PLANS = [plan('FREE', 0, 0, 0, 3), plan('STANDARD', 1, 1400, 1200), plan('PROFESSIONAL', 2, 2300, 2000), plan('ENTERPRISE', 3, 4000, 3500)];
const ADDONS: AddOnLike[] = [
  { code: 'EXTRA_STORAGE', name: 'Extra storage', kind: 'RECURRING', unit: 'GB', maxQuantity: 0, paidPlansOnly: true, price: usd(200) },
  { code: 'WEEKLY_BACKUP', name: 'Weekly backup', kind: 'RECURRING', unit: 'subscription', maxQuantity: 1, paidPlansOnly: true, price: usd(1500) },
  { code: 'BACKUP_UNIT', name: 'Backup unit', kind: 'ONE_TIME', unit: 'backup', maxQuantity: 0, paidPlansOnly: false, price: usd(1000) },
];

function overview(over: Partial<OverviewLike> = {}): OverviewLike {
  return {
    plan: { code: 'FREE', rank: 0 },
    status: 'ACTIVE',
    cycle: 'MONTHLY',
    licenses: [
      { kind: 'REGULAR', purchased: 3, held: 1, active: 1, free: 2 },
      { kind: 'TEAM', purchased: 0, held: 0, active: 0, free: 0 },
    ],
    addOns: [],
    trial: null,
    triedPlans: [],
    ...over,
  };
}
const STANDARD_ORG = overview({
  plan: { code: 'STANDARD', rank: 1 },
  licenses: [
    { kind: 'REGULAR', purchased: 5, held: 4, active: 3, free: 1 },
    { kind: 'TEAM', purchased: 2, held: 2, active: 2, free: 0 },
  ],
  addOns: [{ code: 'EXTRA_STORAGE', quantity: 10 }],
});

describe('trials (SB-2)', () => {
  it('offers each paid plan above the current one, once', () => {
    expect(trialablePlans(PLANS, overview()).map((p) => p.code)).toEqual(['STANDARD', 'PROFESSIONAL', 'ENTERPRISE']);
    expect(trialablePlans(PLANS, STANDARD_ORG).map((p) => p.code)).toEqual(['PROFESSIONAL', 'ENTERPRISE']);
    expect(trialablePlans(PLANS, overview({ triedPlans: ['PROFESSIONAL'] })).map((p) => p.code)).toEqual(['STANDARD', 'ENTERPRISE']);
  });

  it('offers none during a trial or while a payment is due', () => {
    expect(trialablePlans(PLANS, overview({ status: 'TRIALING', trial: { plan: 'STANDARD', endsAt: '2026-12-15T00:00:00Z' } }))).toEqual([]);
    expect(trialablePlans(PLANS, overview({ status: 'PAST_DUE' }))).toEqual([]);
    expect(trialablePlans(PLANS, overview({ status: 'LOCKED' }))).toEqual([]);
  });

  it('counts whole days left, rounding up, never below 0', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(daysLeft('2026-12-15T12:00:00Z', now)).toBe(15);
    expect(daysLeft('2026-11-30T15:00:00Z', now)).toBe(1);
    expect(daysLeft('2026-11-30T11:00:00Z', now)).toBe(0);
    expect(daysLeft('not a date', now)).toBe(0);
  });
});

describe('prices', () => {
  it('per user per month by cycle and kind', () => {
    const pro = PLANS[2];
    expect(pricePerUser(pro, 'MONTHLY').amount).toBe(2300);
    expect(pricePerUser(pro, 'YEARLY').amount).toBe(2000);
    expect(pricePerUser(pro, 'YEARLY', 'TEAM').amount).toBe(1000);
    expect(yearlySavingPercent(pro)).toBe(13);
    expect(yearlySavingPercent(PLANS[0])).toBe(0);
  });
});

describe('change wizard (SB-3, SB-7)', () => {
  it('starts from the users there are when coming from a free plan, from the licenses bought otherwise', () => {
    expect(initialWizard(overview(), 'PROFESSIONAL', false)).toMatchObject({ plan: 'PROFESSIONAL', regular: 1, team: 0, backupUnits: 0 });
    expect(initialWizard(STANDARD_ORG, 'STANDARD', true)).toMatchObject({ regular: 5, team: 2, addOns: { EXTRA_STORAGE: 10 } });
  });

  it('sends plan, cycle and licenses, and only the add-ons that change', () => {
    const w = initialWizard(STANDARD_ORG, 'PROFESSIONAL', true);
    expect(toChangeInput(w, STANDARD_ORG, ADDONS)).toEqual({ plan: 'PROFESSIONAL', cycle: 'MONTHLY', regularLicenses: 5, teamLicenses: 2 });
    const more = { ...w, addOns: { EXTRA_STORAGE: 0, WEEKLY_BACKUP: 1 }, backupUnits: 3 };
    expect(toChangeInput(more, STANDARD_ORG, ADDONS)).toEqual({
      plan: 'PROFESSIONAL',
      cycle: 'MONTHLY',
      regularLicenses: 5,
      teamLicenses: 2,
      addOns: [
        { code: 'EXTRA_STORAGE', quantity: 0 },
        { code: 'WEEKLY_BACKUP', quantity: 1 },
      ],
      backupUnits: 3,
    });
  });

  it('knows when nothing would change', () => {
    const w = initialWizard(STANDARD_ORG, 'STANDARD', true);
    expect(isNoChange(w, STANDARD_ORG, ADDONS)).toBe(true);
    expect(isNoChange({ ...w, cycle: 'YEARLY' }, STANDARD_ORG, ADDONS)).toBe(false);
    expect(isNoChange({ ...w, regular: 6 }, STANDARD_ORG, ADDONS)).toBe(false);
    expect(isNoChange({ ...w, backupUnits: 1 }, STANDARD_ORG, ADDONS)).toBe(false);
    expect(isNoChange({ ...w, addOns: { EXTRA_STORAGE: 11 } }, STANDARD_ORG, ADDONS)).toBe(false);
  });

  it('refuses licenses below the users holding them, saying how many to delete (SB-7)', () => {
    const w = { ...initialWizard(STANDARD_ORG, 'STANDARD', true), regular: 2, team: 1 };
    const p = wizardProblems(w, STANDARD_ORG, PLANS[1], ADDONS);
    expect(p.regular).toEqual({ key: 'wizard.error.belowHeld', params: { held: 4, remove: 2 } });
    expect(p.team).toEqual({ key: 'wizard.error.belowHeld', params: { held: 2, remove: 1 } });
    expect(hasProblems(p)).toBe(true);
  });

  it('refuses more users than the plan allows, paid add-ons on a free plan, and bad numbers', () => {
    const w = { ...initialWizard(overview(), 'FREE', false), regular: 3, team: 1 };
    expect(wizardProblems(w, overview(), PLANS[0], ADDONS).regular?.key).toBe('wizard.error.maxUsers');
    expect(wizardProblems({ ...w, team: 0, addOns: { WEEKLY_BACKUP: 1 } }, overview(), PLANS[0], ADDONS).addOns?.key).toBe('wizard.error.addOnPaidOnly');
    expect(wizardProblems({ ...w, team: 0, addOns: { WEEKLY_BACKUP: 2 } }, overview(), PLANS[2], ADDONS).addOns?.key).toBe('wizard.error.addOnRange');
    expect(wizardProblems({ ...w, regular: 0, team: 0 }, overview(), PLANS[2], ADDONS).regular?.key).toBe('wizard.error.range');
    expect(wizardProblems({ ...w, team: 1.5 }, overview(), PLANS[2], ADDONS).team?.key).toBe('wizard.error.range');
    expect(wizardProblems({ ...w, team: 0, backupUnits: -1 }, overview(), PLANS[2], ADDONS).backupUnits?.key).toBe('wizard.error.range');
    expect(hasProblems(wizardProblems({ ...w, team: 0 }, overview(), PLANS[2], ADDONS))).toBe(false);
  });
});

describe('quote display (SB-3, SB-4)', () => {
  const charge = { kind: 'CHARGE', amount: 2300, seconds: 1296000, periodSeconds: 2592000 };
  const credit = { kind: 'CREDIT', amount: 700, seconds: 1296000, periodSeconds: 2592000 };

  it('signs credits negative and nets the lines', () => {
    expect(signedAmount(charge)).toBe(2300);
    expect(signedAmount(credit)).toBe(-700);
    expect(quoteTotals([charge, credit])).toEqual({ charges: 2300, credits: 700, net: 1600 });
    expect(quoteTotals([credit])).toEqual({ charges: 0, credits: 700, net: -700 });
  });

  it('shows a prorated share in days with one decimal, nothing for whole or one-time lines', () => {
    expect(lineShare(charge)).toEqual({ part: 15, whole: 30 });
    expect(lineShare({ seconds: 1339200, periodSeconds: 2592000 })).toEqual({ part: 15.5, whole: 30 });
    expect(lineShare({ seconds: 2592000, periodSeconds: 2592000 })).toBeUndefined();
    // Issue 17 item 3: a few minutes short of a year is not "365 of 365 days".
    expect(lineShare({ seconds: 365 * 86400 - 600, periodSeconds: 365 * 86400 })).toEqual({ part: 364.9, whole: 365 });
    expect(lineShare({ seconds: 0, periodSeconds: 0 })).toBeUndefined();
  });
});

describe('payments (SB-13)', () => {
  it('filters by a known status only', () => {
    expect(paymentWhere('FAILED')).toEqual({ status: 'FAILED' });
    expect(paymentWhere('')).toBeUndefined();
    expect(paymentWhere('BOGUS')).toBeUndefined();
  });
});

describe('idempotency keys: one per intended payment', () => {
  let n = 0;
  const make = () => `k${++n}`;

  it('keeps the key while the same change is retried after an unknown outcome', () => {
    const a = intentFor(undefined, 'change A', make);
    const again = intentFor(a, 'change A', make);
    expect(again.key).toBe(a.key);
  });

  it('takes a new key for another change, or once the last attempt got an answer', () => {
    const a = intentFor(undefined, 'change A', make);
    expect(intentFor(a, 'change B', make).key).not.toBe(a.key);
    const answered = { ...a, settled: true };
    expect(intentFor(answered, 'change A', make).key).not.toBe(a.key);
  });

  it('treats a decline as an answer and a lost connection as none', () => {
    expect(settlesPayment('PAYMENT_FAILED')).toBe(true);
    expect(settlesPayment('VALIDATION')).toBe(true);
    expect(settlesPayment('NETWORK')).toBe(false);
    expect(settlesPayment('INTERNAL')).toBe(false);
  });

  it('makes RFC 4122 version 4 UUIDs, with or without crypto.randomUUID', () => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newIdempotencyKey()).toMatch(re);
    const saved = globalThis.crypto.randomUUID;
    try {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
      const k = newIdempotencyKey();
      expect(k).toMatch(re);
      expect(newIdempotencyKey()).not.toBe(k);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: saved, configurable: true });
    }
  });
});

describe('a quote is a promise (issue 17 item 3)', () => {
  const offered = { token: 'q1.1.2.x', totalDue: { amount: 207480, currency: 'JPY' }, lines: [] };

  it('reads the refusal of a quote that expired or changed, with the new quote offered', () => {
    expect(staleQuote({ code: 'CONFLICT', details: { reason: 'QUOTE_CHANGED', quote: offered } })).toEqual({ reason: 'QUOTE_CHANGED', quote: offered });
    expect(staleQuote({ code: 'CONFLICT', details: { reason: 'QUOTE_EXPIRED', quote: offered } })?.reason).toBe('QUOTE_EXPIRED');
  });

  it('offers no quote when the server sent none in the right shape, and ignores other errors', () => {
    expect(staleQuote({ code: 'CONFLICT', details: { reason: 'QUOTE_CHANGED', quote: { totalDue: 3 } } })).toEqual({ reason: 'QUOTE_CHANGED', quote: undefined });
    expect(staleQuote({ code: 'CONFLICT', details: { reason: 'QUOTE_CHANGED', quote: { ...offered, token: '' } } })?.quote).toBeUndefined();
    expect(staleQuote({ code: 'CONFLICT', details: {} })).toBeUndefined();
    expect(staleQuote({ code: 'VALIDATION', details: { reason: 'QUOTE_CHANGED' } })).toBeUndefined();
  });

  it('pays each quote under its own idempotency key', () => {
    let n = 0;
    const make = () => `k${++n}`;
    const input = { plan: 'PROFESSIONAL' };
    const first = intentFor(undefined, payingFor(input, 'q1.a'), make);
    expect(intentFor(first, payingFor(input, 'q1.a'), make).key).toBe(first.key);
    expect(intentFor(first, payingFor(input, 'q1.b'), make).key).not.toBe(first.key);
  });
});

describe('licenses (SB-7)', () => {
  it('splits held licenses into active and deactivated users, free and over', () => {
    expect(licenseBars({ kind: 'REGULAR', purchased: 5, held: 4, active: 3, free: 1 })).toEqual({ kind: 'REGULAR', active: 3, deactivated: 1, free: 1, over: 0 });
    expect(licenseBars({ kind: 'TEAM', purchased: 3, held: 5, active: 5, free: -2 })).toEqual({ kind: 'TEAM', active: 5, deactivated: 0, free: 0, over: 2 });
  });

  it('lets one more user in only while a license of the kind is free', () => {
    expect(canAdd({ kind: 'REGULAR', purchased: 3, held: 2, active: 2, free: 1 })).toBe(true);
    expect(canAdd({ kind: 'REGULAR', purchased: 3, held: 3, active: 2, free: 0 })).toBe(false);
    expect(canAdd(undefined)).toBe(true);
  });
});
