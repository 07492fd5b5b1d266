import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { Link } from 'wouter';
import { useI18n } from '../i18n/I18nProvider';
import { useSession, useSignedIn } from '../session/SessionProvider';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? '')
    .join('');
}

export function UserMenu() {
  const { t } = useI18n();
  const { viewer } = useSignedIn();
  const { signOut } = useSession();
  const onSignOut = async () => {
    const error = await signOut();
    if (error) toasts.show({ color: 'red', title: t(`error.${error.code}`), message: error.message });
  };
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label={t('header.account')} data-testid="account-menu">
          <Avatar size="md" radius="xl" color="blue">
            {initials(viewer.name)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {viewer.name}
          </Text>
          <Text size="xs">{t('header.signedInAs', { name: viewer.email })}</Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} href="/profile" data-testid="open-profile">
          {t('header.profile')}
        </Menu.Item>
        <Menu.Item onClick={onSignOut} data-testid="sign-out" color="red">
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
