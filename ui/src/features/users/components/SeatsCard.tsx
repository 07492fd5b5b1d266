import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import type { SeatsQuery as SeatsData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import { KINDS } from '../utils/kinds';

type Seat = NonNullable<NonNullable<NonNullable<SeatsData['licenses']['edges']>[number]>['node']>;

/** The org's licence seats by kind (issue 18): total, assigned, free, and who holds each. */
export function SeatsCard({ data }: { data: SeatsData }) {
  const { t } = useI18n();
  const f = useFormat();
  const seats: Seat[] = (data.licenses.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="seats-heading" data-testid="seats-card">
      <Stack gap="sm">
        <Text fw={600} id="seats-heading">
          {t('seats.title')}
        </Text>
        {KINDS.map((k) => {
          const ofKind = seats.filter((s) => s.kind === k);
          const assigned = ofKind.filter((s) => s.state === 'ASSIGNED');
          return (
            <Stack gap={4} key={k} data-testid={`seats-${k}`}>
              <Group gap="xs">
                <Text fw={500}>{t(`license.${k}`)}</Text>
                <Text size="sm" c="dimmed" data-testid={`seats-summary-${k}`}>
                  {t('seats.summary', { total: ofKind.length, assigned: assigned.length, free: ofKind.length - assigned.length })}
                </Text>
              </Group>
              {assigned.length > 0 && (
                <Table verticalSpacing={2} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('seats.holder')}</Table.Th>
                      <Table.Th scope="col">{t('seats.since')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {assigned.map((s) => (
                      <Table.Tr key={s.id} data-testid="seat-holder">
                        <Table.Td>
                          {s.holder ? `${s.holder.name} <${s.holder.email}>` : t('app.none')}
                          {s.holder?.status === 'DEACTIVATED' && (
                            <Badge ml="xs" size="xs" color="gray" variant="light">
                              {t('seats.deactivated')}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{s.assignedAt ? f.date(s.assignedAt) : t('app.none')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          );
        })}
        {data.licenses.totalCount > seats.length && (
          <Text size="xs" c="dimmed">
            {t('seats.more', { count: data.licenses.totalCount - seats.length })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
