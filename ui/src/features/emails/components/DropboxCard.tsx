import { Alert, Button, Card, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError } from '../../../api/errors';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CopyField } from '../../../components/CopyField';
import { toastDone, toastError } from '../../../components/toast';
import type { EmailSettingsQuery } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import { RotateEmailDropboxMutation } from '../graphql/operations';

type Dropbox = EmailSettingsQuery['emailDropbox'];

/**
 * Issue 13 item 7: the private address mail is BCC'd or forwarded to. emailDropbox is null
 * before the first one is made, and also when the server has no dropbox domain: rotating then
 * answers CONFLICT, and the card says the admin must set CRM_SMTP_DROPBOX_DOMAIN.
 */
export function DropboxCard({ dropbox }: { dropbox: Dropbox }) {
  const { t } = useI18n();
  const f = useFormat();
  const [confirming, setConfirming] = useState(false);
  const [noDomain, setNoDomain] = useState(false);
  const [{ fetching }, rotate] = useMutation(RotateEmailDropboxMutation);

  const doRotate = async () => {
    const res = await rotate({});
    setConfirming(false);
    if (res.data) {
      toastDone(t(dropbox ? 'emails.dropbox.rotated' : 'emails.dropbox.created'));
      return;
    }
    const e = toAppError(res.error);
    if (e.code === 'CONFLICT' && e.message.includes('CRM_SMTP_DROPBOX_DOMAIN')) setNoDomain(true);
    else toastError(t, res.error);
  };

  return (
    <Card withBorder radius="md" component="section" aria-labelledby="email-dropbox-heading">
      <Stack gap="sm">
        <Text fw={600} id="email-dropbox-heading">
          {t('emails.dropbox.title')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('emails.dropbox.hint')}
        </Text>
        {noDomain ? (
          <Alert color="orange" data-testid="email-dropbox-no-domain">
            {t('emails.dropbox.noDomain', { setting: 'CRM_SMTP_DROPBOX_DOMAIN' })}
          </Alert>
        ) : dropbox ? (
          <>
            <CopyField label={t('emails.dropbox.address')} value={dropbox.address} />
            <Text size="xs" c="dimmed">
              {t('emails.dropbox.since', { date: f.dateTime(dropbox.rotatedAt) })}
            </Text>
            <Group>
              <Button variant="default" color="red" onClick={() => setConfirming(true)} data-testid="email-dropbox-rotate">
                {t('emails.dropbox.rotate')}
              </Button>
            </Group>
          </>
        ) : (
          <Group>
            <Text size="sm">{t('emails.dropbox.none')}</Text>
            <Button onClick={doRotate} loading={fetching} data-testid="email-dropbox-create">
              {t('emails.dropbox.create')}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('emails.dropbox.confirmTitle')}
        confirmLabel={t('emails.dropbox.rotate')}
        busy={fetching}
        onConfirm={doRotate}
        onCancel={() => setConfirming(false)}
      >
        {t('emails.dropbox.confirmBody')}
        {dropbox && (
          <>
            {' '}
            <Code>{dropbox.address}</Code>
          </>
        )}
      </ConfirmDialog>
    </Card>
  );
}
