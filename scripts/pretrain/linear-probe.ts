/**
 * Linear probe (Alain & Bengio, "Understanding intermediate layers using linear classifier probes",
 * 2016): a softmax regression trained on a frozen layer's output, scored on held-out data. Used to
 * give the label-free autoencoder a held-out accuracy comparable to the CNN's: labels are read by
 * the probe only, never by the autoencoder's training.
 */
import type { DigitSet } from "./data";
import { tf } from "./tf-setup";

/** The named layer's outputs for every row of `set` (n x dim, row-major). */
export function layerOutputs(model: tf.LayersModel, layer: string, set: DigitSet, batch = 512): Float32Array {
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  const dim = (sub.outputs[0]!.shape as (number | null)[]).slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  const out = new Float32Array(set.n * dim);
  for (let from = 0; from < set.n; from += batch) {
    const to = Math.min(set.n, from + batch);
    const v = tf.tidy(() => {
      const x = tf.tensor4d(set.x.subarray(from * 784, to * 784), [to - from, 28, 28, 1]);
      return (sub.predict(x, { batchSize: to - from }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(v, from * dim);
  }
  return out;
}

export interface ProbeResult {
  layer: string;
  heldOutAccuracy: number;
  heldOutCorrect: number;
  heldOutCount: number;
  epochs: number;
}

/** Full-batch Adam on softmax regression; seeded initializer, deterministic on wasm. */
export async function linearProbe(
  model: tf.LayersModel,
  layer: string,
  train: DigitSet,
  heldOut: DigitSet,
  classes: number,
  seed: number,
  epochs = 300,
): Promise<ProbeResult> {
  const ftr = layerOutputs(model, layer, train);
  const fte = layerOutputs(model, layer, heldOut);
  const dim = ftr.length / train.n;
  const probe = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [dim],
        units: classes,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
    ],
  });
  const optimizer = tf.train.adam(0.01);
  probe.compile({ optimizer, loss: "sparseCategoricalCrossentropy" });
  const xs = tf.tensor2d(ftr, [train.n, dim]);
  const ys = tf.tensor1d(Float32Array.from(train.y), "float32");
  for (let e = 0; e < epochs; e++) await probe.trainOnBatch(xs, ys);
  xs.dispose();
  ys.dispose();
  const pred = tf.tidy(() =>
    (probe.predict(tf.tensor2d(fte, [heldOut.n, dim])) as tf.Tensor).argMax(-1).dataSync(),
  );
  let correct = 0;
  for (let i = 0; i < heldOut.n; i++) if (pred[i] === heldOut.y[i]) correct++;
  probe.dispose();
  optimizer.dispose(); // not owned by the model when passed as an object
  return {
    layer,
    heldOutAccuracy: correct / heldOut.n,
    heldOutCorrect: correct,
    heldOutCount: heldOut.n,
    epochs,
  };
}
