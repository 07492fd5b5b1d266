import { Alert, Badge, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Empty } from '../../../components/Empty';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import type { EmailsQuery as EmailsData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useFormat } from '../../../session/useFormat';
import { EmailsQuery } from '../graphql/operations';
import { emailsWhere, MODULE_FILTERS, NO_FILTERS, personName, rangeInverted, type EmailFilters, type ModuleFilter } from '../utils/filters';

const PAGE_SIZE = 25;
// Emails added while the page is open (by a plug-in, the dropbox) show on the next fetch.
const EMAILS_CONTEXT = { additionalTypenames: ['Email'] };

type Email = NonNullable<NonNullable<NonNullable<EmailsData['emails']['edges']>[number]>['node']>;

/** EM-1…EM-4: the emails added to records, newest first, filtered by module and date range. */
export function EmailList() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<EmailFilters>(NO_FILTERS);
  const pager = useCursorPager();
  const where = useMemo(() => emailsWhere(filters), [filters]);
  const [result, reexecute] = useQuery({
    query: EmailsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, where },
    context: EMAILS_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const change = (next: Partial<EmailFilters>) => {
    setFilters((f) => ({ ...f, ...next }));
    pager.first();
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="emails-list-heading">
      <Text fw={600} id="emails-list-heading">
        {t('emails.list.title')}
      </Text>
      <Group align="flex-end" gap="md">
        <NativeSelect
          label={t('emails.filter.module')}
          data={MODULE_FILTERS.map((m) => ({ value: m, label: t(`emails.filter.module.${m}`) }))}
          value={filters.module}
          onChange={(e) => change({ module: e.currentTarget.value as ModuleFilter })}
          data-testid="emails-filter-module"
        />
        <TextInput type="date" label={t('emails.filter.from')} value={filters.from} onChange={(e) => change({ from: e.currentTarget.value })} data-testid="emails-filter-from" />
        <TextInput type="date" label={t('emails.filter.to')} value={filters.to} onChange={(e) => change({ to: e.currentTarget.value })} data-testid="emails-filter-to" />
      </Group>
      {rangeInverted(filters) && (
        <Alert color="orange" role="status">
          {t('emails.filter.inverted')}
        </Alert>
      )}
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const emails = (data.emails.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
          return (
            <Stack gap="sm">
              {emails.length === 0 ? (
                <Empty title={t(where ? 'emails.list.emptyFiltered' : 'emails.list.empty')} />
              ) : (
                <>
                  <Text size="sm" c="dimmed">
                    {t('emails.list.total', { count: data.emails.totalCount })}
                  </Text>
                  <EmailTable emails={emails} />
                </>
              )}
              <Pager page={pager.page} hasNext={data.emails.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.emails.pageInfo.endCursor)} />
            </Stack>
          );
        }}
      </QueryResult>
    </Stack>
  );
}

function EmailTable({ emails }: { emails: Email[] }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <div className="table-scroll">
      <Table verticalSpacing="xs" miw={820} data-testid="emails-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('emails.col.date')}</Table.Th>
            <Table.Th scope="col">{t('emails.col.subject')}</Table.Th>
            <Table.Th scope="col">{t('emails.col.direction')}</Table.Th>
            <Table.Th scope="col">{t('emails.col.records')}</Table.Th>
            <Table.Th scope="col">{t('emails.col.case')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {emails.map((m) => (
            <Table.Tr key={m.id} data-testid="email-row" data-direction={m.direction}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={m.sentAt}>{f.dateTime(m.sentAt)}</time>
              </Table.Td>
              <Table.Td>
                <Text fw={500} size="sm">
                  {m.subject || t('emails.noSubject')}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.fromAddress}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={m.direction === 'OUTGOING' ? 'grape' : 'blue'} style={{ minWidth: 'max-content' }}>
                  {t(`emails.direction.${m.direction}`)}
                </Badge>
              </Table.Td>
              <Table.Td data-testid="email-records">
                <Records email={m} />
              </Table.Td>
              <Table.Td data-testid="email-case">{m.supportCase ? m.supportCase.subject : t('app.none')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Records({ email }: { email: Email }) {
  const { t } = useI18n();
  const items = [
    ...(email.leads ?? []).map((p) => ({ key: `l${p.id}`, kind: t('emails.record.lead'), name: personName(p) })),
    ...(email.contacts ?? []).map((p) => ({ key: `c${p.id}`, kind: t('emails.record.contact'), name: personName(p) })),
    ...(email.deals ?? []).map((d) => ({ key: `d${d.id}`, kind: t('emails.record.deal'), name: d.name })),
  ];
  if (items.length === 0) return <>{t('app.none')}</>;
  return (
    <Stack gap={2}>
      {items.map((r) => (
        <Text size="sm" key={r.key} data-testid="email-record">
          <Text span c="dimmed" size="xs">
            {r.kind}
          </Text>{' '}
          {r.name}
        </Text>
      ))}
    </Stack>
  );
}
