import type { Report } from "@/lib/reports/assemble";
import { pct, withInterval } from "@/lib/reports/numbers";
import { IntervalChart } from "../charts/lazy";
import { Empty, Figure, Section, safe, Table, Td } from "./ui";

const STRATEGY: Record<string, string> = {
  frozen: "frozen features + new head",
  fine_tune: "fine-tuned from pretrained",
  scratch: "trained from scratch",
};

export function VerificationSection({ report }: { report: Report }) {
  const runs = report.verification;
  return (
    <Section
      id="verification"
      title="Verification: learning curves"
      intro="The recommendation checked by experiment: the three strategies trained on growing fractions of the labelled target data and tested on held-out target samples."
    >
      {runs.length === 0 ? (
        <Empty>
          {report.audit.settings.verify
            ? "No verification runs stored yet."
            : "Verification was not requested for this audit (it trains models, so it is opt-in)."}
        </Empty>
      ) : (
        safe("Verification", () => {
          const fractions = [...new Set(runs.map((r) => r.fraction))].sort((a, b) => a - b);
          const strategies = [...new Set(runs.map((r) => r.strategy))];
          const at = (s: string, f: number) => runs.find((r) => r.strategy === s && r.fraction === f);
          const labels = fractions.map((f) => {
            const r = runs.find((x) => x.fraction === f);
            return `${pct(f, 0)} (${r?.trainSize ?? "?"})`;
          });
          return (
            <>
              <Figure caption="Held-out accuracy against the share of labelled target data used for training (training samples in brackets), 95 % intervals.">
                <IntervalChart
                  kind="line"
                  description="Learning curves of the three strategies"
                  labels={labels}
                  xLabel="training data used"
                  yLabel="held-out accuracy"
                  yMin={0}
                  yMax={1}
                  series={strategies.map((s) => ({
                    label: STRATEGY[s] ?? s,
                    values: fractions.map((f) => at(s, f)?.accuracy ?? null),
                    low: fractions.map((f) => at(s, f)?.low ?? null),
                    high: fractions.map((f) => at(s, f)?.high ?? null),
                  }))}
                />
              </Figure>
              <Table
                caption="Verification runs"
                head={["Strategy", "Training data", "Accuracy (95 % CI)", "Epochs"]}
              >
                {runs.map((r) => (
                  <tr key={`${r.strategy}-${r.fraction}`}>
                    <Td>{STRATEGY[r.strategy] ?? r.strategy}</Td>
                    <Td className="num">
                      {pct(r.fraction, 0)} · {r.trainSize} train / {r.testSize} test
                    </Td>
                    <Td className="num">
                      {withInterval(r.accuracy, r.low, r.high, { percent: true, n: r.testSize })}
                    </Td>
                    <Td className="num">{r.epochs}</Td>
                  </tr>
                ))}
              </Table>
            </>
          );
        })
      )}
    </Section>
  );
}
