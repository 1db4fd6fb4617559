/**
 * A warning's one-line title: what was found, about which group (and label), of which attribute,
 * in which dataset, at which layer. The title is what a reviewer scans and what the audit trail
 * quotes, so it must say where to look without the message beside it.
 */
import type { BiasWarning } from "./types";

/** "in the target", or nothing when the warning compares the two datasets. */
function where(w: BiasWarning): string {
  if (w.dataset === "source" || w.dataset === "target") return ` in the ${w.dataset}`;
  return "";
}

function direction(value: number | null): string {
  if (value === null) return "unevenly represented";
  return value < 1 ? "under-represented" : "over-represented";
}

export function warningTitle(w: BiasWarning): string {
  const attr = `"${w.attribute}"`;
  const group = w.group !== undefined ? `"${w.group}"` : "a group";
  switch (w.kind) {
    case "co-occurrence":
      return `${group} ${direction(w.value)} within label "${w.label}" (${attr}${where(w)})`;
    case "fairness":
      return `Favourable label "${w.label}": ${group} vs the privileged group (${attr}${where(w)}, disparate impact)`;
    case "representation":
      return `${group} ${direction(w.value)}${where(w)} (${attr})`;
    case "distribution-shift":
      return `${attr} groups distributed differently in source and target`;
    case "test-validity":
      return `${attr}: source-vs-target test rests on small expected counts`;
    case "leakage":
      return `${attr} ${w.severity === "info" ? "not recovered beyond chance" : "recoverable"} from the ${w.dataset ?? "dataset"}'s features at layer "${w.layer}"`;
    case "group-performance":
      return `Accuracy gap between ${attr} groups${where(w)}${w.layer ? ` at layer "${w.layer}"` : ""}, worst ${group}`;
    case "too-small":
      return `${group} too small to judge (${attr}${where(w)})`;
    case "dataset-card":
      return `Documented skew of the source dataset "${w.dataset}": ${attr}`;
  }
}
