import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { ActivateUserMutation, DeactivateUserMutation, DeleteUserMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Empty } from '../../../components/Empty';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { toastDone, toastError } from '../../../components/toast';
import type { UsersQuery as UsersData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { canAdd, type LicenseLike } from '../../subscription/utils/billing';
import { useSignedIn } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';
import { BuyLicensesLink } from './InviteDialog';

export type User = NonNullable<NonNullable<NonNullable<UsersData['users']['edges']>[number]>['node']>;

export function UserTable({ data, licenses, onChanged }: { data: UsersData; licenses?: LicenseLike[]; onChanged(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { viewer, admin } = useSignedIn();
  const users = (data.users.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const [deleting, setDeleting] = useState<User>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState<string>();
  const [, deactivate] = useMutation(DeactivateUserMutation);
  const [, activate] = useMutation(ActivateUserMutation);
  const [{ fetching: deletingBusy }, remove] = useMutation(DeleteUserMutation);

  const run = async (u: User, action: 'deactivate' | 'activate') => {
    setError(undefined);
    setBusy(u.id);
    const res = action === 'deactivate' ? await deactivate({ id: u.id }) : await activate({ id: u.id });
    setBusy(undefined);
    if (res.error) {
      const e = toAppError(res.error);
      // LICENSE_LIMIT and friends need reading: they stay on the page, not in a toast.
      if (e.code === 'LICENSE_LIMIT' || e.code === 'CONFLICT' || e.code === 'VALIDATION') setError(e);
      else toastError(t, res.error);
    } else {
      toastDone(t(action === 'deactivate' ? 'users.deactivated' : 'users.activated', { name: u.name }));
    }
    onChanged();
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const res = await remove({ id: deleting.id });
    if (res.error) toastError(t, res.error);
    else toastDone(t('users.deleted', { name: deleting.name }));
    setDeleting(undefined);
    onChanged();
  };

  if (users.length === 0) return <Empty title={t('users.empty')} />;
  return (
    <Stack gap="xs">
      {error && (
        <div data-testid="users-error">
          <ErrorAlert error={error} />
          {error.code === 'LICENSE_LIMIT' && <BuyLicensesLink />}
        </div>
      )}
      <Text size="sm" c="dimmed">
        {t('users.total', { count: f.number(data.users.totalCount) })}
      </Text>
      <div className="table-scroll">
        <Table striped verticalSpacing="xs" miw={admin ? 960 : 760} data-testid="user-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.col.name')}</Table.Th>
              <Table.Th scope="col">{t('users.col.email')}</Table.Th>
              <Table.Th scope="col">{t('users.col.role')}</Table.Th>
              <Table.Th scope="col">{t('users.col.status')}</Table.Th>
              <Table.Th scope="col">{t('users.col.license')}</Table.Th>
              <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
                {t('users.col.lastSignIn')}
              </Table.Th>
              {admin && (
                <Table.Th scope="col">
                  <span className="sr-only">{t('users.col.actions')}</span>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((u) => {
              const manageable = admin && u.id !== viewer.id && u.role !== 'SUPER_ADMIN';
              const noLicense = u.status === 'DEACTIVATED' && licenses !== undefined && !canAdd(licenses.find((l) => l.kind === u.licenseKind));
              return (
                <Table.Tr key={u.id} data-email={u.email}>
                  <Table.Td fw={500}>{u.name}</Table.Td>
                  <Table.Td className="wrap-anywhere">{u.email}</Table.Td>
                  <Table.Td>{t(`role.${u.role}`)}</Table.Td>
                  <Table.Td>
                    <Badge color={u.status === 'ACTIVE' ? 'teal' : 'gray'} variant="light" style={{ minWidth: 'max-content' }}>
                      {t(`userStatus.${u.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t(`license.${u.licenseKind}`)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{u.lastSignInAt ? <time dateTime={u.lastSignInAt}>{f.dateTime(u.lastSignInAt)}</time> : t('tokens.never')}</Table.Td>
                  {admin && (
                    <Table.Td ta="right">
                      {manageable && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {u.status === 'ACTIVE' ? (
                            <Button size="xs" variant="subtle" loading={busy === u.id} onClick={() => run(u, 'deactivate')} aria-label={t('users.deactivateLabel', { name: u.name })}>
                              {t('users.deactivate')}
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              variant="subtle"
                              loading={busy === u.id}
                              onClick={() => run(u, 'activate')}
                              aria-label={t('users.activateLabel', { name: u.name })}
                              title={noLicense ? t('users.noFreeLicense', { kind: t(`license.${u.licenseKind}`) }) : undefined}
                            >
                              {t('users.activate')}
                            </Button>
                          )}
                          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(u)} aria-label={t('users.deleteLabel', { name: u.name })}>
                            {t('users.delete')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
      <ConfirmDialog
        opened={deleting !== undefined}
        title={deleting ? t('users.deleteTitle', { name: deleting.name }) : ''}
        confirmLabel={t('users.deleteConfirm')}
        busy={deletingBusy}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(undefined)}
      >
        {t('users.deleteBody')}
      </ConfirmDialog>
    </Stack>
  );
}
