import { Card as Panel, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { BackupLogQuery } from '../graphql/operations';
import { Empty } from '../../../components/Empty';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import { useI18n } from '../../../i18n/I18nProvider';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useFormat } from '../../../session/useFormat';
import { logActionLabel, logSummary } from '../utils/labels';

const PAGE_SIZE = 50;

/** The backup log (BK-19), oldest first: schedules, runs ready, downloads, stops, unit purchases. */
export function BackupLog({ version }: { version: number }) {
  const { t, language } = useI18n();
  const f = useFormat();
  const pager = useCursorPager();
  const [result, reexecute] = useQuery({ query: BackupLogQuery, variables: { first: PAGE_SIZE, after: pager.after } });
  // Something changed on the page (a schedule, a run, a purchase): read the log again.
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);

  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="backup-log-heading" data-testid="backup-log">
      <Stack gap="sm">
        <Stack gap={2}>
          <Text fw={600} id="backup-log-heading">
            {t('backup.log.title')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('backup.log.subtitle')}
          </Text>
        </Stack>
        <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
          {(data) => {
            const events = (data.backupLog.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
            if (events.length === 0) return <Empty title={t('backup.log.empty')} />;
            return (
              <Stack gap="xs">
                <div className="table-scroll">
                  <Table verticalSpacing="xs" striped miw={760} data-testid="backup-log-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('backup.log.col.when')}</Table.Th>
                        <Table.Th scope="col">{t('backup.log.col.who')}</Table.Th>
                        <Table.Th scope="col">{t('backup.log.col.what')}</Table.Th>
                        <Table.Th scope="col">{t('backup.log.col.details')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {events.map((e) => (
                        <Table.Tr key={e.id} data-action={e.action}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            <time dateTime={e.createdAt}>{f.dateTime(e.createdAt)}</time>
                          </Table.Td>
                          <Table.Td>{!e.actorName || e.actorName === 'System' ? t('audit.system') : e.actorName}</Table.Td>
                          <Table.Td fw={500}>{logActionLabel(t, e.action)}</Table.Td>
                          <Table.Td>
                            <Text size="sm">{logSummary(t, f, language, e)}</Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
                <Pager page={pager.page} hasNext={data.backupLog.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.backupLog.pageInfo.endCursor)} />
              </Stack>
            );
          }}
        </QueryResult>
      </Stack>
    </Panel>
  );
}
