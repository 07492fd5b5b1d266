import { describe, expect, it } from 'vitest';
import { en } from '../../../i18n/messages/en';
import { interpolate } from '../../../i18n/translate';
import type { BackupRunState } from '../../../gql/graphql';
import {
  estimateWords,
  nowWarning,
  valuesFromSchedule,
  byteUnit,
  chartSeries,
  countdown,
  downloadPath,
  eventState,
  formatBytes,
  formatDay,
  formatDuration,
  hasScheduleProblems,
  initialSchedule,
  isDate,
  logActionKey,
  monthLabel,
  needsReload,
  nowCover,
  previewOutcome,
  runProgress,
  runSeconds,
  scheduleFieldOf,
  scheduleProblems,
  scheduleWords,
  todayIn,
  toScheduleInput,
  unitsProblem,
  unitsToBuy,
  type BackupEventLike,
  type MonthCostLike,
  type PreviewLike,
  type ScheduleValues,
} from './backup';

const TODAY = '2026-11-30';
const values = (over: Partial<ScheduleValues> = {}): ScheduleValues => ({ ...initialSchedule(), ...over });
/** The English sentence a scheduleWords result makes. */
const words = (v: Parameters<typeof scheduleWords>[0], language = 'en') => {
  const w = scheduleWords(v, language);
  return interpolate(en[w.key], w.params);
};

describe('schedule form → BackupScheduleInput (BK-6)', () => {
  it('starts weekly on Monday at the server’s default hour, from today', () => {
    expect(toScheduleInput(initialSchedule())).toEqual({ repeatType: 'WEEKLY', weekday: 'MONDAY', hour: 2 });
  });

  it('sends only the fields each repeat type uses', () => {
    const v = values({ weekday: 'FRIDAY', dayOfMonth: 15, weekOfMonth: 'LAST', startDate: '2026-12-03', hour: 23 });
    expect(toScheduleInput({ ...v, repeatType: 'IMMEDIATE' })).toEqual({ repeatType: 'IMMEDIATE' });
    expect(toScheduleInput({ ...v, repeatType: 'WEEKLY' })).toEqual({ repeatType: 'WEEKLY', weekday: 'FRIDAY', startDate: '2026-12-03', hour: 23 });
    expect(toScheduleInput({ ...v, repeatType: 'TWICE_A_MONTH' })).toEqual({ repeatType: 'TWICE_A_MONTH', weekday: 'FRIDAY', startDate: '2026-12-03', hour: 23 });
    expect(toScheduleInput({ ...v, repeatType: 'MONTHLY_DATE' })).toEqual({ repeatType: 'MONTHLY_DATE', dayOfMonth: 15, startDate: '2026-12-03', hour: 23 });
    expect(toScheduleInput({ ...v, repeatType: 'MONTHLY_WEEKDAY' })).toEqual({
      repeatType: 'MONTHLY_WEEKDAY',
      weekday: 'FRIDAY',
      weekOfMonth: 'LAST',
      startDate: '2026-12-03',
      hour: 23,
    });
  });

  it('leaves the start date out when empty (the server starts today) and keeps hour 0', () => {
    expect(toScheduleInput(values({ repeatType: 'MONTHLY_DATE', dayOfMonth: 31, hour: 0 }))).toEqual({ repeatType: 'MONTHLY_DATE', dayOfMonth: 31, hour: 0 });
  });

  it('refuses what the server would refuse, next to the field', () => {
    expect(scheduleProblems(values(), TODAY)).toEqual({});
    expect(scheduleProblems(values({ repeatType: 'MONTHLY_DATE', dayOfMonth: 0 }), TODAY).dayOfMonth?.key).toBe('backup.form.error.dayOfMonth');
    expect(scheduleProblems(values({ repeatType: 'MONTHLY_DATE', dayOfMonth: 32 }), TODAY).dayOfMonth?.key).toBe('backup.form.error.dayOfMonth');
    expect(scheduleProblems(values({ repeatType: 'MONTHLY_DATE', dayOfMonth: '' }), TODAY).dayOfMonth?.key).toBe('backup.form.error.dayOfMonth');
    expect(scheduleProblems(values({ repeatType: 'MONTHLY_DATE', dayOfMonth: 2.5 }), TODAY).dayOfMonth?.key).toBe('backup.form.error.dayOfMonth');
    expect(scheduleProblems(values({ repeatType: 'MONTHLY_DATE', dayOfMonth: 31 }), TODAY)).toEqual({});
    // A day of month matters only for MONTHLY_DATE.
    expect(scheduleProblems(values({ repeatType: 'WEEKLY', dayOfMonth: '' }), TODAY)).toEqual({});
    expect(scheduleProblems(values({ startDate: '2026-11-29' }), TODAY).startDate).toEqual({ key: 'backup.form.error.startPast', params: { today: TODAY } });
    expect(scheduleProblems(values({ startDate: TODAY }), TODAY)).toEqual({});
    expect(scheduleProblems(values({ startDate: '2026-02-30' }), TODAY).startDate?.key).toBe('backup.form.error.startDate');
    expect(scheduleProblems(values({ hour: 24 }), TODAY).hour?.key).toBe('backup.form.error.hour');
    expect(hasScheduleProblems(scheduleProblems(values({ hour: -1 }), TODAY))).toBe(true);
  });

  it('checks nothing for a one-off backup (it has no date or hour)', () => {
    expect(scheduleProblems(values({ repeatType: 'IMMEDIATE', startDate: '2020-01-01', hour: 99 }), TODAY)).toEqual({});
  });

  it('writes a calendar day the language’s way, whatever the time zone', () => {
    expect(formatDay('en', '2026-12-01')).toBe('Dec 1, 2026');
    expect(formatDay('ja', '2026-12-01')).toBe('2026/12/01');
    expect(formatDay('fr', '2026-12-01')).toBe('1 déc. 2026');
    expect(formatDay('en', 'soon')).toBe('soon');
  });

  it('knows real calendar dates', () => {
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2026-13-01')).toBe(false);
    expect(isDate('26-12-01')).toBe(false);
  });

  it('takes today in the org’s time zone, not the browser’s', () => {
    const late = new Date('2026-11-30T23:30:00Z');
    expect(todayIn('Asia/Tokyo', late)).toBe('2026-12-01');
    expect(todayIn('America/Los_Angeles', late)).toBe('2026-11-30');
    expect(todayIn('UTC', late)).toBe('2026-11-30');
    expect(todayIn('Not/AZone', late)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('places a server VALIDATION error on the form field it names', () => {
    expect(scheduleFieldOf('startDate')).toBe('startDate');
    expect(scheduleFieldOf('dayOfMonth')).toBe('dayOfMonth');
    expect(scheduleFieldOf('months')).toBeUndefined();
    expect(scheduleFieldOf(undefined)).toBeUndefined();
  });
});

describe('a schedule in words (BK-8)', () => {
  it('says each repeat type in English', () => {
    expect(words({ repeatType: 'WEEKLY', weekday: 'MONDAY', hour: 2 })).toBe('Every week on Monday at 02:00');
    expect(words({ repeatType: 'TWICE_A_MONTH', weekday: 'SUNDAY', hour: 23 })).toBe('Every two weeks on Sunday at 23:00');
    expect(words({ repeatType: 'MONTHLY_DATE', dayOfMonth: 15, hour: 0 })).toBe('Every month on day 15 at 00:00');
    expect(words({ repeatType: 'MONTHLY_DATE', dayOfMonth: 31, hour: 4 })).toBe('Every month on its last day at 04:00');
    expect(words({ repeatType: 'MONTHLY_WEEKDAY', weekday: 'FRIDAY', weekOfMonth: 'LAST', hour: 2 })).toBe('Every month on the last Friday at 02:00');
    expect(words({ repeatType: 'MONTHLY_WEEKDAY', weekday: 'TUESDAY', weekOfMonth: 'SECOND', hour: 2 })).toBe('Every month on the second Tuesday at 02:00');
    expect(words({ repeatType: 'IMMEDIATE' })).toBe('Once, now');
  });

  it('names weekdays in the UI language', () => {
    expect(scheduleWords({ repeatType: 'WEEKLY', weekday: 'MONDAY', hour: 2 }, 'ja').params.weekday).toBe('月曜日');
    expect(scheduleWords({ repeatType: 'WEEKLY', weekday: 'SATURDAY', hour: 2 }, 'fr').params.weekday).toBe('samedi');
  });

  it('uses the default hour when a schedule has none', () => {
    expect(scheduleWords({ repeatType: 'WEEKLY', weekday: 'MONDAY' }, 'en').params.time).toBe('02:00');
  });
});

describe('cost preview (BK-10)', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  const month = (m: string, runs: number, free: number, addOn: number, fromOwned: number): MonthCostLike => {
    const unitsNeeded = runs - free - addOn;
    const toBuy = unitsNeeded - fromOwned;
    return { month: m, runs: Array.from({ length: runs }, (_, i) => `${m}-0${i + 1}T02:00:00Z`), free, addOn, unitsNeeded, cost: usd(unitsNeeded * 1000), fromOwned, toBuy, amountDue: usd(toBuy * 1000) };
  };
  const preview = (months: MonthCostLike[], owned: number): PreviewLike => {
    const units = months.reduce((n, m) => n + m.unitsNeeded, 0);
    const due = months.reduce((n, m) => n + m.amountDue.amount, 0);
    return { months, unitPrice: usd(1000), total: usd(units * 1000), unitsNeeded: units, unitsOwned: owned, amountDue: usd(due) };
  };

  it('a paid plan with 2 free backups: 4 weekly runs cost 2 units ($20), 5 runs cost 3 ($30)', () => {
    const p = preview([month('2026-12', 4, 2, 0, 0), month('2027-01', 5, 2, 0, 0)], 0);
    expect(p.months.map((m) => m.cost.amount)).toEqual([2000, 3000]);
    expect(previewOutcome(p)).toEqual({ kind: 'due', units: 5, amount: usd(5000) });
    expect(unitsToBuy(p)).toBe(5);
  });

  it('says when free backups and the weekly add-on cover everything', () => {
    expect(previewOutcome(preview([month('2026-12', 4, 2, 2, 0)], 0))).toEqual({ kind: 'covered' });
  });

  it('says when owned units cover what is not free', () => {
    expect(previewOutcome(preview([month('2026-12', 4, 2, 0, 2)], 5))).toEqual({ kind: 'owned', units: 2 });
  });

  it('counts what owned units leave to buy', () => {
    const p = preview([month('2026-12', 4, 0, 0, 3), month('2027-01', 4, 0, 0, 0)], 3);
    expect(unitsToBuy(p)).toBe(5);
    expect(previewOutcome(p)).toEqual({ kind: 'due', units: 5, amount: usd(5000) });
  });

  it('names a preview month in the UI language', () => {
    expect(monthLabel('en', '2026-12')).toBe('December 2026');
    expect(monthLabel('ja', '2026-12')).toBe('2026年12月');
    expect(monthLabel('fr', '2027-01')).toBe('janvier 2027');
    expect(monthLabel('en', 'soon')).toBe('soon');
  });
});

describe('back up now and backup units (BK-9, BK-11)', () => {
  it('a one-off backup uses a free backup, then a unit; the weekly add-on does not cover it', () => {
    expect(nowCover({ freeBackupsLeft: 1, unitsLeft: 3 })).toBe('FREE');
    expect(nowCover({ freeBackupsLeft: 0, unitsLeft: 3 })).toBe('UNIT');
    expect(nowCover({ freeBackupsLeft: 0, unitsLeft: 0 })).toBe('NONE');
  });

  it('units are a whole number from 1 to the limit', () => {
    expect(unitsProblem(1)).toBeUndefined();
    expect(unitsProblem('12')).toBeUndefined();
    expect(unitsProblem(0)?.key).toBe('backup.units.error.range');
    expect(unitsProblem('')?.key).toBe('backup.units.error.range');
    expect(unitsProblem(1.5)?.key).toBe('backup.units.error.range');
    expect(unitsProblem(4, 3)).toEqual({ key: 'backup.units.error.range', params: { max: 3 } });
  });
});

describe('runs followed live (BK-12, BK-20)', () => {
  const run = (state: BackupRunState, recordsDone = 0, recordsTotal = 0) => ({ id: '7', state, recordsDone, recordsTotal });
  const ev = (over: Partial<BackupEventLike>): BackupEventLike => ({ type: 'PROGRESS', runId: '7', state: null, recordsDone: null, recordsTotal: null, ...over });

  it('computes the progress bar from records done / total', () => {
    expect(runProgress(run('QUEUED'))).toEqual({ value: 0, indeterminate: true, done: 0, total: 0 });
    expect(runProgress(run('RUNNING', 0, 0))?.indeterminate).toBe(true);
    expect(runProgress(run('RUNNING', 250, 1000))).toEqual({ value: 25, indeterminate: false, done: 250, total: 1000 });
    expect(runProgress(run('RUNNING', 999, 1000))?.value).toBe(99);
    expect(runProgress(run('RUNNING', 1200, 1000))?.value).toBe(100);
    expect(runProgress(run('ARCHIVED', 1000, 1000))?.value).toBe(100);
    expect(runProgress(run('READY', 1000, 1000))).toBeUndefined();
    expect(runProgress(run('FAILED'))).toBeUndefined();
  });

  it('takes a state from the event, or from its type', () => {
    expect(eventState({ type: 'PROGRESS', state: null })).toBe('RUNNING');
    expect(eventState({ type: 'READY', state: null })).toBe('READY');
    expect(eventState({ type: 'ARCHIVED', state: 'ARCHIVED' })).toBe('ARCHIVED');
    expect(eventState({ type: 'SCHEDULED', state: null })).toBeUndefined();
    expect(eventState({ type: 'STOPPED', state: null })).toBeUndefined();
  });

  it('reads the page again for every event but progress of a run it lists', () => {
    const known = new Set(['7']);
    expect(needsReload(ev({ type: 'READY' }), known)).toBe(true);
    expect(needsReload(ev({ type: 'SCHEDULED', runId: null }), known)).toBe(true);
    expect(needsReload(ev({ type: 'PROGRESS' }), known)).toBe(false);
    expect(needsReload(ev({ type: 'PROGRESS', runId: '8' }), known)).toBe(true);
  });
});

describe('download links (BK-15)', () => {
  it('uses the link’s path on this origin (the server’s base URL may name another host)', () => {
    expect(downloadPath('http://localhost:8080/download/backup/abc123')).toBe('/download/backup/abc123');
    expect(downloadPath('https://crm.example.com/download/backup/abc?x=1')).toBe('/download/backup/abc?x=1');
    expect(downloadPath('/download/backup/abc')).toBe('/download/backup/abc');
  });

  it('counts down to the expiry; urgent in the last day', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(countdown('2026-12-07T12:00:00Z', now)).toEqual({ key: 'backup.countdown.days', params: { days: 7, hours: 0 }, urgent: false });
    expect(countdown('2026-12-01T15:30:00Z', now)).toEqual({ key: 'backup.countdown.days', params: { days: 1, hours: 3 }, urgent: false });
    expect(countdown('2026-11-30T17:20:00Z', now)).toEqual({ key: 'backup.countdown.hours', params: { hours: 5, minutes: 20 }, urgent: true });
    expect(countdown('2026-11-30T12:00:30Z', now)).toEqual({ key: 'backup.countdown.minutes', params: { minutes: 1 }, urgent: true });
    expect(countdown('2026-11-30T12:00:00Z', now)).toEqual({ key: 'backup.countdown.expired', params: {}, urgent: true });
    expect(countdown('2026-11-01T00:00:00Z', now).key).toBe('backup.countdown.expired');
    expect(countdown('not a date', now).key).toBe('backup.countdown.expired');
  });
});

describe('sizes, durations and the chart', () => {
  const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('formats sizes in decimal units, like the server', () => {
    expect(byteUnit(25_504)).toEqual({ unit: 'kilobyte', divisor: 1000 });
    expect(byteUnit(3_200_000)).toEqual({ unit: 'megabyte', divisor: 1e6 });
    expect(formatBytes(25_504, 'en')).toBe('25.5 kB');
    expect(formatBytes(617, 'en')).toBe('0.62 kB');
    expect(nb(formatBytes(1_500_000_000, 'fr'))).toBe('1,5 Go');
  });

  it('formats durations for people', () => {
    expect(formatDuration(0.0123, 'en')).toBe('0.01 sec');
    expect(formatDuration(4.25, 'en')).toBe('4.3 sec');
    expect(formatDuration(60, 'en')).toBe('1 min');
    expect(formatDuration(65, 'en')).toBe('1 min 5 sec');
    expect(formatDuration(7380, 'en')).toBe('2 hr 3 min');
    expect(formatDuration(90, 'ja')).toBe('1 分 30 秒');
  });

  it('measures a run from start to archive', () => {
    expect(runSeconds({ startedAt: '2026-11-30T02:00:00Z', archivedAt: '2026-11-30T02:01:30.5Z' })).toBe(90.5);
    expect(runSeconds({ startedAt: '2026-11-30T02:00:00Z', archivedAt: null })).toBeUndefined();
  });

  it('charts archived runs only, oldest first, sizes in one unit', () => {
    const runs = [
      { id: '3', slotAt: '2026-11-30T03:00:00Z', startedAt: '2026-11-30T03:00:00Z', archivedAt: '2026-11-30T03:00:02Z', totalBytes: 2_500_000 },
      { id: '2', slotAt: '2026-11-29T03:00:00Z', startedAt: null, archivedAt: null, totalBytes: 0 },
      { id: '1', slotAt: '2026-11-28T03:00:00Z', startedAt: '2026-11-28T03:00:00Z', archivedAt: '2026-11-28T03:00:01.5Z', totalBytes: 500_000 },
    ];
    const s = chartSeries(runs);
    expect(s.runs.map((r) => r.id)).toEqual(['1', '3']);
    expect(s.unit).toBe('megabyte');
    expect(s.sizes).toEqual([0.5, 2.5]);
    expect(s.seconds).toEqual([1.5, 2]);
    expect(chartSeries(runs, 1).runs.map((r) => r.id)).toEqual(['3']);
    expect(chartSeries([]).runs).toEqual([]);
  });
});

describe('backup log (BK-19)', () => {
  it('names known actions and leaves new ones as the server sent them', () => {
    expect(logActionKey('backup.ready')).toBe('backupLog.action.backup.ready');
    expect(logActionKey('billing.backup_units_bought')).toBe('backupLog.action.billing.backup_units_bought');
    expect(logActionKey('backup.something_new')).toBeUndefined();
    expect(logActionKey('billing.renewed')).toBeUndefined();
  });
});

describe('issue 17 item 7: back up now, the estimate, editing a schedule', () => {
  it('warns when the last free backup leaves the next run to a unit or to nothing', () => {
    const base = { cover: 'FREE' as const, nextRunAt: '2026-12-02T07:00:00Z', warnNextRun: true };
    expect(nowWarning({ ...base, nextRunCoverAfter: 'UNIT' })).toEqual({ spends: 'FREE', next: 'UNIT', nextRunAt: base.nextRunAt });
    expect(nowWarning({ ...base, nextRunCoverAfter: null })).toEqual({ spends: 'FREE', next: 'NONE', nextRunAt: base.nextRunAt });
    expect(nowWarning({ ...base, cover: 'UNIT', nextRunCoverAfter: null })?.spends).toBe('UNIT');
    expect(nowWarning({ ...base, warnNextRun: false, nextRunCoverAfter: 'UNIT' })).toBeUndefined();
    expect(nowWarning({ ...base, nextRunAt: null, nextRunCoverAfter: 'UNIT' })).toBeUndefined();
  });

  it('says "less than a minute" for a 0.1 s backup, never "about 1 min"', () => {
    expect(estimateWords(1, true, 'en').key).toBe('backup.summary.estimateUnderMinute');
    expect(estimateWords(59, true, 'en').key).toBe('backup.summary.estimateUnderMinute');
    expect(estimateWords(0, false, 'en').key).toBe('backup.summary.estimateNone');
    const long = estimateWords(125, true, 'en');
    expect(long.key).toBe('backup.summary.estimateValue');
    expect(long.duration).toBe(formatDuration(125, 'en'));
  });

  it('fills the edit form from the stored schedule; a past start date becomes today', () => {
    const s = { repeatType: 'MONTHLY_WEEKDAY' as const, weekday: 'FRIDAY' as const, dayOfMonth: null, weekOfMonth: 'LAST' as const, hour: 5, startDate: '2026-11-01' };
    expect(valuesFromSchedule(s, '2026-12-03')).toEqual({ repeatType: 'MONTHLY_WEEKDAY', weekday: 'FRIDAY', dayOfMonth: 1, weekOfMonth: 'LAST', startDate: '', hour: 5 });
    expect(valuesFromSchedule({ ...s, startDate: '2026-12-10' }, '2026-12-03').startDate).toBe('2026-12-10');
  });
});
