import { Alert, Badge, Button, Card as Panel, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { StartTrialMutation, SubscriptionPageQuery } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Fact } from '../../../components/Fact';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { daysLeft, isPaid, license, STATUS_COLOR, trialablePlans } from '../utils/billing';
import { useSession } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';
import { RenewNowButton, SwitchToFreeButton } from './actions';
import { CardSection } from './CardSection';
import { ChangeWizard, type ChangeOutcome } from './ChangeWizard';
import { addOnName, planName } from '../utils/labels';
import { PaymentHistory } from './PaymentHistory';
import { PlanTable } from './PlanTable';
import { declineReason } from '../../audit/utils/auditText';
import type { BillingData, Overview } from '../types';

/** The org's subscription (SPEC SB): plan and status, trial, grace, plans, change wizard, card, payments. */
export function SubscriptionPage() {
  const { t } = useI18n();
  return (
    <Page title={t('sub.title')} description={t('sub.subtitle')}>
      <SubscriptionView />
    </Page>
  );
}

/** The page's content; the locked screen of a super admin shows it too (SB-12). */
export function SubscriptionView() {
  const [result, reexecute] = useQuery({ query: SubscriptionPageQuery });
  const { refreshOrg } = useSession();
  const [paymentsVersion, setPaymentsVersion] = useState(0);
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    setPaymentsVersion((v) => v + 1);
    void refreshOrg();
  }, [reexecute, refreshOrg]);

  return (
    <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {(data) => <Subscription data={{ overview: data.currentSubscription, plans: data.plans, addOns: data.addOns }} refresh={refresh} paymentsVersion={paymentsVersion} />}
    </QueryResult>
  );
}

function Subscription({ data, refresh, paymentsVersion }: { data: BillingData; refresh(): void; paymentsVersion: number }) {
  const { t } = useI18n();
  const ov = data.overview;
  const [wizard, setWizard] = useState<{ plan?: string }>();
  const [actionError, setActionError] = useState<AppError>();
  const [{ fetching: startingTrial }, startTrial] = useMutation(StartTrialMutation);
  const [trying, setTrying] = useState<string>();

  const onTry = async (plan: string) => {
    setActionError(undefined);
    setTrying(plan);
    const res = await startTrial({ plan });
    setTrying(undefined);
    if (res.error) return setActionError(toAppError(res.error));
    toastDone(t('trial.started', { plan: planName(t, plan) }));
    refresh();
  };

  const onChanged = (r: ChangeOutcome) => {
    setWizard(undefined);
    setActionError(undefined);
    toastDone(r.payment ? t('wizard.done', { plan: planName(t, r.subscription.plan.code), reference: r.payment.reference }) : t('wizard.doneFree', { plan: planName(t, r.subscription.plan.code) }));
    refresh();
  };

  return (
    <Stack gap="lg">
      {ov.status === 'LOCKED' && <LockedBanner overview={ov} onChoosePlan={() => setWizard({})} onDone={refresh} />}
      {ov.status === 'PAST_DUE' && <GraceBanner overview={ov} onDone={refresh} />}
      {ov.status === 'TRIALING' && ov.trial && <TrialBanner overview={ov} onBuy={() => setWizard({ plan: ov.trial?.plan })} />}
      {ov.status === 'ACTIVE' && <TryBanner data={data} onTry={onTry} busy={startingTrial} />}
      {actionError && (
        <div data-testid="action-error">
          <ErrorAlert error={actionError} />
        </div>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CurrentPlan data={data} onChange={() => setWizard({})} onDone={refresh} onError={setActionError} />
        <CardSection card={ov.card} onChanged={refresh} id="card" />
      </SimpleGrid>
      <PlanTable plans={data.plans} overview={ov} onChoose={(plan) => setWizard({ plan })} onTry={onTry} trying={trying} />
      <PaymentHistory version={paymentsVersion} />
      {wizard && <ChangeWizard data={data} plan={wizard.plan} onClose={() => setWizard(undefined)} onDone={onChanged} onRefresh={refresh} />}
    </Stack>
  );
}

function CurrentPlan({ data, onChange, onDone, onError }: { data: BillingData; onChange(): void; onDone(): void; onError(e: AppError | undefined): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const ov = data.overview;
  const plan = data.plans.find((p) => p.code === ov.plan.code);
  const paid = plan ? isPaid(plan) : ov.plan.code !== 'FREE';
  const regular = license(ov, 'REGULAR');
  const team = license(ov, 'TEAM');
  const recordLimit = ov.effectivePlan.recordLimit;
  const recordShare = recordLimit > 0 ? Math.min(100, (ov.records / recordLimit) * 100) : 0;

  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="current-heading">
      <Stack gap="xs">
        <Text size="xs" tt="uppercase" fw={600} c="dimmed" id="current-heading">
          {t('sub.current')}
        </Text>
        <Group gap="sm" align="center">
          <Title order={2} size="h3" data-testid="current-plan" data-plan={ov.plan.code}>
            {planName(t, ov.plan.code, ov.plan.name)}
          </Title>
          <Badge color={STATUS_COLOR[ov.status]} variant="light" data-testid="sub-status" data-status={ov.status}>
            {t(`subStatus.${ov.status}`)}
          </Badge>
        </Group>
        {ov.trial && ov.effectivePlan.code !== ov.plan.code && (
          <Text size="sm">{t('sub.usingTrial', { plan: planName(t, ov.effectivePlan.code, ov.effectivePlan.name) })}</Text>
        )}
        <Fact label={t('sub.cycle')}>{paid ? t(`cycle.${ov.cycle}`) : t('app.none')}</Fact>
        <Fact label={t('sub.period')}>{t('sub.periodValue', { start: f.date(ov.periodStart), end: f.date(ov.periodEnd) })}</Fact>
        {ov.nextRenewalAt && (
          <Fact label={t('sub.nextRenewal')} testId="next-renewal">
            {ov.nextRenewalAmount
              ? t('sub.nextRenewalValue', { date: f.date(ov.nextRenewalAt), amount: f.money(ov.nextRenewalAmount.amount, ov.nextRenewalAmount.currency) })
              : f.date(ov.nextRenewalAt)}
          </Fact>
        )}
        <Fact label={t('sub.balance')}>{f.money(ov.balance.amount, ov.balance.currency)}</Fact>
        <Fact label={t('sub.licenses')} testId="sub-licenses">
          {t('sub.licensesValue', { regular: f.number(regular.purchased), team: f.number(team.purchased) })}
        </Fact>
        {ov.addOns.length > 0 && (
          <Fact label={t('sub.addOns')}>
            {ov.addOns.map((a) => `${addOnName(t, a.code, data.addOns.find((x) => x.code === a.code)?.name)} × ${f.number(a.quantity)}`).join(', ')}
          </Fact>
        )}
        {ov.backupUnits > 0 && <Fact label={t('sub.backupUnits')}>{f.number(ov.backupUnits)}</Fact>}
        <Fact label={t('sub.records')} testId="sub-records">
          {recordLimit > 0 ? t('sub.recordsValue', { records: f.number(ov.records), limit: f.number(recordLimit) }) : f.number(ov.records)}
        </Fact>
        {recordLimit > 0 && (
          <Progress value={recordShare} color={recordShare >= 100 ? 'red' : recordShare >= 80 ? 'orange' : 'blue'} size="sm" aria-label={t('sub.records')} />
        )}
        <Group gap="sm" mt="xs">
          {ov.status !== 'LOCKED' && (
            <Button onClick={onChange} data-testid="open-wizard">
              {paid ? t('sub.change') : t('sub.upgrade')}
            </Button>
          )}
          {ov.plan.code !== 'FREE' && ov.status !== 'LOCKED' && <SwitchToFreeButton variant="subtle" color="red" onDone={onDone} onError={onError} />}
        </Group>
      </Stack>
    </Panel>
  );
}

function TrialBanner({ overview: ov, onBuy }: { overview: Overview; onBuy(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  if (!ov.trial) return null;
  const days = daysLeft(ov.trial.endsAt);
  return (
    <Alert variant="light" color="blue" title={t('trial.bannerTitle', { plan: planName(t, ov.trial.plan), days })} data-testid="trial-banner">
      <Stack gap="xs">
        <Text size="sm">{t('trial.bannerBody', { date: f.dateTime(ov.trial.endsAt), plan: planName(t, ov.plan.code, ov.plan.name) })}</Text>
        <Group>
          <Button size="xs" onClick={onBuy}>
            {t('trial.buy', { plan: planName(t, ov.trial.plan) })}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Plans not tried yet, each free for 15 days (SB-2). */
function TryBanner({ data, onTry, busy }: { data: BillingData; onTry(plan: string): void; busy: boolean }) {
  const { t } = useI18n();
  const plans = trialablePlans(data.plans, data.overview);
  if (plans.length === 0) return null;
  return (
    <Alert variant="light" color="gray" title={t('trial.offerTitle')} data-testid="try-banner">
      <Stack gap="xs">
        <Text size="sm">{t('trial.offerBody')}</Text>
        <Group gap="xs">
          {plans.map((p) => (
            <Button key={p.code} size="xs" variant="default" disabled={busy} onClick={() => onTry(p.code)} aria-label={t('trial.tryLabel', { plan: planName(t, p.code, p.name) })}>
              {planName(t, p.code, p.name)}
            </Button>
          ))}
        </Group>
      </Stack>
    </Alert>
  );
}

/** PAST_DUE (SB-11): the renewal failed; usable until graceEndsAt, then locked. */
function GraceBanner({ overview: ov, onDone }: { overview: Overview; onDone(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const [error, setError] = useState<AppError>();
  const days = ov.graceEndsAt ? daysLeft(ov.graceEndsAt) : 0;
  return (
    <Alert variant="light" color="orange" title={t('grace.title')} role="alert" data-testid="grace-banner">
      <Stack gap="xs">
        <Text size="sm">{t('grace.body', { date: f.dateTime(ov.graceEndsAt), days })}</Text>
        {ov.lastFailure && <Text size="sm">{t('grace.lastFailure', { reason: declineReason(t, ov.lastFailure) })}</Text>}
        <Text size="xs" c="dimmed">
          {t('grace.retries', { count: ov.retriesDone })}
        </Text>
        {error && <ErrorAlert error={error} />}
        <Group gap="sm">
          <RenewNowButton overview={ov} onDone={onDone} onError={setError} size="xs" color="orange" />
          <Button size="xs" variant="default" component="a" href="#card">
            {t('grace.updateCard')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** LOCKED (SB-12), as the super admin sees it: renew, choose another plan, or go to Free. */
function LockedBanner({ overview: ov, onChoosePlan, onDone }: { overview: Overview; onChoosePlan(): void; onDone(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const [error, setError] = useState<AppError>();
  return (
    <Alert variant="light" color="red" title={t('locked.title')} role="alert" data-testid="locked-banner">
      <Stack gap="xs">
        <Text size="sm">{t('locked.bodySuper', { date: f.dateTime(ov.lockedAt) })}</Text>
        {ov.lastFailure && <Text size="sm">{t('grace.lastFailure', { reason: declineReason(t, ov.lastFailure) })}</Text>}
        {ov.downgradeAt && <Text size="sm">{t('locked.downgradeAt', { date: f.date(ov.downgradeAt) })}</Text>}
        {error && <ErrorAlert error={error} />}
        <Group gap="sm">
          <RenewNowButton overview={ov} onDone={onDone} onError={setError} size="sm" color="red" />
          <Button size="sm" variant="default" onClick={onChoosePlan} data-testid="locked-choose-plan">
            {t('locked.choosePlan')}
          </Button>
          <SwitchToFreeButton size="sm" variant="default" onDone={onDone} onError={setError} />
        </Group>
      </Stack>
    </Alert>
  );
}
