import { NativeSelect, Stack } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSignedIn } from '../../../session/SessionProvider';
import { SyncPageQuery, SyncUsersQuery } from '../graphql/operations';
import { clientUsers, nodes, syncFilters } from '../utils/sync';
import { Clients } from './Clients';
import { Conflicts } from './Conflicts';
import { IgnoredItems, Runs } from './History';

// Lists that may start empty hold no row of the type a mutation returns: name the types so
// that urql refetches them after one (a deleted client, a new run).
const SYNC_CONTEXT = { additionalTypenames: ['SyncClient', 'SyncRun', 'SyncItem', 'SyncSetting'] };

/**
 * Mail-client sync (SPEC SY, issue 11 item 8): the signed-in user's clients with an editor for
 * each module's settings and a delete action, the last runs with their counts (SY-7), the items
 * ignored in a previous sync with field and limit and "sync again" (SY-4), conflicts side by
 * side (SY-9). Admins see every user's clients and runs (the API decides) and filter by user.
 */
export function SyncPage() {
  const { t } = useI18n();
  const { viewer, admin } = useSignedIn();
  const [userId, setUserId] = useState('');
  const variables = useMemo(() => syncFilters(userId), [userId]);
  const context = useMemo(() => SYNC_CONTEXT, []);
  const [result, reexecute] = useQuery({ query: SyncPageQuery, variables, context, requestPolicy: 'cache-and-network' });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <Page title={t('sync.title')} description={t('sync.subtitle')} actions={admin ? <UserFilter value={userId} onChange={setUserId} /> : undefined}>
      <QueryResult result={result} retry={refresh}>
        {(data) => (
          <Stack gap="xl">
            <Clients clients={nodes(data.syncClients.edges)} me={viewer.id} onChanged={refresh} />
            <Runs runs={nodes(data.syncRuns.edges)} />
            <IgnoredItems items={nodes(data.ignored.edges)} me={viewer.id} onDone={refresh} />
            <Conflicts items={nodes(data.conflicts.edges)} />
          </Stack>
        )}
      </QueryResult>
    </Page>
  );
}

/** The admin's filter: every user's sync, or one user's (those who have a client). */
function UserFilter({ value, onChange }: { value: string; onChange(id: string): void }) {
  const { t } = useI18n();
  const [result] = useQuery({ query: SyncUsersQuery, context: useMemo(() => SYNC_CONTEXT, []) });
  const users = clientUsers(nodes(result.data?.syncClients.edges));
  return (
    <NativeSelect
      label={t('sync.userFilter')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[{ value: '', label: t('sync.allUsers') }, ...users.map((u) => ({ value: u.id, label: u.name }))]}
      miw={200}
      data-testid="sync-user-filter"
    />
  );
}
