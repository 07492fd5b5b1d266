import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useI18n } from '../../../i18n/I18nProvider';
import { monthLabel, previewOutcome } from '../utils/backup';
import { useFormat } from '../../../session/useFormat';
import type { Preview } from '../types';

/**
 * What a schedule costs (BK-10), per month from its real dates: backups, those covered by the
 * free backups and the weekly add-on, units needed and their cost, what owned units cover and
 * what is left to pay; then the totals.
 */
export function CostPreview({ preview: p, onBuy }: { preview: Preview; onBuy(units: number): void }) {
  const { t, language } = useI18n();
  const f = useFormat();
  const cur = p.total.currency;
  const money = (n: number) => f.money(n, cur);
  const outcome = previewOutcome(p);
  const sum = (pick: (m: Preview['months'][number]) => number) => p.months.reduce((n, m) => n + pick(m), 0);

  return (
    <Stack gap="xs" data-testid="cost-preview">
      <div className="table-scroll">
        <Table verticalSpacing={6} miw={860} data-testid="cost-preview-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('backup.preview.col.month')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.runs')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.free')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.addOn')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.units')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.cost')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.owned')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('backup.preview.col.due')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.months.map((m) => (
              <Table.Tr key={m.month} data-month={m.month}>
                <Table.Th scope="row" fw={500}>
                  <Text size="sm" fw={500}>
                    {monthLabel(language, m.month)}
                  </Text>
                  {m.runs.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {m.runs.map((r) => f.shortDate(r)).join(language === 'ja' ? '、' : ', ')}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td ta="right">{f.number(m.runs.length)}</Table.Td>
                <Table.Td ta="right">{f.number(m.free)}</Table.Td>
                <Table.Td ta="right">{f.number(m.addOn)}</Table.Td>
                <Table.Td ta="right">{f.number(m.unitsNeeded)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(m.cost.amount)}
                </Table.Td>
                <Table.Td ta="right">{f.number(m.fromOwned)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(m.amountDue.amount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Th scope="row">{t('backup.preview.total')}</Table.Th>
              <Table.Td ta="right">{f.number(sum((m) => m.runs.length))}</Table.Td>
              <Table.Td ta="right">{f.number(sum((m) => m.free))}</Table.Td>
              <Table.Td ta="right">{f.number(sum((m) => m.addOn))}</Table.Td>
              <Table.Td ta="right">{f.number(p.unitsNeeded)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="cost-preview-total">
                {money(p.total.amount)}
              </Table.Td>
              <Table.Td ta="right">{f.number(sum((m) => m.fromOwned))}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="cost-preview-due">
                {money(p.amountDue.amount)}
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </div>
      <Text size="xs" c="dimmed">
        {t('backup.preview.unitPrice', { price: money(p.unitPrice.amount) })} {t('backup.preview.owned', { units: f.number(p.unitsOwned) })}
      </Text>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700}>{t('backup.preview.amountDue')}</Text>
        <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }}>
          {money(p.amountDue.amount)}
        </Text>
      </Group>
      <Alert variant="light" color={outcome.kind === 'due' ? 'orange' : 'teal'} data-testid="cost-preview-outcome" data-kind={outcome.kind}>
        <Stack gap="xs">
          <Text size="sm">
            {outcome.kind === 'covered'
              ? t('backup.preview.covered')
              : outcome.kind === 'owned'
                ? t(outcome.units === 1 ? 'backup.preview.ownedAllOne' : 'backup.preview.ownedAll', { units: f.number(outcome.units) })
                : t(outcome.units === 1 ? 'backup.preview.dueOne' : 'backup.preview.due', { units: f.number(outcome.units), amount: f.money(outcome.amount.amount, outcome.amount.currency) })}
          </Text>
          {outcome.kind === 'due' && (
            <Group>
              <Button size="xs" variant="light" color="orange" onClick={() => onBuy(outcome.units)} data-testid="preview-buy">
                {outcome.units === 1 ? t('backup.preview.buyOne') : t('backup.preview.buy', { units: f.number(outcome.units) })}
              </Button>
            </Group>
          )}
        </Stack>
      </Alert>
    </Stack>
  );
}
