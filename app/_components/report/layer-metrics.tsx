import type { LayerMetrics, Report, ReportNumber } from "@/lib/reports/assemble";
import { effectThenP, fmt, fmtN, withInterval } from "@/lib/reports/numbers";
import { IntervalChart } from "../charts/lazy";
import { Term } from "../term";
import { Empty, Figure, Section, safe, Table, Td } from "./ui";

const TRANSFER_ORDER = [
  "linearProbeAccuracy",
  "knnAccuracy",
  "logme",
  "hScore",
  "transRate",
  "gbc",
  "leep",
  "nce",
];
const SHIFT_ORDER = ["pad", "domain_auc", "mmd2", "frechet", "coral", "ks_pca", "bbsd"];

function num(n: ReportNumber | undefined, key: "value" | "low" | "high"): number | null {
  return n?.[key] ?? null;
}

function series(layers: LayerMetrics[], pick: (l: LayerMetrics) => ReportNumber | undefined) {
  return {
    values: layers.map((l) => num(pick(l), "value")),
    low: layers.map((l) => num(pick(l), "low")),
    high: layers.map((l) => num(pick(l), "high")),
  };
}

/** One shift number as read: effect first, then its test. */
function shiftText(metric: string, n: ReportNumber): string {
  const d = n.details as Record<string, number | undefined>;
  switch (metric) {
    case "mmd2": {
      const z =
        d.nullSd && d.nullSd > 0 && d.nullMean !== undefined ? (n.value! - d.nullMean) / d.nullSd : null;
      const effect = `${fmt(n.value, 4)}${d.nullQuantile95 !== undefined ? ` vs ${fmt(d.nullQuantile95, 4)} at the null's 95th percentile` : ""}${z !== null ? `, ${fmt(z, 1)} null SDs above its mean` : ""}`;
      return effectThenP(effect, n.pValue);
    }
    case "ks_pca":
    case "bbsd": {
      // `rejects` is the Bonferroni-corrected verdict over the k one-dimensional KS tests.
      const what = metric === "bbsd" ? "class probabilities" : "principal components";
      const verdict =
        (n.details as { rejects?: unknown }).rejects === true
          ? "differ on at least one"
          : "no difference detected on any";
      return effectThenP(
        `${verdict} of ${d.k ?? "?"} ${what}${d.maxD !== undefined ? `, largest KS distance ${fmt(d.maxD)}` : ""}`,
        n.pValue,
      );
    }
    default:
      return withInterval(n.value, n.low, n.high);
  }
}

export function LayerMetricsSection({ report }: { report: Report }) {
  const layers = report.layers;
  return (
    <Section
      id="layers"
      title="Per layer: shift and transferability"
      intro={
        <>
          For each candidate split layer: how different source and target look to the model (shift), and how
          well the frozen features predict the target labels (transferability), against the same network with{" "}
          <Term k="random">random weights</Term>. Pretrained features help only where they beat random ones by
          more than the intervals.
        </>
      }
    >
      {layers.length === 0 ? (
        <Empty>No per-layer measurements stored.</Empty>
      ) : (
        safe("Per layer", () => {
          const labels = layers.map((l) => l.layer);
          const lp = series(layers, (l) => l.pretrained.linearProbeAccuracy);
          const lr = series(layers, (l) => l.random.linearProbeAccuracy);
          const kp = series(layers, (l) => l.pretrained.knnAccuracy);
          const kr = series(layers, (l) => l.random.knnAccuracy);
          const pad = series(layers, (l) => l.shift.pad);
          const hasMmd = layers.some((l) => l.shift.mmd2);
          const mmd = series(layers, (l) => l.shift.mmd2);
          const nullQ = layers.map(
            (l) => (l.shift.mmd2?.details.nullQuantile95 as number | undefined) ?? null,
          );
          const n = layers.find((l) => l.pretrained.linearProbeAccuracy)?.pretrained.linearProbeAccuracy
            ?.sampleSize;
          const shiftN = layers.find((l) => l.shift.pad)?.shift.pad?.sampleSize;
          return (
            <>
              <div className="grid gap-6 lg:grid-cols-2 print:grid-cols-2">
                <Figure
                  caption={
                    <>
                      Cross-validated <Term k="linearProbeAccuracy">linear-probe</Term> and{" "}
                      <Term k="knnAccuracy">k-NN</Term> accuracy on the target, pretrained vs random weights,
                      with 95 % intervals; {fmtN(n)}.
                    </>
                  }
                >
                  <IntervalChart
                    kind="line"
                    description="Accuracy of probes on pretrained and random features per layer"
                    labels={labels}
                    yLabel="accuracy"
                    yMin={0}
                    yMax={1}
                    series={[
                      { label: "linear probe · pretrained", ...lp },
                      { label: "linear probe · random", ...lr, color: "#D55E00" },
                      { label: "k-NN · pretrained", ...kp, color: "#56B4E9" },
                      { label: "k-NN · random", ...kr, color: "#E69F00" },
                    ]}
                  />
                </Figure>
                <Figure
                  caption={
                    <>
                      <Term k="pad">Proxy A-distance</Term> between source and target per layer (0 =
                      indistinguishable, 2 = fully separable), 95 % intervals; {fmtN(shiftN)}.
                    </>
                  }
                >
                  <IntervalChart
                    kind="line"
                    description="Proxy A-distance between source and target per layer"
                    labels={labels}
                    yLabel="proxy A-distance"
                    yMin={0}
                    yMax={2}
                    series={[{ label: "proxy A-distance", ...pad, color: "#CC79A7" }]}
                  />
                </Figure>
                {hasMmd && (
                  <Figure
                    caption={
                      <>
                        <Term k="mmd2">MMD²</Term> per layer against the 95th percentile of its permutation
                        null (dashed): above the line, the difference is larger than chance would make it.
                      </>
                    }
                  >
                    <IntervalChart
                      kind="bar"
                      description="MMD squared per layer against its permutation null"
                      labels={labels}
                      yLabel="MMD²"
                      series={[
                        { label: "MMD²", ...mmd, color: "#0072B2" },
                        { label: "null, 95th percentile", values: nullQ, reference: true },
                      ]}
                    />
                  </Figure>
                )}
              </div>
              <TransferTable layers={layers} />
              <ShiftTable layers={layers} />
            </>
          );
        })
      )}
    </Section>
  );
}

function TransferTable({ layers }: { layers: LayerMetrics[] }) {
  const metrics = TRANSFER_ORDER.filter((m) => layers.some((l) => l.pretrained[m] || l.random[m]));
  const extra = [...new Set(layers.flatMap((l) => Object.keys(l.pretrained)))].filter(
    (m) => !metrics.includes(m),
  );
  return (
    <div className="mt-6">
      <Table
        caption="Transferability to the target labels (95 % CI; n = target samples)"
        head={[
          "Metric",
          "Layer",
          "Pretrained weights",
          <Term key="r" k="random">
            Random weights
          </Term>,
        ]}
      >
        {[...metrics, ...extra].flatMap((m) =>
          layers.map((l, i) => (
            <tr key={`${m}-${l.layer}`}>
              <Td className="whitespace-nowrap">{i === 0 ? <Term k={m} /> : null}</Td>
              <Td className="font-mono text-xs">{l.layer}</Td>
              <Td className="num">
                {l.pretrained[m]
                  ? withInterval(l.pretrained[m]!.value, l.pretrained[m]!.low, l.pretrained[m]!.high, {
                      n: l.pretrained[m]!.sampleSize.target ?? null,
                    })
                  : "—"}
              </Td>
              <Td className="num">
                {l.random[m] ? withInterval(l.random[m]!.value, l.random[m]!.low, l.random[m]!.high) : "—"}
              </Td>
            </tr>
          )),
        )}
      </Table>
    </div>
  );
}

function ShiftTable({ layers }: { layers: LayerMetrics[] }) {
  const metrics = SHIFT_ORDER.filter((m) => layers.some((l) => l.shift[m]));
  return (
    <div className="mt-6">
      <Table
        caption="Shift between source and target embeddings"
        head={["Metric", "Layer", "Effect (then test)", "Samples"]}
      >
        {metrics.flatMap((m) =>
          layers
            .filter((l) => l.shift[m])
            .map((l, i) => (
              <tr key={`${m}-${l.layer}`}>
                <Td className="whitespace-nowrap">{i === 0 ? <Term k={m} /> : null}</Td>
                <Td className="font-mono text-xs">{l.layer}</Td>
                <Td className="num">{shiftText(m, l.shift[m]!)}</Td>
                <Td className="num text-xs text-muted">{fmtN(l.shift[m]!.sampleSize)}</Td>
              </tr>
            )),
        )}
      </Table>
    </div>
  );
}
