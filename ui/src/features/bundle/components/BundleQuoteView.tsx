import { Divider, Group, Stack, Table, Text } from '@mantine/core';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import type { BundleQuote } from '../types';
import { orderedLines } from '../utils/bundle';
import { quoteLineLabel } from '../utils/labels';

/**
 * An upgrade quote (BU-5), itemised: the bundle's price, add-ons, one credit per member
 * subscription for its unused, already-paid period [from, to), the account balance; then what
 * the card pays and what goes to the balance.
 */
export function BundleQuoteView({ quote }: { quote: BundleQuote }) {
  const { t } = useI18n();
  const f = useFormat();
  const lines = orderedLines(quote.lines);
  return (
    <Stack gap="xs" data-testid="bundle-quote">
      <div className="table-scroll">
        <Table verticalSpacing={6} miw={440} data-testid="bundle-quote-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('quote.col.item')}</Table.Th>
              <Table.Th scope="col">{t('quote.col.period')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('quote.col.amount')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={i} data-testid="bundle-quote-line" data-kind={l.kind} data-service={l.service ?? ''}>
                <Table.Td>{quoteLineLabel(t, l)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {l.from && l.to ? t('bundle.line.period', { from: f.date(l.from), to: f.date(l.to) }) : ''}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={l.amount.amount < 0 ? 'teal' : undefined}>
                  <span data-amount>{f.money(l.amount.amount, l.amount.currency)}</span>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Divider />
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700}>{t('quote.totalDue')}</Text>
        <Text size="lg" fw={700} data-testid="bundle-quote-total" style={{ whiteSpace: 'nowrap' }}>
          {f.money(quote.totalDue.amount, quote.totalDue.currency)}
        </Text>
      </Group>
      {quote.toBalance.amount > 0 && (
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{t('bundle.quote.toBalance')}</Text>
          <Text size="sm" data-testid="bundle-quote-to-balance" style={{ whiteSpace: 'nowrap' }}>
            {f.money(quote.toBalance.amount, quote.toBalance.currency)}
          </Text>
        </Group>
      )}
      <Text size="xs" c="dimmed" data-testid="bundle-quote-expires">
        {t('bundle.quote.expiresAt', { time: f.dateTime(quote.expiresAt) })} {t('quote.taxFree')}
      </Text>
    </Stack>
  );
}
