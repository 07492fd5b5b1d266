import { Badge, Button, Card as Panel, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { BillingCycle } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { isPaid, pricePerUser, trialablePlans, yearlySavingPercent } from '../utils/billing';
import { useFormat } from '../../../session/useFormat';
import { featureName, planName } from '../utils/labels';
import type { Overview, Plan } from '../types';

/**
 * The catalogue side by side (SB-1), priced in the org's currency, per user per month for the
 * cycle chosen. Each column offers to choose the plan (the wizard) or try it (SB-2).
 */
export function PlanTable({ plans, overview, onChoose, onTry, trying }: { plans: Plan[]; overview: Overview; onChoose(plan: string): void; onTry(plan: string): void; trying?: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const [cycle, setCycle] = useState<BillingCycle>(overview.cycle);
  const sorted = [...plans].sort((a, b) => a.rank - b.rank);
  const trialable = new Set(trialablePlans(sorted, overview).map((p) => p.code));
  const locked = overview.status === 'LOCKED';
  const limit = (n: number, unit?: string) => (n === 0 ? t('plans.unlimited') : unit ? `${f.number(n)} ${unit}` : f.number(n));

  const row = (label: string, cell: (p: Plan) => React.ReactNode) => (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        {label}
      </Table.Th>
      {sorted.map((p) => (
        <Table.Td key={p.code} ta="center">
          {cell(p)}
        </Table.Td>
      ))}
    </Table.Tr>
  );

  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="plans-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} id="plans-heading">
            {t('plans.title')}
          </Text>
          <SegmentedControl
            size="xs"
            value={cycle}
            onChange={(v) => setCycle(v as BillingCycle)}
            data={[
              { value: 'MONTHLY', label: t('cycle.MONTHLY') },
              { value: 'YEARLY', label: t('cycle.YEARLY') },
            ]}
            aria-label={t('wizard.cycle')}
          />
        </Group>
        <div className="table-scroll">
          <Table verticalSpacing="xs" horizontalSpacing={6} miw={720} withColumnBorders data-testid="plan-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <span className="sr-only">{t('plans.feature')}</span>
                </Table.Th>
                {sorted.map((p) => (
                  <Table.Th key={p.code} scope="col" ta="center" data-plan={p.code}>
                    <Stack gap={2} align="center">
                      <Text fw={700}>{planName(t, p.code, p.name)}</Text>
                      {p.code === overview.plan.code && (
                        <Badge size="xs" variant="light">
                          {t('plans.current')}
                        </Badge>
                      )}
                      {overview.trial?.plan === p.code && (
                        <Badge size="xs" variant="light" color="blue">
                          {t('plans.trying')}
                        </Badge>
                      )}
                    </Stack>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {row(t('plans.price'), (p) => (
                <Stack gap={0} align="center">
                  <Text fw={700}>{isPaid(p) ? f.money(pricePerUser(p, cycle).amount, pricePerUser(p, cycle).currency) : t('plans.free')}</Text>
                  {isPaid(p) && (
                    <Text size="xs" c="dimmed">
                      {t('plans.perUserMonthShort')}
                      {cycle === 'YEARLY' && yearlySavingPercent(p) > 0 ? ` · ${t('plans.save', { percent: yearlySavingPercent(p) })}` : ''}
                    </Text>
                  )}
                </Stack>
              ))}
              {row(t('plans.teamPrice'), (p) => (isPaid(p) ? f.money(pricePerUser(p, cycle, 'TEAM').amount, pricePerUser(p, cycle, 'TEAM').currency) : t('app.none')))}
              {row(t('plans.maxUsers'), (p) => limit(p.maxUsers))}
              {row(t('plans.records'), (p) => limit(p.recordLimit))}
              {row(t('plans.storage'), (p) => t('plans.gb', { n: f.number(p.storageGB) }))}
              {row(t('plans.backups'), (p) => (p.freeBackupsPerMonth === 0 ? t('plans.backupsUnitsOnly') : f.number(p.freeBackupsPerMonth)))}
              {row(t('plans.features'), (p) => {
                const prev = sorted.filter((q) => q.rank < p.rank).at(-1);
                const added = prev ? p.features.filter((x) => !prev.features.includes(x)) : p.features;
                return (
                  <Stack gap={2} align="flex-start">
                    {prev && (
                      <Text size="xs" c="dimmed">
                        {t('plans.everythingIn', { plan: planName(t, prev.code, prev.name) })}
                      </Text>
                    )}
                    {added.map((x) => (
                      <Text size="xs" key={x} ta="left">
                        ✓ {featureName(t, x)}
                      </Text>
                    ))}
                  </Stack>
                );
              })}
              <Table.Tr>
                <Table.Th scope="row">
                  <span className="sr-only">{t('plans.actions')}</span>
                </Table.Th>
                {sorted.map((p) => (
                  <Table.Td key={p.code} ta="center">
                    <Stack gap={6} align="center">
                      {isPaid(p) && (p.code !== overview.plan.code || !locked) && (
                        <Button
                          size="xs"
                          variant={p.code === overview.plan.code ? 'default' : 'filled'}
                          onClick={() => onChoose(p.code)}
                          aria-label={t('plans.chooseLabel', { plan: planName(t, p.code, p.name) })}
                          data-testid={`choose-${p.code}`}
                        >
                          {p.code === overview.plan.code ? t('plans.adjust') : t('plans.choose')}
                        </Button>
                      )}
                      {trialable.has(p.code) && (
                        <Button
                          size="xs"
                          variant="light"
                          loading={trying === p.code}
                          onClick={() => onTry(p.code)}
                          aria-label={t('trial.tryLabel', { plan: planName(t, p.code, p.name) })}
                          data-testid={`try-${p.code}`}
                        >
                          {t('trial.try')}
                        </Button>
                      )}
                    </Stack>
                  </Table.Td>
                ))}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
    </Panel>
  );
}
