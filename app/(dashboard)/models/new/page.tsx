import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/guard";
import { listDatasetCards, loadDatasetCard } from "@/lib/bias";
import { ImportModelForm } from "../import-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import a model" };

export default async function ImportModelPage() {
  await requireUser("editor");
  const cards = listDatasetCards().flatMap((id) => {
    try {
      return [{ id, name: loadDatasetCard(id).name }];
    } catch {
      return [];
    }
  });
  return (
    <div className="max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold">Import a model</h1>
        <p className="mt-1 text-sm text-muted">
          A TF.js model (layers or graph) or an ONNX model, with the input it expects and what it was trained
          on. The files are checked (a TF.js model against its manifest; an ONNX model is opened with ONNX
          Runtime and every tensor measured) and stored in the database, so any worker can open them; a model
          whose weights are already here is recognised and not stored twice.
        </p>
      </header>
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        <ImportModelForm cards={cards} />
      </div>
    </div>
  );
}
