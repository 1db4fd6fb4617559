import type { RepresentationResult } from "@/lib/bias";
import { effectThenP, fmt, pct, withInterval } from "@/lib/reports/numbers";
import { IntervalChart } from "../charts/lazy";
import { Term } from "../term";
import { Empty, Figure, Inferred, Section, safe, Table, Td, TooSmall } from "./ui";

/** Protected attributes: group shares in source vs target with Wilson intervals and counts. */
export function DistributionsSection({
  results,
  sourceName,
  targetName,
}: {
  results: RepresentationResult[];
  sourceName: string;
  targetName: string;
}) {
  return (
    <Section
      id="distributions"
      title="Who is in the data: attribute distributions"
      intro={
        <>
          Share of each group in the source and the target, with 95 % intervals and the counts behind them.
          Groups with fewer samples than the minimum size are shown but marked <Term k="tooSmall" />.
        </>
      }
    >
      {results.length === 0 ? (
        <Empty>No protected attributes were analysed in this audit.</Empty>
      ) : (
        results.map((r) =>
          safe(`distribution of ${r.attribute}`, () => (
            <div key={r.attribute} className="avoid-break mb-8">
              <h3 className="font-semibold">
                {r.attribute}
                <Inferred by={r.inferredBy} />
              </h3>
              <p className="mt-1 text-sm">
                <span className="num">
                  {effectThenP(
                    `Total variation distance ${fmt(r.tvd)}, Jensen–Shannon ${fmt(r.js, 3)}`,
                    r.test?.pValue ?? null,
                  )}
                </span>{" "}
                <span className="text-xs text-muted">
                  (<Term k="tvd">TVD</Term>, <Term k="js">JS</Term>; {r.test?.method ?? "no test"}; source n ={" "}
                  {r.source.n.toLocaleString("en")}, {r.source.missing} missing; target n ={" "}
                  {r.target.n.toLocaleString("en")}, {r.target.missing} missing)
                </span>
              </p>
              <Figure
                caption={`Share of each ${r.attribute} group in ${sourceName} (source) and ${targetName} (target), 95 % Wilson intervals.`}
              >
                <IntervalChart
                  kind="bar"
                  description={`Share of ${r.attribute} groups in source and target`}
                  labels={r.groups.map((g) => g.group)}
                  yLabel="share"
                  yMin={0}
                  series={[
                    {
                      label: `source: ${sourceName}`,
                      values: r.groups.map((g) => g.source.share),
                      low: r.groups.map((g) => g.source.lower),
                      high: r.groups.map((g) => g.source.upper),
                    },
                    {
                      label: `target: ${targetName}`,
                      values: r.groups.map((g) => g.target.share),
                      low: r.groups.map((g) => g.target.lower),
                      high: r.groups.map((g) => g.target.upper),
                      color: "#E69F00",
                    },
                  ]}
                />
              </Figure>
              <Table
                caption={`${r.attribute}: counts and shares (95 % CI); ratio = source share / ${r.referenceName} share`}
                head={[
                  "Group",
                  "Source",
                  "Target",
                  <Term key="rr" k="representationRatio">
                    Representation ratio
                  </Term>,
                ]}
              >
                {r.groups.map((g) => (
                  <tr key={g.group}>
                    <Td className="font-medium">{g.group}</Td>
                    <Td className="num">
                      {g.source.count.toLocaleString("en")} of {g.source.n.toLocaleString("en")} ·{" "}
                      {withInterval(g.source.share, g.source.lower, g.source.upper, { percent: true })}
                      {g.source.tooSmall && (
                        <>
                          {" "}
                          <TooSmall />
                        </>
                      )}
                    </Td>
                    <Td className="num">
                      {g.target.count.toLocaleString("en")} of {g.target.n.toLocaleString("en")} ·{" "}
                      {withInterval(g.target.share, g.target.lower, g.target.upper, { percent: true })}
                      {g.target.tooSmall && (
                        <>
                          {" "}
                          <TooSmall />
                        </>
                      )}
                    </Td>
                    <Td className="num">
                      {g.ratio && g.judged ? (
                        withInterval(g.ratio.estimate, g.ratio.lower, g.ratio.upper)
                      ) : g.ratio ? (
                        <>
                          {fmt(g.ratio.estimate)} <TooSmall />
                        </>
                      ) : (
                        <span className="text-xs text-muted">
                          undefined ({pct(g.referenceShare)} in reference)
                        </span>
                      )}
                    </Td>
                  </tr>
                ))}
              </Table>
              {r.notes.length > 0 && (
                <ul className="mt-2 list-disc pl-5 text-xs text-muted">
                  {r.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </div>
          )),
        )
      )}
    </Section>
  );
}
