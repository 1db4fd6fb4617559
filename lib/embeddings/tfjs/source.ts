/**
 * Which TF.js model to open, as plain serialisable data: it crosses into worker threads and job
 * payloads, so it is a zod schema rather than a class. No TF.js import here.
 */
import { z } from "zod";

/** A model with weights: the bundled MobileNetV2, or a TF.js model directory on disk. */
export const pretrainedSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("mobilenet_v2") }),
  z.object({
    kind: z.literal("dir"),
    /** Directory holding model.json and its weight shards. */
    dir: z.string().min(1),
    /** Refuse models with more weight values than this (default 50M). */
    maxParams: z.number().int().positive().optional(),
  }),
]);

/** The same architecture as `base` with seeded random weights (see random-init.ts). */
const randomInitSourceSchema = z.object({
  kind: z.literal("random-init"),
  base: pretrainedSourceSchema,
  seed: z.number().int().min(0).max(0xffffffff),
});

export const tfjsModelSourceSchema = z.union([pretrainedSourceSchema, randomInitSourceSchema]);

export type PretrainedSource = z.infer<typeof pretrainedSourceSchema>;
export type TfjsModelSource = z.infer<typeof tfjsModelSourceSchema>;
