// Chart.js, tree-shaken to what the SPA draws. Loaded on demand (dynamic import) so it is not
// part of the initial bundle.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface BarData {
  labels: string[];
  values: number[];
  seriesLabel: string;
  color: string;
  locale: string;
}

export function drawBars(canvas: HTMLCanvasElement, d: BarData): { destroy(): void } {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: d.labels, datasets: [{ label: d.seriesLabel, data: d.values, backgroundColor: d.color, borderRadius: 4 }] },
    options: {
      locale: d.locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

export interface StackedData {
  /** One bar per label. */
  labels: string[];
  /** The parts of each bar, stacked in this order, with a legend. */
  series: { label: string; values: number[]; color: string }[];
  locale: string;
}

/** Horizontal stacked bars: one per label, parts shown by the legend. */
export function drawStackedBars(canvas: HTMLCanvasElement, d: StackedData): { destroy(): void } {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: d.labels, datasets: d.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderRadius: 3 })) },
    options: {
      indexAxis: 'y',
      locale: d.locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  });
}

export interface BarLineData {
  labels: string[];
  /** Bars, on the left axis. */
  bars: { label: string; values: number[]; color: string };
  /** A line, on the right axis. */
  line: { label: string; values: number[]; color: string };
  locale: string;
}

/** Bars and a line with an axis each (the backup page: archive size and duration per run). */
export function drawBarLine(canvas: HTMLCanvasElement, d: BarLineData): { destroy(): void } {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: d.labels,
      datasets: [
        { type: 'bar', label: d.bars.label, data: d.bars.values, backgroundColor: d.bars.color, borderRadius: 4, maxBarThickness: 48, yAxisID: 'y', order: 2 },
        { type: 'line', label: d.line.label, data: d.line.values, borderColor: d.line.color, backgroundColor: d.line.color, pointRadius: 3, yAxisID: 'y1', order: 1 },
      ],
    },
    options: {
      locale: d.locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: {
        y: { beginAtZero: true, position: 'left', title: { display: true, text: d.bars.label } },
        y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: d.line.label } },
      },
    },
  });
}
