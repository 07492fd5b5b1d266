// The backup page's words that depend on data: schedules in words, log actions.
import type { Formatters } from '../../../i18n/format';
import { isMessageKey } from '../../../i18n/names';
import type { Translate } from '../../../i18n/translate';
import { formatBytes, formatDay, logActionKey, monthLabel, scheduleWords, type ScheduleLike } from './backup';
import { fields } from '../../../lib/fields';
import { brandName } from '../../subscription/utils/card';
import type { Card } from '../types';

/** "Every week on Monday at 02:00" in the UI language. */
export function scheduleText(t: Translate, language: string, s: ScheduleLike): string {
  const w = scheduleWords(s, language);
  return t(w.key, w.params);
}

/** A backup log entry's action for people ("Backup ready"); an unknown action as the server named it. */
export function logActionLabel(t: Translate, action: string): string {
  const key = logActionKey(action);
  return key ? t(key) : action;
}

/** "Visa •••• 4242, expires 12/2030" */
export function cardText(t: Translate, card: Card): string {
  return t('card.onFile', { brand: brandName(card.brand), last4: card.last4, month: String(card.expMonth).padStart(2, '0'), year: card.expYear });
}

/** A backup log entry as the log query returns it. */
export interface LogEntryLike {
  action: string;
  summary: string;
  details?: Record<string, unknown> | null;
}

const REPEATS = ['WEEKLY', 'TWICE_A_MONTH', 'MONTHLY_DATE', 'MONTHLY_WEEKDAY'];

/**
 * A backup log entry's details in the UI language, from its action and details (BK-19); the
 * server's English summary for entries written before details were kept, or other actions
 * (the audit log page shows every action through this too).
 */
export function logSummary(t: Translate, f: Formatters, language: string, e: LogEntryLike): string {
  return logSentence(t, f, language, e) || e.summary;
}

/** logSummary's sentence in the UI language; undefined when the action or its details are not known here. */
export function logSentence(t: Translate, f: Formatters, language: string, e: LogEntryLike): string | undefined {
  const { str, num } = fields(e.details);
  const schedule = () => {
    const repeatType = str('repeatType');
    if (!repeatType || !REPEATS.includes(repeatType)) return undefined;
    return scheduleText(t, language, {
      repeatType: repeatType as ScheduleLike['repeatType'],
      weekday: (str('weekday') ?? null) as ScheduleLike['weekday'],
      dayOfMonth: num('dayOfMonth') ?? null,
      weekOfMonth: (str('weekOfMonth') ?? null) as ScheduleLike['weekOfMonth'],
      hour: num('hour') ?? null,
    });
  };
  const money = () => {
    const amount = num('amount'), currency = str('currency');
    return amount !== undefined && currency ? f.money(Math.abs(amount), currency) : undefined;
  };
  const date = str('slotAt') ? f.dateTime(str('slotAt')) : undefined;
  const sentence = (): string | undefined => {
    switch (e.action) {
      case 'backup.scheduled': {
        const s = schedule(), start = str('startDate'), next = str('nextRunAt');
        return s && start && next ? t('backupLog.text.scheduled', { schedule: s, start: formatDay(language, start), next: f.dateTime(next) }) : undefined;
      }
      case 'backup.schedule_stopped': {
        const s = schedule(), cancelled = num('cancelledRuns'), next = str('nextWouldHaveBeen');
        if (!s || cancelled === undefined) return undefined;
        const params = { schedule: s, cancelled: f.number(cancelled) };
        return next ? t('backupLog.text.scheduleStoppedNext', { ...params, date: f.dateTime(next) }) : t('backupLog.text.scheduleStopped', params);
      }
      case 'backup.run_cancelled':
        return date && t('backupLog.text.runCancelled', { date });
      case 'backup.requested': {
        const cover = str('cover');
        const key = `backup.cover.${cover}`;
        return cover && isMessageKey(key) ? t('backupLog.text.requested', { cover: t(key) }) : undefined;
      }
      case 'backup.needs_purchase': {
        const month = str('month');
        return date && month ? t('backupLog.text.needsPurchase', { date, month: monthLabel(language, month) }) : undefined;
      }
      case 'backup.ready': {
        const files = num('files'), bytes = num('bytes'), until = str('expiresAt');
        return date && files !== undefined && bytes !== undefined && until
          ? t('backupLog.text.ready', { date, files: f.number(files), size: formatBytes(bytes, language), until: f.dateTime(until) })
          : undefined;
      }
      case 'backup.failed': {
        const reason = str('reason');
        return date && reason ? t('backupLog.text.failed', { date, reason }) : undefined;
      }
      case 'backup.expired':
        return date && t('backupLog.text.expired', { date });
      case 'backup.download_started': {
        const file = str('file'), bytes = num('bytes');
        return file && bytes !== undefined ? t('backupLog.text.downloadStarted', { file, size: formatBytes(bytes, language) }) : undefined;
      }
      case 'billing.backup_units_bought': {
        const units = num('backupUnits'), amount = money(), payment = str('payment');
        return units && amount && payment ? t('backupLog.text.unitsBought', { units: f.number(units), amount, payment }) : undefined;
      }
      case 'billing.backup_units_returned': {
        const units = num('units'), amount = money(), payment = str('payment');
        return units && amount && payment ? t('backupLog.text.unitsReturned', { units: f.number(units), amount, payment }) : undefined;
      }
      case 'billing.weekly_backup_addon_changed': {
        const to = num('to'), payment = str('payment');
        if (to === undefined) return undefined;
        if (to === 0) return t('backupLog.text.addOnCancelled');
        return payment ? t('backupLog.text.addOnStarted', { payment }) : undefined;
      }
      default:
        return undefined;
    }
  };
  return sentence();
}
