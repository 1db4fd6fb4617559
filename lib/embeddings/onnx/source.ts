/**
 * Which model the ONNX Runtime engine opens, as plain serialisable data (it crosses into worker
 * threads and job payloads). No runtime import here.
 */
import { z } from "zod";
import { tfjsModelSourceSchema } from "../tfjs/source";

/** A `.onnx` file on disk (weights inside the file; external-data models are refused). */
export const onnxFileSourceSchema = z.object({
  kind: z.literal("file"),
  path: z.string().min(1),
  /**
   * Input layout when the input shape cannot tell (channels 1 or 3 at both ends, e.g. [N, 3, 3, 3]).
   * Normally absent: [N, 3, H, W] is NCHW, [N, H, W, 3] NHWC.
   */
  layout: z.enum(["nchw", "nhwc"]).optional(),
});

export const onnxModelSourceSchema = z.discriminatedUnion("kind", [
  onnxFileSourceSchema,
  /** The same architecture as the file with seeded random weights (see random-init.ts). */
  z.object({
    kind: z.literal("random-init"),
    base: onnxFileSourceSchema,
    seed: z.number().int().min(0).max(0xffffffff),
  }),
  /**
   * A TF.js layers model converted to ONNX (`convert/`), cached on disk by weights hash. Layer names
   * are the TF.js ones. `base` may itself be a TF.js random-init source: the random copy converts too.
   */
  z.object({ kind: z.literal("tfjs-converted"), base: tfjsModelSourceSchema }),
]);

export type OnnxFileSource = z.infer<typeof onnxFileSourceSchema>;
export type OnnxModelSource = z.infer<typeof onnxModelSourceSchema>;
