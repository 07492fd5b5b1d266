import { Button, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { CancelBackupRunMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { countdown, downloadPath, formatBytes, runProgress } from '../utils/backup';
import { useFormat } from '../../../session/useFormat';
import type { Run, RunFile } from '../types';

export type RunActions = { onBuy(): void; onChanged(): void };

/** Under the state: the progress bar while in progress, or what happened. */
export function RunDetail({ run: r, when, onBuy, onChanged }: { run: Run; when: string } & RunActions) {
  const { t } = useI18n();
  const f = useFormat();
  const p = runProgress(r);
  if (p) {
    const text =
      r.state === 'QUEUED'
        ? t('backup.runs.queued')
        : r.state === 'ARCHIVED'
          ? t('backup.runs.finishing')
          : p.indeterminate
            ? t('backup.runs.starting')
            : t('backup.runs.progress', { done: f.number(p.done), total: f.number(p.total) });
    return (
      <Stack gap={2}>
        <Progress.Root size="sm">
          {/* An indeterminate bar has no aria-valuenow: only its text says where it is. */}
          <Progress.Section
            value={p.indeterminate ? 100 : p.value}
            striped={p.indeterminate}
            animated={p.indeterminate}
            withAria={false}
            role="progressbar"
            aria-label={t('backup.runs.progressLabel', { date: when })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={p.indeterminate ? undefined : p.value}
            aria-valuetext={text}
            data-testid="run-progress"
            data-value={p.value}
          />
        </Progress.Root>
        <Text size="xs" c="dimmed" aria-live="polite">
          {text}
        </Text>
      </Stack>
    );
  }
  switch (r.state) {
    case 'SCHEDULED':
      return <SkipRun run={r} when={when} onChanged={onChanged} />;
    case 'FAILED':
      return (
        <Text size="xs" c="red">
          {r.error}
        </Text>
      );
    case 'NEEDS_PURCHASE':
      return (
        <Stack gap={4} align="flex-start">
          <Text size="xs">{t('backup.runs.needsPurchase')}</Text>
          <Button size="compact-xs" variant="light" color="orange" onClick={onBuy}>
            {t('backup.now.buyOffer')}
          </Button>
        </Stack>
      );
    case 'EXPIRED':
      return (
        <Text size="xs" c="dimmed">
          {t('backup.runs.expired')}
        </Text>
      );
    case 'CANCELLED':
      return (
        <Text size="xs" c="dimmed">
          {t('backup.runs.cancelled')}
        </Text>
      );
    default:
      return null;
  }
}

/**
 * A future run of the schedule can be skipped alone (cancelBackupRun): the schedule goes on with
 * the next one. A run that has just been queued answers CONFLICT, shown here.
 */
function SkipRun({ run, when, onChanged }: { run: Run; when: string; onChanged(): void }) {
  const { t } = useI18n();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<AppError>();
  const [{ fetching }, cancel] = useMutation(CancelBackupRunMutation);
  const onConfirm = async () => {
    setError(undefined);
    const res = await cancel({ id: run.id });
    setConfirm(false);
    if (res.data) {
      toastDone(t('backup.skip.done', { date: when }));
    } else {
      setError(toAppError(res.error));
    }
    onChanged();
  };
  return (
    <Stack gap={4} align="flex-start">
      <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setConfirm(true)} data-testid="skip-run">
        {t('backup.runs.skip')}
      </Button>
      {error && <ErrorAlert error={error} />}
      <ConfirmDialog
        opened={confirm}
        title={t('backup.skip.title', { date: when })}
        confirmLabel={t('backup.skip.confirm')}
        busy={fetching}
        onConfirm={onConfirm}
        onCancel={() => setConfirm(false)}
      >
        {t('backup.skip.body')}
      </ConfirmDialog>
    </Stack>
  );
}

/** A READY run's files (BK-15): one download per part, and how long the links still work. */
export function Files({ run, files, now }: { run: Run; files: RunFile[]; now: number }) {
  const { t, language } = useI18n();
  const f = useFormat();
  const sorted = [...files].sort((a, b) => (a.kind === b.kind ? a.part - b.part : a.kind === 'DATA' ? -1 : 1));
  const parts = (kind: string) => files.filter((x) => x.kind === kind).length;
  const expiresAt = run.expiresAt ?? sorted[0]?.expiresAt;
  const c = expiresAt ? countdown(expiresAt, now) : undefined;
  return (
    <Stack gap={4} align="flex-start">
      <Stack gap={4} align="flex-start">
        {sorted.map((file) => {
          const kind = t(`backup.file.${file.kind}`);
          const label = parts(file.kind) > 1 ? t('backup.file.part', { kind, part: file.part }) : kind;
          const size = formatBytes(file.size, language);
          return file.downloadUrl ? (
            <Button
              key={file.id}
              component="a"
              href={downloadPath(file.downloadUrl)}
              download={file.name}
              size="compact-sm"
              variant="light"
              aria-label={t('backup.file.downloadLabel', { name: file.name, size })}
              data-testid={`download-${file.kind}-${file.part}`}
            >
              {t('backup.file.download', { kind: label, size })}
            </Button>
          ) : null;
        })}
      </Stack>
      {c && expiresAt && (
        <Text size="xs" c={c.urgent ? 'orange' : 'dimmed'} title={f.dateTime(expiresAt)} data-testid="run-countdown">
          {t(c.key, c.params)}
        </Text>
      )}
    </Stack>
  );
}
