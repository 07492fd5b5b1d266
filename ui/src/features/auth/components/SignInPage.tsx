import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { Link } from 'wouter';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { SignInMutation } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n/I18nProvider';
import { AuthLayout } from '../../../layout/AuthLayout';
import { useForm } from '../../../lib/useForm';
import { validateSignIn, type SignInValues } from '../../../lib/validation';
import { useSession } from '../../../session/SessionProvider';

const INITIAL: SignInValues = { email: '', password: '' };

export function SignInPage() {
  const { t } = useI18n();
  const { state, signedIn } = useSession();
  const [{ fetching }, signIn] = useMutation(SignInMutation);
  const form = useForm(INITIAL, validateSignIn);
  const [error, setError] = useState<AppError>();
  const reason = state.status === 'anonymous' ? state.reason : undefined;

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await signIn({ input: { email: v.email.trim(), password: v.password } });
    if (res.data) return signedIn(res.data.signIn.user, res.data.signIn.organization);
    const e = toAppError(res.error);
    const onField = fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  return (
    <AuthLayout
      title={t('signIn.title')}
      subtitle={t('signIn.subtitle')}
      footer={
        <>
          {t('signIn.noAccount')}{' '}
          <Anchor component={Link} href="/signup">
            {t('signIn.toSignUp')}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label={t('signIn.title')}>
        <Stack gap="md">
          {reason && !error && (
            <Alert color={reason === 'expired' ? 'yellow' : 'blue'} variant="light" role="status" data-testid="session-notice">
              {t(reason === 'expired' ? 'signIn.expired' : 'signIn.signedOut')}
            </Alert>
          )}
          {error && <ErrorAlert error={error} />}
          <TextInput label={t('field.email')} required type="email" autoComplete="username" {...form.field('email')} />
          <PasswordInput label={t('field.password')} required autoComplete="current-password" {...form.field('password')} />
          <Button type="submit" loading={fetching} fullWidth>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
