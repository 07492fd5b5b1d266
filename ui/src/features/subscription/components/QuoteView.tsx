import { Divider, Group, Stack, Table, Text } from '@mantine/core';
import { useI18n } from '../../../i18n/I18nProvider';
import { signedAmount } from '../utils/billing';
import { useFormat } from '../../../session/useFormat';
import { lineLabel, lineShareLabel } from '../utils/labels';
import type { Line, Quote } from '../types';

/** The lines of a quote or payment: what, how many, which share of the period, amount (credits negative). */
export function LinesTable({ lines, currency, testId }: { lines: Line[]; currency: string; testId?: string }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <div className="table-scroll">
      <Table verticalSpacing={6} miw={480} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('quote.col.item')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('quote.col.quantity')}
            </Table.Th>
            <Table.Th scope="col">{t('quote.col.period')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('quote.col.amount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l, i) => (
            <Table.Tr key={i} data-kind={l.kind}>
              <Table.Td>{lineLabel(t, l)}</Table.Td>
              <Table.Td ta="right">{f.number(l.quantity)}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {lineShareLabel(t, l, f.number)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={l.kind === 'CREDIT' ? 'teal' : undefined}>
                {f.money(signedAmount(l), currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Total({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text size={strong ? 'lg' : 'sm'} fw={strong ? 700 : 400} data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Group>
  );
}

/** A quote before paying (SB-3): its lines, what the balance covers, what the card pays, the new period. */
export function QuoteView({ quote }: { quote: Quote }) {
  const { t } = useI18n();
  const f = useFormat();
  const cur = quote.totalDue.currency;
  return (
    <Stack gap="xs" data-testid="quote">
      <LinesTable lines={quote.lines} currency={cur} testId="quote-lines" />
      <Divider />
      <Total label={t('quote.subtotal')} value={f.money(quote.subtotal.amount, cur)} />
      {quote.creditApplied.amount > 0 && <Total label={t('quote.creditApplied')} value={f.money(-quote.creditApplied.amount, cur)} />}
      <Total label={t('quote.totalDue')} value={f.money(quote.totalDue.amount, cur)} strong testId="quote-total" />
      {quote.newBalance.amount !== 0 && <Total label={t('quote.newBalance')} value={f.money(quote.newBalance.amount, cur)} />}
      <Text size="xs" c="dimmed">
        {t('quote.period', { start: f.date(quote.periodStart), end: f.date(quote.periodEnd) })} {t('quote.taxFree')}
      </Text>
    </Stack>
  );
}
