import type { MessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';

const TYPES: Record<string, MessageKey> = {
  test: 'notificationType.test',
  'backup.ready': 'notificationType.backup.ready',
};

/** A person's name for a notification type ("backup.ready" → "Backup ready"). */
export function notificationLabel(t: Translate, type: string): string {
  return t(TYPES[type] ?? 'notificationType.other');
}
