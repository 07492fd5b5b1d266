import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSignedIn } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';
import { CancelBundleMutation, ExtendBundleTrialMutation, StartBundleTrialMutation } from '../graphql/operations';
import type { SuiteBundle } from '../types';
import { adminsDiffer, choices, countdownColor, inTrial, STATE_COLOR, type WhomToAsk } from '../utils/bundle';
import { serviceName } from '../utils/labels';

/**
 * Where the bundle stands and what the org may do: start the trial (BU-2: refused, with whom to
 * ask, when the paid services have different super admins), the countdown (BU-3), and the
 * choices before it ends (BU-4): upgrade now, extend once, cancel after a confirmation.
 */
export function StatusCard({ bundle: b, onUpgrade, onChanged }: { bundle: SuiteBundle; onUpgrade(): void; onChanged(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { org, viewer } = useSignedIn();
  const [error, setError] = useState<AppError>();
  const [asks, setAsks] = useState<WhomToAsk[]>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [{ fetching: starting }, start] = useMutation(StartBundleTrialMutation);
  const [{ fetching: extending }, extend] = useMutation(ExtendBundleTrialMutation);
  const [{ fetching: cancelling }, cancel] = useMutation(CancelBundleMutation);
  const can = choices(b);

  const run = async (send: () => Promise<{ data?: unknown; error?: unknown }>, done: string) => {
    setError(undefined);
    setAsks(undefined);
    const res = await send();
    if (res.data) {
      toastDone(done);
      onChanged();
      return true;
    }
    const e = toAppError(res.error);
    const differ = adminsDiffer(e, b.blockers, viewer.id);
    if (differ) setAsks(differ);
    else setError(e);
    return false;
  };

  const onStart = () => run(() => start({}), t('bundle.trial.started'));
  const onExtend = () => run(() => extend({}), t('bundle.extend.done', { days: f.number(b.extensionDays) }));
  const onCancel = async () => {
    await run(() => cancel({}), t('bundle.cancel.done'));
    setConfirmCancel(false);
  };
  // Before anyone clicks: the blockers the server already knows (BU-2).
  const shownAsks = asks ?? (can.startTrial && !b.canStartTrial && b.blockers.length > 0 ? adminsDiffer({ code: 'FORBIDDEN', details: { reason: 'BUNDLE_ADMINS_DIFFER' } }, b.blockers) : undefined);

  return (
    <Stack gap="sm" data-testid="bundle-status" data-state={b.state}>
      <Group gap="sm">
        <Text size="sm" c="dimmed">
          {t('bundle.state.label')}
        </Text>
        <Badge color={STATE_COLOR[b.state]} variant="light" data-testid="bundle-state">
          {t(`bundle.state.${b.state}`)}
        </Badge>
      </Group>

      {can.startTrial && (
        <Alert variant="light" color="blue" title={t('bundle.trial.offerTitle')} data-testid="bundle-offer">
          <Stack gap="xs">
            <Text size="sm">{t('bundle.trial.offerBody')}</Text>
            <Group>
              <Button size="sm" onClick={onStart} loading={starting} data-testid="bundle-start-trial">
                {t('bundle.trial.start')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {shownAsks && <AskFirst asks={shownAsks} refused={asks !== undefined} />}

      {inTrial(b.state) && (
        <Alert variant="light" color={countdownColor(b.daysLeft)} title={t('bundle.trial.daysLeft', { days: b.daysLeft ?? 0 })} data-testid="bundle-countdown" data-days-left={b.daysLeft ?? ''}>
          <Text size="sm">{t('bundle.trial.endsAt', { date: f.dateTime(b.trialEndsAt), zone: org.timeZone })}</Text>
          {b.state === 'EXTENDED' && (
            <Text size="sm" mt={4}>
              {t('bundle.trial.extendedOnce')}
            </Text>
          )}
        </Alert>
      )}
      {b.state === 'EXPIRED' && (
        <Alert variant="light" color="orange" title={t('bundle.expired.title')} data-testid="bundle-expired">
          <Text size="sm">{t('bundle.expired.body', { date: f.dateTime(b.trialEndsAt) })}</Text>
        </Alert>
      )}
      {b.state === 'CANCELLED' && (
        <Text size="sm" data-testid="bundle-cancelled">
          {t('bundle.cancelled.body')}
        </Text>
      )}

      {(can.upgrade || can.extend || can.cancel) && (
        <Group gap="sm" data-testid="bundle-choices">
          {can.upgrade && (
            <Button onClick={onUpgrade} data-testid="bundle-upgrade">
              {t('bundle.choice.upgrade')}
            </Button>
          )}
          {can.extend && (
            <Button variant="default" onClick={onExtend} loading={extending} data-testid="bundle-extend">
              {t('bundle.choice.extend', { days: f.number(b.extensionDays) })}
            </Button>
          )}
          {can.cancel && (
            <Button variant="subtle" color="red" onClick={() => setConfirmCancel(true)} data-testid="bundle-cancel">
              {t('bundle.choice.cancel')}
            </Button>
          )}
        </Group>
      )}
      {error && (
        <div data-testid="bundle-error">
          <ErrorAlert error={error} />
        </div>
      )}
      <ConfirmDialog
        opened={confirmCancel}
        title={t('bundle.cancel.confirmTitle')}
        confirmLabel={t('bundle.cancel.confirm')}
        busy={cancelling}
        onConfirm={onCancel}
        onCancel={() => setConfirmCancel(false)}
      >
        {t('bundle.cancel.confirmBody')}
      </ConfirmDialog>
    </Stack>
  );
}

/** BU-2: the paid services whose super admin is someone else, and whom to ask to unify them first. */
function AskFirst({ asks, refused }: { asks: WhomToAsk[]; refused: boolean }) {
  const { t } = useI18n();
  return (
    <Alert variant="light" color="orange" title={t(refused ? 'bundle.differ.refused' : 'bundle.differ.title')} role={refused ? 'alert' : undefined} data-testid="bundle-admins-differ" data-refused={refused}>
      <Stack gap="xs">
        <Text size="sm">{t('bundle.differ.body')}</Text>
        <Stack gap={2} component="ul" style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
          {asks.map((a) => (
            <Text component="li" size="sm" key={a.service} data-testid="bundle-ask" data-service={a.service} data-self={a.self ?? false}>
              {a.self
                ? t('bundle.differ.you', { service: serviceName(t, a.service) })
                : a.name
                ? t('bundle.differ.ask', { service: serviceName(t, a.service), admin: a.email ? `${a.name} (${a.email})` : a.name })
                : t('bundle.differ.askUnknown', { service: serviceName(t, a.service) })}
            </Text>
          ))}
        </Stack>
      </Stack>
    </Alert>
  );
}
