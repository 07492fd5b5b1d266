import { Alert, Badge, Button, Card as Panel, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { CancelBackupRunMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Empty } from '../../../components/Empty';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { toastDone } from '../../../components/toast';
import { Pager } from '../../../components/Pager';
import { useI18n } from '../../../i18n/I18nProvider';
import { countdown, downloadPath, formatBytes, formatDuration, runProgress, runSeconds, STATE_COLOR } from '../utils/backup';
import type { useCursorPager } from '../../../lib/useCursorPager';
import { useFormat } from '../../../session/useFormat';
import type { Run, RunFile } from '../types';
import { useNow } from '../hooks/useNow';

/** The runs, newest first (BK-12): state live, progress, size, duration, cover and the files to download. */
export function RunsCard({
  runs,
  total,
  pager,
  hasNext,
  endCursor,
  live,
  onBuy,
  onChanged,
}: {
  runs: Run[];
  total: number;
  pager: ReturnType<typeof useCursorPager>;
  hasNext: boolean;
  endCursor: string | null;
  live: boolean;
  onBuy(): void;
  /** Called after a run was changed here (skipped): the page reads the runs again. */
  onChanged(): void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const busy = runs.some((r) => runProgress(r) !== undefined);
  // On a phone each run is a card: a wide table would hide the downloads off screen.
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="backup-runs-heading" data-testid="backup-runs">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} id="backup-runs-heading">
            {t('backup.runs.title')}
          </Text>
          {total > 0 && (
            <Text size="sm" c="dimmed">
              {t('backup.runs.total', { count: f.number(total) })}
            </Text>
          )}
        </Group>
        {busy && !live && (
          <Alert variant="light" color="gray" data-testid="runs-offline">
            {t('backup.runs.offline')}
          </Alert>
        )}
        {runs.length === 0 ? <Empty title={t('backup.runs.empty')} /> : phone ? (
          <RunCards runs={runs} onBuy={onBuy} onChanged={onChanged} />
        ) : (
          <RunTable runs={runs} onBuy={onBuy} onChanged={onChanged} />
        )}
        <Pager page={pager.page} hasNext={hasNext} onFirst={pager.first} onNext={() => pager.next(endCursor)} />
      </Stack>
    </Panel>
  );
}

type RunActions = { onBuy(): void; onChanged(): void };

function RunTable({ runs, onBuy, onChanged }: { runs: Run[] } & RunActions) {
  const { t, language } = useI18n();
  const f = useFormat();
  const now = useNow(30_000);
  return (
    <div className="table-scroll">
      <Table verticalSpacing="xs" miw={820} data-testid="run-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('backup.runs.col.when')}</Table.Th>
            <Table.Th scope="col" miw={200}>
              {t('backup.runs.col.state')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('backup.runs.col.size')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('backup.runs.col.duration')}
            </Table.Th>
            <Table.Th scope="col">{t('backup.runs.col.cover')}</Table.Th>
            <Table.Th scope="col">{t('backup.runs.col.files')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => {
            const seconds = runSeconds(r);
            const when = f.dateTime(r.slotAt);
            return (
              <Table.Tr key={r.id} data-run-id={r.id} data-state={r.state}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={r.slotAt}>{when}</time>
                  <Text size="xs" c="dimmed">
                    {r.repeatType === 'IMMEDIATE' ? t('backup.runs.oneOff') : t('backup.runs.scheduled')}
                    {r.requestedByName ? ` · ${t('backup.runs.by', { name: r.requestedByName })}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Badge color={STATE_COLOR[r.state]} variant="light" style={{ minWidth: 'max-content' }} data-testid="run-state">
                      {t(`backup.state.${r.state}`)}
                    </Badge>
                    <RunDetail run={r} when={when} onBuy={onBuy} onChanged={onChanged} />
                  </Stack>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {r.totalBytes > 0 ? formatBytes(r.totalBytes, language) : t('app.none')}
                  {r.state === 'READY' && (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'normal' }}>
                      {t('backup.runs.records', { records: f.number(r.records), attachments: f.number(r.attachments) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {seconds !== undefined ? formatDuration(seconds, language) : t('app.none')}
                </Table.Td>
                <Table.Td style={{ minWidth: '6em' }}>{r.cover ? t(`backup.cover.${r.cover}`) : t('app.none')}</Table.Td>
                <Table.Td>{r.state === 'READY' && r.files && r.files.length > 0 ? <Files run={r} files={r.files} now={now} /> : t('app.none')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function RunCards({ runs, onBuy, onChanged }: { runs: Run[] } & RunActions) {
  const { t, language } = useI18n();
  const f = useFormat();
  const now = useNow(30_000);
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} data-testid="run-list">
      {runs.map((r) => {
        const seconds = runSeconds(r);
        const when = f.dateTime(r.slotAt);
        const facts = [
          r.totalBytes > 0 ? formatBytes(r.totalBytes, language) : undefined,
          seconds !== undefined ? formatDuration(seconds, language) : undefined,
          r.cover ? t(`backup.cover.${r.cover}`) : undefined,
        ].filter(Boolean);
        return (
          <Paper component="li" key={r.id} withBorder radius="md" p="sm" data-run-id={r.id} data-state={r.state}>
            <Stack gap={6}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    <time dateTime={r.slotAt}>{when}</time>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.repeatType === 'IMMEDIATE' ? t('backup.runs.oneOff') : t('backup.runs.scheduled')}
                    {r.requestedByName ? ` · ${t('backup.runs.by', { name: r.requestedByName })}` : ''}
                  </Text>
                </Stack>
                <Badge color={STATE_COLOR[r.state]} variant="light" style={{ minWidth: 'max-content' }} data-testid="run-state">
                  {t(`backup.state.${r.state}`)}
                </Badge>
              </Group>
              <RunDetail run={r} when={when} onBuy={onBuy} onChanged={onChanged} />
              {facts.length > 0 && (
                <Text size="xs" c="dimmed">
                  {facts.join(' · ')}
                </Text>
              )}
              {r.state === 'READY' && r.files && r.files.length > 0 && <Files run={r} files={r.files} now={now} />}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** Under the state: the progress bar while in progress, or what happened. */
function RunDetail({ run: r, when, onBuy, onChanged }: { run: Run; when: string } & RunActions) {
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
function Files({ run, files, now }: { run: Run; files: RunFile[]; now: number }) {
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
