import type { GroupPerformanceResult } from "@/lib/bias";
import { pct, withInterval } from "@/lib/reports/numbers";
import { IntervalChart } from "../charts/lazy";
import { Term } from "../term";
import { Empty, Figure, Inferred, Section, safe, Table, Td, TooSmall } from "./ui";

export function GroupPerformanceSection({
  results,
}: {
  results: (GroupPerformanceResult & { layer: string | null })[];
}) {
  return (
    <Section
      id="groups"
      title="Performance per group"
      intro="Accuracy on the target of a linear probe on the frozen features (out-of-fold predictions), per group: does the reused model serve every group equally?"
    >
      {results.length === 0 ? (
        <Empty>No per-group performance (no protected attributes on the target, or too few labels).</Empty>
      ) : (
        results.map((r) =>
          safe(`performance by ${r.attribute}`, () => (
            <div key={r.attribute} className="avoid-break mb-8">
              <h3 className="font-semibold">
                by {r.attribute}
                {r.layer && (
                  <span className="ml-2 font-mono text-xs font-normal text-muted">at {r.layer}</span>
                )}
                <Inferred by={r.inferredBy} />
              </h3>
              <p className="mt-1 text-sm">
                Overall accuracy{" "}
                <span className="num">
                  {withInterval(r.overall.share, r.overall.lower, r.overall.upper, {
                    percent: true,
                    n: r.overall.n,
                  })}
                </span>
                .{" "}
                {r.gap ? (
                  <>
                    <Term k="groupGap">Worst-group gap</Term>{" "}
                    <span className="num font-semibold">
                      {withInterval(r.gap.estimate, r.gap.lower, r.gap.upper, { percent: true })}
                    </span>{" "}
                    ({r.gap.best} best, {r.gap.worst} worst).
                  </>
                ) : (
                  <span className="text-muted">
                    Fewer than two groups reach the minimum size: no gap is judged.
                  </span>
                )}
              </p>
              <Figure
                caption={`Linear-probe accuracy per ${r.attribute} group with 95 % Wilson intervals; dashed: overall.`}
              >
                <IntervalChart
                  kind="bar"
                  description={`Accuracy per ${r.attribute} group`}
                  labels={r.groups.map((g) => g.group)}
                  yLabel="accuracy"
                  yMin={0}
                  yMax={1}
                  height={220}
                  series={[
                    {
                      label: "accuracy",
                      values: r.groups.map((g) => g.accuracy.share),
                      low: r.groups.map((g) => g.accuracy.lower),
                      high: r.groups.map((g) => g.accuracy.upper),
                    },
                    { label: "overall", values: r.groups.map(() => r.overall.share), reference: true },
                  ]}
                />
              </Figure>
              <Table caption={`Accuracy by ${r.attribute} (95 % CI)`} head={["Group", "Correct", "Accuracy"]}>
                {r.groups.map((g) => (
                  <tr key={g.group}>
                    <Td>{g.group}</Td>
                    <Td className="num">
                      {g.accuracy.count} of {g.accuracy.n}
                    </Td>
                    <Td className="num">
                      {withInterval(g.accuracy.share, g.accuracy.lower, g.accuracy.upper, { percent: true })}
                      {g.tooSmall && (
                        <>
                          {" "}
                          <TooSmall />
                        </>
                      )}
                    </Td>
                  </tr>
                ))}
              </Table>
              {r.missing > 0 && (
                <p className="mt-1 text-xs text-muted">
                  {r.missing} samples without a value left out ({pct(r.missing / (r.overall.n + r.missing))}).
                </p>
              )}
            </div>
          )),
        )
      )}
    </Section>
  );
}
