/**
 * Colored MNIST, the bias benchmark of Kim, Kim, Kim, Kim & Kim, "Learning Not to Learn:
 * Training Deep Neural Networks with Biased Data" (CVPR 2019): each digit is tinted, and in the
 * biased (source) set the colour predicts the label, so a network can learn colour instead of
 * shape. Here, deterministically:
 * - palette: ten named colours, colour k the "own" colour of digit k;
 * - source: for each digit, exactly 95 % of its samples (a seeded choice) take the digit's own
 *   colour, the other 5 % a uniformly drawn other colour;
 * - target: for each digit, its samples are split evenly over the ten colours (10 % each), so
 *   colour and label are exactly independent in the sample (Cramér's V = 0).
 * Kim et al. draw the colour from a Gaussian around each mean colour (σ² a bias knob); fixed
 * colours keep the attribute categorical so the bias analysis can group by it.
 * Tint: the grey digit (light on black) scales the colour: rgb = round(g * colour / 255).
 */
import { createRng, permutation } from "@/lib/metrics/stats/rng";

/** Sasha Trubetskoy's "20 simple distinct colours" (first ten), as [name, r, g, b]. */
export const PALETTE: readonly (readonly [string, number, number, number])[] = [
  ["red", 230, 25, 75],
  ["green", 60, 180, 75],
  ["yellow", 255, 225, 25],
  ["blue", 0, 130, 200],
  ["orange", 245, 130, 48],
  ["purple", 145, 30, 180],
  ["cyan", 70, 240, 240],
  ["magenta", 240, 50, 230],
  ["lime", 210, 245, 60],
  ["pink", 250, 190, 212],
];

export const ALIGNED_FRACTION = 0.95;

/**
 * Colour index per sample. `labels` are digits 0..9; samples of one digit are taken in the given
 * order. `biased`: 95 % own colour (round(0.95 n) per digit exactly); else even spread.
 */
export function assignColours(labels: ArrayLike<number>, biased: boolean, seed: number): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(labels.length);
  for (let d = 0; d < 10; d++) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === d) idx.push(i);
    const perm = permutation(idx.length, rng);
    const aligned = Math.round(ALIGNED_FRACTION * idx.length);
    perm.forEach((p, j) => {
      const i = idx[p]!;
      if (biased) out[i] = j < aligned ? d : (d + 1 + rng.int(9)) % 10;
      else out[i] = j % 10;
    });
  }
  return out;
}

/** count x 784 grey -> count x 784 x 3 RGB, each digit scaled by its colour. */
export function tint(grey: Uint8Array, colours: Uint8Array, pixelsPerImage = 784): Uint8Array {
  const n = colours.length;
  if (grey.length !== n * pixelsPerImage)
    throw new Error(`tint: ${grey.length} grey bytes for ${n} images of ${pixelsPerImage}`);
  const out = new Uint8Array(grey.length * 3);
  for (let i = 0; i < n; i++) {
    const [, r, g, b] = PALETTE[colours[i]!]!;
    for (let p = 0; p < pixelsPerImage; p++) {
      const v = grey[i * pixelsPerImage + p]!;
      const o = (i * pixelsPerImage + p) * 3;
      out[o] = Math.round((v * r) / 255);
      out[o + 1] = Math.round((v * g) / 255);
      out[o + 2] = Math.round((v * b) / 255);
    }
  }
  return out;
}
