import { Badge, Button, Code, Table } from '@mantine/core';
import { useMutation } from 'urql';
import { toastDone, toastError } from '../../../components/toast';
import type { SyncPageQuery } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import { SyncAgainMutation } from '../graphql/operations';
import { SyncSection, SyncTable } from './Section';

type Run = NonNullable<NonNullable<NonNullable<SyncPageQuery['syncRuns']['edges']>[number]>['node']>;
type Ignored = NonNullable<NonNullable<NonNullable<SyncPageQuery['ignored']['edges']>[number]>['node']>;

const COUNTS = ['added', 'updated', 'deleted', 'ignored', 'conflicts', 'refused'] as const;

/** The last runs with their counts (SY-7). */
export function Runs({ runs }: { runs: Run[] }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <SyncSection title={t('sync.runs')} empty={t('sync.noRuns')} isEmpty={runs.length === 0}>
      <SyncTable
        minWidth={820}
        testId="sync-runs"
        columns={[
          { label: t('sync.col.started') },
          { label: t('sync.col.module') },
          { label: t('sync.col.direction') },
          { label: t('sync.col.user') },
          { label: t('sync.col.state') },
          ...COUNTS.map((c) => ({ label: t(`sync.count.${c}`), right: true })),
        ]}
      >
        {runs.map((r) => (
          <Table.Tr key={r.id} data-testid="sync-run" data-state={r.state}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <time dateTime={r.startedAt}>{f.dateTime(r.startedAt)}</time>
            </Table.Td>
            <Table.Td>{t(`sync.module.${r.module}`)}</Table.Td>
            <Table.Td>{t(`sync.direction.${r.direction}`)}</Table.Td>
            <Table.Td data-testid="sync-run-user">{r.userName}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={r.state === 'DONE' ? 'teal' : r.state === 'FAILED' ? 'red' : 'blue'} style={{ minWidth: 'max-content' }}>
                {t(`sync.state.${r.state}`)}
              </Badge>
            </Table.Td>
            {COUNTS.map((c) => (
              <Table.Td key={c} ta="right" data-testid={`sync-run-${c}`}>
                {f.number(r[c])}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </SyncTable>
    </SyncSection>
  );
}

/**
 * Items ignored in the previous sync (SY-4): the field over its limit and the limit, and "sync
 * again" once fixed — for the viewer's own items (the API applies an item for its owner only).
 */
export function IgnoredItems({ items, me, onDone }: { items: Ignored[]; me: string; onDone(): void }) {
  const { t } = useI18n();
  const [{ fetching }, again] = useMutation(SyncAgainMutation);
  const syncAgain = async (id: string) => {
    const res = await again({ itemId: id });
    if (res.error) {
      toastError(t, res.error);
      return;
    }
    toastDone(t('sync.againQueued'));
    onDone();
  };
  return (
    <SyncSection title={t('sync.ignored')} empty={t('sync.noIgnored')} isEmpty={items.length === 0}>
      <SyncTable
        minWidth={820}
        testId="sync-ignored"
        columns={[
          { label: t('sync.col.module') },
          { label: t('sync.col.client') },
          { label: t('sync.col.item') },
          { label: t('sync.col.field') },
          { label: t('sync.col.reason') },
          { label: t('sync.again'), hidden: true },
        ]}
      >
        {items.map((i) => (
          <Table.Tr key={i.id} data-testid="sync-ignored-item">
            <Table.Td>{t(`sync.module.${i.module}`)}</Table.Td>
            <Table.Td>{i.client.name}</Table.Td>
            <Table.Td>
              <Code>{i.clientItemID}</Code>
            </Table.Td>
            <Table.Td data-testid="sync-ignored-field">
              {i.ignoreField}
              {i.ignoreLimit ? ` (${t('sync.limit', { limit: i.ignoreLimit })})` : ''}
            </Table.Td>
            <Table.Td>{i.reason}</Table.Td>
            <Table.Td ta="right">
              {i.client.userID === me && (
                <Button size="xs" variant="light" loading={fetching} onClick={() => void syncAgain(i.id)} data-testid="sync-again">
                  {t('sync.again')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </SyncTable>
    </SyncSection>
  );
}
