import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { StopBackupScheduleMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { StopBackupScheduleMutation as StopResult } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDay } from '../utils/backup';
import { useFormat } from '../../../session/useFormat';
import { scheduleText } from '../utils/labels';
import type { Summary } from '../types';

export type Stopped = StopResult['stopBackupSchedule'];

export function ActiveSchedule({ summary, onEdit, onStopped }: { summary: Summary; onEdit(): void; onStopped(r: Stopped): void }) {
  const { t, language } = useI18n();
  const f = useFormat();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<AppError>();
  const [{ fetching }, stop] = useMutation(StopBackupScheduleMutation);
  const s = summary.schedule;
  if (!s) return null;

  const onConfirm = async () => {
    setError(undefined);
    const res = await stop({});
    setConfirm(false);
    if (res.data) onStopped(res.data.stopBackupSchedule);
    else setError(toAppError(res.error));
  };

  return (
    <Stack gap="xs" data-testid="active-schedule">
      <Text fw={500} data-testid="active-schedule-words">
        {scheduleText(t, language, s)}
      </Text>
      <Text size="sm" c="dimmed">
        {t('backup.schedule.by', { name: s.createdByName, date: f.date(s.createdAt), start: formatDay(language, s.startDate) })}
      </Text>
      {summary.nextBackupAt && (
        <Text size="sm">
          {t('backup.summary.next')}: <time dateTime={summary.nextBackupAt}>{f.dateTime(summary.nextBackupAt)}</time>
        </Text>
      )}
      {error && <ErrorAlert error={error} />}
      <Group>
        <Button variant="light" onClick={onEdit} data-testid="edit-schedule">
          {t('backup.schedule.edit')}
        </Button>
        <Button color="red" variant="light" onClick={() => setConfirm(true)} data-testid="stop-schedule">
          {t('backup.schedule.stop')}
        </Button>
      </Group>
      <ConfirmDialog opened={confirm} title={t('backup.stop.title')} confirmLabel={t('backup.stop.confirm')} busy={fetching} onConfirm={onConfirm} onCancel={() => setConfirm(false)}>
        <span data-testid="stop-dialog-body">
          {t('backup.stop.body')} <strong>{summary.weeklyAddOn ? t('backup.stop.addOnActive') : t('backup.stop.addOnNote')}</strong>
        </span>
      </ConfirmDialog>
    </Stack>
  );
}

/** What stopping did (BK-18), in the UI language, and the server's own sentence. */
export function StoppedAlert({ result: r, onClose }: { result: Stopped; onClose(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Alert color="teal" variant="light" title={t('backup.stop.done')} withCloseButton onClose={onClose} closeButtonLabel={t('app.close')} role="status" data-testid="stop-result">
      <Stack gap={4}>
        {r.nextBackupWouldHaveBeen && <Text size="sm">{t('backup.stop.wouldHaveBeen', { date: f.dateTime(r.nextBackupWouldHaveBeen) })}</Text>}
        <Text size="sm">{t('backup.stop.cancelled', { count: f.number(r.cancelledRuns) })}</Text>
        {r.stillRunning > 0 && <Text size="sm">{t('backup.stop.stillRunning', { count: f.number(r.stillRunning) })}</Text>}
        {r.weeklyAddOnActive && (
          <Text size="sm" fw={600}>
            {t('backup.stop.addOnStillActive')}
          </Text>
        )}
        <Text size="xs" c="dimmed" data-testid="stop-message">
          {t('backup.stop.serverSaid')} {r.message}
        </Text>
      </Stack>
    </Alert>
  );
}
