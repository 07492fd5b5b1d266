import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { ChangePasswordMutation } from '../graphql/operations';
import { useI18n } from '../../../i18n/I18nProvider';
import { useForm } from '../../../lib/useForm';
import { validatePasswordChange, type PasswordChangeValues } from '../../../lib/validation';
import { useSession } from '../../../session/SessionProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';

const INITIAL: PasswordChangeValues = { currentPassword: '', newPassword: '', confirm: '' };

/** changePassword: the current password, the new one twice. The server ends the other sessions. */
export function ChangePasswordForm({ temporary = false, onDone }: { temporary?: boolean; onDone(): void }) {
  const { t } = useI18n();
  const { viewerChanged } = useSession();
  const form = useForm(INITIAL, validatePasswordChange);
  const [{ fetching }, change] = useMutation(ChangePasswordMutation);
  const [error, setError] = useState<AppError>();

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await change({ input: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
    if (res.data?.changePassword) {
      form.reset();
      viewerChanged({ mustChangePassword: false });
      onDone();
      return;
    }
    const e = toAppError(res.error);
    const onField = fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  return (
    <form onSubmit={submit} noValidate aria-label={t('password.submit')} data-testid="change-password-form">
      <Stack gap="sm" maw={420}>
        {error && <ErrorAlert error={error} />}
        <PasswordInput label={t(temporary ? 'password.currentTemporary' : 'password.current')} required autoComplete="current-password" {...form.field('currentPassword')} />
        <PasswordInput label={t('password.new')} description={t('field.passwordHint')} required autoComplete="new-password" {...form.field('newPassword')} />
        <PasswordInput label={t('password.confirm')} required autoComplete="new-password" {...form.field('confirm')} />
        <div>
          <Button type="submit" loading={fetching} data-testid="change-password-submit">
            {t('password.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
