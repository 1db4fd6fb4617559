"use client";

/**
 * The charts, loaded only where shown: chart.js arrives in its own chunk with the first chart of a
 * page and never on pages without one. Each placeholder keeps the chart's height so nothing jumps.
 */
import dynamic from "next/dynamic";

function Placeholder({ height }: { height: number }) {
  return (
    <div
      style={{ height }}
      className="flex w-full items-center justify-center rounded bg-slate-50 text-sm text-muted"
      role="status"
    >
      Loading chart…
    </div>
  );
}

export const IntervalChart = dynamic(() => import("./interval-chart"), {
  ssr: false,
  loading: () => <Placeholder height={260} />,
});

export const EmbeddingMap = dynamic(() => import("./embedding-map"), {
  ssr: false,
  loading: () => <Placeholder height={420} />,
});
