import { Anchor, Badge, Button, Card, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { ActivateUserMutation, DeactivateUserMutation, DeleteUserMutation, InviteUserMutation, LicensesQuery, UsersQuery } from '../graphql/operations';
import { StackedBarChart } from '../../../charts/StackedBarChart';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CopyField } from '../../../components/CopyField';
import { Empty } from '../../../components/Empty';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import { toastDone, toastError } from '../../../components/toast';
import type { LicensesQuery as LicensesData, UserLicenseKind, UserRole, UsersQuery as UsersData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { LANGUAGE_NAMES, LANGUAGES } from '../../../i18n/languages';
import { canAdd, licenseBars, type LicenseLike } from '../../subscription/utils/billing';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useForm } from '../../../lib/useForm';
import { validateInvite, type InviteValues } from '../../../lib/validation';
import { useSignedIn } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';
import { planName } from '../../subscription/utils/labels';

const PAGE_SIZE = 50;
const KINDS: UserLicenseKind[] = ['REGULAR', 'TEAM'];

type User = NonNullable<NonNullable<NonNullable<UsersData['users']['edges']>[number]>['node']>;

/** People of the org and their licenses (SB-6, SB-7): invite, deactivate, activate, delete. */
export function UsersPage() {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  const pager = useCursorPager();
  const [result, reexecute] = useQuery({ query: UsersQuery, variables: { first: PAGE_SIZE, after: pager.after } });
  const [licenses, reexecuteLicenses] = useQuery({ query: LicensesQuery, pause: !admin });
  const [inviting, setInviting] = useState(false);

  // User mutations change license counts too: read both again.
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    if (admin) reexecuteLicenses({ requestPolicy: 'network-only' });
  }, [admin, reexecute, reexecuteLicenses]);

  const usage = licenses.data?.currentSubscription.licenses;
  return (
    <Page
      title={t('users.title')}
      description={t('users.subtitle')}
      actions={
        admin && (
          <Button onClick={() => setInviting(true)} data-testid="invite-open">
            {t('users.invite')}
          </Button>
        )
      }
    >
      {admin && (
        <QueryResult result={licenses} retry={() => reexecuteLicenses({ requestPolicy: 'network-only' })}>
          {(data) => <LicensesCard data={data} />}
        </QueryResult>
      )}
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => (
          <Stack gap="sm">
            <UserTable data={data} licenses={usage} onChanged={refresh} />
            <Pager page={pager.page} hasNext={data.users.pageInfo.hasNextPage} onFirst={pager.first} onNext={() => pager.next(data.users.pageInfo.endCursor)} />
          </Stack>
        )}
      </QueryResult>
      {inviting && <InviteDialog licenses={usage} onClose={() => setInviting(false)} onInvited={refresh} />}
    </Page>
  );
}

const SERIES_COLORS = { active: '#228be6', deactivated: '#adb5bd', free: '#40c057', over: '#fa5252' } as const;

function LicensesCard({ data }: { data: LicensesData }) {
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

function UserTable({ data, licenses, onChanged }: { data: UsersData; licenses?: LicenseLike[]; onChanged(): void }) {
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

function BuyLicensesLink() {
  const { t } = useI18n();
  return (
    <Group mt="xs">
      <Button component={Link} href="/subscription" size="xs" variant="light" data-testid="buy-licenses">
        {t('licenses.buy')}
      </Button>
    </Group>
  );
}

function InviteDialog({ licenses, onClose, onInvited }: { licenses?: LicenseLike[]; onClose(): void; onInvited(): void }) {
  const { t, language } = useI18n();
  const mobile = useMediaQuery('(max-width: 36em)');
  const initial: InviteValues = { name: '', email: '', role: 'STANDARD', licenseKind: 'REGULAR', locale: language };
  const form = useForm(initial, validateInvite);
  const [{ fetching }, invite] = useMutation(InviteUserMutation);
  const [error, setError] = useState<AppError>();
  const [invited, setInvited] = useState<{ name: string; email: string; password: string }>();

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await invite({
      input: { name: v.name.trim(), email: v.email.trim(), role: v.role as UserRole, licenseKind: v.licenseKind as UserLicenseKind, locale: v.locale },
    });
    if (res.data) {
      const u = res.data.inviteUser.user;
      setInvited({ name: u.name, email: u.email, password: res.data.inviteUser.temporaryPassword });
      onInvited();
      return;
    }
    const e = toAppError(res.error);
    const onField = e.code === 'LICENSE_LIMIT' ? {} : fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  const freeOf = (k: UserLicenseKind) => licenses?.find((l) => l.kind === k)?.free;
  const again = () => {
    setInvited(undefined);
    setError(undefined);
    form.reset();
  };

  return (
    <Modal opened onClose={onClose} title={t('invite.title')} size="lg" fullScreen={mobile} closeOnClickOutside={false} closeButtonProps={{ 'aria-label': t('app.close') }}>
      {invited ? (
        <Stack data-testid="invite-done">
          <Text size="sm">{t('invite.doneBody', { name: invited.name, email: invited.email })}</Text>
          <CopyField label={t('invite.password')} value={invited.password} />
          <Text size="xs" c="dimmed">
            {t('invite.passwordOnce')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={again} data-testid="invite-another">
              {t('invite.another')}
            </Button>
            <Button onClick={onClose} data-autofocus>
              {t('invite.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label={t('invite.title')}>
          <Stack gap="sm">
            {error && (
              <div data-testid="invite-error">
                <ErrorAlert error={error} />
                {error.code === 'LICENSE_LIMIT' && (
                  <Stack gap={0} mt="xs">
                    <Text size="sm">{t('invite.licenseLimitHelp')}</Text>
                    <BuyLicensesLink />
                  </Stack>
                )}
              </div>
            )}
            <TextInput label={t('invite.name')} required autoComplete="off" {...form.field('name')} data-testid="invite-name" />
            <TextInput label={t('invite.email')} required type="email" autoComplete="off" {...form.field('email')} data-testid="invite-email" />
            <Group grow align="flex-start" wrap="wrap">
              <NativeSelect
                label={t('invite.role')}
                data={[
                  { value: 'STANDARD', label: t('role.STANDARD') },
                  { value: 'ADMIN', label: t('role.ADMIN') },
                ]}
                {...form.field('role')}
                miw={160}
              />
              <NativeSelect
                label={t('invite.license')}
                data={KINDS.map((k) => {
                  const free = freeOf(k);
                  return { value: k, label: free === undefined ? t(`license.${k}`) : t('invite.licenseOption', { kind: t(`license.${k}`), free: Math.max(0, free) }) };
                })}
                {...form.field('licenseKind')}
                miw={160}
                data-testid="invite-license"
              />
              <NativeSelect label={t('invite.locale')} data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} {...form.field('locale')} miw={120} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('invite.explain')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('app.cancel')}
              </Button>
              <Button type="submit" loading={fetching} data-testid="invite-submit">
                {t('invite.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
