"use client";

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type Chart as ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#7a6a00",
  "#000000",
];

export interface IntervalData {
  low: (number | null)[];
  high: (number | null)[];
}

/**
 * Draws each point's 95 % interval as a vertical whisker with caps. A dataset opts in with an
 * `intervals: { low, high }` property (arrays aligned with its data).
 */
const whiskers: Plugin = {
  id: "whiskers",
  afterDatasetsDraw(chart: ChartType) {
    const { ctx } = chart;
    const y = chart.scales.y;
    if (!y) return;
    chart.data.datasets.forEach((ds, di) => {
      const iv = (ds as unknown as { intervals?: IntervalData }).intervals;
      const meta = chart.getDatasetMeta(di);
      if (!iv || meta.hidden) return;
      ctx.save();
      ctx.strokeStyle = (ds.borderColor as string) ?? "#0f172a";
      ctx.lineWidth = 1.5;
      meta.data.forEach((el, i) => {
        const lo = iv.low[i];
        const hi = iv.high[i];
        if (lo === null || lo === undefined || hi === null || hi === undefined) return;
        const x = el.x;
        const y1 = y.getPixelForValue(lo);
        const y2 = y.getPixelForValue(hi);
        ctx.beginPath();
        ctx.moveTo(x, y1);
        ctx.lineTo(x, y2);
        ctx.moveTo(x - 4, y1);
        ctx.lineTo(x + 4, y1);
        ctx.moveTo(x - 4, y2);
        ctx.lineTo(x + 4, y2);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

/**
 * Reference levels (chance, a null quantile, the overall rate): a dashed horizontal line across
 * each category's slot at the dataset's value. A dataset opts in with `reference: true`.
 */
const references: Plugin = {
  id: "references",
  afterDatasetsDraw(chart: ChartType) {
    const { ctx } = chart;
    const x = chart.scales.x;
    const y = chart.scales.y;
    if (!x || !y) return;
    const n = chart.data.labels?.length ?? 0;
    if (n === 0) return;
    const slot = (x.right - x.left) / n;
    chart.data.datasets.forEach((ds, di) => {
      if (!(ds as unknown as { reference?: boolean }).reference || chart.getDatasetMeta(di).hidden) return;
      ctx.save();
      ctx.strokeStyle = (ds.borderColor as string) ?? "#64748b";
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      (ds.data as (number | null)[]).forEach((v, i) => {
        if (v === null || v === undefined) return;
        const cx = x.getPixelForValue(i);
        const py = y.getPixelForValue(v);
        ctx.beginPath();
        ctx.moveTo(cx - slot * 0.45, py);
        ctx.lineTo(cx + slot * 0.45, py);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

let registered = false;
export function registerCharts(): void {
  if (registered) return;
  Chart.register(
    BarController,
    BarElement,
    CategoryScale,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    ScatterController,
    Tooltip,
    Legend,
    whiskers,
    references,
  );
  Chart.defaults.font.family = "ui-sans-serif, system-ui, sans-serif";
  Chart.defaults.color = "#334155";
  // No animation anywhere: the PDF export prints what is drawn, at once.
  Chart.defaults.animation = false;
  registered = true;
}
