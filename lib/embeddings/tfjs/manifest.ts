/**
 * `model.json` of a TF.js model (layers or graph format): schema, kind detection, and the byte and
 * parameter counts its weights manifest implies. Pure: no TF.js, no file system.
 *
 * Format reference: tfjs-converter "model.json" (modelTopology + weightsManifest, where each manifest
 * group lists shard file paths and the weights packed into them, in order, little-endian).
 */
import { z } from "zod";

const quantizationSchema = z.looseObject({
  dtype: z.enum(["uint8", "uint16", "float16"]),
  min: z.number().optional(),
  scale: z.number().optional(),
});

const weightSpecSchema = z.looseObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(["float32", "int32", "bool", "string", "complex64"]),
  quantization: quantizationSchema.optional(),
});

const weightsGroupSchema = z.looseObject({
  paths: z.array(z.string().min(1)).min(1),
  weights: z.array(weightSpecSchema),
});

export const modelJsonSchema = z.looseObject({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(weightsGroupSchema).min(1),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
});

export type ModelJson = z.infer<typeof modelJsonSchema>;
export type WeightSpec = z.infer<typeof weightSpecSchema>;
export type ModelKind = "layers" | "graph";

/** Default cap on the number of weight values: well above MobileNetV2 (3.5M) or ResNet-50 (25.6M). */
export const DEFAULT_MAX_PARAMS = 50_000_000;

function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(root)";
}

/** Validate parsed JSON against the schema; errors read `model.json: weightsManifest[0].paths: ...`. */
export function parseModelJson(value: unknown, label = "model.json"): ModelJson {
  const r = modelJsonSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues.slice(0, 3).map((i) => `${issuePath(i.path)}: ${i.message}`);
    throw new Error(`${label}: ${first.join("; ")}`);
  }
  return r.data;
}

/** Layers model (Keras topology) or graph model (GraphDef nodes). */
export function modelKind(json: ModelJson, label = "model.json"): ModelKind {
  if (json.format === "layers-model") return "layers";
  if (json.format === "graph-model") return "graph";
  const topo = json.modelTopology;
  if (Array.isArray(topo.node)) return "graph";
  if (topo.model_config != null || topo.class_name != null) return "layers";
  throw new Error(
    `${label}: modelTopology is neither a layers model (model_config or class_name) nor a graph model (node)`,
  );
}

const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1, complex64: 8 } as const;
const QUANT_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;

/** Number of values in a weight: the product of its shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes one weight occupies in its shard: elements x bytes of its stored (possibly quantized) dtype. */
export function weightBytes(w: WeightSpec, where: string): number {
  if (w.dtype === "string") {
    throw new Error(`${where} '${w.name}': dtype 'string' weights are not supported (size is not fixed)`);
  }
  const per = w.quantization ? QUANT_BYTES[w.quantization.dtype] : DTYPE_BYTES[w.dtype];
  return elementCount(w.shape) * per;
}

/** Expected byte total of each manifest group (the sum of its shard files). */
export function groupByteTotals(json: ModelJson, label = "model.json"): number[] {
  return json.weightsManifest.map((g, gi) =>
    g.weights.reduce((s, w, wi) => s + weightBytes(w, `${label}: weightsManifest[${gi}].weights[${wi}]`), 0),
  );
}

/** Total number of weight values declared by the manifest. */
export function declaredParams(json: ModelJson): number {
  let n = 0;
  for (const g of json.weightsManifest) for (const w of g.weights) n += elementCount(w.shape);
  return n;
}

/**
 * Reject shard paths that could leave the model directory: absolute paths, `..` segments, backslashes
 * or NUL. The converter writes plain file names like `group1-shard1of2.bin`.
 */
export function checkShardPath(p: string, where: string): void {
  if (p.startsWith("/") || p.includes("\\") || p.includes("\0") || /^[a-zA-Z]:/.test(p)) {
    throw new Error(`${where} '${p}' must be a relative path inside the model directory`);
  }
  if (p.split("/").some((seg) => seg === ".." || seg === "")) {
    throw new Error(`${where} '${p}' must not contain '..' or empty segments`);
  }
}

/**
 * Check shard sizes against the manifest: each group's shards together must hold exactly the bytes its
 * weights need. A one-shard group names the shard; a multi-shard group lists every shard's size.
 */
export function checkShardSizes(
  json: ModelJson,
  sizes: readonly (readonly number[])[],
  label = "model.json",
): void {
  const totals = groupByteTotals(json, label);
  json.weightsManifest.forEach((g, gi) => {
    const got = sizes[gi];
    if (!got || got.length !== g.paths.length) {
      throw new Error(`${label}: weightsManifest[${gi}]: ${g.paths.length} shard sizes expected`);
    }
    const expected = totals[gi]!;
    const sum = got.reduce((a, b) => a + b, 0);
    if (sum === expected) return;
    if (g.paths.length === 1) {
      throw new Error(
        `${label}: weightsManifest[${gi}].paths[0] '${g.paths[0]}' is ${sum} bytes, manifest says ${expected}`,
      );
    }
    const each = g.paths.map((p, pi) => `paths[${pi}] '${p}' ${got[pi]} bytes`).join(", ");
    throw new Error(
      `${label}: weightsManifest[${gi}] shards hold ${sum} bytes (${each}), manifest says ${expected}`,
    );
  });
}

/** Throw when the manifest declares more weight values than `maxParams`. */
export function checkParamCap(json: ModelJson, maxParams: number, label = "model.json"): number {
  if (!Number.isFinite(maxParams) || maxParams <= 0) {
    throw new Error(`maxParams must be a positive number, got ${maxParams}`);
  }
  const n = declaredParams(json);
  if (n > maxParams) {
    throw new Error(
      `${label}: weightsManifest declares ${n.toLocaleString("en")} parameters, cap is ${maxParams.toLocaleString("en")} (maxParams)`,
    );
  }
  return n;
}
