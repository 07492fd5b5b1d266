// Chart.js, tree-shaken to what the SPA draws. Loaded on demand (dynamic import) so it is not
// part of the initial bundle.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

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
