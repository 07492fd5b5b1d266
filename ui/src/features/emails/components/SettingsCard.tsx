import { Button, Card, Checkbox, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toastDone, toastError } from '../../../components/toast';
import type { EmailMatchModules, EmailSettingsQuery } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { UpdateEmailSettingsMutation } from '../graphql/operations';

type Settings = EmailSettingsQuery['emailSettings'];
const MATCH: EmailMatchModules[] = ['BOTH', 'CONTACTS', 'LEADS'];

/** EM-1, EM-3: which modules addresses are matched against, sent mail, attachments. */
export function SettingsCard({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Settings>(settings);
  const [{ fetching }, update] = useMutation(UpdateEmailSettingsMutation);
  const changed =
    values.matchWith !== settings.matchWith || values.addSentAutomatically !== settings.addSentAutomatically || values.keepAttachments !== settings.keepAttachments;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await update({
      input: { matchWith: values.matchWith, addSentAutomatically: values.addSentAutomatically, keepAttachments: values.keepAttachments },
    });
    if (res.error) toastError(t, res.error);
    else toastDone(t('emails.settings.saved'));
  };

  return (
    <Card withBorder radius="md" component="section" aria-labelledby="email-settings-heading">
      <form onSubmit={save} noValidate>
        <Stack gap="sm">
          <Text fw={600} id="email-settings-heading">
            {t('emails.settings.title')}
          </Text>
          <NativeSelect
            label={t('emails.settings.matchWith')}
            description={t('emails.settings.matchWithHint')}
            data={MATCH.map((m) => ({ value: m, label: t(`emails.match.${m}`) }))}
            value={values.matchWith}
            onChange={(e) => setValues({ ...values, matchWith: e.currentTarget.value as EmailMatchModules })}
            maw={360}
            data-testid="email-match-with"
          />
          <Checkbox
            label={t('emails.settings.addSent')}
            description={t('emails.settings.addSentHint')}
            checked={values.addSentAutomatically}
            onChange={(e) => setValues({ ...values, addSentAutomatically: e.currentTarget.checked })}
            data-testid="email-add-sent"
          />
          <Checkbox
            label={t('emails.settings.keepAttachments')}
            description={t('emails.settings.keepAttachmentsHint')}
            checked={values.keepAttachments}
            onChange={(e) => setValues({ ...values, keepAttachments: e.currentTarget.checked })}
            data-testid="email-keep-attachments"
          />
          <Group>
            <Button type="submit" loading={fetching} disabled={!changed} data-testid="email-settings-save">
              {t('emails.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
