import { Alert, Button, Group, Loader, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { BackupCostPreviewQuery, ScheduleBackupMutation, UpdateBackupScheduleMutation } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { BackupRepeatType, BackupScheduleWeekday, BackupScheduleWeekOfMonth } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDay, hasScheduleProblems, hourLabel, initialSchedule, nowCover, nowWarning, REPEAT_TYPES, scheduleFieldOf, scheduleProblems, todayIn, toScheduleInput, valuesFromSchedule, WEEKDAYS, weekdayName, WEEKS_OF_MONTH, type ScheduleValues } from '../utils/backup';
import { useSignedIn } from '../../../session/SessionProvider';
import { useFormat } from '../../../session/useFormat';
import { CostPreview } from './CostPreview';
import { scheduleText } from '../utils/labels';
import { NowError } from './NowError';
import type { Schedule, Summary } from '../types';

type FieldErrors = Partial<Record<keyof ScheduleValues, string>>;

const sameInput = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ScheduleForm({
  summary,
  editing,
  onScheduled,
  onCancel,
  onBackupNow,
  startingNow,
  onBuy,
}: {
  summary: Summary;
  /** The active schedule being changed (issue 17 item 7): updateBackupSchedule, no IMMEDIATE. */
  editing?: Schedule;
  onScheduled(): void;
  onCancel?(): void;
  onBackupNow(): Promise<AppError | undefined>;
  startingNow: boolean;
  onBuy(units: number): void;
}) {
  const { t, language } = useI18n();
  const f = useFormat();
  const { org } = useSignedIn();
  const zone = summary.timeZone || org.timeZone;
  const today = todayIn(zone);
  const [v, setV] = useState<ScheduleValues>(() => (editing ? valuesFromSchedule(editing, today) : initialSchedule()));
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppError>();
  const [nowError, setNowError] = useState<AppError>();
  const [{ fetching: creating }, create] = useMutation(ScheduleBackupMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateBackupScheduleMutation);
  const scheduling = creating || updating;
  useEffect(() => setNowError(undefined), [summary.unitsLeft, summary.freeBackupsLeft, v.repeatType]);

  const problems = scheduleProblems(v, today);
  const invalid = hasScheduleProblems(problems);
  const input = useMemo(() => toScheduleInput(v), [v]);
  const [debounced] = useDebouncedValue(input, 250);
  // BK-10: the cost from the real upcoming dates, read again whenever the schedule changes.
  const [preview, repreview] = useQuery({
    query: BackupCostPreviewQuery,
    variables: { input: debounced, months: debounced.repeatType === 'IMMEDIATE' ? 1 : 3 },
    pause: invalid || !sameInput(debounced, input),
    requestPolicy: 'network-only',
  });
  const shown = preview.data && sameInput(preview.operation?.variables.input, input) ? preview.data.backupCostPreview : undefined;
  const immediate = v.repeatType === 'IMMEDIATE';

  const set = <K extends keyof ScheduleValues>(k: K, value: ScheduleValues[K]) => {
    setV((s) => ({ ...s, [k]: value }));
    setServerErrors((e) => (e[k] ? { ...e, [k]: undefined } : e));
    setError(undefined);
  };
  const problemText = (k: keyof typeof problems) => {
    const p = problems[k];
    if (serverErrors[k]) return serverErrors[k];
    // Dates in messages read the language's way, not as ISO.
    return p ? t(p.key, p.params?.today ? { ...p.params, today: formatDay(language, String(p.params.today)) } : p.params) : undefined;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (invalid || !shown) return;
    setError(undefined);
    if (immediate) {
      setNowError(await onBackupNow());
      return;
    }
    const res = editing ? await update({ input }) : await create({ input });
    const saved = res.data && ('updateBackupSchedule' in res.data ? res.data.updateBackupSchedule.schedule : res.data.scheduleBackup.schedule);
    if (saved) {
      // The card shows the active schedule in place of the form (and a live notification says it too).
      setV(initialSchedule());
      onScheduled();
      return;
    }
    const err = toAppError(res.error);
    const field = err.code === 'VALIDATION' ? scheduleFieldOf(err.field) : undefined;
    if (field) setServerErrors({ [field]: err.message });
    else setError(err);
  };

  const cover = nowCover(summary);
  const warn = nowWarning(summary.backupNow);
  return (
    <form onSubmit={submit} noValidate aria-label={t('backup.form.label')} data-testid="schedule-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {editing ? t('backup.schedule.editHint') : t('backup.schedule.none')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="sm">
          <NativeSelect
            label={t('backup.form.repeat')}
            value={v.repeatType}
            onChange={(e) => set('repeatType', e.currentTarget.value as BackupRepeatType)}
            data={REPEAT_TYPES.filter((r) => !editing || r !== 'IMMEDIATE').map((r) => ({ value: r, label: t(`backup.repeat.${r}`) }))}
            data-testid="schedule-repeat"
          />
          {v.repeatType === 'MONTHLY_WEEKDAY' && (
            <NativeSelect
              label={t('backup.form.weekOfMonth')}
              value={v.weekOfMonth}
              onChange={(e) => set('weekOfMonth', e.currentTarget.value as BackupScheduleWeekOfMonth)}
              data={WEEKS_OF_MONTH.map((w) => ({ value: w, label: t(`backup.week.${w}`) }))}
              error={serverErrors.weekOfMonth}
              data-testid="schedule-week"
            />
          )}
          {(v.repeatType === 'WEEKLY' || v.repeatType === 'TWICE_A_MONTH' || v.repeatType === 'MONTHLY_WEEKDAY') && (
            <NativeSelect
              label={t('backup.form.weekday')}
              value={v.weekday}
              onChange={(e) => set('weekday', e.currentTarget.value as BackupScheduleWeekday)}
              data={WEEKDAYS.map((w) => ({ value: w, label: weekdayName(language, w) }))}
              error={serverErrors.weekday}
              data-testid="schedule-weekday"
            />
          )}
          {v.repeatType === 'MONTHLY_DATE' && (
            <NumberInput
              label={t('backup.form.dayOfMonth')}
              description={t('backup.form.dayOfMonthHint')}
              value={v.dayOfMonth}
              onChange={(n) => set('dayOfMonth', typeof n === 'number' ? n : n.trim() === '' ? '' : Number(n))}
              min={1}
              max={31}
              allowDecimal={false}
              allowNegative={false}
              error={problemText('dayOfMonth')}
              data-testid="schedule-day"
            />
          )}
          {!immediate && (
            <TextInput
              type="date"
              label={t('backup.form.startDate')}
              description={t('backup.form.startDateHint', { today: formatDay(language, today) })}
              value={v.startDate}
              min={today}
              onChange={(e) => set('startDate', e.currentTarget.value)}
              error={problemText('startDate')}
              data-testid="schedule-start"
            />
          )}
          {!immediate && (
            <NativeSelect
              label={t('backup.form.hour', { zone })}
              value={String(v.hour)}
              onChange={(e) => set('hour', Number(e.currentTarget.value))}
              data={Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }))}
              error={problemText('hour')}
              data-testid="schedule-hour"
            />
          )}
        </SimpleGrid>
        <Text size="sm" aria-live="polite">
          <Text span c="dimmed" size="sm">
            {t('backup.form.words')}:
          </Text>{' '}
          <Text span fw={600} size="sm" data-testid="schedule-words">
            {scheduleText(t, language, v)}
          </Text>
        </Text>
        {immediate && (
          <Text size="sm" c={cover === 'NONE' ? 'orange' : 'dimmed'} data-testid="now-cover">
            {cover === 'UNIT' ? t('backup.now.coverUNIT', { units: f.number(summary.unitsLeft) }) : t(`backup.now.cover${cover}`)}
          </Text>
        )}
        {immediate && warn && (
          <Alert color="orange" variant="light" data-testid="now-warning">
            {t(`backup.now.spends.${warn.spends}`)}{' '}
            {t(`backup.now.next.${warn.next}`, { date: f.dateTime(warn.nextRunAt), price: f.money(summary.unitPrice.amount, summary.unitPrice.currency) })}
          </Alert>
        )}

        <Stack gap="xs" component="section" aria-labelledby="backup-preview-heading" data-testid="cost-preview-section">
          <Text fw={600} size="sm" id="backup-preview-heading">
            {t('backup.preview.title')}
          </Text>
          {invalid ? (
            <Text size="sm" c="dimmed" data-testid="cost-preview-invalid">
              {t('backup.preview.fixForm')}
            </Text>
          ) : preview.error && !shown ? (
            <ErrorAlert error={toAppError(preview.error)} onRetry={() => repreview({ requestPolicy: 'network-only' })} />
          ) : shown ? (
            <CostPreview preview={shown} onBuy={onBuy} />
          ) : (
            <Group gap="xs" role="status" aria-live="polite" py="md">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                {t('backup.preview.loading')}
              </Text>
            </Group>
          )}
        </Stack>

        {immediate && nowError && <NowError error={nowError} onBuy={() => onBuy(1)} />}
        {error && (
          <div data-testid="schedule-error">
            <ErrorAlert error={error} />
          </div>
        )}
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="xs" c="dimmed" style={{ flex: '1 1 16rem' }}>
            {t('backup.form.previewFirst')}
          </Text>
          <Group gap="sm">
            {onCancel && (
              <Button variant="default" onClick={onCancel} data-testid="schedule-edit-cancel">
                {t('app.cancel')}
              </Button>
            )}
            <Button type="submit" loading={scheduling || (immediate && startingNow)} disabled={invalid || !shown} data-testid="schedule-confirm">
              {immediate ? t('backup.now') : editing ? t('backup.form.save') : t('backup.form.confirm')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
