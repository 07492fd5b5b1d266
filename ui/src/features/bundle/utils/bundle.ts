// Pure helpers of the suite bundle page (SPEC BU, issue 14 §2): who to ask before the trial
// (BU-2), the choices the org has (BU-4), the upgrade wizard's input and its checks (BU-5), the
// quote's lines. No React here, so each is unit-tested (bundle.test.ts).
import type { BillingCycle, BundleAccess, BundleQuoteLineKind, BundleService, BundleState, BundleUpgradeInput } from '../../../gql/graphql';
import type { Problem } from '../../../lib/validation';

/** The server's bounds of BundleUpgradeInput (graph/bundle.graphqls). */
export const MAX_USERS = 10_000;
export const MAX_ADD_ONS = 20;

/**
 * The bundle's add-ons (internal/billing/catalogue.json, bundle.addOns). The contract has no
 * query for them: their prices show in the quote's ADD_ON lines.
 */
export const BUNDLE_ADD_ONS = ['EXTRA_STORAGE_100GB', 'AI_ASSISTANT', 'PREMIUM_SUPPORT'] as const;

export const SERVICES: BundleService[] = ['CRM', 'CAMPAIGNS', 'SALESIQ', 'DESK', 'PROJECTS', 'SOCIAL', 'SURVEY', 'ANALYTICS'];

export const ACCESS_COLOR: Record<BundleAccess, string> = {
  BUNDLE: 'teal',
  IN_BUNDLE: 'teal',
  TRIAL_IN_BUNDLE: 'blue',
  STANDALONE_ONLY: 'orange',
  STANDALONE: 'gray',
  FREE_EDITION: 'gray',
  NONE: 'red',
};

export const STATE_COLOR: Record<BundleState, string> = {
  NONE: 'gray',
  TRIALING: 'blue',
  EXTENDED: 'blue',
  EXPIRED: 'orange',
  CANCELLED: 'gray',
  UPGRADED: 'teal',
};

export interface UserLike {
  id: string;
  name: string;
  email: string;
}

export interface BlockerLike {
  service: BundleService;
  superAdmin: UserLike;
}

/** What the page needs of suiteBundle to decide what the org may do. */
export interface BundleLike {
  state: BundleState;
  canExtend: boolean;
  canStartTrial: boolean;
  blockers: BlockerLike[];
  members: { service: BundleService; subscription: { users: number; cycle: BillingCycle; endedAt?: string | null } | null }[];
}

export const inTrial = (state: BundleState) => state === 'TRIALING' || state === 'EXTENDED';

export interface Choices {
  /** Start the 30-day trial (BU-2): offered before any bundle; refused with blockers when admins differ. */
  startTrial: boolean;
  /** Upgrade now (BU-4, BU-5). */
  upgrade: boolean;
  /** Extend the trial, once (BU-4). */
  extend: boolean;
  /** Cancel the bundle (BU-4). */
  cancel: boolean;
}

/** What the org may choose in each state (the server checks again). */
export function choices(b: Pick<BundleLike, 'state' | 'canExtend'>): Choices {
  const trial = inTrial(b.state);
  return {
    startTrial: b.state === 'NONE',
    upgrade: trial || b.state === 'EXPIRED',
    extend: (trial || b.state === 'EXPIRED') && b.canExtend,
    cancel: trial || b.state === 'EXPIRED',
  };
}

/** How urgent the countdown looks: red on the last 3 days, orange in the last week. */
export function countdownColor(daysLeft: number | null | undefined): string {
  if (daysLeft === null || daysLeft === undefined) return 'blue';
  if (daysLeft <= 3) return 'red';
  if (daysLeft <= 7) return 'orange';
  return 'blue';
}

// ---------------------------------------------------------------------------------------
// BU-2: who must be asked before the trial can start

export interface WhomToAsk {
  service: BundleService;
  /** The service's super admin, when the server or the page's data named one. */
  id?: string;
  name?: string;
  email?: string;
  /** The signed-in user is this service's super admin: nobody to ask. */
  self?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isService = (v: unknown): v is BundleService => typeof v === 'string' && (SERVICES as string[]).includes(v);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

const idOf = (v: unknown) => (typeof v === 'number' ? String(v) : str(v));

/**
 * One entry of extensions.services: { service, superAdminId, superAdminName } as the server
 * sends it (internal/billing CanStartBundleTrial), { service, superAdmin: { id, name, email } },
 * or a service code alone.
 */
function askOf(v: unknown): WhomToAsk | undefined {
  if (isService(v)) return { service: v };
  if (!isRecord(v) || !isService(v.service)) return undefined;
  if (isRecord(v.superAdmin)) return { service: v.service, id: idOf(v.superAdmin.id), name: str(v.superAdmin.name), email: str(v.superAdmin.email) };
  return { service: v.service, id: idOf(v.superAdminId), name: str(v.superAdminName), email: str(v.superAdminEmail) };
}

/**
 * The refusal of startBundleTrial because the paid services have different super admins
 * (FORBIDDEN, reason BUNDLE_ADMINS_DIFFER, extensions.services): each service and whom to ask,
 * completed from the page's blockers when the error names a service only; the services whose
 * super admin is the viewer (viewerId) are marked self. Undefined for any other error.
 */
export function adminsDiffer(e: { code: string; details: Record<string, unknown> }, blockers: BlockerLike[] = [], viewerId?: string): WhomToAsk[] | undefined {
  if (e.code !== 'FORBIDDEN' || e.details.reason !== 'BUNDLE_ADMINS_DIFFER') return undefined;
  const listed = Array.isArray(e.details.services) ? e.details.services.map(askOf).filter((x): x is WhomToAsk => x !== undefined) : [];
  const from: WhomToAsk[] = listed.length > 0 ? listed : blockers.map((b) => ({ service: b.service }));
  return from.map((w) => {
    const known = blockers.find((b) => b.service === w.service)?.superAdmin;
    const id = w.id ?? known?.id;
    const out: WhomToAsk = { service: w.service, id, name: w.name ?? known?.name, email: w.email ?? known?.email };
    if (viewerId !== undefined && id === viewerId) out.self = true;
    return out;
  });
}

// ---------------------------------------------------------------------------------------
// BU-5: the upgrade wizard

export interface UpgradeState {
  cycle: BillingCycle;
  users: number;
  addOns: string[];
}

/**
 * The wizard starts from what the org pays for now: the most users of a current member
 * subscription (at least 1), yearly if any member is billed yearly.
 */
export function initialUpgrade(b: Pick<BundleLike, 'members'>): UpgradeState {
  const subs = b.members.map((m) => m.subscription).filter((s): s is NonNullable<typeof s> => s !== null && !s.endedAt);
  const users = Math.min(MAX_USERS, Math.max(1, ...subs.map((s) => s.users)));
  return { cycle: subs.some((s) => s.cycle === 'YEARLY') ? 'YEARLY' : 'MONTHLY', users, addOns: [] };
}

export interface UpgradeProblems {
  users?: Problem;
  addOns?: Problem;
}

/** What the server would refuse, said before asking it. */
export function upgradeProblems(w: UpgradeState): UpgradeProblems {
  const out: UpgradeProblems = {};
  if (!Number.isInteger(w.users) || w.users < 1 || w.users > MAX_USERS) out.users = { key: 'bundle.wizard.error.users', params: { min: 1, max: MAX_USERS } };
  if (w.addOns.length > MAX_ADD_ONS) out.addOns = { key: 'bundle.wizard.error.addOns', params: { max: MAX_ADD_ONS } };
  return out;
}

export const hasProblems = (p: UpgradeProblems) => Object.values(p).some((x) => x !== undefined);

/** The input of quoteBundleUpgrade and upgradeBundle: add-ons sorted, each once, only when there are some. */
export function toUpgradeInput(w: UpgradeState): BundleUpgradeInput {
  const input: BundleUpgradeInput = { cycle: w.cycle, users: w.users };
  const addOns = [...new Set(w.addOns)].sort();
  if (addOns.length > 0) input.addOns = addOns;
  return input;
}

// ---------------------------------------------------------------------------------------
// The quote

export interface QuoteLineLike {
  kind: BundleQuoteLineKind;
  service: BundleService | null;
  amount: { amount: number; currency: string };
}

/** The lines in the order a reader adds them up: the bundle, add-ons, one credit per member, the balance. */
export function orderedLines<L extends QuoteLineLike>(lines: L[]): L[] {
  const rank: Record<BundleQuoteLineKind, number> = { BUNDLE: 0, ADD_ON: 1, CREDIT: 2, BALANCE: 3 };
  const svc = (l: L) => (l.service ? SERVICES.indexOf(l.service) : -1);
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank[a.l.kind] - rank[b.l.kind] || svc(a.l) - svc(b.l) || a.i - b.i)
    .map((x) => x.l);
}

/** Sum of the lines, and what the card pays (never below zero) and what goes to the balance. */
export function quoteSums(lines: QuoteLineLike[]): { net: number; due: number; toBalance: number; credits: number } {
  let net = 0;
  let credits = 0;
  for (const l of lines) {
    net += l.amount.amount;
    if (l.kind === 'CREDIT') credits += l.amount.amount;
  }
  return { net, due: Math.max(0, net), toBalance: Math.max(0, -net), credits };
}
