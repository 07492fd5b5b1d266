import { Badge, Button, Card as Panel, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../api/errors';
import { Fact } from '../../../components/Fact';
import { useI18n } from '../../../i18n/I18nProvider';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { estimateWords, nowCover, nowWarning, STATE_COLOR } from '../utils/backup';
import { useFormat } from '../../../session/useFormat';
import { scheduleText } from '../utils/labels';
import { NowError } from './NowError';
import type { Summary } from '../types';

/** BK-8, BK-14: repeat type, status, next backup, last run and its state, free backups left, units, estimate. */
export function SummaryCard({
  summary: s,
  onBackupNow,
  startingNow,
  onBuy,
}: {
  summary: Summary;
  onBackupNow(): Promise<AppError | undefined>;
  startingNow: boolean;
  onBuy(): void;
}) {
  const { t, language } = useI18n();
  const f = useFormat();
  const status = s.schedule?.status ?? 'NONE';
  const cover = nowCover(s);
  const [error, setError] = useState<AppError>();
  const [warning, setWarning] = useState(false);
  const warn = nowWarning(s.backupNow);
  const estimate = estimateWords(s.estimatedSeconds, s.estimateMeasured, language);
  const start = async () => {
    setWarning(false);
    setError(undefined);
    setError(await onBackupNow());
  };
  // Units bought or a new month: the refusal no longer holds.
  useEffect(() => setError(undefined), [s.unitsLeft, s.freeBackupsLeft]);
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="backup-summary-heading" data-testid="backup-summary">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} id="backup-summary-heading">
            {t('backup.summary.title')}
          </Text>
          <Badge color={status === 'ACTIVE' ? 'teal' : 'gray'} variant="light" data-testid="schedule-status" data-status={status}>
            {t(`backup.scheduleStatus.${status}`)}
          </Badge>
        </Group>
        <Fact label={t('backup.summary.schedule')} testId="summary-repeat">
          {s.schedule ? scheduleText(t, language, s.schedule) : t('backup.summary.notScheduled')}
        </Fact>
        <Fact label={t('backup.summary.next')} testId="summary-next">
          {s.nextBackupAt ? <time dateTime={s.nextBackupAt}>{f.dateTime(s.nextBackupAt)}</time> : t('app.none')}
        </Fact>
        <Fact label={t('backup.summary.last')} testId="summary-last">
          {s.lastRun ? (
            <Group gap={6} justify="flex-end" wrap="wrap">
              <time dateTime={s.lastRun.slotAt}>{f.dateTime(s.lastRun.slotAt)}</time>
              <Badge size="sm" variant="light" color={STATE_COLOR[s.lastRun.state]} data-state={s.lastRun.state} style={{ minWidth: 'max-content' }}>
                {t(`backup.state.${s.lastRun.state}`)}
              </Badge>
            </Group>
          ) : (
            t('backup.summary.noRun')
          )}
        </Fact>
        <Fact label={t('backup.summary.free')} testId="summary-free">
          {t('backup.summary.freeValue', { left: f.number(s.freeBackupsLeft), total: f.number(s.freeBackupsPerMonth) })}
        </Fact>
        <Fact label={t('backup.summary.units')} testId="summary-units">
          {f.number(s.unitsLeft)}
        </Fact>
        <Fact label={t('backup.summary.addOn')}>{s.weeklyAddOn ? t('backup.summary.addOnOn') : t('backup.summary.addOnOff')}</Fact>
        <Fact label={t('backup.summary.estimate')} testId="summary-estimate">
          {t(estimate.key, { duration: estimate.duration ?? '', records: f.number(s.records) })}
        </Fact>
        <Group gap="sm" mt="xs" wrap="wrap">
          <Button
            // Issue 17 item 7: a backup that leaves the next scheduled run unpaid asks first.
            onClick={() => (warn ? setWarning(true) : start())}
            loading={startingNow}
            data-testid="backup-now"
          >
            {t('backup.now')}
          </Button>
          <Text size="xs" c={cover === 'NONE' ? 'orange' : 'dimmed'} style={{ flex: '1 1 12rem' }} data-testid="summary-now-cover">
            {cover === 'UNIT' ? t('backup.now.coverUNIT', { units: f.number(s.unitsLeft) }) : t(`backup.now.cover${cover}`)}
          </Text>
        </Group>
        {error && <NowError error={error} onBuy={onBuy} />}
        {warn && (
          <ConfirmDialog opened={warning} title={t('backup.now.warnTitle')} confirmLabel={t('backup.now.warnConfirm')} busy={startingNow} onConfirm={start} onCancel={() => setWarning(false)}>
            <span data-testid="backup-now-warning">
              {t(`backup.now.spends.${warn.spends}`)} {t(`backup.now.next.${warn.next}`, { date: f.dateTime(warn.nextRunAt), price: f.money(s.unitPrice.amount, s.unitPrice.currency) })}
            </span>
          </ConfirmDialog>
        )}
      </Stack>
    </Panel>
  );
}
