import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { BackupEventsSubscription, BackupNowMutation, BackupPageQuery, BackupRunsQuery } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { isInProgress, needsReload } from '../utils/backup';
import { pruneLiveRuns, upsertRun, withLiveRuns, type LiveRuns } from '../utils/runs';
import type { BackupRunFieldsFragment } from '../../../gql/graphql';
import { useCursorPager } from '../../../lib/useCursorPager';
import { useLiveSubscription, useNotificationCentre } from '../../notifications/components/NotificationsProvider';
import { useSignedIn } from '../../../session/SessionProvider';
import { BackupChart } from './BackupChart';
import { BackupLog } from './BackupLog';
import { RunsCard } from './RunsCard';
import { ScheduleCard } from './ScheduleCard';
import { SummaryCard } from './SummaryCard';
import { BuyUnitsDialog, GiveBackDialog, UnitsCard } from './UnitsCard';

const RUNS_PAGE = 20;
/** While a run is in progress and the live socket is down, the list is read again this often. */
const POLL_MS = 5_000;

/** The data backup page (SPEC BK): summary, schedule with its cost, runs live, units, chart and log. */
export function BackupPage() {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  // BK-1: admins only. The server refuses the others anyway; one notice instead of an error per part.
  if (!admin) {
    return (
      <Page title={t('backup.title')} description={t('backup.subtitle')}>
        <ErrorAlert error={{ code: 'FORBIDDEN', message: '', details: {} }} />
      </Page>
    );
  }
  return <BackupContent />;
}

function BackupContent() {
  const { t } = useI18n();
  const { org } = useSignedIn();
  const { status } = useNotificationCentre();
  const [page, reexecutePage] = useQuery({ query: BackupPageQuery });
  const pager = useCursorPager();
  const [runsResult, reexecuteRuns] = useQuery({ query: BackupRunsQuery, variables: { first: RUNS_PAGE, after: pager.after } });
  const [logVersion, setLogVersion] = useState(0);
  const [liveRuns, setLiveRuns] = useState<LiveRuns<BackupRunFieldsFragment>>({});
  const [buying, setBuying] = useState<number>();
  const [givingBack, setGivingBack] = useState(false);
  const [{ fetching: startingNow }, backupNow] = useMutation(BackupNowMutation);

  const refresh = useCallback(() => {
    reexecutePage({ requestPolicy: 'network-only' });
    reexecuteRuns({ requestPolicy: 'network-only' });
    setLogVersion((v) => v + 1);
  }, [reexecutePage, reexecuteRuns]);

  // Events come in bursts (queued, archived, ready within a second): one read for a burst.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(refresh, 150);
  }, [refresh]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const serverRuns = useMemo(() => (runsResult.data?.backupRuns.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])), [runsResult.data]);
  const runs = useMemo(() => withLiveRuns(serverRuns, liveRuns), [serverRuns, liveRuns]);
  const known = useRef(new Set<string>());
  known.current = new Set(serverRuns.map((r) => r.id));

  // BK-20: state and progress of each run as it happens, without reloading the page: each event
  // carries its run, kept by id (issue 10 move 7).
  useLiveSubscription(BackupEventsSubscription, {}, (d) => {
    const ev = d.backupEvents;
    setLiveRuns((l) => upsertRun(l, ev.run));
    if (needsReload(ev, known.current)) refreshSoon();
  });
  // The server's list caught up with what the events said: the live copies are no longer needed.
  useEffect(() => setLiveRuns((l) => pruneLiveRuns(l, serverRuns)), [serverRuns]);

  // Back online after a disconnection: events may have been missed.
  const lastStatus = useRef(status);
  useEffect(() => {
    if (lastStatus.current === 'reconnecting' && status === 'live') refresh();
    lastStatus.current = status;
  }, [status, refresh]);

  // Without the live socket, a run in progress is followed by reading the list again.
  const busy = runs.some((r) => isInProgress(r.state));
  useEffect(() => {
    if (!busy || status === 'live') return;
    const id = setInterval(refresh, POLL_MS);
    return () => clearInterval(id);
  }, [busy, status, refresh]);

  /** A one-off backup now (BK-7); the answer's error for the button that asked. */
  const onBackupNow = async (): Promise<AppError | undefined> => {
    const res = await backupNow({});
    if (!res.data) return toAppError(res.error);
    toastDone(t('backup.now.queued'));
    refresh();
    return undefined;
  };

  const summary = page.data?.backupSummary;
  const billing = page.data?.currentSubscription;

  return (
    <Page
      title={t('backup.title')}
      description={t('backup.subtitle')}
>
      <QueryResult result={page} retry={() => reexecutePage({ requestPolicy: 'network-only' })}>
        {(data) => (
          <Stack gap="lg">
            <Text size="xs" c="dimmed">
              {t('backup.timeZone', { zone: data.backupSummary.timeZone || org.timeZone })}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <SummaryCard summary={data.backupSummary} onBackupNow={onBackupNow} startingNow={startingNow} onBuy={() => setBuying(1)} />
              <UnitsCard summary={data.backupSummary} billing={data.currentSubscription} onBuy={() => setBuying(1)} onGiveBack={() => setGivingBack(true)} />
            </SimpleGrid>
            <ScheduleCard summary={data.backupSummary} onChanged={refresh} onBackupNow={onBackupNow} startingNow={startingNow} onBuy={setBuying} />
          </Stack>
        )}
      </QueryResult>
      <QueryResult result={runsResult} retry={() => reexecuteRuns({ requestPolicy: 'network-only' })}>
        {(data) => (
          <Stack gap="lg">
            <RunsCard
              runs={runs}
              total={data.backupRuns.totalCount}
              pager={pager}
              hasNext={data.backupRuns.pageInfo.hasNextPage}
              endCursor={data.backupRuns.pageInfo.endCursor ?? null}
              live={status === 'live'}
              onBuy={() => setBuying(1)}
              onChanged={refresh}
            />
            <BackupChart runs={runs} />
          </Stack>
        )}
      </QueryResult>
      <BackupLog version={logVersion} />
      {buying !== undefined && summary && billing && (
        <BuyUnitsDialog
          initialUnits={buying}
          unitPrice={summary.unitPrice}
          card={billing.card}
          onClose={() => setBuying(undefined)}
          onDone={() => {
            setBuying(undefined);
            refresh();
          }}
          onPaymentFailed={refresh}
        />
      )}
      {givingBack && summary && (
        <GiveBackDialog
          unitsLeft={summary.unitsLeft}
          unitPrice={summary.unitPrice}
          onClose={() => setGivingBack(false)}
          onDone={() => {
            setGivingBack(false);
            refresh();
          }}
        />
      )}
    </Page>
  );
}
