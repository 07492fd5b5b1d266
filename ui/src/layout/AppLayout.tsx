import { Anchor, AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n } from '../i18n/I18nProvider';
import { LiveStatusBadge } from '../features/notifications/components/LiveStatusBadge';
import { NotificationCentre } from '../features/notifications/components/NotificationCentre';
import { useSignedIn } from '../session/SessionProvider';
import { Nav } from './Nav';
import { UserMenu } from './UserMenu';

/** Header, navigation (a drawer on phones) and the page. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { org } = useSignedIn();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor href="#main" className="skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} aria-expanded={opened} />
            <Text fw={700} c="blue">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" truncate visibleFrom="xs" data-testid="org-name">
              {org.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="sm">
              <LiveStatusBadge />
            </Group>
            <LanguageSwitch compact />
            <NotificationCentre />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Nav onNavigate={close} />
        <Group hiddenFrom="sm" mt="md">
          <LiveStatusBadge />
        </Group>
      </AppShell.Navbar>
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}
