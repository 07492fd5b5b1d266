import { Alert, Badge, Card as Panel, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Empty } from '../../../components/Empty';
import { Pager } from '../../../components/Pager';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes, formatDuration, runProgress, runSeconds, STATE_COLOR } from '../utils/backup';
import type { useCursorPager } from '../../../lib/useCursorPager';
import { useFormat } from '../../../session/useFormat';
import type { Run } from '../types';
import { useNow } from '../hooks/useNow';
import { type RunActions, RunDetail, Files } from './RunDetail';

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
