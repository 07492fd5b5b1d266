import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { BarData } from './chartjs';

/**
 * A bar chart on a canvas (Chart.js, loaded when first drawn). The canvas is an image with a
 * text alternative; pages show the same figures as text beside it.
 */
export function BarChart({ labels, values, seriesLabel, description, height = 240 }: { labels: string[]; values: number[]; seriesLabel: string; description: string; height?: number }) {
  const { language } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify([labels, values, seriesLabel, language]);

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    const data: BarData = { labels, values, seriesLabel, color: '#228be6', locale: language };
    void import('./chartjs').then(({ drawBars }) => {
      if (!cancelled && canvas.current) chart = drawBars(canvas.current, data);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // key stands for labels, values, seriesLabel and language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <Box pos="relative" h={height}>
      <canvas ref={canvas} role="img" aria-label={description} />
    </Box>
  );
}
