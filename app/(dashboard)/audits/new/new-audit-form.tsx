"use client";

import { useActionState, useId, useMemo, useState } from "react";
import { type ActionState, createAuditAction } from "../actions";

export interface FormModel {
  id: string;
  name: string;
  slug: string;
  format: string;
  /** image | tabular | bow | features */
  inputKind: string;
  sourceDataset: string;
  suggested: string[];
  layers: { name: string; className: string; shape: string }[];
}

export interface FormDataset {
  id: string;
  name: string;
  kind: string;
  sampleCount: number;
  hasLabels: boolean;
  attributes: { name: string; protected: boolean; inferredBy: string | null }[];
  labels: { value: string; count: number }[];
}

const COMPATIBLE: Record<string, string[]> = {
  image: ["image"],
  bow: ["text"],
  tabular: ["tabular", "embedding"],
  features: ["tabular", "embedding"],
};

/** Suggested split points first; otherwise a third and two thirds of the way in, and the penultimate layer. */
export function defaultLayers(m: FormModel): string[] {
  const names = new Set(m.layers.map((l) => l.name));
  const suggested = m.suggested.filter((s) => names.has(s));
  if (suggested.length) return suggested;
  const inner = m.layers.filter(
    (l, i) => i > 0 && i < m.layers.length - 1 && !/dropout|input/i.test(l.className),
  );
  if (inner.length <= 3) return inner.map((l) => l.name);
  const pick = [Math.floor(inner.length / 3), Math.floor((2 * inner.length) / 3), inner.length - 1];
  return [...new Set(pick.map((i) => inner[i]!.name))];
}

/** A first guess at the pair: datasets named "source" / "target" when there are such, else the first two. */
function pickPair(usable: FormDataset[]): { source: string; target: string } {
  const source = usable.find((d) => /\bsource\b/i.test(d.name)) ?? usable[0];
  const targets = usable.filter((d) => d.id !== source?.id && d.hasLabels);
  const target = targets.find((d) => /\btarget\b/i.test(d.name)) ?? targets[0];
  return { source: source?.id ?? "", target: target?.id ?? "" };
}

const field = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";

export function NewAuditForm({
  models,
  datasets,
  initialModelId,
  defaults,
}: {
  models: FormModel[];
  datasets: FormDataset[];
  initialModelId?: string;
  defaults: {
    seed: number;
    permutations: number;
    bootstrap: number;
    maxSamples: number;
    minGroupSize: number;
  };
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createAuditAction, {});
  const id = useId();
  const [modelId, setModelId] = useState(
    models.find((m) => m.id === initialModelId || m.slug === initialModelId)?.id ?? models[0]!.id,
  );
  const model = models.find((m) => m.id === modelId)!;
  const usable = datasets.filter((d) => (COMPATIBLE[model.inputKind] ?? []).includes(d.kind));
  const [layers, setLayers] = useState<string[]>(() => defaultLayers(model));
  const [sourceId, setSourceId] = useState(() => pickPair(usable).source);
  const [targetId, setTargetId] = useState(() => pickPair(usable).target);
  const [filter, setFilter] = useState("");
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const source = datasets.find((d) => d.id === sourceId);
  const target = datasets.find((d) => d.id === targetId);
  const attributes = useMemo(() => {
    const map = new Map<string, { name: string; protected: boolean; inferredBy: string | null }>();
    for (const d of [source, target])
      for (const a of d?.attributes ?? []) if (!map.has(a.name)) map.set(a.name, a);
    return [...map.values()];
  }, [source, target]);
  const autoName = `${model.name}: ${source?.name ?? "?"} → ${target?.name ?? "?"}`;
  const shownLayers = model.layers.filter(
    (l) => !filter || l.name.toLowerCase().includes(filter.toLowerCase()),
  );
  const err = (f: string) =>
    state.field === f ? (
      <p role="alert" className="mt-1 text-sm text-red-700">
        {state.error}
      </p>
    ) : null;

  return (
    <form action={action} className="space-y-6" aria-describedby={state.error ? `${id}-err` : undefined}>
      {state.error && (
        <p
          id={`${id}-err`}
          role="alert"
          className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800"
        >
          {state.error}
        </p>
      )}
      <fieldset className="rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 font-semibold">1. Model</legend>
        <label htmlFor={`${id}-model`} className="block text-sm">
          Pretrained model
        </label>
        <select
          id={`${id}-model`}
          name="modelId"
          className={`${field} mt-1 w-full max-w-xl`}
          value={modelId}
          onChange={(e) => {
            const m = models.find((x) => x.id === e.target.value)!;
            setModelId(m.id);
            setLayers(defaultLayers(m));
            const pair = pickPair(datasets.filter((d) => (COMPATIBLE[m.inputKind] ?? []).includes(d.kind)));
            setSourceId(pair.source);
            setTargetId(pair.target);
          }}
        >
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} — learned from {m.sourceDataset}
            </option>
          ))}
        </select>
        {err("modelId")}
        <p className="mt-2 text-xs text-muted">
          Reads{" "}
          {model.inputKind === "bow"
            ? "text"
            : model.inputKind === "features"
              ? "tabular features"
              : model.inputKind}{" "}
          data. To audit a model of your own, import it on the Models page or with the command line (TF.js or
          ONNX); it then appears here.
        </p>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 font-semibold">2. Layers to compare as split points</legend>
        <p className="text-xs text-muted">
          Selected: <span data-testid="selected-layers">{layers.join(", ") || "none"}</span>. Suggested layers
          are pre-selected; choose up to 12.
        </p>
        {model.layers.length > 12 && (
          <>
            <label htmlFor={`${id}-filter`} className="sr-only">
              Filter layers
            </label>
            <input
              id={`${id}-filter`}
              type="search"
              placeholder="Filter layers…"
              className={`${field} mt-2 w-64`}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </>
        )}
        <div className="mt-2 max-h-64 overflow-y-auto rounded border border-slate-100">
          {shownLayers.map((l) => (
            <label key={l.name} className="flex items-center gap-2 px-2 py-0.5 text-sm hover:bg-slate-50">
              <input
                type="checkbox"
                name="layers"
                value={l.name}
                checked={layers.includes(l.name)}
                onChange={(e) =>
                  setLayers((prev) =>
                    e.target.checked
                      ? model.layers.map((x) => x.name).filter((n) => n === l.name || prev.includes(n))
                      : prev.filter((n) => n !== l.name),
                  )
                }
              />
              <span className="font-mono">{l.name}</span>
              <span className="text-xs text-muted">
                {l.className} · {l.shape}
                {model.suggested.includes(l.name) ? " · suggested" : ""}
              </span>
            </label>
          ))}
        </div>
        {/* Layers hidden by the filter stay selected. */}
        {layers
          .filter((n) => !shownLayers.some((l) => l.name === n))
          .map((n) => (
            <input key={n} type="hidden" name="layers" value={n} />
          ))}
        {err("layers")}
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 font-semibold">3. Data</legend>
        {usable.length < 2 && (
          <p className="mb-2 text-sm text-amber-800">
            Fewer than two datasets this model can read ({COMPATIBLE[model.inputKind]?.join(" or ")}).
          </p>
        )}
        <div className="grid gap-4 md:grid-cols-2">
          <div>
            <label htmlFor={`${id}-src`} className="block text-sm">
              Source: what the model learned from, or data like it
            </label>
            <select
              id={`${id}-src`}
              name="sourceDatasetId"
              className={`${field} mt-1 w-full`}
              value={sourceId}
              onChange={(e) => setSourceId(e.target.value)}
            >
              {usable.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.sampleCount.toLocaleString("en")})
                </option>
              ))}
            </select>
            {err("sourceDatasetId")}
          </div>
          <div>
            <label htmlFor={`${id}-tgt`} className="block text-sm">
              Target: your new task (needs labels)
            </label>
            <select
              id={`${id}-tgt`}
              name="targetDatasetId"
              className={`${field} mt-1 w-full`}
              value={targetId}
              onChange={(e) => setTargetId(e.target.value)}
            >
              <option value="">Choose…</option>
              {usable.map((d) => (
                <option key={d.id} value={d.id} disabled={!d.hasLabels}>
                  {d.name} ({d.sampleCount.toLocaleString("en")}){d.hasLabels ? "" : " — no labels"}
                </option>
              ))}
            </select>
            {err("targetDatasetId")}
          </div>
        </div>
        <div className="mt-4">
          <p className="text-sm">Protected attributes to analyse</p>
          {attributes.length === 0 ? (
            <p className="text-xs text-muted">
              These datasets record no attributes: the bias analysis covers the source dataset’s card only.
            </p>
          ) : (
            <div className="mt-1 flex flex-wrap gap-4">
              {attributes.map((a) => (
                <label key={a.name} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    name="protectedAttributes"
                    value={a.name}
                    defaultChecked={a.protected}
                  />
                  {a.name}
                  {a.inferredBy && (
                    <span className="text-xs text-violet-800">(inferred by {a.inferredBy})</span>
                  )}
                </label>
              ))}
            </div>
          )}
          {err("settings")}
        </div>
        <div className="mt-4">
          <label htmlFor={`${id}-fav`} className="block text-sm">
            Favourable label (optional: enables parity measures on the labels)
          </label>
          <select id={`${id}-fav`} name="favourableLabel" className={`${field} mt-1`} defaultValue="">
            <option value="">none</option>
            {(target?.labels ?? []).map((l) => (
              <option key={l.value} value={l.value}>
                {l.value} ({l.count})
              </option>
            ))}
          </select>
        </div>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 font-semibold">4. Run</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="verify" className="mt-1" />
          <span>
            Verify by experiment: train frozen, fine-tuned and from-scratch models on growing shares of the
            target and draw learning curves (slower).
          </span>
        </label>
        <details className="mt-4">
          <summary className="cursor-pointer text-sm text-accent">Advanced settings</summary>
          <div className="mt-3 grid gap-3 sm:grid-cols-3">
            {(
              [
                ["seed", "Random seed", defaults.seed],
                ["permutations", "Permutations (MMD test)", defaults.permutations],
                ["bootstrap", "Bootstrap resamples", defaults.bootstrap],
                ["maxSamples", "Max samples per side (shift)", defaults.maxSamples],
                ["minGroupSize", "Minimum group size to judge", defaults.minGroupSize],
              ] as const
            ).map(([n, label, v]) => (
              <label key={n} htmlFor={`${id}-${n}`} className="flex flex-col gap-1 text-xs text-muted">
                {label}
                <input
                  id={`${id}-${n}`}
                  name={n}
                  type="number"
                  min={0}
                  defaultValue={v}
                  className={`${field} text-ink`}
                />
              </label>
            ))}
            <label htmlFor={`${id}-pool`} className="flex flex-col gap-1 text-xs text-muted">
              Pooling of feature maps
              <select id={`${id}-pool`} name="pooling" defaultValue="avg" className={`${field} text-ink`}>
                <option value="avg">average</option>
                <option value="max">max</option>
              </select>
            </label>
            <label htmlFor={`${id}-engine`} className="flex flex-col gap-1 text-xs text-muted">
              Engine
              <select id={`${id}-engine`} name="engine" defaultValue="auto" className={`${field} text-ink`}>
                <option value="auto">automatic (ONNX Runtime when the model converts, else TF.js)</option>
                <option value="onnx">ONNX Runtime</option>
                <option value="tfjs">TF.js</option>
              </select>
            </label>
          </div>
        </details>
        <label htmlFor={`${id}-name`} className="mt-4 block text-sm">
          Audit name
        </label>
        <input
          id={`${id}-name`}
          name="name"
          className={`${field} mt-1 w-full max-w-xl`}
          value={nameTouched ? name : autoName}
          onChange={(e) => {
            setNameTouched(true);
            setName(e.target.value);
          }}
          maxLength={200}
          required
        />
        {err("name")}
        <div className="mt-5">
          <button
            type="submit"
            disabled={pending || !targetId || layers.length === 0}
            className="rounded bg-accent px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
          >
            {pending ? "Starting…" : "Start audit"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
