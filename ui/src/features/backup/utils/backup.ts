// Pure helpers of the data backup page (SPEC BK): what the schedule form sends and refuses, the
// schedule in words, cost previews, run progress fed by live events, link countdowns, sizes and
// durations, the chart's series. No React here, so each is unit-tested (backup.test.ts).
import type {
  BackupEventType,
  BackupRepeatType,
  BackupRunState,
  BackupScheduleInput,
  BackupScheduleWeekday,
  BackupScheduleWeekOfMonth,
} from '../../../gql/graphql';
import type { MessageKey } from '../../../i18n/messages/en';
import type { Params } from '../../../i18n/translate';
import type { Problem } from '../../../lib/validation';
import { byteUnit } from '../../../lib/bytes';

export { byteUnit, formatBytes } from '../../../lib/bytes';

const DAY_MS = 24 * 3600 * 1000;

export const REPEAT_TYPES: BackupRepeatType[] = ['IMMEDIATE', 'WEEKLY', 'TWICE_A_MONTH', 'MONTHLY_DATE', 'MONTHLY_WEEKDAY'];
/** Monday first, as calendars in en-GB, fr and ja business use read. */
export const WEEKDAYS: BackupScheduleWeekday[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
export const WEEKS_OF_MONTH: BackupScheduleWeekOfMonth[] = ['FIRST', 'SECOND', 'THIRD', 'FOURTH', 'LAST'];
/** The server's default local hour of scheduled runs (internal/backup DefaultHour). */
export const DEFAULT_HOUR = 2;
/** The largest number of backup units bought or given back at once (the billing engine's MAX_QUANTITY). */
export const MAX_UNITS = 10_000;

// ---------------------------------------------------------------------------------------
// The schedule form (BK-6, BK-10)

export interface ScheduleValues {
  repeatType: BackupRepeatType;
  weekday: BackupScheduleWeekday;
  /** MONTHLY_DATE: 1–31 ('' while the field is empty). */
  dayOfMonth: number | '';
  weekOfMonth: BackupScheduleWeekOfMonth;
  /** YYYY-MM-DD in the org's time zone; '' means today (the server's default). */
  startDate: string;
  hour: number;
}

export function initialSchedule(): ScheduleValues {
  return { repeatType: 'WEEKLY', weekday: 'MONDAY', dayOfMonth: 1, weekOfMonth: 'FIRST', startDate: '', hour: DEFAULT_HOUR };
}

/** Today's date (YYYY-MM-DD) in a time zone; the browser's own zone when it is unknown. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A calendar day (YYYY-MM-DD, no time zone) the language's way: "Dec 1, 2026", "2026/12/01". */
export function formatDay(language: string, day: string): string {
  if (!isDate(day)) return day;
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

const usesWeekday = (r: BackupRepeatType) => r === 'WEEKLY' || r === 'TWICE_A_MONTH' || r === 'MONTHLY_WEEKDAY';

export interface ScheduleProblems {
  dayOfMonth?: Problem;
  startDate?: Problem;
  hour?: Problem;
}

/** What the server would refuse (BK-6), said next to the field before asking it. */
export function scheduleProblems(v: ScheduleValues, today: string): ScheduleProblems {
  const out: ScheduleProblems = {};
  if (v.repeatType === 'IMMEDIATE') return out;
  if (v.repeatType === 'MONTHLY_DATE' && (v.dayOfMonth === '' || !Number.isInteger(v.dayOfMonth) || v.dayOfMonth < 1 || v.dayOfMonth > 31)) {
    out.dayOfMonth = { key: 'backup.form.error.dayOfMonth' };
  }
  if (v.startDate !== '') {
    if (!isDate(v.startDate)) out.startDate = { key: 'backup.form.error.startDate' };
    // ISO dates compare as strings.
    else if (v.startDate < today) out.startDate = { key: 'backup.form.error.startPast', params: { today } };
  }
  if (!Number.isInteger(v.hour) || v.hour < 0 || v.hour > 23) out.hour = { key: 'backup.form.error.hour' };
  return out;
}

export const hasScheduleProblems = (p: ScheduleProblems) => Object.values(p).some((x) => x !== undefined);

/**
 * The form's values for editing a stored schedule (issue 17 item 7). A start date already past
 * becomes '' (today): a schedule's start date cannot be moved into the past.
 */
export function valuesFromSchedule(s: ScheduleLike & { startDate: string }, today: string): ScheduleValues {
  const v = initialSchedule();
  return {
    repeatType: s.repeatType,
    weekday: s.weekday ?? v.weekday,
    dayOfMonth: typeof s.dayOfMonth === 'number' ? s.dayOfMonth : v.dayOfMonth,
    weekOfMonth: s.weekOfMonth ?? v.weekOfMonth,
    startDate: isDate(s.startDate) && s.startDate >= today ? s.startDate : '',
    hour: s.hour ?? v.hour,
  };
}

/** The input of backupCostPreview and scheduleBackup: only the fields the repeat type uses. */
export function toScheduleInput(v: ScheduleValues): BackupScheduleInput {
  if (v.repeatType === 'IMMEDIATE') return { repeatType: 'IMMEDIATE' };
  const input: BackupScheduleInput = { repeatType: v.repeatType, hour: v.hour };
  if (usesWeekday(v.repeatType)) input.weekday = v.weekday;
  if (v.repeatType === 'MONTHLY_WEEKDAY') input.weekOfMonth = v.weekOfMonth;
  if (v.repeatType === 'MONTHLY_DATE' && v.dayOfMonth !== '') input.dayOfMonth = v.dayOfMonth;
  if (v.startDate !== '') input.startDate = v.startDate;
  return input;
}

/** Which form field a server VALIDATION error is about ("dayOfMonth", "startDate"…), if the form has it. */
export function scheduleFieldOf(field: string | undefined): keyof ScheduleValues | undefined {
  const fields: (keyof ScheduleValues)[] = ['repeatType', 'weekday', 'dayOfMonth', 'weekOfMonth', 'startDate', 'hour'];
  return fields.find((f) => f === field);
}

// ---------------------------------------------------------------------------------------
// A schedule in words, in the UI language

const WEEKDAY_INDEX: Record<BackupScheduleWeekday, number> = { SUNDAY: 0, MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6 };

/** "Monday", "月曜日", "lundi". */
export function weekdayName(language: string, wd: BackupScheduleWeekday): string {
  // 7 January 2024 was a Sunday.
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 7 + WEEKDAY_INDEX[wd])));
}

/** A local hour as a clock time: 2 → "02:00". */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export interface ScheduleLike {
  repeatType: BackupRepeatType | 'WEEKLY' | 'TWICE_A_MONTH' | 'MONTHLY_DATE' | 'MONTHLY_WEEKDAY';
  weekday?: BackupScheduleWeekday | null;
  dayOfMonth?: number | '' | null;
  weekOfMonth?: BackupScheduleWeekOfMonth | null;
  hour?: number | null;
}

/** A message key and its parameters: the schedule in words ("Every week on Monday at 02:00"). */
export function scheduleWords(s: ScheduleLike, language: string): { key: MessageKey; params: Params } {
  const time = hourLabel(s.hour ?? DEFAULT_HOUR);
  const weekday = s.weekday ? weekdayName(language, s.weekday) : '';
  switch (s.repeatType) {
    case 'IMMEDIATE':
      return { key: 'backup.words.IMMEDIATE', params: {} };
    case 'WEEKLY':
      return { key: 'backup.words.WEEKLY', params: { weekday, time } };
    case 'TWICE_A_MONTH':
      return { key: 'backup.words.TWICE_A_MONTH', params: { weekday, time } };
    case 'MONTHLY_DATE':
      return s.dayOfMonth === 31 ? { key: 'backup.words.MONTHLY_LAST_DATE', params: { time } } : { key: 'backup.words.MONTHLY_DATE', params: { day: s.dayOfMonth ?? '', time } };
    case 'MONTHLY_WEEKDAY':
      return { key: `backup.words.week.${s.weekOfMonth ?? 'FIRST'}`, params: { weekday, time } };
  }
}

// ---------------------------------------------------------------------------------------
// Cost previews (BK-10)

export interface MoneyLike {
  amount: number;
  currency: string;
}

export interface MonthCostLike {
  month: string;
  runs: string[];
  free: number;
  addOn: number;
  unitsNeeded: number;
  cost: MoneyLike;
  fromOwned: number;
  toBuy: number;
  amountDue: MoneyLike;
}

export interface PreviewLike {
  months: MonthCostLike[];
  unitPrice: MoneyLike;
  total: MoneyLike;
  unitsNeeded: number;
  unitsOwned: number;
  amountDue: MoneyLike;
}

/** "December 2026", "2026年12月", "décembre 2026" for a preview's YYYY-MM. */
export function monthLabel(language: string, month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)));
}

/**
 * What the preview comes to, in one line: everything covered by free backups (or the weekly
 * add-on); covered by units the org owns; or an amount to pay for the units still missing.
 */
export type PreviewOutcome = { kind: 'covered' } | { kind: 'owned'; units: number } | { kind: 'due'; units: number; amount: MoneyLike };

export function previewOutcome(p: PreviewLike): PreviewOutcome {
  if (p.unitsNeeded <= 0) return { kind: 'covered' };
  const toBuy = unitsToBuy(p);
  if (toBuy <= 0 && p.amountDue.amount <= 0) return { kind: 'owned', units: p.unitsNeeded };
  return { kind: 'due', units: toBuy, amount: p.amountDue };
}

/** Units still to buy over the whole preview (the months' toBuy, or what owned units leave). */
export function unitsToBuy(p: Pick<PreviewLike, 'months' | 'unitsNeeded' | 'unitsOwned'>): number {
  const sum = p.months.reduce((n, m) => n + m.toBuy, 0);
  return sum > 0 ? sum : Math.max(0, p.unitsNeeded - p.unitsOwned);
}

/** The runs of a month that are not free: the free and add-on runs and units add up to the runs. */
export const paidRuns = (m: Pick<MonthCostLike, 'unitsNeeded'>) => m.unitsNeeded;

// ---------------------------------------------------------------------------------------
// Back up now (BK-7, BK-9): what would cover a one-off backup

export type NowCover = 'FREE' | 'UNIT' | 'NONE';

/** A one-off backup uses a free backup of the month, else a unit (the weekly add-on covers weekly runs only). */
export function nowCover(s: { freeBackupsLeft: number; unitsLeft: number }): NowCover {
  if (s.freeBackupsLeft > 0) return 'FREE';
  if (s.unitsLeft > 0) return 'UNIT';
  return 'NONE';
}

/**
 * Issue 17 item 7: what to say before a one-off backup that leaves the next scheduled run to a
 * backup unit (or to nothing); undefined when there is nothing to warn about. The server works it
 * out (backupSummary.backupNow); this only picks the sentences.
 */
export function nowWarning(p: {
  cover: 'FREE' | 'UNIT' | 'WEEKLY_ADDON' | null;
  nextRunCoverAfter: 'FREE' | 'UNIT' | 'WEEKLY_ADDON' | null;
  nextRunAt: string | null;
  warnNextRun: boolean;
}): { spends: 'FREE' | 'UNIT'; next: 'UNIT' | 'NONE'; nextRunAt: string } | undefined {
  if (!p.warnNextRun || !p.nextRunAt || (p.cover !== 'FREE' && p.cover !== 'UNIT')) return undefined;
  if (p.nextRunCoverAfter !== null && p.nextRunCoverAfter !== 'UNIT') return undefined;
  return { spends: p.cover, next: p.nextRunCoverAfter === 'UNIT' ? 'UNIT' : 'NONE', nextRunAt: p.nextRunAt };
}

/** Units to buy or give back: a whole number from 1 to max. */
export function unitsProblem(value: number | string, max = MAX_UNITS): Problem {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) return { key: 'backup.units.error.range', params: { max } };
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Runs: states, live events, progress (BK-12, BK-20)

export const IN_PROGRESS: BackupRunState[] = ['QUEUED', 'RUNNING', 'ARCHIVED'];
export const isInProgress = (s: BackupRunState) => IN_PROGRESS.includes(s);

export const STATE_COLOR: Record<BackupRunState, string> = {
  SCHEDULED: 'gray',
  QUEUED: 'blue',
  RUNNING: 'blue',
  ARCHIVED: 'cyan',
  READY: 'teal',
  EXPIRED: 'gray',
  FAILED: 'red',
  NEEDS_PURCHASE: 'orange',
  CANCELLED: 'gray',
};

/** How far along the lifecycle a state is (BK-12): a live event never moves a run back. */
export const STATE_RANK: Record<BackupRunState, number> = {
  SCHEDULED: 0,
  QUEUED: 1,
  RUNNING: 2,
  ARCHIVED: 3,
  READY: 4,
  EXPIRED: 5,
  FAILED: 5,
  NEEDS_PURCHASE: 5,
  CANCELLED: 5,
};

export interface RunLike {
  id: string;
  state: BackupRunState;
  recordsDone: number;
  recordsTotal: number;
}

export interface BackupEventLike {
  type: BackupEventType;
  runId: string | null;
  state: BackupRunState | null;
  recordsDone: number | null;
  recordsTotal: number | null;
}

/** The state an event leaves its run in: the event's own, else what its type implies. */
export function eventState(ev: Pick<BackupEventLike, 'type' | 'state'>): BackupRunState | undefined {
  if (ev.state) return ev.state;
  switch (ev.type) {
    case 'QUEUED':
      return 'QUEUED';
    case 'PROGRESS':
      return 'RUNNING';
    case 'ARCHIVED':
      return 'ARCHIVED';
    case 'READY':
      return 'READY';
    case 'FAILED':
      return 'FAILED';
    case 'NEEDS_PURCHASE':
      return 'NEEDS_PURCHASE';
    case 'EXPIRED':
      return 'EXPIRED';
    default:
      return undefined;
  }
}

/**
 * Whether an event needs the page's data read again: every event but progress changes the
 * summary, the run list or the log; progress of a run the page does not list yet does too.
 */
export function needsReload(ev: Pick<BackupEventLike, 'type' | 'runId'>, knownRunIds: ReadonlySet<string>): boolean {
  if (ev.type !== 'PROGRESS') return true;
  return ev.runId !== null && !knownRunIds.has(ev.runId);
}

export interface Progress {
  /** 0–100 */
  value: number;
  /** Nothing to measure yet (queued, or the total is not known): an animated bar. */
  indeterminate: boolean;
  done: number;
  total: number;
}

/** The progress bar of a run in progress (records done / total while RUNNING); undefined otherwise. */
export function runProgress(r: Pick<RunLike, 'state' | 'recordsDone' | 'recordsTotal'>): Progress | undefined {
  switch (r.state) {
    case 'QUEUED':
      return { value: 0, indeterminate: true, done: 0, total: r.recordsTotal };
    case 'RUNNING': {
      if (r.recordsTotal <= 0) return { value: 0, indeterminate: true, done: r.recordsDone, total: r.recordsTotal };
      const done = Math.min(Math.max(0, r.recordsDone), r.recordsTotal);
      return { value: Math.floor((done / r.recordsTotal) * 100), indeterminate: false, done, total: r.recordsTotal };
    }
    case 'ARCHIVED':
      return { value: 100, indeterminate: false, done: r.recordsTotal, total: r.recordsTotal };
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Download links (BK-15)

/**
 * The link as a path of this origin. The SPA is served by the API server, and the server builds
 * absolute links from its configured base URL, which may name another host or port than the
 * one the browser uses (a proxy, a port chosen at start): the path always works with the
 * session cookie.
 */
export function downloadPath(url: string): string {
  try {
    const u = new URL(url, 'http://localhost');
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export type Countdown = { key: MessageKey; params: Params; urgent: boolean };

/** "expires in 6 d 23 h", "in 5 h 12 min", "in 3 min", "expired"; urgent in the last day. */
export function countdown(expiresAt: string, now: number = Date.now()): Countdown {
  const ms = Date.parse(expiresAt) - now;
  if (!Number.isFinite(ms) || ms <= 0) return { key: 'backup.countdown.expired', params: {}, urgent: true };
  const totalMinutes = Math.ceil(ms / 60_000);
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  const urgent = ms < DAY_MS;
  if (days > 0) return { key: 'backup.countdown.days', params: { days, hours }, urgent };
  if (hours > 0) return { key: 'backup.countdown.hours', params: { hours, minutes }, urgent };
  return { key: 'backup.countdown.minutes', params: { minutes: Math.max(1, minutes) }, urgent };
}

// ---------------------------------------------------------------------------------------
// Sizes, durations, the chart


/** "0.02 sec", "45 sec", "1 min 5 sec", "2 hr 3 min" in the UI language. */
export function formatDuration(seconds: number, language: string): string {
  const fmt = (value: number, unit: 'second' | 'minute' | 'hour', digits = 0) =>
    new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
  const s = Math.max(0, seconds);
  if (s < 1) return fmt(s, 'second', 2);
  if (s < 60) return fmt(s, 'second', s < 10 ? 1 : 0);
  const whole = Math.round(s);
  if (whole < 3600) {
    const m = Math.floor(whole / 60);
    const rest = whole % 60;
    return rest > 0 ? `${fmt(m, 'minute')} ${fmt(rest, 'second')}` : fmt(m, 'minute');
  }
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  return m > 0 ? `${fmt(h, 'hour')} ${fmt(m, 'minute')}` : fmt(h, 'hour');
}

/**
 * BK-14, issue 17 item 7: the estimate in words — "not measured yet" before any backup finished,
 * "less than a minute" under 60 s (a 0.1 s backup is not "about 1 min"), else "about {duration}".
 */
export function estimateWords(seconds: number, measured: boolean, language: string): { key: MessageKey; duration?: string } {
  if (!measured) return { key: 'backup.summary.estimateNone' };
  if (seconds < 60) return { key: 'backup.summary.estimateUnderMinute' };
  return { key: 'backup.summary.estimateValue', duration: formatDuration(seconds, language) };
}

export interface TimedRunLike {
  id: string;
  slotAt: string;
  startedAt: string | null;
  archivedAt: string | null;
  totalBytes: number;
}

/** How long the archive took: archivedAt − startedAt, in seconds (undefined until archived). */
export function runSeconds(r: Pick<TimedRunLike, 'startedAt' | 'archivedAt'>): number | undefined {
  if (!r.startedAt || !r.archivedAt) return undefined;
  const ms = Date.parse(r.archivedAt) - Date.parse(r.startedAt);
  return Number.isFinite(ms) ? Math.max(0, ms / 1000) : undefined;
}

export interface ChartSeries {
  /** One per archived run, oldest first. */
  runs: TimedRunLike[];
  /** Archive sizes in `unit` (÷ divisor). */
  sizes: number[];
  unit: ReturnType<typeof byteUnit>['unit'];
  seconds: number[];
}

/** The chart of archive size and duration per run: archived runs only, oldest first, at most `max`. */
export function chartSeries<R extends TimedRunLike>(runs: R[], max = 20): ChartSeries {
  const archived = runs
    .filter((r) => runSeconds(r) !== undefined)
    .sort((a, b) => Date.parse(a.startedAt ?? a.slotAt) - Date.parse(b.startedAt ?? b.slotAt))
    .slice(-max);
  const { unit, divisor } = byteUnit(Math.max(0, ...archived.map((r) => r.totalBytes)));
  return {
    runs: archived,
    sizes: archived.map((r) => Math.round((r.totalBytes / divisor) * 100) / 100),
    unit,
    seconds: archived.map((r) => Math.round((runSeconds(r) ?? 0) * 1000) / 1000),
  };
}

// ---------------------------------------------------------------------------------------
// The backup log (BK-19)

const LOG_ACTIONS = [
  'backup.scheduled',
  'backup.requested',
  'backup.queued',
  'backup.archived',
  'backup.ready',
  'backup.download_started',
  'backup.schedule_stopped',
  'backup.schedule_changed',
  'backup.run_cancelled',
  'backup.needs_purchase',
  'backup.failed',
  'backup.expired',
  'billing.backup_units_bought',
  'billing.backup_units_returned',
] as const;

/** The message key naming a log entry's action; undefined for an action added later (shown as is). */
export function logActionKey(action: string): MessageKey | undefined {
  return (LOG_ACTIONS as readonly string[]).includes(action) ? (`backupLog.action.${action}` as MessageKey) : undefined;
}
