import { Badge, Card as Panel, Stack, Table, Text, Title } from '@mantine/core';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import type { Member } from '../types';
import { ACCESS_COLOR, SERVICES } from '../utils/bundle';
import { serviceName } from '../utils/labels';

/** BU-1, BU-3, BU-4: each member service, how the org reaches it now, and its own subscription (super admin, period, paid). */
export function MembersCard({ members }: { members: Member[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const sorted = [...members].sort((a, b) => SERVICES.indexOf(a.service) - SERVICES.indexOf(b.service));
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="bundle-members-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="bundle-members-heading">
          {t('bundle.members.title')}
        </Title>
        <div className="table-scroll">
          <Table verticalSpacing={6} miw={640} data-testid="bundle-members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('bundle.members.col.service')}</Table.Th>
                <Table.Th scope="col">{t('bundle.members.col.access')}</Table.Th>
                <Table.Th scope="col">{t('bundle.members.col.superAdmin')}</Table.Th>
                <Table.Th scope="col">{t('bundle.members.col.subscription')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('bundle.members.col.paid')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((m) => {
                const s = m.subscription;
                return (
                  <Table.Tr key={m.service} data-testid="bundle-member" data-service={m.service} data-access={m.access}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {serviceName(t, m.service, m.name)}
                      </Text>
                      {!s && (
                        <Text size="xs" c="dimmed">
                          {m.hasFreeEdition ? t('bundle.members.freeEdition') : t('bundle.members.noFreeEdition')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={ACCESS_COLOR[m.access]} variant="light" data-testid="bundle-access" style={{ whiteSpace: 'nowrap' }}>
                        {t(`bundle.access.${m.access}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td data-testid="bundle-super-admin">
                      {s ? (
                        <>
                          <Text size="sm">{s.superAdmin.name}</Text>
                          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                            {s.superAdmin.email}
                          </Text>
                        </>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('app.none')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {s ? (
                        <>
                          <Text size="sm">{t('bundle.members.plan', { cycle: t(`cycle.${s.cycle}`), users: f.number(s.users) })}</Text>
                          <Text size="xs" c="dimmed">
                            {t('bundle.members.period', { start: f.date(s.periodStart), end: f.date(s.periodEnd) })}
                          </Text>
                          {s.endedAt && (
                            <Text size="xs" c="dimmed">
                              {t('bundle.members.endedAt', { date: f.date(s.endedAt) })}
                            </Text>
                          )}
                        </>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('bundle.members.notPaid')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {s ? <span data-amount>{f.money(s.paid.amount, s.paid.currency)}</span> : t('app.none')}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
    </Panel>
  );
}
