import { Card as Panel, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { AppError } from '../../../api/errors';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Summary } from '../types';
import { type Stopped, ActiveSchedule, StoppedAlert } from './ActiveSchedule';
import { ScheduleForm } from './ScheduleForm';

/**
 * The schedule (BK-6, BK-7, BK-10, BK-18): the active one with a way to stop it, or the form that
 * shows what a schedule costs before it is confirmed.
 */
export function ScheduleCard({
  summary,
  onChanged,
  onBackupNow,
  startingNow,
  onBuy,
}: {
  summary: Summary;
  onChanged(): void;
  onBackupNow(): Promise<AppError | undefined>;
  startingNow: boolean;
  onBuy(units: number): void;
}) {
  const { t } = useI18n();
  const [stopped, setStopped] = useState<Stopped>();
  const [editing, setEditing] = useState(false);
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="backup-schedule-heading" data-testid="backup-schedule">
      <Stack gap="sm">
        <Text fw={600} id="backup-schedule-heading">
          {t('backup.schedule.title')}
        </Text>
        {stopped && <StoppedAlert result={stopped} onClose={() => setStopped(undefined)} />}
        {summary.schedule && editing ? (
          <ScheduleForm
            summary={summary}
            editing={summary.schedule}
            onScheduled={() => {
              setEditing(false);
              toastDone(t('backup.schedule.edited'));
              onChanged();
            }}
            onCancel={() => setEditing(false)}
            onBackupNow={onBackupNow}
            startingNow={startingNow}
            onBuy={onBuy}
          />
        ) : summary.schedule ? (
          <ActiveSchedule
            summary={summary}
            onEdit={() => {
              setStopped(undefined);
              setEditing(true);
            }}
            onStopped={(r) => {
              setStopped(r);
              onChanged();
            }}
          />
        ) : (
          <ScheduleForm
            summary={summary}
            onScheduled={() => {
              setStopped(undefined);
              onChanged();
            }}
            onBackupNow={onBackupNow}
            startingNow={startingNow}
            onBuy={onBuy}
          />
        )}
      </Stack>
    </Panel>
  );
}
