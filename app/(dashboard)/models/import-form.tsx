"use client";

import { useActionState, useId } from "react";
import { type ImportModelState, importModelAction } from "./actions";

const field = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-ink";

/**
 * Upload a TF.js model (model.json + weight shards) or one ONNX file, with its input preprocessing
 * and training data.
 */
export function ImportModelForm({ cards }: { cards: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ImportModelState, FormData>(importModelAction, {});
  const id = useId();
  return (
    <form action={action} className="space-y-4 text-sm">
      <div>
        <label htmlFor={`${id}-files`} className="block font-medium">
          Model files
        </label>
        <input
          id={`${id}-files`}
          name="files"
          type="file"
          multiple
          required
          className="mt-1 block text-sm"
          accept=".json,.bin,.onnx"
        />
        <p className="mt-1 text-xs text-muted">
          A TF.js model: model.json and every weight file it lists (e.g. group1-shard1of1.bin); layers and
          graph models both work. Or one ONNX file (.onnx, exported from PyTorch, TensorFlow, …): its input
          size must match the height, width and channels below.
        </p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <label htmlFor={`${id}-name`} className="flex flex-col gap-1 text-xs text-muted">
          Name
          <input id={`${id}-name`} name="name" required maxLength={120} className={field} />
        </label>
        <label htmlFor={`${id}-src`} className="flex flex-col gap-1 text-xs text-muted">
          Trained on (dataset name)
          <input id={`${id}-src`} name="sourceName" required maxLength={200} className={field} />
        </label>
      </div>
      <label htmlFor={`${id}-desc`} className="flex flex-col gap-1 text-xs text-muted">
        About the training data (what, who, when, how labelled)
        <textarea id={`${id}-desc`} name="sourceDescription" rows={2} maxLength={2000} className={field} />
      </label>
      <fieldset className="grid gap-3 sm:grid-cols-4">
        <legend className="mb-1 text-xs font-medium text-muted">Input the model expects</legend>
        <label htmlFor={`${id}-h`} className="flex flex-col gap-1 text-xs text-muted">
          Height (px)
          <input
            id={`${id}-h`}
            name="height"
            type="number"
            min={8}
            max={1024}
            defaultValue={224}
            className={field}
          />
        </label>
        <label htmlFor={`${id}-w`} className="flex flex-col gap-1 text-xs text-muted">
          Width (px)
          <input
            id={`${id}-w`}
            name="width"
            type="number"
            min={8}
            max={1024}
            defaultValue={224}
            className={field}
          />
        </label>
        <label htmlFor={`${id}-c`} className="flex flex-col gap-1 text-xs text-muted">
          Channels
          <select id={`${id}-c`} name="channels" defaultValue="3" className={field}>
            <option value="3">3 (RGB)</option>
            <option value="1">1 (grey)</option>
          </select>
        </label>
        <label htmlFor={`${id}-r`} className="flex flex-col gap-1 text-xs text-muted">
          Pixel range
          <select id={`${id}-r`} name="range" defaultValue="0,1" className={field}>
            <option value="0,1">0 to 1</option>
            <option value="-1,1">−1 to 1</option>
            <option value="0,255">0 to 255</option>
          </select>
        </label>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <label htmlFor={`${id}-card`} className="flex flex-col gap-1 text-xs text-muted">
          Dataset card of the training data (documented skews)
          <select id={`${id}-card`} name="cardId" defaultValue="" className={field}>
            <option value="">none on file</option>
            {cards.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-prov`} className="flex flex-col gap-1 text-xs text-muted">
          Provenance (where the weights come from, licence)
          <input id={`${id}-prov`} name="provenance" maxLength={4000} className={field} />
        </label>
      </div>
      {state.error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-accent px-3 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        {pending ? "Importing…" : "Import model"}
      </button>
    </form>
  );
}
