/**
 * The target samples farthest from the source in embedding space, with their nearest source
 * neighbours: what the model has never seen anything like. Distance of a target sample to the
 * source = Euclidean distance to its nearest source sample.
 */

import type { Matrix } from "@/lib/metrics/matrix";
import { pooledSquaredDistances } from "@/lib/metrics/shift/pairwise";

export interface FarSample {
  /** Row index in the target matrix. */
  target: number;
  distance: number;
  /** Row indices in the source matrix, nearest first, with distances. */
  neighbours: { source: number; distance: number }[];
}

export interface FarthestResult {
  samples: FarSample[];
  /** Median over all target rows of the nearest-source distance: the scale to read `distance` against. */
  medianDistance: number;
}

export async function farthestTargets(
  source: Matrix,
  target: Matrix,
  k = 12,
  neighbours = 3,
): Promise<FarthestResult> {
  if (source.rows < 1 || target.rows < 1) throw new Error("farthestTargets: both sides need rows");
  const n = source.rows;
  const total = n + target.rows;
  const d2 = await pooledSquaredDistances(source, target);
  const nearest: { target: number; list: { source: number; d2: number }[] }[] = [];
  for (let t = 0; t < target.rows; t++) {
    const row = (n + t) * total;
    const list: { source: number; d2: number }[] = [];
    for (let s = 0; s < n; s++) {
      const v = d2[row + s]!;
      if (list.length < neighbours || v < list[list.length - 1]!.d2) {
        list.push({ source: s, d2: v });
        list.sort((a, b) => a.d2 - b.d2);
        if (list.length > neighbours) list.pop();
      }
    }
    nearest.push({ target: t, list });
  }
  const dists = nearest.map((x) => Math.sqrt(x.list[0]!.d2)).sort((a, b) => a - b);
  const mid = dists.length >> 1;
  const medianDistance = dists.length % 2 ? dists[mid]! : (dists[mid - 1]! + dists[mid]!) / 2;
  const samples = nearest
    .map((x) => ({
      target: x.target,
      distance: Math.sqrt(x.list[0]!.d2),
      neighbours: x.list.map((l) => ({ source: l.source, distance: Math.sqrt(l.d2) })),
    }))
    .sort((a, b) => b.distance - a.distance)
    .slice(0, k);
  return { samples, medianDistance };
}
