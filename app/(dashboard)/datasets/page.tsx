import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listDatasets } from "@/db/queries/datasets";
import { requireUser } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  await requireUser("viewer");
  const datasets = await listDatasets(await getDb());
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold">Datasets</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          Import a dataset with{" "}
          <code className="rounded bg-slate-100 px-1">
            npx transfer-audit import --images &lt;folder|zip&gt; --name N
          </code>{" "}
          (or <code className="rounded bg-slate-100 px-1">--tabular data.csv</code>,{" "}
          <code className="rounded bg-slate-100 px-1">--embeddings E.npy</code>); mark the columns that
          describe people with <code className="rounded bg-slate-100 px-1">--protected</code>.
        </p>
      </header>
      {datasets.length === 0 ? (
        <p className="text-sm text-muted">No datasets yet: the demo datasets are prepared on first start.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Datasets</caption>
            <thead className="bg-slate-50 text-xs text-muted">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Name
                </th>
                <th scope="col" className="px-4 py-2">
                  Kind
                </th>
                <th scope="col" className="px-4 py-2">
                  Samples
                </th>
                <th scope="col" className="px-4 py-2">
                  Label
                </th>
                <th scope="col" className="px-4 py-2">
                  Attributes
                </th>
                <th scope="col" className="px-4 py-2">
                  Licence
                </th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">
                    <Link href={`/datasets/${d.id}`} className="font-medium text-accent hover:underline">
                      {d.name}
                    </Link>
                    {d.isDemo && <span className="ml-2 text-xs text-muted">demo</span>}
                  </td>
                  <td className="px-4 py-2">{d.kind}</td>
                  <td className="num px-4 py-2">
                    {d.sampleCount.toLocaleString("en")}
                    {d.skippedCount > 0 && (
                      <span className="text-xs text-amber-800"> ({d.skippedCount} skipped)</span>
                    )}
                  </td>
                  <td className="px-4 py-2">{d.labelColumn ?? "—"}</td>
                  <td className="px-4 py-2 text-xs">
                    {d.attributeColumns
                      .map(
                        (a) =>
                          `${a.name}${a.protected ? " (protected)" : ""}${a.inferredBy ? ` (inferred by ${a.inferredBy})` : ""}`,
                      )
                      .join(", ") || "—"}
                  </td>
                  <td className="px-4 py-2 text-xs">{d.license || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
