import { Button, Card, Stack, Text, TextInput } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useMutation } from 'urql';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { SignOutEverywhereMutation, UpdateMyNameMutation } from '../graphql/operations';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n/I18nProvider';
import { useForm } from '../../../lib/useForm';
import { validateProfile } from '../../../lib/validation';
import { useSession, useSignedIn } from '../../../session/SessionProvider';

/** The account menu's profile page (issue 17 item 1): name, language, password, sessions. */
export function ProfilePage() {
  const { t } = useI18n();
  return (
    <Page title={t('profile.title')} description={t('profile.subtitle')}>
      <Stack gap="md">
        <Section title={t('profile.details')} testId="profile-details">
          <NameForm />
          <div style={{ maxWidth: 420 }}>
            <LanguageSwitch />
            <Text size="xs" c="dimmed" mt={4}>
              {t('profile.languageHint')}
            </Text>
          </div>
        </Section>
        <Section title={t('profile.password')} testId="profile-password">
          <ChangePasswordForm onDone={() => toasts.show({ color: 'teal', message: t('password.done') })} />
        </Section>
        <Section title={t('profile.sessions')} testId="profile-sessions">
          <SignOutEverywhere />
        </Section>
      </Stack>
    </Page>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = `${testId}-heading`;
  return (
    <Card withBorder radius="md" component="section" aria-labelledby={id} data-testid={testId}>
      <Stack gap="sm">
        <Text fw={600} id={id}>
          {title}
        </Text>
        {children}
      </Stack>
    </Card>
  );
}

function NameForm() {
  const { t } = useI18n();
  const { viewer } = useSignedIn();
  const { viewerChanged } = useSession();
  const form = useForm({ name: viewer.name }, validateProfile);
  const [{ fetching }, save] = useMutation(UpdateMyNameMutation);
  const [error, setError] = useState<AppError>();
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await save({ name: v.name.trim() });
    if (res.data) {
      viewerChanged(res.data.updateMe);
      toasts.show({ color: 'teal', message: t('profile.saved') });
      return;
    }
    const e = toAppError(res.error);
    const onField = fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('profile.details')}>
      <Stack gap="sm" maw={420}>
        {error && <ErrorAlert error={error} />}
        <TextInput label={t('profile.name')} required autoComplete="name" {...form.field('name')} data-testid="profile-name" />
        <div>
          <Button type="submit" loading={fetching} data-testid="profile-save">
            {t('profile.save')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

function SignOutEverywhere() {
  const { t } = useI18n();
  const { signedOutEverywhere } = useSession();
  const [confirm, setConfirm] = useState(false);
  const [{ fetching }, run] = useMutation(SignOutEverywhereMutation);
  const onConfirm = async () => {
    const res = await run({});
    if (res.error) {
      const e = toAppError(res.error);
      toasts.show({ color: 'red', title: t(`error.${e.code}`), message: e.message });
      setConfirm(false);
      return;
    }
    signedOutEverywhere();
  };
  return (
    <>
      <Text size="sm">{t('profile.sessionsBody')}</Text>
      <div>
        <Button color="red" variant="light" onClick={() => setConfirm(true)} data-testid="sign-out-everywhere">
          {t('profile.signOutEverywhere')}
        </Button>
      </div>
      <ConfirmDialog
        opened={confirm}
        title={t('profile.signOutEverywhereTitle')}
        confirmLabel={t('profile.signOutEverywhere')}
        busy={fetching}
        onConfirm={() => void onConfirm()}
        onCancel={() => setConfirm(false)}
      >
        {t('profile.signOutEverywhereBody')}
      </ConfirmDialog>
    </>
  );
}
