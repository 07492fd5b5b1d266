import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { BarLineData } from './chartjs';

/**
 * Bars and a line with an axis each, on a canvas (Chart.js, loaded when first drawn). The canvas
 * is an image with a text alternative; pages show the same figures as text beside it.
 */
export function BarLineChart({ labels, bars, line, description, height = 260, testId }: Omit<BarLineData, 'locale'> & { description: string; height?: number; testId?: string }) {
  const { language } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify([labels, bars, line, language]);

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('./chartjs').then(({ drawBarLine }) => {
      if (!cancelled && canvas.current) chart = drawBarLine(canvas.current, { labels, bars, line, locale: language });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // key stands for labels, bars, line and language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <Box pos="relative" h={height}>
      <canvas ref={canvas} role="img" aria-label={description} data-testid={testId} />
    </Box>
  );
}
