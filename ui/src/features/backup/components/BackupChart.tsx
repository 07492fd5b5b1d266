import { Card as Panel, Stack, Text } from '@mantine/core';
import { BarLineChart } from '../../../charts/BarLineChart';
import { useI18n } from '../../../i18n/I18nProvider';
import { chartSeries, formatBytes, formatDuration } from '../utils/backup';
import { useFormat } from '../../../session/useFormat';
import type { Run } from '../types';

/** "kB", "Mo", "KB": the short name of a byte unit in the UI language. */
function unitName(language: string, unit: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).formatToParts(1).find((p) => p.type === 'unit')?.value ?? unit;
}

/** Archive size (totalBytes) and duration (archivedAt − startedAt) of each archived run, oldest first. */
export function BackupChart({ runs }: { runs: Run[] }) {
  const { t, language } = useI18n();
  const f = useFormat();
  const s = chartSeries(runs);
  const labels = s.runs.map((r) => f.shortDate(r.startedAt ?? r.slotAt));
  // The text alternative carries the same figures as the canvas.
  const description = `${t('backup.chart.description', { count: s.runs.length })}: ${s.runs
    .map((r, i) => `${f.dateTime(r.startedAt ?? r.slotAt)} — ${formatBytes(r.totalBytes, language)}, ${formatDuration(s.seconds[i], language)}`)
    .join('; ')}`;
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="backup-chart-heading" data-testid="backup-chart">
      <Stack gap="sm">
        <Text fw={600} id="backup-chart-heading">
          {t('backup.chart.title')}
        </Text>
        {s.runs.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('backup.chart.empty')}
          </Text>
        ) : (
          <BarLineChart
            labels={labels}
            bars={{ label: t('backup.chart.size', { unit: unitName(language, s.unit) }), values: s.sizes, color: '#228be6' }}
            line={{ label: t('backup.chart.duration'), values: s.seconds, color: '#fd7e14' }}
            description={description}
            testId="backup-chart-canvas"
          />
        )}
      </Stack>
    </Panel>
  );
}
