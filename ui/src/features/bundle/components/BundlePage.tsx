import { Card as Panel, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { Fact } from '../../../components/Fact';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import { toastDone } from '../../../components/toast';
import type { BundlePageQuery as BundlePageData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSession } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';
import { BundlePageQuery } from '../graphql/operations';
import type { Contract } from '../types';
import { bundleAddOnName } from '../utils/labels';
import { MembersCard } from './MembersCard';
import { StatusCard } from './StatusCard';
import type { UpgradeOutcome } from './UpgradeReview';
import { UpgradeWizard } from './UpgradeWizard';

/** The suite bundle (SPEC BU, issue 14 §2): member services, trial, expiry choices, upgrade. */
export function BundlePage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: BundlePageQuery });
  const { refreshOrg } = useSession();
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    void refreshOrg();
  }, [reexecute, refreshOrg]);
  return (
    <Page title={t('bundle.title')} description={t('bundle.subtitle')}>
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => <Bundle data={data} refresh={refresh} />}
      </QueryResult>
    </Page>
  );
}

function Bundle({ data, refresh }: { data: BundlePageData; refresh(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const b = data.suiteBundle;
  const [wizard, setWizard] = useState(false);

  const onUpgraded = (r: UpgradeOutcome) => {
    setWizard(false);
    const p = r.payment;
    toastDone(p ? t('bundle.upgraded', { reference: p.reference, amount: f.money(p.amount, p.currency) }) : t('bundle.upgradedFree'));
    refresh();
  };

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: b.contract ? 2 : 1 }}>
        <Panel withBorder radius="md" component="section" aria-labelledby="bundle-status-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="bundle-status-heading">
              {t('bundle.status.title')}
            </Title>
            <StatusCard bundle={b} onUpgrade={() => setWizard(true)} onChanged={refresh} />
          </Stack>
        </Panel>
        {b.contract && <ContractCard contract={b.contract} />}
      </SimpleGrid>
      <MembersCard members={b.members} />
      {wizard && <UpgradeWizard bundle={b} card={data.currentSubscription.card} onClose={() => setWizard(false)} onDone={onUpgraded} onRefresh={refresh} />}
    </Stack>
  );
}

/** The bundle contract once upgraded (BU-5): cycle, users, add-ons, period, price. */
function ContractCard({ contract: c }: { contract: Contract }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="bundle-contract-heading" data-testid="bundle-contract">
      <Stack gap="xs">
        <Title order={2} size="h4" id="bundle-contract-heading">
          {t('bundle.contract.title')}
        </Title>
        <Fact label={t('sub.cycle')}>{t(`cycle.${c.cycle}`)}</Fact>
        <Fact label={t('bundle.contract.users')} testId="bundle-contract-users">
          {f.number(c.users)}
        </Fact>
        {c.addOns.length > 0 && <Fact label={t('sub.addOns')}>{c.addOns.map((code) => bundleAddOnName(t, code)).join(', ')}</Fact>}
        <Fact label={t('sub.period')}>{t('sub.periodValue', { start: f.date(c.startedAt), end: f.date(c.periodEnd) })}</Fact>
        <Fact label={t('bundle.contract.price')} testId="bundle-contract-price">
          {f.money(c.price.amount, c.price.currency)}
        </Fact>
        <Text size="xs" c="dimmed">
          {t('bundle.contract.note')}
        </Text>
      </Stack>
    </Panel>
  );
}
