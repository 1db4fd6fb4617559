import type { Report } from "@/lib/reports/assemble";
import { pct } from "@/lib/reports/numbers";
import { maps } from "@/lib/reports/views";
import type { CompactMap } from "../charts/embedding-map";
import { EmbeddingMap } from "../charts/lazy";
import { Term } from "../term";
import { Empty, Figure, Section, safe, Table, Td } from "./ui";

export function MapSection({ report }: { report: Report }) {
  const all = maps(report);
  const split = report.recommendation?.splitLayer;
  return (
    <Section
      id="map"
      title="Map of the embeddings"
      intro={
        <>
          Each point is a sample as the model sees it at one layer (<Term k="embedding" />
          ), flattened to 2-D by <Term k="pca" /> or <Term k="umap" />. Where target points sit apart from
          source points, the model meets something it never learned from.
        </>
      }
    >
      {all.length === 0 ? (
        <Empty>No maps stored for this audit.</Empty>
      ) : (
        safe("Map", () => {
          const attributes = report.audit.settings.protectedAttributes;
          const compact: CompactMap[] = all.map((m) => ({
            layer: m.layer,
            hasUmap: m.points.some((p) => p.umap),
            explained: m.explained,
            xy: m.points.map((p) => [p.pca[0], p.pca[1], p.umap?.[0] ?? null, p.umap?.[1] ?? null]),
            side: m.points.map((p) => p.d),
            label: m.points.map((p) => p.label),
            attrs: Object.fromEntries(attributes.map((a) => [a, m.points.map((p) => p.attrs[a] ?? null)])),
          }));
          const initial = all.find((m) => m.layer === split)?.layer ?? all[all.length - 1]!.layer;
          return (
            <>
              <Figure caption="Interactive: choose the layer, the projection and what the colour shows. Sampled points; counts in the table below.">
                <EmbeddingMap
                  maps={compact}
                  attributes={attributes}
                  initialLayer={initial}
                  sourceName={report.source?.name ?? "source"}
                  targetName={report.target?.name ?? "target"}
                />
              </Figure>
              <Table
                caption="What the maps show"
                head={["Layer", "Points drawn", "Variance on the 2 PCA axes", "UMAP"]}
              >
                {all.map((m) => (
                  <tr key={m.layer}>
                    <Td className="font-mono text-xs">{m.layer}</Td>
                    <Td className="num">
                      {m.sampled.source} of {m.sampled.sourceTotal.toLocaleString("en")} source,{" "}
                      {m.sampled.target} of {m.sampled.targetTotal.toLocaleString("en")} target (seed{" "}
                      {m.sampled.seed})
                    </Td>
                    <Td className="num">{m.explained.map((e) => pct(e)).join(" + ")}</Td>
                    <Td>{m.points.some((p) => p.umap) ? "yes" : "—"}</Td>
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
