import { Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { SyncPageQuery } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { conflictRows, readConflict } from '../utils/sync';
import { SyncSection, SyncTable } from './Section';

type Conflict = NonNullable<NonNullable<NonNullable<SyncPageQuery['conflicts']['edges']>[number]>['node']>;

/**
 * Conflicts (SY-9): which side won, and both versions side by side, field by field, the fields
 * that differ marked (a badge and a tint, not colour alone).
 */
export function Conflicts({ items }: { items: Conflict[] }) {
  const { t } = useI18n();
  return (
    <SyncSection title={t('sync.conflicts')} empty={t('sync.noConflicts')} isEmpty={items.length === 0}>
      {items.map((i) => {
        const c = readConflict(i.conflict);
        return (
          <Stack key={i.id} gap={4} data-testid="sync-conflict">
            <Group gap="xs">
              <Text fw={500}>{t(`sync.module.${i.module}`)}</Text>
              <Text size="sm">{i.client.name}</Text>
              <Code>{i.clientItemID}</Code>
              <Badge variant="light">{t(c.winner === 'CLIENT' ? 'sync.winnerClient' : 'sync.winnerCRM')}</Badge>
            </Group>
            <SyncTable
              minWidth={640}
              testId="sync-conflict-fields"
              columns={[
                { label: t('sync.col.field') },
                { label: t('sync.clientVersion') },
                { label: t('sync.crmVersion') },
                { label: t('sync.col.difference'), hidden: true },
              ]}
            >
              {conflictRows(c).map((r) => (
                <Table.Tr key={r.field} data-testid="sync-conflict-row" data-field={r.field} data-differs={r.differs} bg={r.differs ? 'var(--mantine-color-yellow-light)' : undefined}>
                  <Table.Td>
                    <Code>{r.field}</Code>
                  </Table.Td>
                  <Table.Td data-testid="sync-conflict-client" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {r.client}
                  </Table.Td>
                  <Table.Td data-testid="sync-conflict-crm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {r.crm}
                  </Table.Td>
                  <Table.Td ta="right">
                    {r.differs && (
                      <Badge variant="light" color="yellow" data-testid="sync-conflict-differs">
                        {t('sync.differs')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </SyncTable>
          </Stack>
        );
      })}
    </SyncSection>
  );
}
