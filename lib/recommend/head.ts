/**
 * Strategy (a)'s head: an L2-penalised softmax regression on standardised frozen features, trained with
 * full-batch Adam to convergence (train-loop.ts trainToConvergence), its penalty chosen on the
 * validation part from a small grid (lowest validation loss; on equal losses the larger penalty, the
 * simpler model).
 *
 * Why a chosen penalty and not a fixed one: on wide layers (flatten of the MNIST CNN: 1568 features for
 * 40 to 2000 images) a weakly penalised head fits the training part perfectly (training loss about
 * 0.001, measured), which leaves fine-tuning, which starts from this head, no gradient to learn from:
 * with the probe's own penalty (5e-4) fine-tuning kept its starting weights in every run of the
 * evaluation. A penalty chosen on held-out data is the standard use of a validation set.
 */
import type * as tf from "@tensorflow/tfjs";
import { headModel } from "./models";
import { type ConvergeSettings, type Rows, type TrainOutcome, trainToConvergence } from "./train-loop";

export interface FittedHead {
  head: tf.LayersModel;
  outcome: TrainOutcome;
  /** The chosen penalty: l2 * sum(W^2) is added to the mean cross-entropy. */
  l2: number;
  /** Final validation loss for each penalty tried, in grid order. */
  validationLoss: number[];
}

export async function fitHead(
  dim: number,
  classes: number,
  seed: number,
  grid: readonly number[],
  train: Rows,
  validation: Rows,
  settings: ConvergeSettings,
): Promise<FittedHead> {
  if (grid.length === 0) throw new Error("headL2Grid: give at least one penalty");
  // Largest penalty first, so that a strictly lower loss is needed to prefer a weaker one.
  const order = [...grid.keys()].sort((a, b) => grid[b]! - grid[a]!);
  const losses = new Array<number>(grid.length).fill(Number.NaN);
  let best: { head: tf.LayersModel; outcome: TrainOutcome; l2: number; loss: number } | null = null;
  for (const i of order) {
    const l2 = grid[i]!;
    const head = headModel(dim, classes, seed, l2);
    let outcome: TrainOutcome;
    try {
      outcome = await trainToConvergence(head, train, validation, settings);
    } catch (e) {
      head.dispose();
      best?.head.dispose();
      throw e;
    }
    const loss = outcome.curve[outcome.curve.length - 1]!.valLoss;
    losses[i] = loss;
    if (best === null || loss < best.loss) {
      best?.head.dispose();
      best = { head, outcome, l2, loss };
    } else {
      head.dispose();
    }
  }
  return { head: best!.head, outcome: best!.outcome, l2: best!.l2, validationLoss: losses };
}
