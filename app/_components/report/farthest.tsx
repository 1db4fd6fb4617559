import type { Report } from "@/lib/reports/assemble";
import { fmt } from "@/lib/reports/numbers";
import { farthest } from "@/lib/reports/views";
import { Term } from "../term";
import { Empty, Section, safe } from "./ui";

function Thumb({ src, alt }: { src: string; alt: string }) {
  return (
    // biome-ignore lint/performance/noImgElement: tiny PNGs from our own route; next/image adds nothing here
    <img
      src={src}
      alt={alt}
      width={84}
      height={84}
      className="h-[84px] w-[84px] rounded border border-slate-200 bg-slate-900 object-contain [image-rendering:pixelated]"
    />
  );
}

export function FarthestSection({
  report,
  thumbnail,
}: {
  report: Report;
  thumbnail: (sampleId: number) => string;
}) {
  const f = farthest(report);
  const images = report.target?.kind === "image" && report.source?.kind === "image";
  return (
    <Section
      id="farthest"
      title="Target samples farthest from the source"
      intro={
        <>
          The target samples the model has seen least like, by{" "}
          <Term k="farthest">distance to the nearest source sample</Term> in embedding space
          {f?.layer ? ` at ${f.layer}` : ""}, each with its three nearest source neighbours.
        </>
      }
    >
      {!f || f.samples.length === 0 ? (
        <Empty>No farthest-sample analysis stored.</Empty>
      ) : (
        safe("Farthest samples", () => (
          <>
            <p className="mb-3 text-xs text-muted">
              Median distance over the target: <span className="num">{fmt(f.medianDistance)}</span>; searched{" "}
              {f.searched.target.toLocaleString("en")} target against {f.searched.source.toLocaleString("en")}{" "}
              source samples.
            </p>
            <ol className="grid gap-3 md:grid-cols-2">
              {f.samples.map((s) => (
                <li key={s.sampleId} className="avoid-break flex gap-3 rounded border border-slate-200 p-2">
                  <div className="shrink-0 text-center">
                    {images && (
                      <Thumb
                        src={thumbnail(s.sampleId)}
                        alt={`target sample ${s.externalId}, label ${s.label ?? "none"}`}
                      />
                    )}
                    <div className="mt-1 max-w-24 truncate text-xs" title={s.externalId}>
                      label <b>{s.label ?? "—"}</b>
                    </div>
                    <div className="num text-xs text-muted">
                      d = {fmt(s.distance)} ({fmt(s.distance / f.medianDistance, 1)}× median)
                    </div>
                  </div>
                  <div>
                    <p className="text-xs text-muted">nearest source samples</p>
                    <div className="mt-1 flex gap-2">
                      {s.neighbours.map((n) => (
                        <div key={n.sampleId} className="text-center">
                          {images && (
                            <Thumb
                              src={thumbnail(n.sampleId)}
                              alt={`source sample ${n.externalId}, label ${n.label ?? "none"}`}
                            />
                          )}
                          <div className="text-xs">
                            {n.label ?? "—"} · <span className="num">{fmt(n.distance)}</span>
                          </div>
                        </div>
                      ))}
                    </div>
                    {!images && (
                      <ul className="mt-1 text-xs">
                        <li>target: {s.externalId}</li>
                        {s.neighbours.map((n) => (
                          <li key={n.sampleId}>source: {n.externalId}</li>
                        ))}
                      </ul>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </>
        ))
      )}
    </Section>
  );
}
