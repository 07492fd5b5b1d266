import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { UsersQuery } from '../api/operations';
import { Empty } from '../components/Empty';
import { Page } from '../components/Page';
import { Pager } from '../components/Pager';
import { QueryResult } from '../components/QueryResult';
import type { UsersQuery as UsersData } from '../gql/graphql';
import { useI18n } from '../i18n/I18nProvider';
import { useCursorPager } from '../lib/useCursorPager';
import { useSignedIn } from '../session/SessionProvider';
import { useFormat } from '../session/useFormat';

const PAGE_SIZE = 50;

export function UsersPage() {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  const pager = useCursorPager();
  const [result, reexecute] = useQuery({ query: UsersQuery, variables: { first: PAGE_SIZE, after: pager.after } });
  return (
    <Page title={t('users.title')} description={t('users.subtitle')}>
      {admin && (
        <Alert variant="light" color="gray" data-testid="users-actions-soon">
          {t('users.actionsSoon')}
        </Alert>
      )}
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => (
          <Stack gap="sm">
            <UserTable data={data} />
            <Pager page={pager.page} hasNext={data.users.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.users.pageInfo.endCursor)} />
          </Stack>
        )}
      </QueryResult>
    </Page>
  );
}

function UserTable({ data }: { data: UsersData }) {
  const { t } = useI18n();
  const f = useFormat();
  const users = (data.users.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (users.length === 0) return <Empty title={t('users.empty')} />;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('users.total', { count: f.number(data.users.totalCount) })}
      </Text>
      <div className="table-scroll">
        <Table striped verticalSpacing="xs" miw={760} data-testid="user-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.col.name')}</Table.Th>
              <Table.Th scope="col">{t('users.col.email')}</Table.Th>
              <Table.Th scope="col">{t('users.col.role')}</Table.Th>
              <Table.Th scope="col">{t('users.col.status')}</Table.Th>
              <Table.Th scope="col">{t('users.col.license')}</Table.Th>
              <Table.Th scope="col">{t('users.col.lastSignIn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td fw={500}>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{t(`role.${u.role}`)}</Table.Td>
                <Table.Td>
                  <Badge color={u.status === 'ACTIVE' ? 'teal' : 'gray'} variant="light">
                    {t(`userStatus.${u.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{t(`license.${u.licenseKind}`)}</Table.Td>
                <Table.Td>{u.lastSignInAt ? f.dateTime(u.lastSignInAt) : t('tokens.never')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
