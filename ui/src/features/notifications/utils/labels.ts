import type { LiveNotification } from '../../../api/live';
import type { Formatters } from '../../../i18n/format';
import type { MessageKey } from '../../../i18n/messages/en';
import { planName } from '../../../i18n/names';
import type { Translate } from '../../../i18n/translate';
import { formatBytes } from '../../../lib/bytes';
import { declineReason } from '../../audit/utils/auditText';
import { fields } from '../../../lib/fields';

const TYPES: Record<string, MessageKey> = {
  test: 'notificationType.test',
  'backup.scheduled': 'notificationType.backup.scheduled',
  'backup.queued': 'notificationType.backup.queued',
  'backup.archived': 'notificationType.backup.archived',
  'backup.ready': 'notificationType.backup.ready',
  'backup.stopped': 'notificationType.backup.stopped',
  'backup.needs_purchase': 'notificationType.backup.needs_purchase',
  'backup.failed': 'notificationType.backup.failed',
  'backup.expired': 'notificationType.backup.expired',
  'billing.payment_succeeded': 'notificationType.billing.payment_succeeded',
  'billing.payment_failed': 'notificationType.billing.payment_failed',
  'billing.past_due': 'notificationType.billing.past_due',
  'billing.locked': 'notificationType.billing.locked',
  'billing.unlocked': 'notificationType.billing.unlocked',
  'billing.trial_started': 'notificationType.billing.trial_started',
  'billing.trial_ended': 'notificationType.billing.trial_ended',
  'billing.price_changing': 'notificationType.billing.price_changing',
  'bundle.trial_started': 'notificationType.bundle.trial_started',
  'bundle.trial_extended': 'notificationType.bundle.trial_extended',
  'bundle.trial_ending': 'notificationType.bundle.trial_ending',
  'bundle.trial_expired': 'notificationType.bundle.trial_expired',
  'bundle.cancelled': 'notificationType.bundle.cancelled',
  'bundle.upgraded': 'notificationType.bundle.upgraded',
};

/** A person's name for a notification type ("backup.ready" → "Backup ready"). */
export function notificationLabel(t: Translate, type: string): string {
  return t(TYPES[type] ?? 'notificationType.other');
}

/**
 * A notification's sentence in the reader's language, from its type and payload; the server's
 * title (English) when the type is unknown or the payload lacks what the sentence needs.
 */
export function notificationText(t: Translate, f: Formatters, language: string, n: Pick<LiveNotification, 'type' | 'title' | 'payload'>): string {
  const p = n.payload;
  const { str, num } = fields(p);
  const plan = (k: string) => {
    const code = str(k);
    return code && planName(t, code);
  };
  const sentence = (): string | undefined => {
    switch (n.type) {
      case 'test': {
        // Issue 17 item 6: a default-titled test notification in the reader's language; a title someone typed stays theirs.
        const by = str('requestedBy');
        return p?.defaultTitle === true && by ? t('notificationText.test', { name: by }) : undefined;
      }
      case 'backup.scheduled': {
        const by = str('by'), date = str('nextRunAt');
        return by && date ? t('notificationText.backup.scheduled', { by, date: f.dateTime(date) }) : undefined;
      }
      case 'backup.queued': {
        const by = str('by'), date = str('slotAt');
        if (by) return t('notificationText.backup.queuedOneOff', { by });
        return date && p?.scheduleId !== undefined ? t('notificationText.backup.queuedScheduled', { date: f.dateTime(date) }) : undefined;
      }
      case 'backup.archived': {
        const records = num('records'), bytes = num('bytes');
        return records !== undefined && bytes !== undefined
          ? t('notificationText.backup.archived', { records: f.number(records), size: formatBytes(bytes, language) })
          : undefined;
      }
      case 'backup.ready': {
        const date = str('expiresAt');
        return date ? t('notificationText.backup.ready', { date: f.dateTime(date) }) : undefined;
      }
      case 'backup.stopped': {
        const by = str('by'), next = str('nextWouldHaveBeen');
        if (!by) return undefined;
        return next ? t('notificationText.backup.stoppedNext', { by, date: f.dateTime(next) }) : t('notificationText.backup.stopped', { by });
      }
      case 'backup.needs_purchase':
      case 'backup.expired': {
        const date = str('slotAt');
        return date ? t(`notificationText.${n.type}`, { date: f.dateTime(date) }) : undefined;
      }
      case 'backup.failed': {
        const reason = str('error');
        return reason ? t('notificationText.backup.failed', { reason }) : undefined;
      }
      case 'billing.payment_succeeded': {
        const reference = str('payment'), charged = num('charged'), currency = str('currency');
        return reference && charged !== undefined && currency
          ? t('notificationText.billing.payment_succeeded', { amount: f.money(charged, currency), reference })
          : undefined;
      }
      case 'billing.payment_failed': {
        const reference = str('payment'), reason = str('reason') && declineReason(t, str('reason'), str('code'));
        return reference && reason ? t('notificationText.billing.payment_failed', { reference, reason }) : undefined;
      }
      case 'billing.past_due': {
        const days = num('graceDays');
        return days !== undefined ? t('notificationText.billing.past_due', { days: f.number(days) }) : undefined;
      }
      case 'billing.locked':
        return t('notificationText.billing.locked');
      case 'billing.unlocked':
        return t('notificationText.billing.unlocked');
      case 'billing.trial_started': {
        const name = plan('plan'), date = str('endsAt');
        return name && date ? t('notificationText.billing.trial_started', { plan: name, date: f.date(date) }) : undefined;
      }
      case 'billing.trial_ended': {
        const name = plan('plan'), back = plan('back');
        return name && back ? t('notificationText.billing.trial_ended', { plan: name, back }) : undefined;
      }
      default:
        return undefined;
    }
  };
  return sentence() ?? n.title;
}
