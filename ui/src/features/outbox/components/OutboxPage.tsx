import { Badge, Button, Code, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useQuery } from 'urql';
import { OutboxBodyQuery, OutboxQuery } from '../graphql/operations';
import { Empty } from '../../../components/Empty';
import { Page } from '../../../components/Page';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import type { MailMessageStatus, OutboxQuery as OutboxData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useCursorPager } from '../../../lib/useCursorPager';
import { notificationLabel } from '../../notifications/utils/labels';
import { useFormat } from '../../../session/useFormat';

const PAGE_SIZE = 25;
const STATUS_COLOR: Record<MailMessageStatus, string> = { PENDING: 'blue', SENT: 'teal', OUTBOX: 'gray', FAILED: 'red' };

type Message = NonNullable<NonNullable<NonNullable<OutboxData['outbox']['edges']>[number]>['node']>;

/** Emails the server keeps when no SMTP server is configured (BK-16), newest first; each body on demand. */
export function OutboxPage() {
  const { t } = useI18n();
  const pager = useCursorPager();
  const [result, reexecute] = useQuery({ query: OutboxQuery, variables: { first: PAGE_SIZE, after: pager.after }, requestPolicy: 'cache-and-network' });
  return (
    <Page title={t('outbox.title')} description={t('outbox.subtitle')}>
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const messages = (data.outbox.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
          return (
            <Stack gap="sm">
              {messages.length === 0 ? (
                <Empty title={t('outbox.empty')} />
              ) : (
                <>
                  <Text size="sm" c="dimmed">
                    {t('outbox.total', { count: data.outbox.totalCount })}
                  </Text>
                  <OutboxTable messages={messages} />
                </>
              )}
              <Pager page={pager.page} hasNext={data.outbox.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.outbox.pageInfo.endCursor)} />
            </Stack>
          );
        }}
      </QueryResult>
    </Page>
  );
}

function OutboxTable({ messages }: { messages: Message[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const [open, setOpen] = useState<string>();
  return (
    <div className="table-scroll">
      <Table verticalSpacing="xs" miw={820} data-testid="outbox-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('outbox.col.created')}</Table.Th>
            <Table.Th scope="col">{t('outbox.col.to')}</Table.Th>
            <Table.Th scope="col">{t('outbox.col.subject')}</Table.Th>
            <Table.Th scope="col">{t('outbox.col.kind')}</Table.Th>
            <Table.Th scope="col">{t('outbox.col.status')}</Table.Th>
            <Table.Th scope="col">
              <span className="sr-only">{t('outbox.col.body')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {messages.map((m) => {
            const expanded = open === m.id;
            const bodyId = `outbox-body-${m.id}`;
            return (
              <Fragment key={m.id}>
                <Table.Tr data-status={m.status} data-kind={m.kind}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={m.createdAt}>{f.dateTime(m.createdAt)}</time>
                  </Table.Td>
                  <Table.Td>{m.to}</Table.Td>
                  <Table.Td fw={500}>{m.subject}</Table.Td>
                  <Table.Td>{notificationLabel(t, m.kind)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[m.status]} variant="light" style={{ minWidth: 'max-content' }}>
                      {t(`mailStatus.${m.status}`)}
                    </Badge>
                    {m.error && (
                      <Text size="xs" c="red">
                        {m.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => setOpen(expanded ? undefined : m.id)}
                      aria-expanded={expanded}
                      aria-controls={bodyId}
                      aria-label={t('outbox.bodyLabel', { subject: m.subject, to: m.to })}
                      data-testid="outbox-toggle"
                    >
                      {expanded ? t('outbox.hideBody') : t('outbox.showBody')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={bodyId}>
                    <Table.Td colSpan={6} bg="var(--mantine-color-gray-0)">
                      <Body id={m.id} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** A message's body, read when it is opened (the list does not carry bodies). */
function Body({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: OutboxBodyQuery, variables: { id } });
  return (
    <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {(data) => (
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="outbox-body">
          {data.node && 'body' in data.node ? data.node.body : ''}
        </Code>
      )}
    </QueryResult>
  );
}
