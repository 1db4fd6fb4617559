import type { LabelAttributeResult } from "@/lib/bias";
import { effectThenP, fmt, fmtP, pct, withInterval } from "@/lib/reports/numbers";
import { Term } from "../term";
import { Empty, Inferred, Section, safe, Table, Td, TooSmall } from "./ui";

/**
 * Diverging background for a co-occurrence ratio (share within the label / share overall): blue
 * below 1, orange above, on a log scale saturating at 0.5 and 2. The ratio is printed in the cell,
 * so colour never carries the number alone.
 */
function cellColour(ratio: number, judged: boolean): string {
  if (!judged || !Number.isFinite(ratio) || ratio <= 0) return "#f8fafc";
  const t = Math.max(-1, Math.min(1, Math.log2(ratio)));
  const a = Math.abs(t);
  // Mix white with orange (#E69F00) above 1 or blue (#0072B2) below 1, up to 60 % strength.
  const [r, g, b] = t >= 0 ? [230, 159, 0] : [0, 114, 178];
  const mix = (c: number) => Math.round(255 + (c - 255) * a * 0.6);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

export function HeatmapSection({
  results,
}: {
  results: { side: "source" | "target"; result: LabelAttributeResult }[];
}) {
  return (
    <Section
      id="heatmap"
      title="Labels × attributes"
      intro={
        <>
          Does a label go together with a group more than chance? Each cell: the group’s share among samples
          with that label, and the <Term k="cooccurrence">ratio</Term> to its share overall (orange above 1,
          blue below). Cells marked ★ differ after Benjamini–Hochberg correction for the many cells tested.
        </>
      }
    >
      {results.length === 0 ? (
        <Empty>No label × attribute analysis (no labels, or no protected attributes).</Empty>
      ) : (
        results.map(({ side, result: r }) =>
          safe(`labels × ${r.attribute} (${side})`, () => {
            const cell = new Map(r.cells.map((c) => [`${c.label}\u0000${c.group}`, c]));
            const labels = [...r.labels].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
            return (
              <div key={`${side}-${r.attribute}`} className="avoid-break mb-8">
                <h3 className="font-semibold">
                  {r.attribute} × {r.labelName} in the {side}
                  <Inferred by={r.inferredBy} />
                </h3>
                <p className="mb-2 text-xs text-muted">
                  n = {r.n.toLocaleString("en")} with both a label and a value ({r.missingAttribute} missing
                  the attribute, {r.missingLabel} missing the label).{" "}
                  {r.independence &&
                    `Overall association: ${r.independence.method}, ${r.independence.statistic !== null ? `X² = ${fmt(r.independence.statistic, 1)} (df ${r.independence.df}), ` : ""}${fmtP(r.independence.pValue)}.`}
                </p>
                <div className="overflow-x-auto">
                  <table className="text-sm">
                    <caption className="sr-only">
                      Share of each {r.attribute} group within each label, {side} dataset
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col" className="px-2 py-1 text-left text-xs text-muted">
                          label \ {r.attribute}
                        </th>
                        {r.groups.map((g, gi) => (
                          <th key={g} scope="col" className="px-2 py-1 text-xs font-medium">
                            {g}
                            <div className="font-normal text-muted">
                              overall {pct(r.groupTotals[gi]?.share)}
                              {r.groupTotals[gi] && r.groupTotals[gi]!.count < r.minGroupSize
                                ? " · too small"
                                : ""}
                            </div>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {labels.map((label) => (
                        <tr key={label}>
                          <th scope="row" className="px-2 py-1 text-left font-mono text-xs">
                            {label}
                          </th>
                          {r.groups.map((g) => {
                            const c = cell.get(`${label}\u0000${g}`);
                            if (!c) return <td key={g} className="px-2 py-1" />;
                            return (
                              <td
                                key={g}
                                className={`num min-w-28 border border-white px-2 py-1 text-center ${c.significant ? "font-semibold" : ""}`}
                                style={{ background: cellColour(c.ratio, c.judged) }}
                                title={`${c.count} of ${c.withinLabel.n} with label ${label}: ${withInterval(c.withinLabel.share, c.withinLabel.lower, c.withinLabel.upper, { percent: true })}${c.pAdjusted !== null ? `; adjusted ${fmtP(c.pAdjusted)}` : ""}`}
                              >
                                {pct(c.withinLabel.share, 0)}
                                <span className="block text-xs">
                                  ×{fmt(c.ratio)} {c.significant ? "★" : ""}
                                </span>
                                <span className="block text-[10px] text-slate-600">
                                  {c.count}/{c.withinLabel.n}
                                  {!c.judged && " · small"}
                                </span>
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {r.fairness && <Fairness r={r} />}
              </div>
            );
          }),
        )
      )}
    </Section>
  );
}

function Fairness({ r }: { r: LabelAttributeResult }) {
  const f = r.fairness!;
  return (
    <div className="mt-4">
      <p className="mb-1 text-xs text-muted">
        Favourable label “{f.favourable}”; reference group “{f.privileged}” ({f.privilegedChosenBy}). {f.note}
      </p>
      <Table
        caption={`Favourable-label rates by ${r.attribute} (${r.dataset}), 95 % CI`}
        head={[
          "Group",
          "Favourable rate",
          <Term key="spd" k="spd">
            SPD
          </Term>,
          <Term key="di" k="di">
            DI
          </Term>,
        ]}
      >
        {f.rates.map((rate) => {
          const c = f.comparisons.find((x) => x.group === rate.group);
          return (
            <tr key={rate.group}>
              <Td>{rate.group}</Td>
              <Td className="num">
                {rate.favourable.count} of {rate.favourable.n} ·{" "}
                {withInterval(rate.favourable.share, rate.favourable.lower, rate.favourable.upper, {
                  percent: true,
                })}
                {rate.tooSmall && (
                  <>
                    {" "}
                    <TooSmall />
                  </>
                )}
              </Td>
              <Td className="num">
                {c ? (
                  c.judged ? (
                    withInterval(c.spd.estimate, c.spd.lower, c.spd.upper)
                  ) : (
                    <TooSmall />
                  )
                ) : (
                  "reference"
                )}
              </Td>
              <Td className="num">
                {c ? (
                  c.judged && c.di ? (
                    withInterval(c.di.estimate, c.di.lower, c.di.upper)
                  ) : c.di ? (
                    <TooSmall />
                  ) : (
                    "undefined"
                  )
                ) : (
                  "reference"
                )}
              </Td>
            </tr>
          );
        })}
      </Table>
      {f.worst && (
        <p className="mt-1 text-xs">
          {effectThenP(`Lowest favourable rate: ${f.worst.group}, SPD ${fmt(f.worst.spd.estimate)}`, null)}
        </p>
      )}
    </div>
  );
}
