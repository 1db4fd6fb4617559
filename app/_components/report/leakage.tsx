import type { LeakageResult, LeakageScore } from "@/lib/bias";
import { fmt, withInterval } from "@/lib/reports/numbers";
import { IntervalChart } from "../charts/lazy";
import { Term } from "../term";
import { Empty, Figure, Inferred, Section, safe, Table, Td } from "./ui";

function cell(s: LeakageScore | null) {
  if (!s) return <span className="text-xs text-muted">not measured</span>;
  return (
    <>
      {withInterval(s.balancedAccuracy, s.lower, s.upper, { n: s.n })}
      <span className="block text-xs text-muted">
        chance {fmt(s.baseline)} · margin {withInterval(s.margin, s.marginLower, s.marginUpper)}
      </span>
    </>
  );
}

export function LeakageSection({ results }: { results: LeakageResult[] }) {
  return (
    <Section
      id="leakage"
      title="Attribute leakage per layer"
      intro={
        <>
          Can the protected attribute be read off the embeddings? <Term k="leakage">Balanced accuracy</Term>{" "}
          of a cross-validated classifier predicting it at each layer, against chance (dashed). A split layer
          that leaks less carries less of the attribute into the new model.
        </>
      }
    >
      {results.length === 0 ? (
        <Empty>No leakage analysis (no protected attributes, or groups too small).</Empty>
      ) : (
        results.map((r) =>
          safe(`leakage of ${r.attribute}`, () => {
            const labels = r.layers.map((l) => l.layer);
            const pick = (side: "source" | "target") => ({
              values: r.layers.map((l) => l[side]?.balancedAccuracy ?? null),
              low: r.layers.map((l) => l[side]?.lower ?? null),
              high: r.layers.map((l) => l[side]?.upper ?? null),
            });
            const baseline = r.layers.find((l) => l.target ?? l.source);
            const chance = baseline ? (baseline.target ?? baseline.source)!.baseline : null;
            return (
              <div key={r.attribute} className="avoid-break mb-8">
                <h3 className="font-semibold">
                  {r.attribute}
                  <Inferred by={r.inferredBy} />
                </h3>
                <Figure
                  caption={`Balanced accuracy of predicting ${r.attribute} from each layer, 95 % bootstrap intervals (${r.resamples} resamples); dashed: chance.`}
                >
                  <IntervalChart
                    kind="line"
                    description={`Leakage of ${r.attribute} per layer`}
                    labels={labels}
                    yLabel="balanced accuracy"
                    yMin={0}
                    yMax={1}
                    series={[
                      { label: "source", ...pick("source") },
                      { label: "target", ...pick("target"), color: "#E69F00" },
                      { label: "chance", values: labels.map(() => chance), reference: true },
                    ]}
                  />
                </Figure>
                <Table
                  caption={`Leakage of ${r.attribute} (balanced accuracy, 95 % CI)`}
                  head={["Layer", "Source", "Target"]}
                >
                  {r.layers.map((l) => (
                    <tr key={l.layer}>
                      <Td className="font-mono text-xs">{l.layer}</Td>
                      <Td className="num">{cell(l.source)}</Td>
                      <Td className="num">{cell(l.target)}</Td>
                    </tr>
                  ))}
                </Table>
                {(r.excluded.source.length > 0 || r.excluded.target.length > 0) && (
                  <p className="mt-1 text-xs text-muted">
                    Left out as too small:{" "}
                    {[
                      ...r.excluded.source.map((e) => `${e.group} (${e.count}, source)`),
                      ...r.excluded.target.map((e) => `${e.group} (${e.count}, target)`),
                    ].join(", ")}
                    .
                  </p>
                )}
                {r.summary.target && (
                  <p className="mt-1 text-xs">
                    Least leakage on the target at <span className="font-mono">{r.summary.target.least}</span>
                    , most at <span className="font-mono">{r.summary.target.most}</span>.
                  </p>
                )}
              </div>
            );
          }),
        )
      )}
    </Section>
  );
}
