// A LOCKED org (SB-12) as its super admin sees it: they may only pay, choose another plan or go
// to Free, so they get the subscription page alone, without the rest of the app.
import { AppShell, Group, Text } from '@mantine/core';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Page } from '../components/Page';
import { useI18n } from '../i18n/I18nProvider';
import { SubscriptionView } from '../features/subscription/components/SubscriptionPage';
import { useSignedIn } from '../session/SessionProvider';
import { UserMenu } from './UserMenu';

export function LockedSuperAdmin() {
  const { t } = useI18n();
  const { org } = useSignedIn();
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fw={700} c="blue">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" truncate visibleFrom="xs">
              {org.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch compact />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main">
        <Page title={t('locked.title')} description={t('locked.pageIntro')}>
          <SubscriptionView />
        </Page>
      </AppShell.Main>
    </AppShell>
  );
}
