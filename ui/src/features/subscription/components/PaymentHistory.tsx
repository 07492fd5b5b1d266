import { Badge, Button, Card as Panel, Code, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { Fragment, useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { PaymentsQuery } from '../graphql/operations';
import { Empty } from '../../../components/Empty';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import { useI18n } from '../../../i18n/I18nProvider';
import { PAYMENT_COLOR, PAYMENT_STATUSES, paymentWhere } from '../utils/billing';
import { brandName } from '../utils/card';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useFormat } from '../../../session/useFormat';
import { planName } from '../utils/labels';
import { LinesTable } from './QuoteView';
import { declineReason } from '../../audit/utils/auditText';
import type { Payment } from '../types';

const PAGE_SIZE = 20;

/** Every payment (SB-13): reference, date, what for, amount, status, card, and its lines on demand. */
export function PaymentHistory({ version }: { version: number }) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  const pager = useCursorPager();
  const { first } = pager;
  useEffect(() => first(), [status, first]);

  const [result, reexecute] = useQuery({
    query: PaymentsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, where: paymentWhere(status) },
    requestPolicy: 'cache-and-network',
  });
  // A payment made elsewhere on the page: read the list again.
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);

  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="payments-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} id="payments-heading">
            {t('payments.title')}
          </Text>
          <SegmentedControl
            size="xs"
            value={status}
            onChange={setStatus}
            aria-label={t('payments.filter')}
            data={[{ value: '', label: t('payments.all') }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`paymentStatus.${s}`) }))]}
            data-testid="payments-filter"
          />
        </Group>
        <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
          {(data) => {
            const payments = (data.payments.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
            return (
              <Stack gap="xs">
                {payments.length === 0 ? <Empty title={status ? t('payments.emptyFiltered') : t('payments.empty')} /> : <PaymentTable payments={payments} />}
                <Pager page={pager.page} hasNext={data.payments.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.payments.pageInfo.endCursor)} />
              </Stack>
            );
          }}
        </QueryResult>
      </Stack>
    </Panel>
  );
}

function PaymentTable({ payments }: { payments: Payment[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const [open, setOpen] = useState<string>();
  return (
    <div className="table-scroll">
      <Table verticalSpacing="xs" miw={760} data-testid="payment-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('payments.col.date')}</Table.Th>
            <Table.Th scope="col">{t('payments.col.reference')}</Table.Th>
            <Table.Th scope="col">{t('payments.col.what')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('payments.col.amount')}
            </Table.Th>
            <Table.Th scope="col">{t('payments.col.status')}</Table.Th>
            <Table.Th scope="col">{t('payments.col.paidWith')}</Table.Th>
            <Table.Th scope="col">
              <span className="sr-only">{t('payments.col.lines')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => {
            const expanded = open === p.id;
            const linesId = `payment-lines-${p.id}`;
            const refund = p.kind === 'REFUND';
            return (
              <Fragment key={p.id}>
                <Table.Tr data-status={p.status}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={p.createdAt}>{f.dateTime(p.createdAt)}</time>
                  </Table.Td>
                  <Table.Td>
                    <Code>{p.reference}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {refund ? t('payments.refund') : t('payments.charge')} · {t('payments.planLabel', { plan: planName(t, p.plan) })}
                    </Text>
                    {p.failureReason && (
                      <Text size="xs" c="red">
                        {declineReason(t, p.failureReason)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {f.money(refund ? -p.amount : p.amount, p.currency)}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={PAYMENT_COLOR[p.status]} variant="light" style={{ minWidth: 'max-content' }}>
                      {t(`paymentStatus.${p.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {p.source === 'CARD' && p.cardLast4 ? `${brandName(p.cardBrand ?? '')} •••• ${p.cardLast4}` : t('payments.balance')}
                    </Text>
                    {p.source === 'CARD' && p.balanceApplied > 0 && (
                      <Text size="xs" c="dimmed">
                        {t('payments.balanceApplied', { amount: f.money(p.balanceApplied, p.currency) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {(p.lines?.length ?? 0) > 0 && (
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setOpen(expanded ? undefined : p.id)}
                        aria-expanded={expanded}
                        aria-controls={linesId}
                        aria-label={t('payments.linesLabel', { reference: p.reference })}
                      >
                        {expanded ? t('payments.hideLines') : t('payments.showLines')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={linesId}>
                    <Table.Td colSpan={7} bg="var(--mantine-color-gray-0)">
                      <LinesTable lines={p.lines ?? []} currency={p.currency} />
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
