// Pure helpers of the subscription page and the users page (SPEC SB): what the wizard sends,
// what it refuses before asking the server, how quote lines read, trials, licenses, idempotency
// keys. No React here, so each is unit-tested (billing.test.ts).
import type { BillingCycle, PaymentStatus, PaymentWhereInput, SubscriptionChangeInput, SubscriptionStatus, UserLicenseKind } from '../../../gql/graphql';
import type { Problem } from '../../../lib/validation';

export const TRIAL_DAYS = 15;
/** The server's largest quantity of licenses, add-on units or backup units in one change. */
export const MAX_QUANTITY = 10_000;
const DAY_MS = 24 * 3600 * 1000;

export interface MoneyLike {
  amount: number;
  currency: string;
}

export interface PlanLike {
  code: string;
  name: string;
  rank: number;
  maxUsers: number;
  monthlyPrice: MoneyLike;
  yearlyPrice: MoneyLike;
  teamMonthlyPrice: MoneyLike;
  teamYearlyPrice: MoneyLike;
}

export interface AddOnLike {
  code: string;
  name: string;
  kind: string;
  unit: string;
  maxQuantity: number;
  paidPlansOnly: boolean;
  price: MoneyLike;
}

export interface LicenseLike {
  kind: UserLicenseKind;
  purchased: number;
  held: number;
  active: number;
  free: number;
}

/** What the wizard and the banners need of currentSubscription. */
export interface OverviewLike {
  plan: { code: string; rank: number };
  status: SubscriptionStatus;
  cycle: BillingCycle;
  licenses: LicenseLike[];
  addOns: { code: string; quantity: number }[];
  trial: { plan: string; endsAt: string } | null;
  triedPlans: string[];
}

export const isPaid = (plan: Pick<PlanLike, 'monthlyPrice'>) => plan.monthlyPrice.amount > 0;

/** Whole days left until iso, rounded up (a trial ending in 3 h has 1 day left); 0 once past. */
export function daysLeft(iso: string, now = Date.now()): number {
  const ms = Date.parse(iso) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / DAY_MS) : 0;
}

/**
 * Plans the org may try free for 15 days (SB-2): paid, above the plan it pays for, not tried
 * before, and only while the subscription is ACTIVE with no trial running (the server's rules).
 */
export function trialablePlans<P extends PlanLike>(plans: P[], ov: OverviewLike): P[] {
  if (ov.status !== 'ACTIVE' || ov.trial) return [];
  return plans.filter((p) => isPaid(p) && p.rank > ov.plan.rank && !ov.triedPlans.includes(p.code));
}

/** Price per user per month of a plan for a cycle and license kind. */
export function pricePerUser(plan: PlanLike, cycle: BillingCycle, kind: UserLicenseKind = 'REGULAR'): MoneyLike {
  if (kind === 'TEAM') return cycle === 'YEARLY' ? plan.teamYearlyPrice : plan.teamMonthlyPrice;
  return cycle === 'YEARLY' ? plan.yearlyPrice : plan.monthlyPrice;
}

/** How much cheaper per month yearly billing is, in whole percent (0 when it is not). */
export function yearlySavingPercent(plan: PlanLike): number {
  const m = plan.monthlyPrice.amount;
  if (m <= 0) return 0;
  return Math.max(0, Math.round(((m - plan.yearlyPrice.amount) / m) * 100));
}

export function license(ov: Pick<OverviewLike, 'licenses'>, kind: UserLicenseKind): LicenseLike {
  return ov.licenses.find((l) => l.kind === kind) ?? { kind, purchased: 0, held: 0, active: 0, free: 0 };
}

// ---------------------------------------------------------------------------------------
// The change wizard

export interface WizardState {
  plan: string;
  cycle: BillingCycle;
  regular: number;
  team: number;
  /** Recurring add-ons wanted, by code (0 = none). */
  addOns: Record<string, number>;
  /** One-time backup units bought with the change. */
  backupUnits: number;
}

/**
 * The wizard starts from what the org has now, on the plan chosen. From a free plan it starts
 * from the users there are (the free plan's spare licenses cost nothing; paid ones would).
 */
export function initialWizard(ov: OverviewLike, plan: string, currentIsPaid: boolean): WizardState {
  const count = (kind: UserLicenseKind) => (currentIsPaid ? license(ov, kind).purchased : license(ov, kind).held);
  return {
    plan,
    cycle: ov.cycle,
    regular: Math.max(1, count('REGULAR')),
    team: count('TEAM'),
    addOns: Object.fromEntries(ov.addOns.map((a) => [a.code, a.quantity])),
    backupUnits: 0,
  };
}

/** The input of quoteChange and changeSubscription: add-ons only when they change (quantity 0 cancels one). */
export function toChangeInput(w: WizardState, ov: OverviewLike, addOns: AddOnLike[]): SubscriptionChangeInput {
  const current = Object.fromEntries(ov.addOns.map((a) => [a.code, a.quantity]));
  const changed = addOns
    .filter((a) => a.kind === 'RECURRING')
    .map((a) => ({ code: a.code, quantity: w.addOns[a.code] ?? 0 }))
    .filter((a) => a.quantity !== (current[a.code] ?? 0));
  const input: SubscriptionChangeInput = { plan: w.plan, cycle: w.cycle, regularLicenses: w.regular, teamLicenses: w.team };
  if (changed.length > 0) input.addOns = changed;
  if (w.backupUnits > 0) input.backupUnits = w.backupUnits;
  return input;
}

/** True when the wizard asks for exactly what the org has (the server would refuse "nothing to change"). */
export function isNoChange(w: WizardState, ov: OverviewLike, addOns: AddOnLike[]): boolean {
  const input = toChangeInput(w, ov, addOns);
  return (
    w.plan === ov.plan.code &&
    w.cycle === ov.cycle &&
    w.regular === license(ov, 'REGULAR').purchased &&
    w.team === license(ov, 'TEAM').purchased &&
    !input.addOns &&
    !input.backupUnits
  );
}

export interface WizardProblems {
  regular?: Problem;
  team?: Problem;
  addOns?: Problem;
  backupUnits?: Problem;
}

/**
 * What the server would refuse, said before asking it: licenses below the users that hold them
 * (SB-7), above the plan's user limit, paid add-ons on a free plan, quantities out of range.
 */
export function wizardProblems(w: WizardState, ov: OverviewLike, plan: PlanLike | undefined, addOns: AddOnLike[]): WizardProblems {
  const out: WizardProblems = {};
  const heldRegular = license(ov, 'REGULAR').held;
  const heldTeam = license(ov, 'TEAM').held;
  const count = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_QUANTITY;
  if (!count(w.regular) || w.regular < 1) out.regular = { key: 'wizard.error.range', params: { min: 1, max: MAX_QUANTITY } };
  else if (w.regular < heldRegular) out.regular = { key: 'wizard.error.belowHeld', params: { held: heldRegular, remove: heldRegular - w.regular } };
  if (!count(w.team)) out.team = { key: 'wizard.error.range', params: { min: 0, max: MAX_QUANTITY } };
  else if (w.team < heldTeam) out.team = { key: 'wizard.error.belowHeld', params: { held: heldTeam, remove: heldTeam - w.team } };
  if (plan && plan.maxUsers > 0 && !out.regular && !out.team && w.regular + w.team > plan.maxUsers) {
    out.regular = { key: 'wizard.error.maxUsers', params: { plan: plan.name, max: plan.maxUsers } };
  }
  for (const a of addOns.filter((x) => x.kind === 'RECURRING')) {
    const q = w.addOns[a.code] ?? 0;
    if (!count(q) || (a.maxQuantity > 0 && q > a.maxQuantity)) out.addOns = { key: 'wizard.error.addOnRange', params: { name: a.name, max: a.maxQuantity || MAX_QUANTITY } };
    else if (q > 0 && a.paidPlansOnly && plan && !isPaid(plan)) out.addOns = { key: 'wizard.error.addOnPaidOnly', params: { name: a.name } };
  }
  if (!count(w.backupUnits)) out.backupUnits = { key: 'wizard.error.range', params: { min: 0, max: MAX_QUANTITY } };
  return out;
}

export const hasProblems = (p: WizardProblems) => Object.values(p).some((x) => x !== undefined);

// ---------------------------------------------------------------------------------------
// Quotes and payments

export interface LineLike {
  kind: string;
  product: string;
  code: string;
  licenseKind: string | null;
  quantity: number;
  unitAmount: number;
  seconds: number;
  periodSeconds: number;
  amount: number;
}

/** A line's effect on the total: charges add, credits subtract. */
export const signedAmount = (l: Pick<LineLike, 'kind' | 'amount'>) => (l.kind === 'CREDIT' ? -l.amount : l.amount);

/** Days of a prorated line, with at most one decimal: { part: 15, whole: 30 }; undefined for a whole period or a one-time line. */
export function lineShare(l: Pick<LineLike, 'seconds' | 'periodSeconds'>): { part: number; whole: number } | undefined {
  if (l.periodSeconds <= 0 || l.seconds <= 0 || l.seconds === l.periodSeconds) return undefined;
  // Rounded down, as the server words it: a share short of the period never reads as all of it.
  const days = (s: number) => Math.floor((s * 10) / 86400) / 10;
  return { part: days(l.seconds), whole: days(l.periodSeconds) };
}

/** Charges and credits of a quote, and their net (what settles against the balance). */
export function quoteTotals(lines: Pick<LineLike, 'kind' | 'amount'>[]): { charges: number; credits: number; net: number } {
  let charges = 0;
  let credits = 0;
  for (const l of lines) {
    if (l.kind === 'CREDIT') credits += l.amount;
    else charges += l.amount;
  }
  return { charges, credits, net: charges - credits };
}

// ---------------------------------------------------------------------------------------
// A quote is a promise (issue 17 item 3)

/** How long the server lets a quote be paid at its price (billing.QuoteValidity). */
export const QUOTE_VALID_MINUTES = 15;

/** Why the server refused to pay a quote: it was paid too late, or no longer holds. */
export type StaleReason = 'QUOTE_EXPIRED' | 'QUOTE_CHANGED';

interface QuoteLike {
  token?: string | null;
  totalDue: MoneyLike;
  lines: unknown[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isQuoteLike(v: unknown): v is QuoteLike {
  if (!isRecord(v) || typeof v.token !== 'string' || v.token === '' || !Array.isArray(v.lines)) return false;
  const due = v.totalDue;
  return isRecord(due) && typeof due.amount === 'number' && typeof due.currency === 'string';
}

/**
 * The server's refusal to pay a quote that expired or changed (CONFLICT with extensions.reason),
 * with the new quote it offers (extensions.quote, the shape of quoteChange) when it sent one;
 * undefined for any other error.
 */
export function staleQuote<Q extends QuoteLike>(e: { code: string; details: Record<string, unknown> }): { reason: StaleReason; quote?: Q } | undefined {
  const reason = e.details.reason;
  if (e.code !== 'CONFLICT' || (reason !== 'QUOTE_EXPIRED' && reason !== 'QUOTE_CHANGED')) return undefined;
  return { reason, quote: isQuoteLike(e.details.quote) ? (e.details.quote as Q) : undefined };
}

/** What a payment intent pays for: the change and the quote shown (a new quote is a new payment). */
export const payingFor = (input: SubscriptionChangeInput, token: string | null | undefined) => JSON.stringify({ input, quote: token ?? null });

export const PAYMENT_STATUSES: PaymentStatus[] = ['SUCCEEDED', 'FAILED', 'PENDING'];

export function paymentWhere(status: string): PaymentWhereInput | undefined {
  return (PAYMENT_STATUSES as string[]).includes(status) ? { status: status as PaymentStatus } : undefined;
}

export const STATUS_COLOR: Record<SubscriptionStatus, string> = { ACTIVE: 'teal', TRIALING: 'blue', PAST_DUE: 'orange', LOCKED: 'red' };
export const PAYMENT_COLOR: Record<PaymentStatus, string> = { SUCCEEDED: 'teal', FAILED: 'red', PENDING: 'gray' };

// ---------------------------------------------------------------------------------------
// Idempotency keys: one per intended payment

/** A random UUID; crypto.randomUUID only exists in secure contexts (https, localhost). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface Intent {
  /** What is being paid for (the change input, serialised). */
  what: string;
  key: string;
  /** The server gave a definite answer (paid, or declined): the next attempt is a new payment. */
  settled: boolean;
}

/**
 * The key for paying `what`: the same one while the same change is retried after an unknown
 * outcome (network error: the server replays it and never charges twice), a fresh one when the
 * change differs or the last attempt got a definite answer (a declined card, a success).
 */
export function intentFor(prev: Intent | undefined, what: string, makeKey: () => string = newIdempotencyKey): Intent {
  if (prev && prev.what === what && !prev.settled) return prev;
  return { what, key: makeKey(), settled: false };
}

/** Error codes that are a definite answer to a payment (a retry would be a new payment). */
export function settlesPayment(code: string | undefined): boolean {
  return code !== 'NETWORK' && code !== 'INTERNAL' && code !== 'UNKNOWN';
}

// ---------------------------------------------------------------------------------------
// Licenses (users page)

export interface LicenseBars {
  kind: UserLicenseKind;
  active: number;
  deactivated: number;
  free: number;
  /** Users beyond the licenses bought (after an automatic downgrade to FREE). */
  over: number;
}

export function licenseBars(l: LicenseLike): LicenseBars {
  return {
    kind: l.kind,
    active: l.active,
    deactivated: Math.max(0, l.held - l.active),
    free: Math.max(0, l.purchased - l.held),
    over: Math.max(0, l.held - l.purchased),
  };
}

/** Whether one more user of this kind can be invited or activated now (SB-7). */
export const canAdd = (l: LicenseLike | undefined) => (l ? l.held < l.purchased : true);
