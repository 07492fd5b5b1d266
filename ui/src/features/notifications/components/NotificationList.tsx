import { Badge, Group, Stack, Text } from '@mantine/core';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import type { LiveNotification } from '../../../api/live';
import { notificationLabel, notificationText } from '../utils/labels';

/** Notifications, newest first; the first `unread` are marked new. */
export function NotificationList({ items, unread = 0 }: { items: LiveNotification[]; unread?: number }) {
  const { t, language } = useI18n();
  const f = useFormat();
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} data-testid="notification-list">
      {items.map((n, i) => (
        <li key={n.id}>
          <Stack gap={2} p="xs" style={{ borderRadius: 6, background: i < unread ? 'var(--mantine-color-blue-light)' : undefined }}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="xs" fw={600} c="dimmed">
                {notificationLabel(t, n.type)}
              </Text>
              <Group gap={6} wrap="nowrap">
                {i < unread && (
                  <Badge size="xs" variant="filled">
                    {t('live.newBadge')}
                  </Badge>
                )}
                <Text size="xs" c="dimmed" title={f.dateTime(n.createdAt)}>
                  <time dateTime={n.createdAt}>{f.relative(n.createdAt)}</time>
                </Text>
              </Group>
            </Group>
            <Text size="sm">{notificationText(t, f, language, n)}</Text>
          </Stack>
        </li>
      ))}
    </Stack>
  );
}
