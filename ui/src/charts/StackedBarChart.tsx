import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { StackedData } from './chartjs';

/**
 * Horizontal stacked bars on a canvas (Chart.js, loaded when first drawn). The canvas is an
 * image with a text alternative; pages show the same figures as text beside it.
 */
export function StackedBarChart({ labels, series, description, height = 160 }: { labels: string[]; series: StackedData['series']; description: string; height?: number }) {
  const { language } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify([labels, series, language]);

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('./chartjs').then(({ drawStackedBars }) => {
      if (!cancelled && canvas.current) chart = drawStackedBars(canvas.current, { labels, series, locale: language });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // key stands for labels, series and language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <Box pos="relative" h={height}>
      <canvas ref={canvas} role="img" aria-label={description} data-testid="license-chart" />
    </Box>
  );
}
