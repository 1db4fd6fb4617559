"use client";

import type { ChartData, ChartOptions } from "chart.js";
import { useEffect, useRef } from "react";
import { Bar, Line } from "react-chartjs-2";
import { PALETTE, registerCharts } from "./setup";

registerCharts();

export interface IntervalSeries {
  label: string;
  values: (number | null)[];
  low?: (number | null)[];
  high?: (number | null)[];
  /** A reference line (chance, a null quantile): dashed, no points. */
  reference?: boolean;
  color?: string;
}

export interface IntervalChartProps {
  kind: "line" | "bar";
  /** Read by screen readers as the chart's name; the table next to the chart has the numbers. */
  description: string;
  labels: string[];
  series: IntervalSeries[];
  yLabel: string;
  xLabel?: string;
  yMin?: number;
  yMax?: number;
  height?: number;
}

/** Per-category values with their 95 % intervals as whiskers (chart.js, no animation). */
export default function IntervalChart(p: IntervalChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Drawn synchronously (animation off): tell the PDF export this chart is ready.
    ref.current?.closest("[data-chart]")?.setAttribute("data-rendered", "true");
  }, []);
  const datasets = p.series.map((s, i) => {
    const color = s.color ?? (s.reference ? "#64748b" : PALETTE[i % PALETTE.length]!);
    if (s.reference) {
      // Drawn by the `references` plugin as a dashed level across each category; the dataset
      // itself only gives the legend entry and the tooltip.
      return {
        label: s.label,
        data: s.values,
        reference: true,
        type: "line" as const,
        showLine: false,
        borderColor: color,
        backgroundColor: color,
        borderDash: [6, 4],
        pointRadius: 0,
        pointHoverRadius: 0,
        pointStyle: "line" as const,
        borderWidth: 2,
      };
    }
    return {
      label: s.label,
      data: s.values,
      borderColor: color,
      backgroundColor: p.kind === "bar" ? `${color}cc` : color,
      pointRadius: 4,
      pointHoverRadius: 6,
      pointStyle: p.kind === "bar" ? ("rect" as const) : ("circle" as const),
      borderWidth: 2,
      intervals: s.low && s.high ? { low: s.low, high: s.high } : undefined,
      spanGaps: true,
    };
  });
  const options: ChartOptions<"line" | "bar"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: "bottom", labels: { boxWidth: 8, boxHeight: 8, usePointStyle: true } },
      tooltip: {
        callbacks: {
          label(ctx) {
            const iv = (
              ctx.dataset as unknown as { intervals?: { low: (number | null)[]; high: (number | null)[] } }
            ).intervals;
            const v = ctx.parsed.y;
            const lo = iv?.low[ctx.dataIndex];
            const hi = iv?.high[ctx.dataIndex];
            const f = (x: number) => (Math.abs(x) < 0.001 && x !== 0 ? x.toExponential(1) : x.toFixed(3));
            return `${ctx.dataset.label}: ${v === null ? "n/a" : f(v)}${lo != null && hi != null ? ` (95 % CI ${f(lo)}–${f(hi)})` : ""}`;
          },
        },
      },
    },
    scales: {
      // offset: categories sit in the middle of their slot, so one layer is not glued to the axis.
      x: { offset: true, title: { display: Boolean(p.xLabel), text: p.xLabel ?? "" } },
      y: {
        title: { display: true, text: p.yLabel },
        min: p.yMin,
        max: p.yMax,
        beginAtZero: p.kind === "bar",
      },
    },
  };
  const data = { labels: p.labels, datasets } as unknown as ChartData<"line" & "bar">;
  return (
    <div ref={ref} style={{ height: p.height ?? 260 }} className="relative w-full">
      {p.kind === "bar" ? (
        <Bar
          data={data as ChartData<"bar">}
          options={options as ChartOptions<"bar">}
          aria-label={p.description}
          role="img"
        />
      ) : (
        <Line
          data={data as ChartData<"line">}
          options={options as ChartOptions<"line">}
          aria-label={p.description}
          role="img"
        />
      )}
    </div>
  );
}
