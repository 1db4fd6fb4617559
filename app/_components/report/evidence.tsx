import type { Evidence } from "@/db/schema";
import { hasTerm } from "@/lib/reports/glossary";
import { withInterval } from "@/lib/reports/numbers";
import { Term } from "../term";

/** The number behind a statement: metric (explained), value with interval and n, layer, note. */
export function EvidenceLine({ e }: { e: Evidence | null | undefined }) {
  if (!e) return null;
  return (
    <span className="text-xs text-muted">
      {hasTerm(e.metric) ? <Term k={e.metric} /> : e.metric}:{" "}
      <span className="num text-ink">
        {withInterval(e.value, e.low ?? null, e.high ?? null, { n: e.n ?? null })}
      </span>
      {e.layer ? ` at ${e.layer}` : ""}
      {e.note ? ` · ${e.note}` : ""}
    </span>
  );
}
