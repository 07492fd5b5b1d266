import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useMutation } from 'urql';
import { Link } from 'wouter';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { InviteUserMutation } from '../graphql/operations';
import { CopyField } from '../../../components/CopyField';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { UserLicenseKind, UserRole } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { LANGUAGE_NAMES, LANGUAGES } from '../../../i18n/languages';
import type { LicenseLike } from '../../subscription/utils/billing';
import { useForm } from '../../../lib/useForm';
import { validateInvite, type InviteValues } from '../../../lib/validation';
import { KINDS } from '../utils/kinds';

export function BuyLicensesLink() {
  const { t } = useI18n();
  return (
    <Group mt="xs">
      <Button component={Link} href="/subscription" size="xs" variant="light" data-testid="buy-licenses">
        {t('licenses.buy')}
      </Button>
    </Group>
  );
}

export function InviteDialog({ licenses, onClose, onInvited }: { licenses?: LicenseLike[]; onClose(): void; onInvited(): void }) {
  const { t, language } = useI18n();
  const mobile = useMediaQuery('(max-width: 36em)');
  const initial: InviteValues = { name: '', email: '', role: 'STANDARD', licenseKind: 'REGULAR', locale: language };
  const form = useForm(initial, validateInvite);
  const [{ fetching }, invite] = useMutation(InviteUserMutation);
  const [error, setError] = useState<AppError>();
  const [invited, setInvited] = useState<{ name: string; email: string; password: string }>();

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await invite({
      input: { name: v.name.trim(), email: v.email.trim(), role: v.role as UserRole, licenseKind: v.licenseKind as UserLicenseKind, locale: v.locale },
    });
    if (res.data) {
      const u = res.data.inviteUser.user;
      setInvited({ name: u.name, email: u.email, password: res.data.inviteUser.temporaryPassword });
      onInvited();
      return;
    }
    const e = toAppError(res.error);
    const onField = e.code === 'LICENSE_LIMIT' ? {} : fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  const freeOf = (k: UserLicenseKind) => licenses?.find((l) => l.kind === k)?.free;
  const again = () => {
    setInvited(undefined);
    setError(undefined);
    form.reset();
  };

  return (
    <Modal opened onClose={onClose} title={t('invite.title')} size="lg" fullScreen={mobile} closeOnClickOutside={false} closeButtonProps={{ 'aria-label': t('app.close') }}>
      {invited ? (
        <Stack data-testid="invite-done">
          <Text size="sm">{t('invite.doneBody', { name: invited.name, email: invited.email })}</Text>
          <CopyField label={t('invite.password')} value={invited.password} />
          <Text size="xs" c="dimmed">
            {t('invite.passwordOnce')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={again} data-testid="invite-another">
              {t('invite.another')}
            </Button>
            <Button onClick={onClose} data-autofocus>
              {t('invite.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label={t('invite.title')}>
          <Stack gap="sm">
            {error && (
              <div data-testid="invite-error">
                <ErrorAlert error={error} />
                {error.code === 'LICENSE_LIMIT' && (
                  <Stack gap={0} mt="xs">
                    <Text size="sm">{t('invite.licenseLimitHelp')}</Text>
                    <BuyLicensesLink />
                  </Stack>
                )}
              </div>
            )}
            <TextInput label={t('invite.name')} required autoComplete="off" {...form.field('name')} data-testid="invite-name" />
            <TextInput label={t('invite.email')} required type="email" autoComplete="off" {...form.field('email')} data-testid="invite-email" />
            <Group grow align="flex-start" wrap="wrap">
              <NativeSelect
                label={t('invite.role')}
                data={[
                  { value: 'STANDARD', label: t('role.STANDARD') },
                  { value: 'ADMIN', label: t('role.ADMIN') },
                ]}
                {...form.field('role')}
                miw={160}
              />
              <NativeSelect
                label={t('invite.license')}
                data={KINDS.map((k) => {
                  const free = freeOf(k);
                  return { value: k, label: free === undefined ? t(`license.${k}`) : t('invite.licenseOption', { kind: t(`license.${k}`), free: Math.max(0, free) }) };
                })}
                {...form.field('licenseKind')}
                miw={160}
                data-testid="invite-license"
              />
              <NativeSelect label={t('invite.locale')} data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} {...form.field('locale')} miw={120} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('invite.explain')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('app.cancel')}
              </Button>
              <Button type="submit" loading={fetching} data-testid="invite-submit">
                {t('invite.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
