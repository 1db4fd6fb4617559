/**
 * The verification stage: trains (a) a head on the frozen features at the recommended split layer,
 * (b) the same then fine-tuned, (c) the same architecture from scratch, at several training-set
 * sizes on the target, and stores the accuracies and learning curves (lib/recommend/verify).
 */
import { eq } from "drizzle-orm";
import { recommendations, verificationRuns } from "@/db/schema";
import { imageBatch } from "@/lib/audits/inputs";
import { encodeLabels } from "@/lib/audits/samples";
import { engineSpecFor } from "@/lib/embeddings/registry";
import { readMobileNetV2Artifacts } from "@/lib/embeddings/tfjs/mobilenet";
import { type ModelInput, runVerification } from "@/lib/recommend/verify";
import type { StageContext } from "./context";

/** Inputs held in memory for training: enough for learning curves, bounded for large images. */
function sampleCap(pixelsPerImage: number): number {
  return pixelsPerImage > 100_000 ? 600 : 4000;
}

export async function runVerifyStage(ctx: StageContext): Promise<void> {
  const { db, audit, job, model } = ctx;
  await db.delete(verificationRuns).where(eq(verificationRuns.auditId, audit.id));
  const [rec] = await db.select().from(recommendations).where(eq(recommendations.auditId, audit.id));
  if (!rec?.splitLayer || model.format === "identity") {
    await job.log("verification skipped: no recommended split layer to verify", "warn");
    return;
  }
  if (model.preprocessing.kind !== "image") {
    // The verification trains on the model's raw inputs; only image models are wired to it so far.
    await job.log(`verification skipped: not available yet for ${model.preprocessing.kind} models`, "warn");
    return;
  }
  if (model.format === "onnx") {
    // The verification fine-tunes the network with TF.js; an ONNX model has no TF.js copy to train.
    await job.log("verification skipped: not available for ONNX models (it trains with TF.js)", "warn");
    return;
  }
  const spec = await engineSpecFor(db, model);
  const source = spec.source;
  const modelInput: ModelInput =
    source.kind === "mobilenet_v2"
      ? { kind: "artifacts", artifacts: readMobileNetV2Artifacts() }
      : { kind: "dir", dir: (source as { dir: string }).dir };
  const pre = model.preprocessing;
  const pixels = (pre.height ?? 224) * (pre.width ?? 224) * (pre.channels ?? 3);
  const ids = [...ctx.targetMeta.keys()].filter((id) => ctx.targetMeta.get(id)?.label);
  const cap = sampleCap(pixels);
  const chosen = ids.length > cap ? ids.filter((_, i) => i % Math.ceil(ids.length / cap) === 0) : ids;
  await job.log(
    `verification on ${chosen.length} of ${ids.length} labelled target samples at ${rec.splitLayer}`,
  );
  const parts: Float32Array[] = [];
  const kept: number[] = [];
  for (let i = 0; i < chosen.length; i += 128) {
    const b = await imageBatch(db, chosen.slice(i, i + 128), pre);
    parts.push(b.data);
    kept.push(...b.sampleIds);
  }
  const x = new Float32Array(kept.length * pixels);
  let off = 0;
  for (const p of parts) {
    x.set(p, off);
    off += p.length;
  }
  const enc = encodeLabels(kept, ctx.targetMeta);
  const result = await runVerification({
    model: modelInput,
    splitLayer: rec.splitLayer,
    x,
    y: enc.y,
    classes: enc.classes.length,
    seed: audit.settings.seed,
    onProgress: (p) => {
      void job.progress(p.done, p.total, `verifying: ${p.strategy} at ${Math.round(p.fraction * 100)} %`);
    },
  });
  for (const s of result.skipped) await job.log(`verification: ${s.strategy} skipped: ${s.reason}`, "warn");
  if (result.runs.length) {
    await db.insert(verificationRuns).values(
      result.runs.map((r) => ({
        auditId: audit.id,
        strategy: r.strategy,
        fraction: r.fraction,
        trainSize: r.trainSize,
        testSize: r.testSize,
        seed: r.seed,
        accuracy: r.accuracy,
        low: r.low,
        high: r.high,
        epochs: r.epochs,
        curve: r.curve.map((c) => ({
          epoch: (c as { epoch?: number }).epoch ?? 0,
          loss: (c as { loss?: number }).loss ?? 0,
          valAccuracy: (c as { valAccuracy?: number }).valAccuracy ?? 0,
        })),
      })),
    );
  }
  await job.log(`verification: ${result.runs.length} runs on ${result.backend}`);
}
