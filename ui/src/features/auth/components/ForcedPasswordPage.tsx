import { Anchor } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { ChangePasswordForm } from '../../profile/components/ChangePasswordForm';
import { useI18n } from '../../../i18n/I18nProvider';
import { AuthLayout } from '../../../layout/AuthLayout';
import { useSession } from '../../../session/SessionProvider';

/**
 * Issue 17 item 1: a user invited with a temporary password (mustChangePassword) chooses their
 * own before anything else; the app opens once it is changed.
 */
export function ForcedPasswordPage() {
  const { t } = useI18n();
  const { signOut } = useSession();
  return (
    <AuthLayout
      title={t('password.forcedTitle')}
      subtitle={t('password.forcedBody')}
      footer={
        <Anchor component="button" type="button" onClick={() => void signOut()}>
          {t('header.signOut')}
        </Anchor>
      }
    >
      <ChangePasswordForm temporary onDone={() => toasts.show({ color: 'teal', message: t('password.done') })} />
    </AuthLayout>
  );
}
