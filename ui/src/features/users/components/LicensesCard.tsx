import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { StackedBarChart } from '../../../charts/StackedBarChart';
import type { LicensesQuery as LicensesData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { licenseBars } from '../../subscription/utils/billing';
import { useFormat } from '../../../session/useFormat';
import { planName } from '../../subscription/utils/labels';
import { KINDS } from '../utils/kinds';

const SERIES_COLORS = { active: '#228be6', deactivated: '#adb5bd', free: '#40c057', over: '#fa5252' } as const;

export function LicensesCard({ data }: { data: LicensesData }) {
  const { t } = useI18n();
  const f = useFormat();
  const sub = data.currentSubscription;
  const bars = KINDS.map((k) => licenseBars(sub.licenses.find((l) => l.kind === k) ?? { kind: k, purchased: 0, held: 0, active: 0, free: 0 }));
  const parts = ['active', 'deactivated', 'free', 'over'] as const;
  const series = parts
    .filter((p) => p !== 'over' || bars.some((b) => b.over > 0))
    .map((p) => ({ label: t(`licenses.part.${p}`), values: bars.map((b) => b[p]), color: SERIES_COLORS[p] }));
  const labels = KINDS.map((k) => t(`license.${k}`));
  const description = `${t('licenses.chart')}: ${bars
    .map((b, i) => `${labels[i]} — ${parts.map((p) => `${t(`licenses.part.${p}`)} ${f.number(b[p])}`).join(', ')}`)
    .join('; ')}`;

  return (
    <Card withBorder radius="md" component="section" aria-labelledby="licenses-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} id="licenses-heading">
            {t('licenses.title')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('licenses.plan', { plan: planName(t, sub.plan.code, sub.plan.name) })}
            {sub.plan.maxUsers > 0 ? ` · ${t('licenses.maxUsers', { max: f.number(sub.plan.maxUsers) })}` : ''}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Table verticalSpacing={4} data-testid="license-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('licenses.kind')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('licenses.purchased')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('licenses.used')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('licenses.free')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {KINDS.map((k) => {
                const l = sub.licenses.find((x) => x.kind === k) ?? { kind: k, purchased: 0, held: 0, active: 0, free: 0 };
                return (
                  <Table.Tr key={k} data-kind={k}>
                    <Table.Th scope="row" fw={500}>
                      {t(`license.${k}`)}
                    </Table.Th>
                    <Table.Td ta="right">{f.number(l.purchased)}</Table.Td>
                    <Table.Td ta="right">
                      {f.number(l.held)}
                      {l.held > l.active && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          {t('licenses.deactivatedNote', { count: f.number(l.held - l.active) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" c={l.purchased > 0 && l.free <= 0 ? 'red' : undefined} fw={l.purchased > 0 && l.free <= 0 ? 600 : undefined} data-testid={`license-free-${k}`}>
                      {f.number(l.free)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <StackedBarChart labels={labels} series={series} description={description} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('licenses.explain')}{' '}
          <Anchor component={Link} href="/subscription" size="xs">
            {t('licenses.buy')}
          </Anchor>
        </Text>
      </Stack>
    </Card>
  );
}
