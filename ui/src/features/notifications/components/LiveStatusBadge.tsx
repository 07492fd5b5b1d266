import { Badge } from '@mantine/core';
import { useI18n } from '../../../i18n/I18nProvider';
import { useNotificationCentre } from './NotificationsProvider';

const COLOR = { live: 'teal', connecting: 'gray', reconnecting: 'orange' } as const;

export function LiveStatusBadge() {
  const { t } = useI18n();
  const { status } = useNotificationCentre();
  const text = t(`live.status.${status}`);
  return (
    <Badge color={COLOR[status]} variant="dot" role="status" aria-label={t('live.statusLabel', { status: text })} data-testid="live-status" data-status={status}>
      {text}
    </Badge>
  );
}
