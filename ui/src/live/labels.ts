import type { MessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';

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
};

/** A person's name for a notification type ("backup.ready" → "Backup ready"). */
export function notificationLabel(t: Translate, type: string): string {
  return t(TYPES[type] ?? 'notificationType.other');
}
