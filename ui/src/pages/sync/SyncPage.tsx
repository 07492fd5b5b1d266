import { Badge, Button, Code, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryResult } from '../../components/QueryResult';
import { toastDone, toastError } from '../../components/toast';
import type { SyncPageQuery as SyncData } from '../../gql/graphql';
import { useI18n } from '../../i18n/I18nProvider';
import { useFormat } from '../../session/useFormat';
import { SyncAgainMutation, SyncPageQuery } from './operations';

type Client = NonNullable<NonNullable<NonNullable<SyncData['syncClients']['edges']>[number]>['node']>;
type Run = NonNullable<NonNullable<NonNullable<SyncData['syncRuns']['edges']>[number]>['node']>;
type Ignored = NonNullable<NonNullable<NonNullable<SyncData['ignored']['edges']>[number]>['node']>;
type Conflict = NonNullable<NonNullable<NonNullable<SyncData['conflicts']['edges']>[number]>['node']>;

const nodes = <T,>(edges: ReadonlyArray<{ node?: T | null } | null> | null | undefined): T[] =>
  (edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

/**
 * Mail-client sync (SPEC SY, issue 11): the signed-in user's clients with their per-module
 * settings, the last runs with their counts (SY-7), the items ignored in a previous sync with
 * field and limit and a "sync again" action (SY-4), conflicts side by side (SY-9). Admins see
 * every user's clients and runs (the API decides).
 */
export function SyncPage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: SyncPageQuery, requestPolicy: 'cache-and-network' });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <Page title={t('sync.title')} description={t('sync.subtitle')}>
      <QueryResult result={result} retry={refresh}>
        {(data) => (
          <Stack gap="xl">
            <Clients clients={nodes(data.syncClients.edges)} me={data.me?.id ?? ''} />
            <Runs runs={nodes(data.syncRuns.edges)} />
            <IgnoredItems items={nodes(data.ignored.edges)} onDone={refresh} />
            <Conflicts items={nodes(data.conflicts.edges)} />
          </Stack>
        )}
      </QueryResult>
    </Page>
  );
}

function Clients({ clients, me }: { clients: Client[]; me: string }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('sync.clients')}
      </Title>
      {clients.length === 0 ? (
        <Empty title={t('sync.noClients')} />
      ) : (
        <div className="table-scroll">
          <Table verticalSpacing="xs" miw={720} data-testid="sync-clients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sync.col.client')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.user')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.lastSync')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.settings')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.map((c) => (
                <Table.Tr key={c.id} data-testid="sync-client">
                  <Table.Td fw={500}>{c.name}</Table.Td>
                  <Table.Td>{c.user.id === me ? t('sync.you') : c.user.name}</Table.Td>
                  <Table.Td>{c.lastSyncAt ? <time dateTime={c.lastSyncAt}>{f.dateTime(c.lastSyncAt)}</time> : t('sync.never')}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {nodes(c.settings.edges).map((s) => (
                        <Text size="sm" key={s.id} data-testid={`sync-setting-${s.module}`}>
                          {t(`sync.module.${s.module}`)}:{' '}
                          {s.enabled
                            ? `${t(`sync.direction.${s.direction}`)}, ${t(`sync.mode.${s.mode}`)}` +
                              (s.category ? `, ${t('sync.category', { name: s.category })}` : '') +
                              (s.folders && s.folders.length > 0 ? `, ${t('sync.folders', { names: s.folders.join(', ') })}` : '')
                            : t('sync.off')}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

function Runs({ runs }: { runs: Run[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const cols = ['added', 'updated', 'deleted', 'ignored', 'conflicts', 'refused'] as const;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('sync.runs')}
      </Title>
      {runs.length === 0 ? (
        <Empty title={t('sync.noRuns')} />
      ) : (
        <div className="table-scroll">
          <Table verticalSpacing="xs" miw={820} data-testid="sync-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sync.col.started')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.module')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.direction')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.user')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.state')}</Table.Th>
                {cols.map((c) => (
                  <Table.Th scope="col" key={c} ta="right">
                    {t(`sync.count.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((r) => (
                <Table.Tr key={r.id} data-testid="sync-run" data-state={r.state}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={r.startedAt}>{f.dateTime(r.startedAt)}</time>
                  </Table.Td>
                  <Table.Td>{t(`sync.module.${r.module}`)}</Table.Td>
                  <Table.Td>{t(`sync.direction.${r.direction}`)}</Table.Td>
                  <Table.Td>{r.userName}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={r.state === 'DONE' ? 'teal' : r.state === 'FAILED' ? 'red' : 'blue'} style={{ minWidth: 'max-content' }}>
                      {t(`sync.state.${r.state}`)}
                    </Badge>
                  </Table.Td>
                  {cols.map((c) => (
                    <Table.Td key={c} ta="right" data-testid={`sync-run-${c}`}>
                      {f.number(r[c])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

function IgnoredItems({ items, onDone }: { items: Ignored[]; onDone: () => void }) {
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
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('sync.ignored')}
      </Title>
      {items.length === 0 ? (
        <Empty title={t('sync.noIgnored')} />
      ) : (
        <div className="table-scroll">
          <Table verticalSpacing="xs" miw={720} data-testid="sync-ignored">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sync.col.module')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.item')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.field')}</Table.Th>
                <Table.Th scope="col">{t('sync.col.reason')}</Table.Th>
                <Table.Th scope="col">
                  <span className="sr-only">{t('sync.again')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.id} data-testid="sync-ignored-item">
                  <Table.Td>{t(`sync.module.${i.module}`)}</Table.Td>
                  <Table.Td>
                    <Code>{i.clientItemID}</Code>
                  </Table.Td>
                  <Table.Td data-testid="sync-ignored-field">
                    {i.ignoreField}
                    {i.ignoreLimit ? ` (${t('sync.limit', { limit: i.ignoreLimit })})` : ''}
                  </Table.Td>
                  <Table.Td>{i.reason}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="light" loading={fetching} onClick={() => void syncAgain(i.id)} data-testid="sync-again">
                      {t('sync.again')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

function Conflicts({ items }: { items: Conflict[] }) {
  const { t } = useI18n();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('sync.conflicts')}
      </Title>
      {items.length === 0 ? (
        <Empty title={t('sync.noConflicts')} />
      ) : (
        items.map((i) => {
          const c = (i.conflict ?? {}) as { winner?: string; client?: Record<string, unknown>; crm?: Record<string, unknown> };
          return (
            <Stack key={i.id} gap={4} data-testid="sync-conflict">
              <Group gap="xs">
                <Text fw={500}>{t(`sync.module.${i.module}`)}</Text>
                <Code>{i.clientItemID}</Code>
                <Badge variant="light">{t(c.winner === 'CLIENT' ? 'sync.winnerClient' : 'sync.winnerCRM')}</Badge>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Version title={t('sync.clientVersion')} fields={c.client} />
                <Version title={t('sync.crmVersion')} fields={c.crm} />
              </SimpleGrid>
            </Stack>
          );
        })
      )}
    </Stack>
  );
}

function Version({ title, fields }: { title: string; fields?: Record<string, unknown> }) {
  const entries = Object.entries(fields ?? {}).filter(([, v]) => v !== '' && v !== null && v !== undefined);
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Code block>{entries.map(([k, v]) => `${k}: ${String(v)}`).join('\n')}</Code>
    </Stack>
  );
}
