import { Anchor, Button, NativeSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { Link } from 'wouter';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { SignUpMutation } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { OrganizationRegion } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { AuthLayout } from '../../../layout/AuthLayout';
import { useForm } from '../../../lib/useForm';
import { validateSignUp, type SignUpValues } from '../../../lib/validation';
import { useSession } from '../../../session/SessionProvider';

const REGIONS: OrganizationRegion[] = ['US', 'EU', 'UK', 'CA', 'JP', 'IN', 'AU', 'CN'];
const INITIAL: SignUpValues = { organizationName: '', region: '', name: '', email: '', password: '' };

export function SignUpPage() {
  const { t, language } = useI18n();
  const { signedIn } = useSession();
  const [{ fetching }, signUp] = useMutation(SignUpMutation);
  const form = useForm(INITIAL, validateSignUp);
  const [error, setError] = useState<AppError>();

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await signUp({
      input: {
        organizationName: v.organizationName.trim(),
        region: v.region as OrganizationRegion,
        name: v.name.trim(),
        email: v.email.trim(),
        password: v.password,
        locale: language,
      },
    });
    if (res.data) return signedIn(res.data.signUp.user, res.data.signUp.organization);
    const e = toAppError(res.error);
    const onField = fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  return (
    <AuthLayout
      title={t('signUp.title')}
      subtitle={t('signUp.subtitle')}
      footer={
        <>
          {t('signUp.haveAccount')}{' '}
          <Anchor component={Link} href="/signin">
            {t('signUp.toSignIn')}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label={t('signUp.title')}>
        <Stack gap="md">
          {error && <ErrorAlert error={error} />}
          <TextInput label={t('field.organizationName')} required autoComplete="organization" {...form.field('organizationName')} />
          <NativeSelect
            label={t('field.region')}
            description={t('field.regionHint')}
            required
            data={[{ value: '', label: '—' }, ...REGIONS.map((r) => ({ value: r, label: `${t(`region.${r}`)} (${r})` }))]}
            {...form.field('region')}
          />
          <TextInput label={t('field.name')} required autoComplete="name" {...form.field('name')} />
          <TextInput label={t('field.email')} required type="email" autoComplete="email" {...form.field('email')} />
          <PasswordInput label={t('field.password')} description={t('field.passwordHint')} required autoComplete="new-password" {...form.field('password')} />
          <Button type="submit" loading={fetching} fullWidth>
            {t('signUp.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}

