import { ActionIcon, Button, Drawer, Group, Indicator, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSignedIn } from '../../../session/SessionProvider';
import { useNotificationCentre } from './NotificationsProvider';
import { NotificationList } from './NotificationList';
import { SendTestButton } from './SendTestButton';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The bell in the header, and the drawer with every notification. */
export function NotificationCentre() {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  const { items, unread, markAllRead } = useNotificationCentre();
  const [opened, { open, close }] = useDisclosure(false);
  const label = unread > 0 ? t('live.openUnread', { count: unread }) : t('live.open');

  return (
    <>
      <Indicator label={unread} size={16} disabled={unread === 0} offset={4} data-testid="unread-count">
        <ActionIcon variant="subtle" color="gray" size="lg" onClick={open} aria-label={label} title={label} data-testid="open-notifications">
          <BellIcon />
        </ActionIcon>
      </Indicator>
      <Drawer opened={opened} onClose={close} position="right" title={t('live.title')} closeButtonProps={{ 'aria-label': t('app.close') }}>
        <Stack>
          <Group gap="xs">
            {admin && <SendTestButton />}
            <Button size="xs" variant="default" onClick={markAllRead} disabled={unread === 0}>
              {t('live.markAllRead')}
            </Button>
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('live.empty')}
            </Text>
          ) : (
            <NotificationList items={items} unread={unread} />
          )}
        </Stack>
      </Drawer>
    </>
  );
}
