import { Button, Stack } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { LicensesQuery, SeatsQuery, UsersQuery } from '../graphql/operations';
import { Page } from '../../../components/Page';
import { Pager } from '../../../components/Pager';
import { QueryResult } from '../../../components/QueryResult';
import { useI18n } from '../../../i18n/I18nProvider';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useSignedIn } from '../../../session/SessionProvider';
import { UserTable } from './UserTable';
import { LicensesCard } from './LicensesCard';
import { SeatsCard } from './SeatsCard';
import { InviteDialog } from './InviteDialog';

const PAGE_SIZE = 50;
/** Seats listed with their holders; more are counted, not shown. */
const SEATS_SHOWN = 200;

/** People of the org and their licenses (SB-6, SB-7): invite, deactivate, activate, delete. */
export function UsersPage() {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  const pager = useCursorPager();
  const [result, reexecute] = useQuery({ query: UsersQuery, variables: { first: PAGE_SIZE, after: pager.after } });
  const [licenses, reexecuteLicenses] = useQuery({ query: LicensesQuery, pause: !admin });
  const [seats, reexecuteSeats] = useQuery({ query: SeatsQuery, variables: { first: SEATS_SHOWN }, pause: !admin });
  const [inviting, setInviting] = useState(false);

  // User mutations change license counts too: read both again.
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    if (admin) {
      reexecuteLicenses({ requestPolicy: 'network-only' });
      reexecuteSeats({ requestPolicy: 'network-only' });
    }
  }, [admin, reexecute, reexecuteLicenses, reexecuteSeats]);

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
      {admin && (
        <QueryResult result={seats} retry={() => reexecuteSeats({ requestPolicy: 'network-only' })}>
          {(data) => <SeatsCard data={data} />}
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
