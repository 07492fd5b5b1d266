import { Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { AuditEventsQuery } from '../graphql/operations';
import { Empty } from '../../../components/Empty';
import { Page } from '../../../components/Page';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import type { AuditEventsQuery as AuditData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { AUDIT_FAMILIES, auditWhere, detailsLine } from '../utils/audit';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useFormat } from '../../../session/useFormat';
import { auditActionLabel, auditActor, auditSentence } from '../utils/auditText';
import { logSentence } from '../../backup/utils/labels';

const PAGE_SIZE = 25;

export function AuditLogPage() {
  const { t } = useI18n();
  const [family, setFamily] = useState('');
  const [text, setText] = useState('');
  const [debouncedText] = useDebouncedValue(text, 300);
  const pager = useCursorPager();
  const { first } = pager;

  useEffect(() => first(), [family, debouncedText, first]);

  const [result, reexecute] = useQuery({
    query: AuditEventsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, where: auditWhere(family, debouncedText) },
  });

  return (
    <Page title={t('audit.title')} description={t('audit.subtitle')}>
      <Group align="flex-end" gap="md" role="search">
        <NativeSelect
          label={t('audit.filterFamily')}
          value={family}
          onChange={(e) => setFamily(e.currentTarget.value)}
          data={[{ value: '', label: t('audit.filterAll') }, ...AUDIT_FAMILIES.map((f) => ({ value: f, label: t(`audit.family.${f}`) }))]}
          data-testid="audit-family"
        />
        <TextInput label={t('audit.filterText')} placeholder={t('audit.filterTextHint')} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      </Group>
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => (
          <Stack gap="sm">
            <AuditTable data={data} />
            <Pager page={pager.page} hasNext={data.auditEvents.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.auditEvents.pageInfo.endCursor)} />
          </Stack>
        )}
      </QueryResult>
    </Page>
  );
}

function AuditTable({ data }: { data: AuditData }) {
  const { t, language } = useI18n();
  const f = useFormat();
  const events = (data.auditEvents.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (events.length === 0) return <Empty title={t('audit.empty')} />;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('audit.total', { count: f.number(data.auditEvents.totalCount) })}
      </Text>
      <div className="table-scroll">
        <Table striped highlightOnHover verticalSpacing="xs" miw={760} data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('audit.col.time')}</Table.Th>
              <Table.Th scope="col">{t('audit.col.actor')}</Table.Th>
              <Table.Th scope="col">{t('audit.col.action')}</Table.Th>
              <Table.Th scope="col">{t('audit.col.summary')}</Table.Th>
              <Table.Th scope="col">{t('audit.col.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => {
              const actor = auditActor(t, e);
              const action = auditActionLabel(t, e.action);
              // Issue 17 item 6: worded here in the UI language; the server's English summary only in English.
              const summary = auditSentence(t, f, e) ?? logSentence(t, f, language, e) ?? (language === 'en' ? e.summary : t('audit.text.generic', { actor, action }));
              return (
                <Table.Tr key={e.id} data-action={e.action}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={e.createdAt}>{f.dateTime(e.createdAt)}</time>
                  </Table.Td>
                  <Table.Td data-testid="audit-actor">{actor}</Table.Td>
                  <Table.Td title={e.action} data-testid="audit-action">
                    {action}
                  </Table.Td>
                  <Table.Td data-testid="audit-summary">{summary}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {detailsLine(e.details)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
