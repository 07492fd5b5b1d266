import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { toastDone, toastError } from '../../../components/toast';
import type { SyncPageQuery, SyncSettingFieldsFragment } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import { DeleteSyncClientMutation } from '../graphql/operations';
import { nodes } from '../utils/sync';
import { SettingsEditor } from './SettingsEditor';
import { SyncSection, SyncTable } from './Section';

export type Client = NonNullable<NonNullable<NonNullable<SyncPageQuery['syncClients']['edges']>[number]>['node']>;

/**
 * The clients (the viewer's; an admin's: every user's, or the filtered user's), each module's
 * settings with an editor, and deleting a client after a confirmation (issue 11 item 8).
 */
export function Clients({ clients, me, onChanged }: { clients: Client[]; me: string; onChanged(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const [editing, setEditing] = useState<{ client: Client; setting: SyncSettingFieldsFragment }>();
  const [deleting, setDeleting] = useState<Client>();
  const [{ fetching }, remove] = useMutation(DeleteSyncClientMutation);

  const confirmDelete = async () => {
    if (!deleting) return;
    const res = await remove({ id: deleting.id });
    if (res.error) {
      toastError(t, res.error);
      return;
    }
    toastDone(t('sync.deleted', { name: deleting.name }));
    setDeleting(undefined);
    onChanged();
  };

  return (
    <SyncSection title={t('sync.clients')} empty={t('sync.noClients')} isEmpty={clients.length === 0}>
      <SyncTable
        minWidth={820}
        testId="sync-clients"
        columns={[
          { label: t('sync.col.client') },
          { label: t('sync.col.user') },
          { label: t('sync.col.lastSync') },
          { label: t('sync.col.settings') },
          { label: t('sync.col.actions'), hidden: true },
        ]}
      >
        {clients.map((c) => (
          <Table.Tr key={c.id} data-testid="sync-client">
            <Table.Td fw={500}>{c.name}</Table.Td>
            <Table.Td data-testid="sync-client-user">{c.user.id === me ? t('sync.you') : c.user.name}</Table.Td>
            <Table.Td>{c.lastSyncAt ? <time dateTime={c.lastSyncAt}>{f.dateTime(c.lastSyncAt)}</time> : t('sync.never')}</Table.Td>
            <Table.Td>
              <Stack gap={2}>
                {nodes(c.settings.edges).map((s) => (
                  <Group key={s.id} gap="xs" wrap="nowrap" justify="space-between">
                    <Text size="sm" data-testid={`sync-setting-${s.module}`}>
                      {t(`sync.module.${s.module}`)}:{' '}
                      {s.enabled
                        ? `${t(`sync.direction.${s.direction}`)}, ${t(`sync.mode.${s.mode}`)}` +
                          (s.category ? `, ${t('sync.category', { name: s.category })}` : '') +
                          (s.folders && s.folders.length > 0 ? `, ${t('sync.folders', { names: s.folders.join(', ') })}` : '')
                        : t('sync.off')}
                    </Text>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setEditing({ client: c, setting: s })}
                      aria-label={t('sync.editSettingsLabel', { module: t(`sync.module.${s.module}`), client: c.name })}
                      data-testid={`sync-edit-${s.module}`}
                    >
                      {t('sync.editSettings')}
                    </Button>
                  </Group>
                ))}
              </Stack>
            </Table.Td>
            <Table.Td ta="right">
              <Button size="xs" variant="light" color="red" onClick={() => setDeleting(c)} aria-label={t('sync.deleteLabel', { name: c.name })} data-testid="sync-delete">
                {t('sync.delete')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </SyncTable>
      {editing && (
        <SettingsEditor
          client={editing.client}
          setting={editing.setting}
          onClose={() => {
            setEditing(undefined);
            onChanged();
          }}
        />
      )}
      <ConfirmDialog
        opened={deleting !== undefined}
        title={t('sync.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('sync.deleteConfirm')}
        busy={fetching}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(undefined)}
      >
        {t('sync.deleteBody')}
      </ConfirmDialog>
    </SyncSection>
  );
}
