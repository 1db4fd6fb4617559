"use client";

import type { ChartData, ChartOptions } from "chart.js";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Scatter } from "react-chartjs-2";
import { PALETTE, registerCharts } from "./setup";

registerCharts();

/** Compact map points: [x_pca, y_pca, x_umap|null, y_umap|null], side, label, attribute values. */
export interface CompactMap {
  layer: string;
  hasUmap: boolean;
  explained: number[];
  xy: [number, number, number | null, number | null][];
  side: ("s" | "t")[];
  label: (string | null)[];
  attrs: Record<string, (string | null)[]>;
}

export interface EmbeddingMapProps {
  maps: CompactMap[];
  attributes: string[];
  initialLayer: string;
  sourceName: string;
  targetName: string;
}

const MAX_GROUPS = 8;

/** 2-D map of the embeddings (PCA or UMAP) coloured by dataset, label or a protected attribute. */
export default function EmbeddingMap({
  maps,
  attributes,
  initialLayer,
  sourceName,
  targetName,
}: EmbeddingMapProps) {
  const ids = useId();
  const [layer, setLayer] = useState(initialLayer);
  const map = maps.find((m) => m.layer === layer) ?? maps[0]!;
  const [projection, setProjection] = useState<"pca" | "umap">(map.hasUmap ? "umap" : "pca");
  const [colour, setColour] = useState("dataset");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.closest("[data-chart]")?.setAttribute("data-rendered", "true");
  }, []);
  const proj = projection === "umap" && map.hasUmap ? "umap" : "pca";

  const data = useMemo(() => {
    const key = (i: number): string => {
      if (colour === "dataset")
        return map.side[i] === "s" ? `source: ${sourceName}` : `target: ${targetName}`;
      if (colour === "label") return map.label[i] ?? "(no label)";
      return map.attrs[colour]?.[i] ?? "(missing)";
    };
    const counts = new Map<string, number>();
    for (let i = 0; i < map.xy.length; i++) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const kept = new Set(top.slice(0, MAX_GROUPS - (top.length > MAX_GROUPS ? 1 : 0)));
    const groups = new Map<string, { x: number; y: number }[]>();
    for (let i = 0; i < map.xy.length; i++) {
      const p = map.xy[i]!;
      const x = proj === "umap" ? p[2] : p[0];
      const y = proj === "umap" ? p[3] : p[1];
      if (x === null || y === null) continue;
      const g = kept.has(key(i)) ? key(i) : "other";
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push({ x, y });
    }
    const order = [...kept, ...(groups.has("other") ? ["other"] : [])];
    return {
      datasets: order.map((g, i) => ({
        label: `${g} (${groups.get(g)?.length ?? 0})`,
        data: groups.get(g) ?? [],
        backgroundColor: `${PALETTE[i % PALETTE.length]}99`,
        borderColor: PALETTE[i % PALETTE.length],
        pointRadius: 2.5,
        // Target points drawn as triangles when colouring by something else than the dataset is not needed:
        // shape stays a circle so colour alone carries one variable.
      })),
    } as ChartData<"scatter">;
  }, [map, colour, proj, sourceName, targetName]);

  const options: ChartOptions<"scatter"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom", labels: { boxWidth: 10 } }, tooltip: { enabled: false } },
    scales: {
      x: {
        title: { display: true, text: proj === "umap" ? "UMAP 1" : "PC 1" },
        ticks: { display: proj === "pca" },
      },
      y: {
        title: { display: true, text: proj === "umap" ? "UMAP 2" : "PC 2" },
        ticks: { display: proj === "pca" },
      },
    },
  };
  const description = `${proj.toUpperCase()} map of ${map.xy.length} embeddings at layer ${map.layer}, coloured by ${colour}`;
  return (
    <div>
      <div className="no-print mb-3 flex flex-wrap gap-4 text-sm">
        <label htmlFor={`${ids}-layer`} className="flex items-center gap-2">
          Layer
          <select
            id={`${ids}-layer`}
            className="rounded border border-slate-300 px-2 py-1"
            value={layer}
            onChange={(e) => setLayer(e.target.value)}
          >
            {maps.map((m) => (
              <option key={m.layer} value={m.layer}>
                {m.layer}
                {m.hasUmap ? " (PCA, UMAP)" : " (PCA)"}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex items-center gap-3">
          <legend className="sr-only">Projection</legend>
          {(["pca", "umap"] as const).map((p) => (
            <label
              key={p}
              className={`flex items-center gap-1 ${p === "umap" && !map.hasUmap ? "text-slate-400" : ""}`}
            >
              <input
                type="radio"
                name={`${ids}-proj`}
                value={p}
                checked={proj === p}
                disabled={p === "umap" && !map.hasUmap}
                onChange={() => setProjection(p)}
              />
              {p.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${ids}-colour`} className="flex items-center gap-2">
          Colour by
          <select
            id={`${ids}-colour`}
            className="rounded border border-slate-300 px-2 py-1"
            value={colour}
            onChange={(e) => setColour(e.target.value)}
          >
            <option value="dataset">dataset (source / target)</option>
            <option value="label">label</option>
            {attributes.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div ref={ref} className="relative h-96 w-full">
        <Scatter data={data} options={options} aria-label={description} role="img" />
      </div>
      {!map.hasUmap && (
        <p className="mt-1 text-xs text-muted">
          UMAP is computed at the split layer only; other layers show PCA.
        </p>
      )}
    </div>
  );
}
