import { Badge, Button, Card, Code, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { APITokensQuery, CreateAPITokenMutation, RevokeAPITokenMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CopyField } from '../../../components/CopyField';
import { Empty } from '../../../components/Empty';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import type { ApiTokensQuery } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { EXPIRY_CHOICES, expiresInDays, tokenStatus } from '../utils/tokens';
import { useForm } from '../../../lib/useForm';
import { validateToken, type TokenValues } from '../../../lib/validation';
import { useFormat } from '../../../session/useFormat';

// An empty list holds no APIToken, so urql's document cache would not know that creating one
// changes it (issue 17 item 2: "No API tokens yet" stayed until a reload): name the type.
const TOKENS_CONTEXT = { additionalTypenames: ['APIToken'] };

type Token = NonNullable<NonNullable<NonNullable<ApiTokensQuery['apiTokens']['edges']>[number]>['node']>;

export function ApiTokensPage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: APITokensQuery, context: TOKENS_CONTEXT });
  return (
    <Page title={t('tokens.title')} description={t('tokens.subtitle')}>
      <CreateTokenForm />
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => <TokenTable tokens={(data.apiTokens.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))} />}
      </QueryResult>
    </Page>
  );
}

const INITIAL: TokenValues = { name: '', expiry: '90' };

function CreateTokenForm() {
  const { t } = useI18n();
  const form = useForm(INITIAL, validateToken);
  const [{ fetching }, create] = useMutation(CreateAPITokenMutation);
  const [error, setError] = useState<AppError>();
  const [created, setCreated] = useState<{ name: string; secret: string }>();

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await create({ input: { name: v.name.trim(), expiresInDays: expiresInDays(v.expiry) } });
    if (res.data) {
      setCreated({ name: res.data.createAPIToken.token.name, secret: res.data.createAPIToken.secret });
      form.reset();
      return;
    }
    const e = toAppError(res.error);
    const onField = fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  return (
    <Card withBorder radius="md" component="section" aria-labelledby="new-token-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fw={600} id="new-token-heading">
            {t('tokens.createTitle')}
          </Text>
          {error && <ErrorAlert error={error} />}
          <Group align="flex-start" gap="md">
            <TextInput label={t('tokens.name')} description={t('tokens.nameHint')} required style={{ flex: '1 1 16rem' }} {...form.field('name')} />
            <NativeSelect label={t('tokens.expiry')} data={EXPIRY_CHOICES.map((c) => ({ value: c, label: t(`tokens.expiry.${c}`) }))} {...form.field('expiry')} />
          </Group>
          <Group>
            <Button type="submit" loading={fetching} data-testid="create-token">
              {t('tokens.create')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={created !== undefined}
        onClose={() => setCreated(undefined)}
        title={created ? t('tokens.secretTitle', { name: created.name }) : ''}
        closeOnClickOutside={false}
        size="lg"
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        {created && (
          <Stack>
            <Text size="sm">{t('tokens.secretBody')}</Text>
            <CopyField label={t('tokens.secretLabel')} value={created.secret} />
            <Group justify="flex-end">
              <Button onClick={() => setCreated(undefined)} data-autofocus>
                {t('tokens.done')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

const STATUS_COLOR = { active: 'teal', revoked: 'gray', expired: 'orange' } as const;

function TokenTable({ tokens }: { tokens: Token[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const [revoking, setRevoking] = useState<Token>();
  const [{ fetching }, revoke] = useMutation(RevokeAPITokenMutation);

  const confirmRevoke = async () => {
    if (!revoking) return;
    const res = await revoke({ id: revoking.id });
    if (res.error) {
      const e = toAppError(res.error);
      toasts.show({ color: 'red', title: t(`error.${e.code}`), message: e.message });
    } else {
      toasts.show({ color: 'teal', message: t('tokens.revoked', { name: revoking.name }) });
    }
    setRevoking(undefined);
  };

  if (tokens.length === 0) return <Empty title={t('tokens.empty')} />;
  return (
    <>
      <div className="table-scroll">
        <Table striped verticalSpacing="xs" miw={820} data-testid="token-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('tokens.col.name')}</Table.Th>
              <Table.Th scope="col">{t('tokens.col.prefix')}</Table.Th>
              <Table.Th scope="col">{t('tokens.col.created')}</Table.Th>
              <Table.Th scope="col">{t('tokens.col.expires')}</Table.Th>
              <Table.Th scope="col">{t('tokens.col.lastUsed')}</Table.Th>
              <Table.Th scope="col">{t('tokens.col.status')}</Table.Th>
              <Table.Th scope="col">
                <span className="sr-only">{t('tokens.col.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((tok) => {
              const status = tokenStatus(tok);
              return (
                <Table.Tr key={tok.id}>
                  <Table.Td fw={500}>{tok.name}</Table.Td>
                  <Table.Td>
                    <Code>{tok.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{f.dateTime(tok.createdAt)}</Table.Td>
                  <Table.Td>{tok.expiresAt ? f.date(tok.expiresAt) : t('tokens.never')}</Table.Td>
                  <Table.Td>{tok.lastUsedAt ? f.relative(tok.lastUsedAt) : t('tokens.never')}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[status]} variant="light">
                      {t(`tokens.status.${status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {status === 'active' && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(tok)} aria-label={t('tokens.revokeLabel', { name: tok.name })}>
                        {t('tokens.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
      <ConfirmDialog
        opened={revoking !== undefined}
        title={revoking ? t('tokens.revokeTitle', { name: revoking.name }) : ''}
        confirmLabel={t('tokens.revokeConfirm')}
        busy={fetching}
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(undefined)}
      >
        {t('tokens.revokeBody')}
      </ConfirmDialog>
    </>
  );
}
