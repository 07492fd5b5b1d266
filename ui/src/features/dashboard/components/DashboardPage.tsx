import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { DashboardQuery } from '../graphql/operations';
import { BarChart } from '../../../charts/BarChart';
import { Fact } from '../../../components/Fact';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import type { DashboardQuery as DashboardData } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/messages/en';
import { NotificationList } from '../../notifications/components/NotificationList';
import { useNotificationCentre } from '../../notifications/components/NotificationsProvider';
import { SendTestButton } from '../../notifications/components/SendTestButton';
import { useSignedIn } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';

const MODULES = ['leads', 'contacts', 'accounts', 'deals', 'tasks', 'events', 'supportCases', 'notes', 'emails', 'attachments'] as const;

export function DashboardPage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: DashboardQuery });
  return (
    <Page title={t('dashboard.title')}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <OrganizationCard />
        <RecentNotificationsCard />
      </SimpleGrid>
      <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => <RecordsCard data={data} />}
      </QueryResult>
    </Page>
  );
}

function OrganizationCard() {
  const { t } = useI18n();
  const f = useFormat();
  const { org } = useSignedIn();
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="org-heading">
      <Stack gap="xs">
        <Text size="xs" tt="uppercase" fw={600} c="dimmed" id="org-heading">
          {t('dashboard.organization')}
        </Text>
        <Title order={2} size="h3" data-testid="dashboard-org-name">
          {org.name}
        </Title>
        <Fact label={t('org.region')}>{`${t(`region.${org.region}`)} (${org.region})`}</Fact>
        <Fact label={t('org.timeZone')}>{org.timeZone}</Fact>
        <Fact label={t('org.currency')}>{`${f.currencyName(org.currency)} (${org.currency})`}</Fact>
        <Fact label={t('org.status')}>
          <Badge color={org.status === 'ACTIVE' ? 'teal' : 'red'} variant="light">
            {t(`orgStatus.${org.status}`)}
          </Badge>
        </Fact>
        <Fact label={t('org.created')}>{f.dateTime(org.createdAt)}</Fact>
      </Stack>
    </Card>
  );
}

function RecentNotificationsCard() {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  const { items } = useNotificationCentre();
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="recent-heading">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="xs" tt="uppercase" fw={600} c="dimmed" id="recent-heading">
            {t('dashboard.recent')}
          </Text>
          {admin && <SendTestButton />}
        </Group>
        <div aria-live="polite" data-testid="recent-notifications">
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('live.empty')}
            </Text>
          ) : (
            <NotificationList items={items.slice(0, 5)} />
          )}
        </div>
      </Stack>
    </Card>
  );
}

function RecordsCard({ data }: { data: DashboardData }) {
  const { t } = useI18n();
  const f = useFormat();
  const counts = MODULES.map((m) => ({ key: `module.${m}` as MessageKey, count: data[m].totalCount }));
  const total = counts.reduce((s, c) => s + c.count, 0);
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="records-heading">
      <Stack>
        <Group justify="space-between">
          <Text size="xs" tt="uppercase" fw={600} c="dimmed" id="records-heading">
            {t('dashboard.records')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('module.users')}: {f.number(data.users.totalCount)}
          </Text>
        </Group>
        {/* Issue 17 item 7: the server's one count of records (docs/rules.md), as on the subscription and backup pages. */}
        <Text size="sm" data-testid="records-total">
          {t('dashboard.recordsTotal', { count: f.number(data.recordCount) })}{' '}
          <Text span size="xs" c="dimmed">
            {t('dashboard.notRecords')}
          </Text>
        </Text>
        <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} component="dl" m={0}>
          {counts.map((c) => (
            <div key={c.key} data-testid={`count-${c.key}`}>
              <Text component="dt" size="xs" c="dimmed">
                {t(c.key)}
              </Text>
              <Text component="dd" m={0} fw={700} size="xl">
                {f.number(c.count)}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {total === 0 ? (
          <Text size="sm" c="dimmed">
            {t('dashboard.noRecords')}
          </Text>
        ) : (
          <BarChart
            labels={counts.map((c) => t(c.key))}
            values={counts.map((c) => c.count)}
            seriesLabel={t('dashboard.count')}
            description={`${t('dashboard.recordsChart')}: ${counts.map((c) => `${t(c.key)} ${f.number(c.count)}`).join(', ')}`}
          />
        )}
      </Stack>
    </Card>
  );
}
