import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listModels } from "@/db/queries/models";
import { requireUser } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  const user = await requireUser("viewer");
  const models = await listModels(await getDb());
  const canImport = user.role === "editor" || user.role === "admin";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-bold">Models</h1>
        {canImport && (
          <Link
            href="/models/new"
            className="ml-auto rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
          >
            Import a model
          </Link>
        )}
      </div>
      {models.length === 0 ? (
        <p className="text-sm text-muted">No models yet: the bundled models register on first start.</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {models.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <Link href={`/models/${m.id}`} className="font-semibold text-accent hover:underline">
                {m.name}
              </Link>
              <p className="mt-1 text-sm text-muted">
                {m.format} · {m.parameterCount.toLocaleString("en")} parameters · input{" "}
                {m.inputShape.join("×")}
                {m.isBundled ? " · bundled" : ""}
              </p>
              <p className="mt-1 text-sm">Learned from {m.sourceDataset.name}.</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
