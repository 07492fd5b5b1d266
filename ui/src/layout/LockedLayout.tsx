// A LOCKED org (SB-12), as everyone but the super admin sees it (LockedSuperAdmin.tsx for them):
// nothing to do but ask the super admin, or sign out.
import { Button, Group, Stack, Text } from '@mantine/core';
import { toastError } from '../components/toast';
import { useI18n } from '../i18n/I18nProvider';
import { useSession } from '../session/SessionProvider';
import { AuthLayout } from './AuthLayout';

export function LockedOthers() {
  const { t } = useI18n();
  const { signOut, reload } = useSession();
  const onSignOut = async () => {
    const error = await signOut();
    if (error) toastError(t, error);
  };
  return (
    <AuthLayout title={t('locked.title')} subtitle={t('locked.bodyOthers')} footer={null}>
      <Stack gap="sm" data-testid="locked-others">
        <Text size="sm">{t('locked.askSuperAdmin')}</Text>
        <Group>
          <Button onClick={reload} data-testid="locked-check-again">
            {t('locked.checkAgain')}
          </Button>
          <Button variant="default" onClick={onSignOut}>
            {t('header.signOut')}
          </Button>
        </Group>
      </Stack>
    </AuthLayout>
  );
}
